/**
 * The Teams app package: built from manifest/ with test values, unzipped, and checked against the
 * official manifest 1.25 schemas, Teams' icon rules, the bot's command table and the tab's SSO audience.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { PNG } from 'pngjs';
import { buildAppPackage, PackageRefused, templateDir, type BuiltPackage } from '../../scripts/app-package';
import { loadSchema, type Json } from '../../scripts/app-package-checks';
import { alphaAt, nonWhitePixels } from '../../scripts/app-package-icons';
import { accentColor, colorIcon, outlineIcon } from '../../scripts/generate-icons';
import { appIdUriFor, validateSsoToken } from '../../src/http/sso-token';
import { matchCommand } from '../../src/teams/command-parser';
import { commands } from '../../src/teams/routes';

const env = {
  TEAMS_APP_ID: '6f1c7d2a-0b7e-4c55-9a51-3d2f4b8e9c10',
  MicrosoftAppId: '2b8e4f0c-1d3a-4e6b-8c9d-0a1b2c3d4e5f',
  BASE_URL: 'https://samsyn.example.se',
  APP_VERSION: '1.2.3',
  PRIVACY_URL: 'https://kommun.example.se/dataskydd',
  TERMS_OF_USE_URL: 'https://kommun.example.se/villkor',
};

interface Manifest {
  id: string;
  version: string;
  accentColor: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  developer: { privacyUrl: string; termsOfUseUrl: string };
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[]; context: string[]; meetingSurfaces: string[] }[];
  supportsChannelFeatures: string;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-package-'));
  tempDirs.push(dir);
  return dir;
}

/** A copy of the template to break on purpose. */
function templateCopy(change: (files: { manifest: Record<string, Json>; enUs: Record<string, Json> }) => void): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(templateDir)) fs.copyFileSync(path.join(templateDir, f), path.join(dir, f));
  const files = {
    manifest: JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, Json>,
    enUs: JSON.parse(fs.readFileSync(path.join(dir, 'en-us.json'), 'utf8')) as Record<string, Json>,
  };
  change(files);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(files.manifest));
  fs.writeFileSync(path.join(dir, 'en-us.json'), JSON.stringify(files.enUs));
  return dir;
}

function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof PackageRefused, `expected PackageRefused, got ${String(err)}`);
    return [...err.problems];
  }
  return assert.fail('expected the package to be refused');
}

/** An independent validator straight from the copied schema file (draft-04, compiled as draft-07; see below). */
const compiled = new Map<string, (value: unknown) => string[]>();
function officialValidator(kind: 'manifest' | 'localization'): (value: unknown) => string[] {
  const cached = compiled.get(kind);
  if (cached) return cached;
  const schema = loadSchema(kind);
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const check = (value: unknown) =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  compiled.set(kind, check);
  return check;
}

