/**
 * The Microsoft 365 Agents Toolkit project files (m365agents.yml for Azure, m365agents.local.yml for
 * debugging in a real tenant) are checked the way the Toolkit itself checks them before running a
 * step: parsed as YAML and validated with Ajv against the Toolkit's schema for the version the file
 * declares (test/contracts/m365agents-yaml/, copied from @microsoft/m365agentstoolkit-cli 1.1.17;
 * the CLI compiles it with `allowUnionTypes` and the `deprecationMessage` keyword, as here). Then
 * what the schema cannot know: the steps Samsyn needs, in an order where every `${{VARIABLE}}` a step
 * (or a file it reads) uses is set by the environment file or an earlier step.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { configVariables } from '../../src/config/config';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Step {
  readonly uses: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  readonly version: string;
  readonly provision?: Step[];
  readonly deploy?: Step[];
  readonly publish?: Step[];
}

function parseYaml(text: string, name: string): unknown {
  const doc = parseDocument(text);
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `${name} is not valid YAML`,
  );
  return doc.toJS();
}

const validators = new Map<string, ValidateFunction>();
function compileToolkitSchema(schemaFile: string): ValidateFunction {
  const ajv = new Ajv({ allowUnionTypes: true });
  ajv.addKeyword('deprecationMessage');
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
}

/** Errors of the Toolkit's schema for the version `project` declares; [] when it is valid. */
function toolkitSchemaErrors(project: unknown): string[] {
  const version = (project as { version?: unknown }).version;
  if (typeof version !== 'string') return ['no version'];
  const schemaFile = path.join(root, 'test', 'contracts', 'm365agents-yaml', version, 'yaml.schema.json');
  if (!fs.existsSync(schemaFile)) return [`no Toolkit schema for ${version} in test/contracts/m365agents-yaml/`];
  const validate = validators.get(version) ?? compileToolkitSchema(schemaFile);
  validators.set(version, validate);
  if (validate(project)) return [];
  // The lifecycle arrays are an anyOf over every action, so name the failing step and its own errors.
  const errors = validate.errors ?? [];
  const steps = new Set(
    errors.map((e) => /^\/(provision|deploy|publish)\/\d+/.exec(e.instancePath)?.[0]).filter((s) => s !== undefined),
  );
  if (steps.size === 0) return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  return [...steps].map((at) => {
    const [, stage = '', index = ''] = at.split('/');
    const step = (project as Record<string, Step[]>)[stage]?.[Number(index)];
    const own = errors.filter(
      (e) =>
        e.instancePath.startsWith(at) &&
        (e.keyword === 'additionalProperties' || e.keyword === 'required') &&
        e.schemaPath.includes(defName(step?.uses)),
    );
    return `${at} (${step?.uses ?? '?'}): ${own.map((e) => `${e.instancePath.slice(at.length) || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ') || 'matches no action'}`;
  });
}
/** `teamsApp/zipAppPackage` → `teamsAppZipAppPackage`, the schema's definition name. */
const defName = (uses: string | undefined) => (uses ?? '').replace(/\/(\w)/, (_, c: string) => c.toUpperCase());

function envFile(name: string): Map<string, string> {
  const entries = read(`env/.env.${name}`)
    .split('\n')
    .filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
  return new Map(entries);
}

const placeholders = (text: string) =>
  new Set([...text.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1] ?? ''));
