/**
 * What a filled manifest and its localization files must satisfy before they are zipped:
 * the official 1.25 JSON schemas (copied into test/contracts/), the localization keys pointing at
 * real manifest fields, and the upload rules Teams enforces that the schema does not express.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const schemaDir = path.resolve(__dirname, '..', 'test', 'contracts', 'teams-manifest', 'v1.25');
export const schemaFiles = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
} as const;

const validators = new Map<keyof typeof schemaFiles, ValidateFunction>();

/**
 * The schemas declare draft-04 but use no keyword whose meaning changed after it (boolean
 * exclusiveMinimum/exclusiveMaximum, `id`; test/unit/manifest.test.ts checks this), so Ajv's
 * draft-07 class validates them exactly; the `$schema` line is dropped in memory because Ajv 8 has
 * no draft-04 meta-schema.
 */
export function loadSchema(kind: keyof typeof schemaFiles): Record<string, Json> {
  return JSON.parse(fs.readFileSync(path.join(schemaDir, schemaFiles[kind]), 'utf8')) as Record<string, Json>;
}

function validator(kind: keyof typeof schemaFiles): ValidateFunction {
  let validate = validators.get(kind);
  if (validate === undefined) {
    const schema = loadSchema(kind);
    delete schema.$schema;
    // unicodeRegExp off: the localization schema's key patterns (`\b]`) are valid ECMA-262 only without the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
    validators.set(kind, validate);
  }
  return validate;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    'additionalProperty' in e.params
      ? ` "${String(e.params.additionalProperty)}"`
      : 'allowedValues' in e.params
        ? ` ${JSON.stringify(e.params.allowedValues)}`
        : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

/** Schema violations, one line each; empty when valid. */
export function schemaProblems(kind: keyof typeof schemaFiles, value: Json): string[] {
  const validate = validator(kind);
  return validate(value) ? [] : (validate.errors ?? []).map(describe);
}

/** The value at a localization key such as `bots[0].commandLists[1].commands[2].title`. */
export function valueAtKey(manifest: Json, key: string): Json | undefined {
  let at: Json | undefined = manifest;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(part)] : at[part];
  }
  return at;
}

/** Every text the manifest shows users, as localization keys: each must have a translation. */
export function localizableKeys(manifest: Json): string[] {
  const m = manifest as {
    name?: { full?: string };
    staticTabs?: { name?: string }[];
    bots?: { commandLists?: { commands: unknown[] }[] }[];
  };
  return [
    'name.short',
    ...(m.name?.full !== undefined ? ['name.full'] : []),
    'description.short',
    'description.full',
    ...(m.staticTabs ?? []).flatMap((t, i) => (t.name !== undefined ? [`staticTabs[${i}].name`] : [])),
    ...(m.bots ?? []).flatMap((b, bi) =>
      (b.commandLists ?? []).flatMap((l, li) =>
        l.commands.flatMap((_, ci) => [
          `bots[${bi}].commandLists[${li}].commands[${ci}].title`,
          `bots[${bi}].commandLists[${li}].commands[${ci}].description`,
        ]),
      ),
    ),
  ];
}

/** A translation for every text and no key that points at nothing. */
export function localizationProblems(manifest: Json, localization: Json): string[] {
  const keys = Object.keys(localization as Record<string, Json>).filter((k) => k !== '$schema');
  const missing = localizableKeys(manifest).filter((k) => !keys.includes(k));
  const dangling = keys.filter((k) => typeof valueAtKey(manifest, k) !== 'string');
  // Teams: the localization file's schema version must be the manifest's.
  const version = (manifest as { manifestVersion?: string }).manifestVersion ?? '';
  const schema = (localization as { $schema?: string }).$schema;
  const versionProblem =
    schema !== undefined && !schema.includes(`/v${version}/`)
      ? [`names schema ${schema}, not the manifest's version ${version}`]
      : [];
  return [
    ...missing.map((k) => `has no translation for "${k}"`),
    ...dangling.map((k) => `translates "${k}", which the manifest does not have`),
    ...versionProblem,
  ];
}

/** Upload rules of Teams that the JSON schema does not express. */
export function teamsRuleProblems(manifest: Json): string[] {
  const m = manifest as {
    bots?: { scopes: string[] }[];
    configurableTabs?: { scopes: string[]; configurationUrl: string }[];
    staticTabs?: { contentUrl?: string; websiteUrl?: string }[];
    supportsChannelFeatures?: string;
    validDomains?: string[];
  };
  const problems: string[] = [];
  const teamScope = [...(m.bots ?? []), ...(m.configurableTabs ?? [])].some((x) => x.scopes.includes('team'));
  // Teams refuses the upload: "Applications with manifest version 1.25 or higher that support the 'team' scope must include the 'supportsChannelFeatures' property."
  if (teamScope && m.supportsChannelFeatures === undefined)
    problems.push('supports the team scope but has no supportsChannelFeatures (required from manifest 1.25)');
  const pageUrls = [
    ...(m.configurableTabs ?? []).map((t) => t.configurationUrl),
    ...(m.staticTabs ?? []).flatMap((t) => [t.contentUrl, t.websiteUrl]),
  ];
  for (const url of pageUrls) {
    if (url === undefined) continue;
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    if (!(m.validDomains ?? []).includes(host)) problems.push(`loads ${url}, whose host is not in validDomains`);
  }
  return problems;
}
