/**
 * Builds the Teams app package (appPackage.zip) from the template in manifest/ and values from the
 * environment, and refuses — naming every problem — when a value is missing, is still a placeholder,
 * or the result does not validate against the official manifest 1.25 schemas.
 * `scripts/package.ts` is the command line (`npm run package`); tests call `buildAppPackage` directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { guidPattern } from '../src/domain/ids';
import { iconProblems } from './app-package-icons';
import { localizationProblems, schemaProblems, teamsRuleProblems, type Json } from './app-package-checks';

const repoRoot = path.resolve(__dirname, '..');
export const templateDir = path.join(repoRoot, 'manifest');

/** The environment values the template uses. `BASE_HOST` is derived from `BASE_URL`. */
export const packageVariables = {
  required: ['TEAMS_APP_ID', 'MicrosoftAppId', 'BASE_URL'],
  optional: ['APP_VERSION', 'PRIVACY_URL', 'TERMS_OF_USE_URL'],
} as const;

export class PackageRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The app package was not built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageRefused';
  }
}

/** `${{NAME}}` (the Microsoft 365 Agents Toolkit's syntax), `${NAME}`, `{{NAME}}` or `<NAME>`, and the all-zero GUID. */
const placeholderPattern = /\$\{\{\s*([^}]*?)\s*\}\}|\$\{\s*([^}]*?)\s*\}|\{\{\s*([^}]*?)\s*\}\}|<([^<>]*)>/g;
const zeroGuid = /\b0{8}-0{4}-0{4}-0{4}-0{12}\b/;
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function placeholdersIn(text: string): string[] {
  const found = [...text.matchAll(placeholderPattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[0]);
  return zeroGuid.test(text) ? [...found, '00000000-0000-0000-0000-000000000000'] : found;
}

function httpsOrigin(name: string, value: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a URL: "${value}"`);
    return undefined;
  }
  if (url.protocol !== 'https:')
    problems.push(`${name} must use https:// (Teams loads the app over the internet), got "${value}"`);
  return url;
}

/** Reads and checks the values; returns what the template's placeholders are filled with. */
export function packageValues(
  env: Readonly<Record<string, string | undefined>>,
  defaultVersion: string,
): { values: Record<string, string>; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const given = new Map<string, string>();
  for (const name of [...packageVariables.required, ...packageVariables.optional]) {
    const v = env[name]?.trim();
    if (v === undefined || v === '') {
      if ((packageVariables.required as readonly string[]).includes(name)) problems.push(`${name} is not set`);
    } else if (placeholdersIn(v).length > 0) {
      problems.push(`${name} is still a placeholder ("${v}"); set the real value`);
    } else {
      given.set(name, v);
    }
  }
  const get = (name: string): string | undefined => given.get(name);
  const teamsAppId = get('TEAMS_APP_ID');
  const appId = get('MicrosoftAppId');
  if (teamsAppId !== undefined && !guidPattern.test(teamsAppId))
    problems.push('TEAMS_APP_ID must be a GUID (the Teams app id, the manifest\'s "id")');
  if (appId !== undefined && !guidPattern.test(appId))
    problems.push('MicrosoftAppId must be a GUID (the Entra application (client) id of bot and SSO)');

  const baseUrlValue = get('BASE_URL');
  const base = baseUrlValue === undefined ? undefined : httpsOrigin('BASE_URL', baseUrlValue, problems);
  if (
    base !== undefined &&
    (base.port !== '' || base.pathname !== '/' || base.search !== '' || base.hash !== '' || base.username !== '')
  ) {
    problems.push(
      `BASE_URL must be the app's origin only, without port, path or query (e.g. https://samsyn.kommun.se), got "${baseUrlValue}"`,
    );
  }
  const version = get('APP_VERSION') ?? defaultVersion;
  if (!semver.test(version)) problems.push(`APP_VERSION must be major.minor.patch (e.g. 1.4.0), got "${version}"`);

  const optionalUrl = (name: 'PRIVACY_URL' | 'TERMS_OF_USE_URL'): string => {
    const v = get(name);
    if (v !== undefined) return httpsOrigin(name, v, problems)?.href ?? '';
    warnings.push(`${name} is not set: the manifest links to BASE_URL instead; set it to your organisation's page`);
    return base?.origin ?? '';
  };
  const privacyUrl = optionalUrl('PRIVACY_URL');
  const termsUrl = optionalUrl('TERMS_OF_USE_URL');

  if (problems.length > 0) throw new PackageRefused(problems);
  return {
    values: {
      TEAMS_APP_ID: teamsAppId ?? '',
      MicrosoftAppId: appId ?? '',
      BASE_URL: base?.origin ?? '',
      BASE_HOST: base?.hostname ?? '',
      APP_VERSION: version,
      PRIVACY_URL: privacyUrl,
      TERMS_OF_USE_URL: termsUrl,
    },
    warnings,
  };
}

/** Replaces `${{NAME}}` in every string of a JSON value; unknown names are left for `leftoverPlaceholders`. */
export function fillTemplate(value: Json, values: Readonly<Record<string, string>>): Json {
  if (typeof value === 'string')
    return value.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, values));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, values)]));
  return value;
}