const bicepOutputs = () => [...read('infra/main.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1] ?? '');

/** Files a step reads whose `${{…}}` the Toolkit fills in. */
function filesReadBy(step: Step): string[] {
  const w = step.with ?? {};
  if (step.uses === 'aadApp/update') return [String(w.manifestPath)];
  if (step.uses === 'teamsApp/validateManifest' || step.uses === 'teamsApp/zipAppPackage')
    return [String(w.manifestPath), 'manifest/en-us.json'];
  if (step.uses === 'arm/deploy')
    return (w.templates as { parameters?: string }[]).flatMap((t) => (t.parameters ? [t.parameters] : []));
  return [];
}

/** Every variable used but not set by the environment file, the user's secrets or an earlier step. */
function unsetVariables(project: ProjectFile, env: Map<string, string>, userSecrets: readonly string[]): string[] {
  const available = new Set([...env.keys(), ...userSecrets]);
  const problems: string[] = [];
  for (const stage of ['provision', 'deploy', 'publish'] as const) {
    for (const [i, step] of (project[stage] ?? []).entries()) {
      const own = new Set(Object.keys(step.env ?? {}));
      // aadApp/update generates the scope id when the manifest uses it and it is empty (its schema says so).
      if (step.uses === 'aadApp/update') own.add('AAD_APP_ACCESS_AS_USER_PERMISSION_ID');
      const texts = [JSON.stringify({ with: step.with, env: step.env }), ...filesReadBy(step).map((f) => read(f))];
      for (const text of texts) {
        for (const name of placeholders(text))
          if (!available.has(name) && !own.has(name))
            problems.push(`${stage}[${i}] ${step.uses} uses ${name} before it is set`);
      }
      for (const name of Object.values(step.writeToEnvironmentFile ?? {})) available.add(name);
      if (step.uses === 'arm/deploy') for (const name of bicepOutputs()) available.add(name);
      if (step.uses === 'aadApp/update') available.add('AAD_APP_ACCESS_AS_USER_PERMISSION_ID');
    }
  }
  return [...new Set(problems)];
}

const projects = [
  { file: 'm365agents.yml', env: 'dev', userSecrets: ['SECRET_POSTGRES_ADMIN_PASSWORD'] },
  { file: 'm365agents.local.yml', env: 'local', userSecrets: [] },
] as const;

describe('Microsoft 365 Agents Toolkit project files against the Toolkit schema', () => {
  for (const { file, env, userSecrets } of projects) {
    describe(file, () => {
      const text = read(file);
      const project = parseYaml(text, file) as ProjectFile;

      it('is valid against the Toolkit schema of the version it declares', () => {
        assert.match(project.version, /^v1\.\d+$/);
        assert.deepEqual(toolkitSchemaErrors(project), []);
      });

      it('names the same schema version for the editor', () => {
        assert.match(
          text,
          new RegExp(
            `^# yaml-language-server: \\$schema=https://aka\\.ms/teams-toolkit/${project.version.replace('.', '\\.')}/yaml\\.schema\\.json$`,
            'm',
          ),
        );
      });

      it('sets every ${{VARIABLE}} before a step (or a file it reads) uses it', () => {
        assert.deepEqual(unsetVariables(project, envFile(env), userSecrets), []);
      });

      it('creates the single-tenant Entra app with a secret and a service principal, then applies aad.manifest.json', () => {
        const steps = project.provision ?? [];
        const create = steps.findIndex((s) => s.uses === 'aadApp/create');
        const update = steps.findIndex((s) => s.uses === 'aadApp/update');
        assert.ok(create >= 0 && update > create, 'aadApp/create, then aadApp/update');
        assert.deepEqual(steps[create]?.with, {
          ...steps[create]?.with,
          signInAudience: 'AzureADMyOrg',
          generateClientSecret: true,
          generateServicePrincipal: true,
        });
        assert.equal(steps[create]?.writeToEnvironmentFile?.clientSecret, 'SECRET_MICROSOFT_APP_PASSWORD');
        assert.equal(steps[update]?.with?.manifestPath, './aad.manifest.json');
      });

      it('renders, zips (into outputFolder) and validates the Teams package, then updates the app', () => {
        const uses = (project.provision ?? []).map((s) => s.uses);
        const order = [
          'teamsApp/create',
          'teamsApp/validateManifest',
          'teamsApp/zipAppPackage',
          'teamsApp/validateAppPackage',
          'teamsApp/update',
        ];
        assert.deepEqual(
          uses.filter((u) => order.includes(u)),
          order,
        );
        const zip = (project.provision ?? []).find((s) => s.uses === 'teamsApp/zipAppPackage');
        assert.equal(zip?.with?.manifestPath, './manifest/manifest.json');
        assert.ok(zip?.with?.outputFolder !== undefined && zip.with.outputJsonPath === undefined);
        assert.equal(
          zip?.env?.MicrosoftAppId,
          '${{AAD_APP_CLIENT_ID}}',
          'the manifest template names the app MicrosoftAppId',
        );
      });
    });
  }

  describe('m365agents.yml (Azure)', () => {
    const project = parseYaml(read('m365agents.yml'), 'm365agents.yml') as ProjectFile;
    const provision = project.provision ?? [];

    it('deploys infra/main.bicep with a pinned Bicep CLI, between creating and updating the Entra app', () => {
      const arm = provision.findIndex((s) => s.uses === 'arm/deploy');
      assert.ok(
        arm > provision.findIndex((s) => s.uses === 'aadApp/create') &&
          arm < provision.findIndex((s) => s.uses === 'aadApp/update'),
      );
      const w = provision[arm]?.with as { bicepCliVersion?: string; templates: { path: string; parameters: string }[] };
      assert.match(w.bicepCliVersion ?? '', /^v\d+\.\d+\.\d+$/);
      assert.deepEqual(
        w.templates.map((t) => [t.path, t.parameters]),
        [['./infra/main.bicep', './infra/main.parameters.json']],
      );
      assert.ok(
        !provision.some((s) => s.uses === 'botFramework/create' || s.uses === 'botAadApp/create'),
        'the Azure Bot comes from infra/modules/bot.bicep (single tenant)',
      );
      assert.match(read('infra/modules/bot.bicep'), /msaAppType: 'SingleTenant'/);
    });

    it('deploys the built app to the app service the template outputs, and publishes the package', () => {
      const deploy = project.deploy ?? [];
      assert.deepEqual(
        deploy.map((s) => s.uses),
        ['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy'],
      );
      assert.equal(deploy[2]?.with?.resourceId, '${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
      assert.ok(bicepOutputs().includes('BOT_AZURE_APP_SERVICE_RESOURCE_ID'));
      const publish = (project.publish ?? []).map((s) => s.uses);
      assert.equal(publish.at(-1), 'teamsApp/publishAppPackage');
      assert.ok(publish.indexOf('teamsApp/validateAppPackage') < publish.indexOf('teamsApp/publishAppPackage'));
    });
  });

  describe('m365agents.local.yml (a real tenant, the app on this machine)', () => {
    const project = parseYaml(read('m365agents.local.yml'), 'm365agents.local.yml') as ProjectFile;

    it('registers the bot at the tunnel and creates no Azure resources', () => {
      const bot = (project.provision ?? []).find((s) => s.uses === 'botFramework/create');
      assert.equal(bot?.with?.botId, '${{AAD_APP_CLIENT_ID}}');
      assert.equal(bot?.with?.messagingEndpoint, '${{BASE_URL}}/api/messages');
      assert.ok(!(project.provision ?? []).some((s) => s.uses === 'arm/deploy'));
    });

    it('writes the local process configuration with bot credentials, only variables the app reads', () => {
      const write = (project.deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
      assert.equal(write?.with?.target, './.localConfigs');
      const envs = write?.with?.envs as Record<string, string>;
      assert.deepEqual(
        Object.keys(envs).filter((k) => !configVariables.includes(k)),
        [],
      );
      for (const k of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'BASE_URL', 'TEAMS_APP_ID'])
        assert.ok(k in envs, k);
      assert.match(read('package.json'), /"dev:tenant": "[^"]*--env-file=\.localConfigs src\/main\.ts"/);
      assert.match(read('.gitignore'), /^\/?\.localConfigs$/m);
    });
  });

  describe('negative controls', () => {
    const project = parseYaml(read('m365agents.yml'), 'm365agents.yml') as ProjectFile;
    const mutated = (change: (p: { provision: Step[] }) => void): unknown => {
      const copy = structuredClone(project) as { provision: Step[] };
      change(copy);
      return copy;
    };
    const zipIndex = (project.provision ?? []).findIndex((s) => s.uses === 'teamsApp/zipAppPackage');

    it('the schema refuses zipAppPackage with outputJsonPath (replaced by outputFolder in v1.7)', () => {
      const errors = toolkitSchemaErrors(
        mutated((p) => {
          const w = p.provision[zipIndex]?.with as Record<string, unknown>;
          w.outputJsonPath = w.outputFolder;
          delete w.outputFolder;
        }),
      );
      assert.equal(errors.length, 1);
      assert.match(errors[0] ?? '', /teamsApp\/zipAppPackage.*required property 'outputFolder'/);
    });

    it('the schema refuses an unknown action, a version it does not have and a lower-case variable name', () => {
      assert.notDeepEqual(
        toolkitSchemaErrors(mutated((p) => p.provision.push({ uses: 'teamsApp/frobnicate', with: {} }))),
        [],
      );
      assert.deepEqual(toolkitSchemaErrors({ ...project, version: 'v9.9' }), [
        'no Toolkit schema for v9.9 in test/contracts/m365agents-yaml/',
      ]);
      assert.notDeepEqual(
        toolkitSchemaErrors(
          mutated(
            (p) => (p.provision[0] = { ...p.provision[0]!, writeToEnvironmentFile: { teamsAppId: 'MicrosoftAppId' } }),
          ),
        ),
        [],
      );
    });

    it('the ordering check finds a variable used before the step that writes it', () => {
      const reordered = mutated((p) => p.provision.reverse()) as ProjectFile;
      assert.ok(
        unsetVariables(reordered, envFile('dev'), []).some((m) =>
          /uses (AAD_APP_CLIENT_ID|TEAMS_APP_ID|BASE_HOST)/.test(m),
        ),
      );
    });
  });
});