describe('Teams app package', () => {
  let built: BuiltPackage;
  let unzipped: Record<string, Uint8Array>;
  let manifest: Manifest;
  let enUs: Record<string, string>;

  before(() => {
    built = buildAppPackage(env, { outDir: tempDir() });
    unzipped = unzipSync(new Uint8Array(fs.readFileSync(built.zipPath)));
    manifest = JSON.parse(new TextDecoder().decode(unzipped['manifest.json'])) as Manifest;
    enUs = JSON.parse(new TextDecoder().decode(unzipped['en-us.json'])) as Record<string, string>;
  });

  after(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('built with real values', () => {
    it('zips the manifest, the English localization and both icons, and nothing else', () => {
      assert.deepEqual(Object.keys(unzipped).sort(), ['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
      assert.deepEqual(manifest.localizationInfo.additionalLanguages, [{ languageTag: 'en-us', file: 'en-us.json' }]);
    });

    it('validates against the official manifest and localization schemas (the positive control)', () => {
      assert.deepEqual(officialValidator('manifest')(manifest), []);
      assert.deepEqual(officialValidator('localization')(enUs), []);
    });

    it('is refused by the same validator when it breaks the schema (the validator is not vacuous)', () => {
      const validate = officialValidator('manifest');
      assert.notDeepEqual(validate({ ...manifest, bogus: true }), []);
      assert.notDeepEqual(validate({ ...manifest, manifestVersion: '1.24' }), []);
      assert.notDeepEqual(officialValidator('localization')({ ...enUs, 'name.short': 'x'.repeat(31) }), []);
    });

    it('fills every value from the environment', () => {
      assert.equal(manifest.id, env.TEAMS_APP_ID);
      assert.equal(manifest.version, env.APP_VERSION);
      assert.equal(manifest.bots[0]?.botId, env.MicrosoftAppId);
      assert.equal(manifest.webApplicationInfo.id, env.MicrosoftAppId);
      assert.deepEqual(manifest.validDomains, ['samsyn.example.se']);
      assert.equal(
        manifest.staticTabs.find((t) => t.entityId === 'cases')?.contentUrl,
        'https://samsyn.example.se/tab/personal',
      );
      assert.equal(manifest.configurableTabs[0]?.configurationUrl, 'https://samsyn.example.se/tab/config');
      assert.equal(manifest.developer.privacyUrl, env.PRIVACY_URL);
      assert.equal(manifest.developer.termsOfUseUrl, env.TERMS_OF_USE_URL);
      assert.doesNotMatch(JSON.stringify(manifest) + JSON.stringify(enUs), /\$\{|\{\{/);
    });

    it('is Swedish by default, with the bot in every scope and the tab in channels, chats and meetings', () => {
      assert.equal(manifest.localizationInfo.defaultLanguageTag, 'sv-SE');
      assert.deepEqual(manifest.bots[0]?.scopes, ['personal', 'team', 'groupChat']);
      assert.equal(manifest.supportsChannelFeatures, 'tier1');
      const tab = manifest.configurableTabs[0];
      assert.deepEqual(tab?.scopes, ['team', 'groupChat']);
      assert.deepEqual([...(tab?.context ?? [])].sort(), [
        'channelTab',
        'meetingChatTab',
        'meetingDetailsTab',
        'meetingSidePanel',
        'meetingStage',
        'privateChatTab',
      ]);
      assert.deepEqual(tab?.meetingSurfaces, ['sidePanel', 'stage']);
      assert.equal(manifest.accentColor, accentColor);
    });

    it('asks only for the resource-specific permissions manifest/README.md justifies', () => {
      const readme = fs.readFileSync(path.join(templateDir, 'README.md'), 'utf8');
      const permissions = manifest.authorization.permissions.resourceSpecific;
      assert.ok(permissions.length > 0);
      for (const p of permissions)
        assert.match(
          readme,
          new RegExp(`\\| \`${p.name.replace(/\./g, '\\.')}\` \\| ${p.type} \\|`),
          `${p.name} is not justified in manifest/README.md`,
        );
    });

    it('gives the same zip for the same values (fixed timestamps)', () => {
      const again = buildAppPackage(env, { outDir: tempDir() });
      assert.deepEqual(fs.readFileSync(again.zipPath), fs.readFileSync(built.zipPath));
    });
  });

  describe('refuses to build', () => {
    it('names every variable that is missing, and writes no zip', () => {
      const outDir = tempDir();
      const problems = refusal(() => buildAppPackage({}, { outDir }));
      for (const name of ['TEAMS_APP_ID', 'MicrosoftAppId', 'BASE_URL'])
        assert.ok(
          problems.some((p) => p.startsWith(`${name} is not set`)),
          `${name} not named in ${problems.join('; ')}`,
        );
      assert.equal(fs.existsSync(path.join(outDir, 'appPackage.zip')), false);
    });

    it('names a value that is still a placeholder or the all-zero GUID', () => {
      const problems = refusal(() =>
        buildAppPackage(
          {
            ...env,
            TEAMS_APP_ID: '${{TEAMS_APP_ID}}',
            MicrosoftAppId: '00000000-0000-0000-0000-000000000000',
            PRIVACY_URL: '<privacy page>',
          },
          { outDir: tempDir() },
        ),
      );
      assert.equal(problems.length, 3, problems.join('; '));
      assert.match(problems[0] ?? '', /^TEAMS_APP_ID is still a placeholder/);
      assert.match(problems[1] ?? '', /^MicrosoftAppId is still a placeholder/);
      assert.match(problems[2] ?? '', /^PRIVACY_URL is still a placeholder/);
    });

    it('names a placeholder the template has but the environment does not fill', () => {
      const dir = templateCopy(({ manifest: m }) => {
        m.developer = { ...(m.developer as Record<string, Json>), name: '${{DEVELOPER_NAME}}' };
      });
      const problems = refusal(() => buildAppPackage(env, { outDir: tempDir(), templateDir: dir }));
      assert.deepEqual(problems, ['manifest.json developer.name: placeholder "DEVELOPER_NAME" left']);
    });

    it('refuses a BASE_URL that is not https, or has a port or a path', () => {
      for (const baseUrl of [
        'http://samsyn.example.se',
        'https://samsyn.example.se:8443',
        'https://samsyn.example.se/app',
      ]) {
        const problems = refusal(() => buildAppPackage({ ...env, BASE_URL: baseUrl }, { outDir: tempDir() }));
        assert.equal(problems.length, 1, problems.join('; '));
        assert.match(problems[0] ?? '', /^BASE_URL must /);
      }
    });

    it('refuses a manifest the schema refuses, and an English file that misses a text or names another schema version', () => {
      const dir = templateCopy(({ manifest: m, enUs: l }) => {
        m.name = { short: 'Samsyn med ett alldeles för långt kortnamn' };
        delete l['bots[0].commandLists[0].commands[2].title'];
        l.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.Localization.schema.json';
      });
      const problems = refusal(() => buildAppPackage(env, { outDir: tempDir(), templateDir: dir }));
      assert.ok(
        problems.includes('manifest.json /name/short must NOT have more than 30 characters'),
        problems.join('; '),
      );
      assert.ok(
        problems.includes('en-us.json has no translation for "bots[0].commandLists[0].commands[2].title"'),
        problems.join('; '),
      );
      assert.ok(
        problems.some((p) => p.startsWith('en-us.json names schema') && p.endsWith("not the manifest's version 1.25")),
        problems.join('; '),
      );
    });

    it('refuses an outline icon that is not white on transparent', () => {
      const dir = templateCopy(() => undefined);
      fs.copyFileSync(path.join(templateDir, 'color.png'), path.join(dir, 'outline.png'));
      const problems = refusal(() => buildAppPackage(env, { outDir: tempDir(), templateDir: dir }));
      assert.ok(problems.includes('outline.png: must be 32×32, is 192×192'), problems.join('; '));
      assert.ok(
        problems.includes('outline.png: must have a transparent background (its corners are not transparent)'),
        problems.join('; '),
      );
      assert.ok(
        problems.some((p) => p.startsWith('outline.png: must be white on transparent;')),
        problems.join('; '),
      );
    });

    it('exits non-zero from `npm run package`, naming each missing variable', () => {
      const cleanEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !['TEAMS_APP_ID', 'MicrosoftAppId', 'BASE_URL'].includes(k)),
      );
      const result = (() => {
        try {
          execFileSync(
            process.execPath,
            [require.resolve('tsx/cli'), path.resolve(__dirname, '../../scripts/package.ts')],
            { env: cleanEnv, stdio: 'pipe' },
          );
          return { status: 0, stderr: '' };
        } catch (err) {
          const e = err as { status: number; stderr: Buffer };
          return { status: e.status, stderr: e.stderr.toString() };
        }
      })();
      assert.equal(result.status, 1);
      for (const name of ['TEAMS_APP_ID', 'MicrosoftAppId', 'BASE_URL'])
        assert.match(result.stderr, new RegExp(`- ${name} is not set`));
    });
  });

  describe('icons', () => {
    it('has a 192×192 colour icon', () => {
      const png = PNG.sync.read(Buffer.from(unzipped['color.png'] ?? []));
      assert.deepEqual([png.width, png.height], [192, 192]);
    });

    it('has a 32×32 outline icon, white on a transparent background', () => {
      const png = PNG.sync.read(Buffer.from(unzipped['outline.png'] ?? []));
      assert.deepEqual([png.width, png.height], [32, 32]);
      assert.deepEqual(
        [alphaAt(png, 0, 0), alphaAt(png, 31, 0), alphaAt(png, 0, 31), alphaAt(png, 31, 31)],
        [0, 0, 0, 0],
      );
      assert.deepEqual(nonWhitePixels(png), { count: 0 });
      const drawn = Array.from({ length: 32 * 32 }, (_, i) => png.data[i * 4 + 3]).filter((a) => a !== 0).length;
      assert.ok(drawn > 200, `the outline draws only ${drawn} pixels`);
    });

    it('commits exactly the pixels scripts/generate-icons.ts draws', () => {
      for (const [file, drawn] of [
        ['color.png', colorIcon()],
        ['outline.png', outlineIcon()],
      ] as const) {
        const committed = PNG.sync.read(fs.readFileSync(path.join(templateDir, file)));
        assert.ok(
          committed.data.equals(drawn.data),
          `${file} differs from the generator; run npx tsx scripts/generate-icons.ts`,
        );
      }
    });
  });

  describe('commands', () => {
    const lists = () =>
      (manifest.bots[0]?.commandLists ?? []).map((list, li) => ({
        scopes: list.scopes,
        commands: list.commands.map((c, ci) => ({
          sv: c.title,
          en: enUs[`bots[0].commandLists[${li}].commands[${ci}].title`] ?? '',
        })),
      }));

    it('routes every command title of the manifest (Swedish) and of the localization (English) to one bot command', () => {
      for (const list of lists()) {
        const ids = list.commands.map(({ sv, en }) => {
          const swedish = matchCommand(sv, commands);
          const english = matchCommand(en, commands);
          assert.ok(swedish !== null && swedish.args.length === 0, `"${sv}" is not exactly a bot command`);
          assert.ok(english !== null && english.args.length === 0, `"${en}" is not exactly a bot command`);
          assert.equal(english.command.id, swedish.command.id, `"${sv}" and "${en}" lead to different commands`);
          return swedish.command.id;
        });
        assert.equal(new Set(ids).size, ids.length, `a command is listed twice for ${list.scopes.join(', ')}`);
      }
    });

    // Teams shows at most 12 commands per list; the bot has more. These are left out of the menu
    // (they still work when typed, and the help card and the case card lead to them).
    const unlisted = ['withdrawConsent', 'language', 'unit', 'consult', 'outcome', 'groupConsultation'];

    it('lists every bot command in the personal scope but the deliberately unlisted ones, which help and the case card reach', () => {
      const personal = lists().find((l) => l.scopes.includes('personal'));
      const listed = new Set(personal?.commands.map((c) => matchCommand(c.sv, commands)?.command.id));
      assert.deepEqual(
        commands
          .map((c) => c.id)
          .filter((id) => !listed.has(id))
          .sort(),
        [...unlisted].sort(),
      );
      assert.ok((personal?.commands.length ?? 0) <= 12);
    });

    it('covers the bot scopes team and groupChat with a command list', () => {
      const scopes = new Set(lists().flatMap((l) => l.scopes));
      for (const s of manifest.bots[0]?.scopes ?? []) assert.ok(scopes.has(s), `no command list for ${s}`);
    });
  });

  describe('single sign-on', () => {
    it('names as resource the App ID URI the server accepts as audience', async () => {
      assert.equal(manifest.webApplicationInfo.resource, appIdUriFor(env.BASE_URL, env.MicrosoftAppId));

      // A v1 token (aud = App ID URI) for the manifest's resource passes the server's validation, configured as src/http/app.ts does.
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
      const tid = '3c1e2a44-8c7d-4d1e-b0a4-8f1f0c9e2d55';
      const now = new Date('2026-03-02T09:00:00Z');
      const token = await new SignJWT({
        aud: manifest.webApplicationInfo.resource,
        iss: `https://sts.windows.net/${tid}/`,
        tid,
        oid: 'b2d4f6a8-1c3e-4f5a-9b7d-0e2c4a6b8d10',
        scp: 'access_as_user',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
        .sign(privateKey);
      const settings = {
        clientId: env.MicrosoftAppId,
        appIdUri: appIdUriFor(env.BASE_URL, env.MicrosoftAppId),
        allowedTenants: [tid],
        jwks,
      };
      const identity = await validateSsoToken(token, settings, now);
      assert.equal(identity.tenantId, tid);
      await assert.rejects(
        validateSsoToken(token, { ...settings, appIdUri: `api://other.example.se/${env.MicrosoftAppId}` }, now),
        /audience/,
      );
    });
  });

  describe('schemas', () => {
    it('use no keyword whose meaning changed after draft-04, so Ajv draft-07 validates them as written', () => {
      const maps = new Set(['properties', 'definitions', 'patternProperties', 'dependencies']);
      const data = new Set(['enum', 'const', 'default', 'examples']);
      const found: string[] = [];
      const walk = (node: Json, at: string): void => {
        if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
        if (node === null || typeof node !== 'object') return;
        if (typeof node.exclusiveMinimum === 'boolean' || typeof node.exclusiveMaximum === 'boolean')
          found.push(`${at}: boolean exclusive bound`);
        if (typeof node.id === 'string') found.push(`${at}: id`);
        for (const [key, value] of Object.entries(node)) {
          if (data.has(key)) continue;
          if (maps.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
            for (const [name, sub] of Object.entries(value)) walk(sub, `${at}/${key}/${name}`);
          } else walk(value, `${at}/${key}`);
        }
      };
      for (const kind of ['manifest', 'localization'] as const) {
        const schema = loadSchema(kind);
        assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
        walk(schema, kind);
      }
      assert.deepEqual(found, []);
    });
  });
});