/** Every placeholder still in a filled JSON value, with where it is. */
export function leftoverPlaceholders(value: Json, at = ''): string[] {
  if (typeof value === 'string') return placeholdersIn(value).map((p) => `${at || '(root)'}: placeholder "${p}" left`);
  if (Array.isArray(value)) return value.flatMap((v, i) => leftoverPlaceholders(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leftoverPlaceholders(v, at === '' ? k : `${at}.${k}`));
  return [];
}

export interface BuiltPackage {
  readonly zipPath: string;
  readonly manifest: Json;
  /** File name → bytes, as zipped. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly warnings: readonly string[];
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Fills, checks and zips; throws PackageRefused with every problem found. */
export function buildAppPackage(
  env: Readonly<Record<string, string | undefined>>,
  options: { outDir: string; templateDir?: string },
): BuiltPackage {
  const dir = options.templateDir ?? templateDir;
  const packageJson = readJson(path.join(repoRoot, 'package.json')) as { version: string };
  const { values, warnings } = packageValues(env, packageJson.version);

  const manifest = fillTemplate(readJson(path.join(dir, 'manifest.json')), values);
  const m = manifest as {
    icons?: { color?: string; outline?: string };
    localizationInfo?: { additionalLanguages?: { file: string }[] };
  };
  const languageFiles = (m.localizationInfo?.additionalLanguages ?? []).map((l) => l.file);
  const localizations = Object.fromEntries(
    languageFiles.map((f) => [f, fillTemplate(readJson(path.join(dir, f)), values)]),
  );

  const problems = [
    ...leftoverPlaceholders(manifest).map((p) => `manifest.json ${p}`),
    ...Object.entries(localizations).flatMap(([f, l]) => leftoverPlaceholders(l).map((p) => `${f} ${p}`)),
    ...schemaProblems('manifest', manifest).map((p) => `manifest.json ${p}`),
    ...Object.entries(localizations).flatMap(([f, l]) =>
      [...schemaProblems('localization', l), ...localizationProblems(manifest, l)].map((p) => `${f} ${p}`),
    ),
    ...teamsRuleProblems(manifest).map((p) => `manifest.json ${p}`),
  ];

  const icons = { color: m.icons?.color ?? 'color.png', outline: m.icons?.outline ?? 'outline.png' };
  const iconBytes = {
    color: fs.readFileSync(path.join(dir, icons.color)),
    outline: fs.readFileSync(path.join(dir, icons.outline)),
  };
  problems.push(...iconProblems(iconBytes).map((p) => `${icons[p.icon]}: ${p.problem}`));
  if (problems.length > 0) throw new PackageRefused(problems);

  const encode = (json: Json) => new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
  const files: Record<string, Uint8Array> = {
    'manifest.json': encode(manifest),
    ...Object.fromEntries(Object.entries(localizations).map(([f, l]) => [f, encode(l)])),
    [icons.color]: new Uint8Array(iconBytes.color),
    [icons.outline]: new Uint8Array(iconBytes.outline),
  };
  // A fixed timestamp: the same inputs give the same zip, byte for byte.
  const zip = zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  fs.mkdirSync(options.outDir, { recursive: true });
  const zipPath = path.join(options.outDir, 'appPackage.zip');
  fs.writeFileSync(zipPath, zip);
  return { zipPath, manifest, files, warnings };
}
