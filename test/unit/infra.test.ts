/**
 * The infrastructure (infra/*.bicep) checked structurally. No Bicep compiler can run here (it
 * downloads its binary), so this reads the Bicep text with a small parser — declarations
 * (`param`, `resource`, `module`, `output`, `var`) and object literals by key — and checks what can
 * be checked offline: resource types and API versions against an allow-list, HTTPS/TLS settings,
 * private-only PostgreSQL with TLS required, every configuration variable as an app setting,
 * secrets only through Key Vault references, `@secure()` secret parameters, the location default,
 * the health check and the instance count. A negative control runs the same checks on mutated
 * copies, so the checks cannot pass vacuously.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../src/config/config';

const root = path.resolve(__dirname, '..', '..');
const infraDir = path.join(root, 'infra');

// ---------------------------------------------------------------------------------------------
// A small Bicep reader. It understands what these templates use and refuses what it does not
// (an unknown top-level statement or an unbalanced bracket is an error, not a silent skip).

type Value =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Value> }
  | { readonly kind: 'array'; readonly items: readonly Value[] }
  | { readonly kind: 'expr'; readonly text: string };

interface Decorator {
  readonly name: string;
  readonly args: string;
}

interface Param {
  readonly file: string;
  readonly name: string;
  readonly type: string;
  readonly decorators: readonly Decorator[];
  readonly defaultValue: Value | undefined;
}

interface Resource {
  readonly file: string;
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  readonly body: Value;
}

interface BicepFile {
  readonly file: string;
  readonly params: Param[];
  readonly resources: Resource[];
  readonly outputs: Map<string, Value>;
  readonly vars: Map<string, Value>;
  readonly modules: Map<string, { path: string; body: Value }>;
}

class Reader {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  fail(message: string): never {
    const line = this.src.slice(0, this.pos).split('\n').length;
    throw new Error(`${this.file}:${line}: ${message}`);
  }

  get done(): boolean {
    this.skipSpace(true);
    return this.pos >= this.src.length;
  }

  /** Skips blanks and comments; newlines too when `newlines`. */
  skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.pos++;
      else if (this.src.startsWith('//', this.pos)) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else if (this.src.startsWith('/*', this.pos)) {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  peek(): string {
    return this.src[this.pos] ?? '';
  }

  expect(token: string): void {
    this.skipSpace(true);
    if (!this.src.startsWith(token, this.pos)) this.fail(`expected ${token}`);
    this.pos += token.length;
  }

  word(): string {
    this.skipSpace(true);
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  /** A single-quoted string; returns its raw content (interpolations kept as written). */
  string(): string {
    if (this.src.startsWith("'''", this.pos)) {
      const end = this.src.indexOf("'''", this.pos + 3);
      if (end < 0) this.fail('unterminated multi-line string');
      const text = this.src.slice(this.pos + 3, end);
      this.pos = end + 3;
      return text;
    }
    this.expect("'");
    let text = '';
    let depth = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === '\\') {
        text += c + (this.src[this.pos + 1] ?? '');
        this.pos += 2;
        continue;
      }
      if (depth === 0 && c === "'") {
        this.pos++;
        return text;
      }
      if (this.src.startsWith('${', this.pos)) {
        depth++;
        text += '${';
        this.pos += 2;
        continue;
      }
      if (depth > 0 && c === '{') depth++;
      if (depth > 0 && c === '}') depth--;
      if (depth > 0 && c === "'") {
        // A string inside an interpolation: copy it whole.
        const inner = this.string();
        text += `'${inner}'`;
        continue;
      }
      text += c;
      this.pos++;
    }
  }

  /** A value up to the end of its line (or a comma/closing bracket) at bracket depth zero. */
  value(): Value {
    this.skipSpace(false);
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[' && !/^\[\s*for\b/.test(this.src.slice(this.pos))) return this.array();
    if (c === "'") {
      const start = this.pos;
      const text = this.string();
      this.skipSpace(false);
      // A string that is only the start of a larger expression (e.g. 'a' == b) is an expression.
      if (/[\n,}\]]/.test(this.peek()) || this.pos >= this.src.length) return { kind: 'string', text };
      this.pos = start;
    }
    return { kind: 'expr', text: this.expression() };
  }

  private expression(): string {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) break;
      if (ch === "'") {
        this.string();
        continue;
      }
      if (this.src.startsWith('//', this.pos)) break;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      }
      if (depth === 0 && (ch === '\n' || ch === ',')) break;
      this.pos++;
    }
    const text = this.src.slice(start, this.pos).trim();
    if (text === '') this.fail('expected a value');
    return text;
  }

  object(): Value {
    this.expect('{');
    const props = new Map<string, Value>();
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === '}') {
        this.pos++;
        return { kind: 'object', props };
      }
      if (/^resource\s/.test(this.src.slice(this.pos)))
        this.fail(
          'nested resource declarations are not supported by this check; declare resources at the top level with parent:',
        );
      const key = this.peek() === "'" ? this.string() : this.word();
      this.expect(':');
      if (props.has(key)) this.fail(`duplicate key ${key}`);
      props.set(key, this.value());
    }
  }

  array(): Value {
    this.expect('[');
    const items: Value[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === ']') {
        this.pos++;
        return { kind: 'array', items };
      }
      items.push(this.value());
    }
  }

  decorator(): Decorator {
    this.expect('@');
    const name = this.word();
    this.skipSpace(false);
    if (this.peek() !== '(') return { name, args: '' };
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === undefined) this.fail('unterminated decorator');
      if (ch === "'") {
        this.string();
        continue;
      }
      if (ch === '(' || ch === '[') depth++;
      if (ch === ')' || ch === ']') depth--;
      this.pos++;
      if (depth === 0) break;
    }
    return { name, args: this.src.slice(start + 1, this.pos - 1).trim() };
  }

  /** Consumes `token` if it comes next on this line. */
  accept(token: string): boolean {
    this.skipSpace(false);
    if (!this.src.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
}

function parseBicep(src: string, file: string): BicepFile {
  const r: Reader = new Reader(src, file);
  const out: BicepFile = { file, params: [], resources: [], outputs: new Map(), vars: new Map(), modules: new Map() };
  let decorators: Decorator[] = [];
  while (!r.done) {
    if (r.peek() === '@') {
      decorators.push(r.decorator());
      continue;
    }
    const keyword = r.word();
    switch (keyword) {
      case 'targetScope':
        r.expect('=');
        r.value();
        break;
      case 'param': {
        const name = r.word();
        const type = r.word();
        const defaultValue = r.accept('=') ? r.value() : undefined;
        out.params.push({ file, name, type, decorators, defaultValue });
        break;
      }
      case 'var': {
        const name = r.word();
        r.expect('=');
        out.vars.set(name, r.value());
        break;
      }
      case 'resource': {
        const symbol = r.word();
        r.skipSpace(false);
        const typeRef = r.string();
        const m = /^([A-Za-z.]+\/[A-Za-z/]+)@(\d{4}-\d{2}-\d{2}(?:-preview)?)$/.exec(typeRef);
        if (!m?.[1] || !m[2]) r.fail(`resource ${symbol}: '${typeRef}' is not 'Namespace/type@api-version'`);
        const existing = r.accept('existing');
        r.expect('=');
        r.skipSpace(false);
        if (r.peek() !== '{')
          r.fail(`resource ${symbol}: conditional or looped resources are not supported by this check`);
        out.resources.push({ file, symbol, type: m[1], apiVersion: m[2], existing, body: r.object() });
        break;
      }
      case 'module': {
        const symbol = r.word();
        r.skipSpace(false);
        const modulePath = r.string();
        r.expect('=');
        r.skipSpace(false);
        if (r.peek() !== '{') r.fail(`module ${symbol}: conditional or looped modules are not supported by this check`);
        out.modules.set(symbol, { path: modulePath, body: r.object() });
        break;
      }
      case 'output': {
        const name = r.word();
        r.word(); // type
        r.expect('=');
        out.outputs.set(name, r.value());
        break;
      }
      default:
        r.fail(`unexpected statement '${keyword}'`);
    }
    decorators = [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lookups

function prop(v: Value | undefined, dotted: string): Value | undefined {
  let cur = v;
  for (const key of dotted.split('.')) {
    if (cur?.kind !== 'object') return undefined;
    cur = cur.props.get(key);
  }
  return cur;
}

/** The literal text of a value: a string's content, or an expression/keyword as written. */
function literal(v: Value | undefined): string | undefined {
  if (v?.kind === 'string' || v?.kind === 'expr') return v.text;
  return undefined;
}

function decorator(p: Param, name: string): Decorator | undefined {
  return p.decorators.find((d) => d.name === name);
}

// ---------------------------------------------------------------------------------------------
// The checks. `check` returns the problems found; the tests assert it returns none for the real
// templates and the expected problem for each mutated copy.

/** Resource types and API versions the templates may use (stable, non-preview versions). */
const allowedResources: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.OperationalInsights/workspaces': ['2023-09-01'],
  'Microsoft.Insights/components': ['2020-02-02'],
  'Microsoft.Network/virtualNetworks': ['2024-05-01'],
  'Microsoft.Network/privateDnsZones': ['2024-06-01'],
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': ['2024-06-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/configurations': ['2024-08-01'],
  'Microsoft.DBforPostgreSQL/flexibleServers/databases': ['2024-08-01'],
  'Microsoft.KeyVault/vaults': ['2023-07-01'],
  'Microsoft.KeyVault/vaults/secrets': ['2023-07-01'],
  'Microsoft.KeyVault/vaults/keys': ['2023-07-01'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.Storage/storageAccounts': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies': ['2023-05-01'],
  'Microsoft.Web/serverfarms': ['2024-04-01'],
  'Microsoft.Web/sites': ['2024-04-01'],
  'Microsoft.Web/sites/config': ['2024-04-01'],
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': ['2024-04-01'],
  'Microsoft.BotService/botServices': ['2022-09-15'],
  'Microsoft.BotService/botServices/channels': ['2022-09-15'],
  // The one exception to "non-preview": diagnostic settings with category lists have no GA version.
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
};

/**
 * Diagnostic settings: per resource type, the log categories that must be sent to the workspace and
 * those that must not (App Service HTTP logs record URLs with query strings and one-time link tokens).
 */
const diagnostics: Readonly<
  Record<string, { readonly required: readonly string[]; readonly forbidden: readonly string[] }>
> = {
  'Microsoft.Web/sites': {
    required: ['AppServiceConsoleLogs', 'AppServicePlatformLogs'],
    forbidden: ['AppServiceHTTPLogs'],
  },
  'Microsoft.DBforPostgreSQL/flexibleServers': {
    required: ['PostgreSQLLogs'],
    forbidden: ['PostgreSQLFlexQueryStoreRuntime'],
  },
};

const keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6';
const keyVaultCryptoUserRole = '12338af0-0e69-4776-bea7-57ae8d297424';
const keyVaultReference = /^@Microsoft\.KeyVault\(SecretUri=\$\{[A-Za-z_][A-Za-z0-9_.]*\}\)$/;
/** Settings that hold secrets: only Key Vault references are allowed as their values. */
const secretSettings = ['MicrosoftAppPassword', 'DATABASE_URL'];
/** Every variable the app reads, plus the one the telemetry set-up reads. */
const requiredSettings = [...new Set([...configVariables, 'APPLICATIONINSIGHTS_CONNECTION_STRING'])];

type Sources = Readonly<Record<string, string>>;

function readSources(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.bicep'))
        files[path.relative(infraDir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(infraDir);
  return files;
}

function check(sources: Sources): string[] {
  const problems: string[] = [];
  const files = Object.entries(sources).map(([file, text]) => parseBicep(text, file));
  const resources = files.flatMap((f) => f.resources);
  const params = files.flatMap((f) => f.params);
  const ofType = (type: string) => resources.filter((r) => r.type === type && !r.existing);
  const one = (type: string): Resource | undefined => {
    const found = ofType(type);
    if (found.length !== 1) problems.push(`expected exactly one ${type}, found ${found.length}`);
    return found[0];
  };

  // Modules: the file exists, every parameter passed is declared there, every parameter without a
  // default is passed, and every `<module>.outputs.<name>` used is an output of that module.
  for (const f of files) {
    for (const [symbol, m] of f.modules) {
      const targetName = path.posix.normalize(path.posix.join(path.posix.dirname(f.file), m.path));
      const target = files.find((t) => t.file === targetName);
      if (!target) {
        problems.push(`${f.file}: module ${symbol} refers to missing ${m.path}`);
        continue;
      }
      const passed = prop(m.body, 'params');
      const names = passed?.kind === 'object' ? [...passed.props.keys()] : [];
      for (const n of names)
        if (!target.params.some((p) => p.name === n))
          problems.push(`${f.file}: module ${symbol} passes ${n}, which ${targetName} does not declare`);
      for (const p of target.params)
        if (!p.defaultValue && !names.includes(p.name))
          problems.push(`${f.file}: module ${symbol} does not pass the required parameter ${p.name}`);
      for (const used of (sources[f.file] ?? '').matchAll(
        new RegExp(`\\b${symbol}\\.outputs\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g'),
      )) {
        if (used[1] && !target.outputs.has(used[1]))
          problems.push(`${f.file}: ${symbol}.outputs.${used[1]} is not an output of ${targetName}`);
      }
    }
  }

  // 1. Every resource type and API version is on the allow-list.
  for (const r of resources) {
    const versions = allowedResources[r.type];
    if (!versions) problems.push(`${r.file}: ${r.symbol}: resource type ${r.type} is not on the allow-list`);
    else if (!versions.includes(r.apiVersion))
      problems.push(`${r.file}: ${r.symbol}: ${r.type}@${r.apiVersion} is not an allowed API version`);
  }
  if (resources.some((r) => /firewallRules/i.test(r.type)))
    problems.push(
      'a PostgreSQL firewall rule is declared: the database must be reachable only through the virtual network',
    );

  // 2. The web app: HTTPS only, TLS 1.2, no FTP, Node 22, health check, managed identity, VNet.
  const site = one('Microsoft.Web/sites');
  if (site) {
    const expect = (key: string, wanted: string) => {
      const got = literal(prop(site.body, key));
      if (got !== wanted) problems.push(`web app ${key} is ${got ?? 'missing'}, expected ${wanted}`);
    };
    expect('properties.httpsOnly', 'true');
    expect('properties.siteConfig.minTlsVersion', '1.2');
    expect('properties.siteConfig.ftpsState', 'Disabled');
    expect('properties.siteConfig.healthCheckPath', '/healthz');
    expect('properties.siteConfig.linuxFxVersion', 'NODE|22-lts');
    expect('properties.siteConfig.alwaysOn', 'true');
    expect('identity.type', 'SystemAssigned');
    if (!prop(site.body, 'properties.virtualNetworkSubnetId'))
      problems.push('web app has no VNet integration (properties.virtualNetworkSubnetId)');
  }

  // 3. At least two instances: a literal >= 2, or a parameter that cannot go below 2.
  const plan = one('Microsoft.Web/serverfarms');
  if (plan) {
    const capacity = literal(prop(plan.body, 'sku.capacity'));
    if (capacity === undefined) problems.push('App Service plan has no sku.capacity');
    else if (/^\d+$/.test(capacity)) {
      if (Number(capacity) < 2) problems.push(`App Service plan capacity ${capacity} is below 2`);
    } else {
      const declared = params.filter((p) => p.name === capacity);
      if (declared.length === 0) problems.push(`App Service plan capacity ${capacity} is not a parameter`);
      for (const p of declared) {
        const min = Number(decorator(p, 'minValue')?.args ?? 'NaN');
        const def = Number(literal(p.defaultValue) ?? 'NaN');
        if (!(min >= 2)) problems.push(`${p.file}: parameter ${p.name} needs @minValue(2) or more`);
        if (p.defaultValue && !(def >= 2)) problems.push(`${p.file}: parameter ${p.name} defaults below 2`);
      }
    }
  }

  // 4. App settings: every configuration variable, secrets only as Key Vault references.
  const settings = ofType('Microsoft.Web/sites/config').find((r) => literal(prop(r.body, 'name')) === 'appsettings');
  const secureParams = new Set(params.filter((p) => decorator(p, 'secure')).map((p) => p.name));
  if (!settings) problems.push('no Microsoft.Web/sites/config appsettings resource');
  else {
    const values = prop(settings.body, 'properties');
    const names = values?.kind === 'object' ? [...values.props.keys()] : [];
    for (const v of requiredSettings) if (!names.includes(v)) problems.push(`app setting ${v} is missing`);
    for (const name of secretSettings) {
      const v = prop(values, name);
      if (v?.kind !== 'string' || !keyVaultReference.test(v.text))
        problems.push(`app setting ${name} must be a Key Vault reference, is ${literal(v) ?? 'missing'}`);
    }
    if (values?.kind === 'object') {
      for (const [name, v] of values.props) {
        const text = literal(v) ?? '';
        for (const s of secureParams) {
          if (text === s || text.includes(`\${${s}}`))
            problems.push(`app setting ${name} carries the secure parameter ${s} in plain text`);
        }
      }
    }
    if (literal(prop(values, 'DEV_AUTH')) !== 'false') problems.push('app setting DEV_AUTH must be false in Azure');
    if (!/ConnectionString/.test(literal(prop(values, 'APPLICATIONINSIGHTS_CONNECTION_STRING')) ?? ''))
      problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING does not come from the Application Insights component');
  }

  // 5. Key Vault: RBAC, purge protection, the secrets, and the web app's read role.
  const vault = one('Microsoft.KeyVault/vaults');
  if (vault) {
    if (literal(prop(vault.body, 'properties.enableRbacAuthorization')) !== 'true')
      problems.push('Key Vault must use RBAC (enableRbacAuthorization: true)');
    if (literal(prop(vault.body, 'properties.enablePurgeProtection')) !== 'true')
      problems.push('Key Vault must have purge protection');
  }
  const secretNames = ofType('Microsoft.KeyVault/vaults/secrets').map((r) => literal(prop(r.body, 'name')) ?? '');
  for (const wanted of [/^MicrosoftAppPassword$/, /^DATABASE-URL$/]) {
    if (!secretNames.some((n) => wanted.test(n))) problems.push(`Key Vault secret ${wanted.source} is missing`);
  }
  // The role id may be written inline or through a `var` of the same file.
  const withVars = (r: Resource, text: string) => {
    const vars = files.find((f) => f.file === r.file)?.vars ?? new Map<string, Value>();
    return text.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (w) => literal(vars.get(w)) ?? w);
  };
  const grantsSecretsUser = ofType('Microsoft.Authorization/roleAssignments').some(
    (r) =>
      withVars(r, literal(prop(r.body, 'properties.roleDefinitionId')) ?? '').includes(keyVaultSecretsUserRole) &&
      literal(prop(r.body, 'properties.principalId')) === `${site?.symbol ?? '?'}.identity.principalId` &&
      resources.some(
        (v) =>
          v.file === r.file && v.type === 'Microsoft.KeyVault/vaults' && v.symbol === literal(prop(r.body, 'scope')),
      ),
  );
  if (!grantsSecretsUser) problems.push('the web app has no Key Vault Secrets User role assignment on the vault');
  // The audit signing key (decision 0007): EC P-256, signs, not exportable; the web app may use it
  // (Key Vault Crypto User, scoped to that key) and is told its id.
  const signingKey = one('Microsoft.KeyVault/vaults/keys');
  if (signingKey) {
    for (const [key, wanted] of [
      ['properties.kty', 'EC'],
      ['properties.curveName', 'P-256'],
      ['properties.attributes.exportable', 'false'],
    ] as const) {
      const got = literal(prop(signingKey.body, key));
      if (got !== wanted) problems.push(`the audit signing key's ${key} is ${got ?? 'missing'}, expected ${wanted}`);
    }
    const ops = prop(signingKey.body, 'properties.keyOps');
    if (ops?.kind !== 'array' || !ops.items.some((i) => literal(i) === 'sign'))
      problems.push("the audit signing key's keyOps must include sign");
  }
  const grantsCryptoUser = ofType('Microsoft.Authorization/roleAssignments').some(
    (r) =>
      withVars(r, literal(prop(r.body, 'properties.roleDefinitionId')) ?? '').includes(keyVaultCryptoUserRole) &&
      literal(prop(r.body, 'properties.principalId')) === `${site?.symbol ?? '?'}.identity.principalId` &&
      resources.some(
        (k) =>
          k.file === r.file &&
          k.type === 'Microsoft.KeyVault/vaults/keys' &&
          k.symbol === literal(prop(r.body, 'scope')),
      ),
  );
  if (!grantsCryptoUser)
    problems.push('the web app has no Key Vault Crypto User role assignment on the audit signing key');
  const keySetting = literal(prop(settings?.body, 'properties.AUDIT_SIGNING_KEY_VAULT_KEY_ID')) ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(keySetting))
    problems.push(
      `app setting AUDIT_SIGNING_KEY_VAULT_KEY_ID must name the signing key's URI, is ${keySetting || 'empty'}`,
    );

  // 6. Secret parameters are @secure() and have no default.
  for (const p of params) {
    if (/password|secret/i.test(p.name)) {
      if (!decorator(p, 'secure')) problems.push(`${p.file}: parameter ${p.name} must be @secure()`);
      if (p.defaultValue) problems.push(`${p.file}: secure parameter ${p.name} must not have a default`);
    }
  }

  // 7. PostgreSQL: version 15/16, private access only (delegated subnet + private DNS), TLS on.
  const pg = one('Microsoft.DBforPostgreSQL/flexibleServers');
  if (pg) {
    const version = literal(prop(pg.body, 'properties.version')) ?? '';
    const versionParam = params.find((p) => p.name === version && p.file === pg.file);
    const versions = versionParam
      ? [...(decorator(versionParam, 'allowed')?.args.match(/'(\d+)'/g) ?? [])].map((v) => v.replace(/'/g, ''))
      : [version];
    if (versions.length === 0 || !versions.every((v) => v === '15' || v === '16'))
      problems.push(`PostgreSQL version must be 15 or 16, is ${versions.join('/') || version}`);
    if (literal(prop(pg.body, 'properties.network.publicNetworkAccess')) !== 'Disabled')
      problems.push('PostgreSQL publicNetworkAccess must be Disabled');
    if (!prop(pg.body, 'properties.network.delegatedSubnetResourceId'))
      problems.push('PostgreSQL has no delegatedSubnetResourceId');
    if (!prop(pg.body, 'properties.network.privateDnsZoneArmResourceId'))
      problems.push('PostgreSQL has no privateDnsZoneArmResourceId');
  }
  const tls = ofType('Microsoft.DBforPostgreSQL/flexibleServers/configurations').find(
    (r) => literal(prop(r.body, 'name')) === 'require_secure_transport',
  );
  if (!tls || (literal(prop(tls.body, 'properties.value')) ?? '').toUpperCase() !== 'ON')
    problems.push('PostgreSQL require_secure_transport must be ON');
  const zones = ofType('Microsoft.Network/privateDnsZones').map((r) => literal(prop(r.body, 'name')) ?? '');
  if (!zones.some((z) => z.endsWith('.postgres.database.azure.com')))
    problems.push('no private DNS zone ending in .postgres.database.azure.com');

  // 8. Monitoring: workspace-based Application Insights.
  const ai = one('Microsoft.Insights/components');
  if (ai && !prop(ai.body, 'properties.WorkspaceResourceId'))
    problems.push('Application Insights must be workspace-based (WorkspaceResourceId)');

  // 9. The bot: single tenant with the tenant id, HTTPS messaging endpoint, Teams channel.
  const bot = one('Microsoft.BotService/botServices');
  if (bot) {
    const type = literal(prop(bot.body, 'properties.msaAppType'));
    if (type !== 'SingleTenant' && type !== 'UserAssignedMSI')
      problems.push(`bot msaAppType must be SingleTenant or UserAssignedMSI, is ${type ?? 'missing'}`);
    if (!prop(bot.body, 'properties.msaAppTenantId')) problems.push('bot has no msaAppTenantId');
    const endpoint = literal(prop(bot.body, 'properties.endpoint')) ?? '';
    if (!/^https:\/\/.+\/api\/messages$/.test(endpoint))
      problems.push(`bot endpoint must be https://<host>/api/messages, is ${endpoint}`);
  }
  const channels = ofType('Microsoft.BotService/botServices/channels').map((r) =>
    literal(prop(r.body, 'properties.channelName')),
  );
  if (!channels.includes('MsTeamsChannel')) problems.push('the bot has no Microsoft Teams channel');

  // 11. Diagnostic settings: the web app and the PostgreSQL server send logs and metrics to the Log
  // Analytics workspace (a parameter fed from the monitoring module), without the categories that
  // carry personal data; PostgreSQL's log lines leave out DETAIL (row values).
  for (const [type, categories] of Object.entries(diagnostics)) {
    const target = one(type);
    if (!target) continue;
    const settingsFor = ofType('Microsoft.Insights/diagnosticSettings').filter(
      (d) => d.file === target.file && literal(prop(d.body, 'scope')) === target.symbol,
    );
    if (settingsFor.length !== 1) {
      problems.push(`${type} needs one diagnostic setting (scope: ${target.symbol}), found ${settingsFor.length}`);
      continue;
    }
    const d = settingsFor[0]!;
    const workspace = literal(prop(d.body, 'properties.workspaceId')) ?? '';
    if (!params.some((p) => p.file === d.file && p.name === workspace))
      problems.push(`${d.file}: diagnostic setting workspaceId must be a parameter, is ${workspace || 'missing'}`);
    const enabled = (key: string) => {
      const list = prop(d.body, `properties.${key}`);
      return list?.kind === 'array'
        ? list.items
            .filter((i) => literal(prop(i, 'enabled')) === 'true')
            .map((i) => literal(prop(i, 'category')) ?? '')
        : [];
    };
    for (const c of categories.required)
      if (!enabled('logs').includes(c)) problems.push(`${type} diagnostic setting does not send ${c}`);
    for (const c of categories.forbidden)
      if (enabled('logs').includes(c))
        problems.push(`${type} diagnostic setting sends ${c}, which carries personal data`);
    if (!enabled('metrics').includes('AllMetrics'))
      problems.push(`${type} diagnostic setting does not send AllMetrics`);
  }
  for (const f of files) {
    for (const [symbol, m] of f.modules) {
      const passed = prop(m.body, 'params.logAnalyticsWorkspaceId');
      if (passed && literal(passed) !== 'monitoring.outputs.workspaceId')
        problems.push(
          `${f.file}: module ${symbol} gets logAnalyticsWorkspaceId from ${literal(passed) ?? '?'}, not the monitoring module`,
        );
    }
  }
  const verbosity = ofType('Microsoft.DBforPostgreSQL/flexibleServers/configurations').find(
    (r) => literal(prop(r.body, 'name')) === 'log_error_verbosity',
  );
  if (literal(prop(verbosity?.body, 'properties.value')) !== 'TERSE')
    problems.push('PostgreSQL log_error_verbosity must be TERSE (DETAIL lines repeat row values)');

  // 11. The audit anchor store (decision 0007): a container under a time-based immutability (WORM)
  // policy that allows protected append writes, retention of at least a year; no shared keys or
  // public access; the app may append with its identity (Storage Blob Data Contributor, on the container).
  const anchorAccount = one('Microsoft.Storage/storageAccounts');
  if (anchorAccount) {
    for (const [key, wanted] of [
      ['properties.allowSharedKeyAccess', 'false'],
      ['properties.allowBlobPublicAccess', 'false'],
      ['properties.minimumTlsVersion', 'TLS1_2'],
      ['properties.supportsHttpsTrafficOnly', 'true'],
    ] as const) {
      const got = literal(prop(anchorAccount.body, key));
      if (got !== wanted)
        problems.push(`audit anchor storage account ${key} is ${got ?? 'missing'}, expected ${wanted}`);
    }
  }
  const worm = one('Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies');
  const anchorContainer = one('Microsoft.Storage/storageAccounts/blobServices/containers');
  if (worm) {
    if (literal(prop(worm.body, 'properties.allowProtectedAppendWrites')) !== 'true')
      problems.push(
        'the audit anchor WORM policy must allow protected append writes (allowProtectedAppendWrites: true)',
      );
    if (literal(prop(worm.body, 'parent')) !== anchorContainer?.symbol)
      problems.push('the audit anchor WORM policy must be on the anchor container');
    const days = literal(prop(worm.body, 'properties.immutabilityPeriodSinceCreationInDays')) ?? '';
    const param = params.find((p) => p.name === days);
    const least = /^\d+$/.test(days)
      ? Number(days)
      : param
        ? Math.min(Number(decorator(param, 'minValue')?.args ?? 'NaN'), Number(literal(param.defaultValue) ?? 'NaN'))
        : Number.NaN;
    if (!(least >= 1))
      problems.push(
        'the audit anchor WORM policy needs a retention period (immutabilityPeriodSinceCreationInDays, at least 1 day)',
      );
    if (param && !(Number(literal(param.defaultValue) ?? 'NaN') >= 365))
      problems.push('the audit anchor WORM retention must default to a year or more');
  }
  const anchorRole = ofType('Microsoft.Authorization/roleAssignments').find(
    (r) => literal(prop(r.body, 'scope')) === anchorContainer?.symbol,
  );
  if (
    !anchorRole ||
    !/ba92f5b4-2d11-453e-a403-e96b0029c9fe/.test(sources[anchorRole.file] ?? '') ||
    literal(prop(anchorRole.body, 'properties.principalId')) !== 'appPrincipalId'
  ) {
    problems.push('the app needs the Storage Blob Data Contributor role on the audit anchor container');
  }

  // 10. main.bicep: the location default and the outputs the app package needs.
  const main = files.find((f) => f.file === 'main.bicep');
  if (!main) problems.push('infra/main.bicep is missing');
  else {
    const location = main.params.find((p) => p.name === 'location');
    if (literal(location?.defaultValue) !== 'swedencentral')
      problems.push(`location must default to swedencentral, is ${literal(location?.defaultValue) ?? 'missing'}`);
    for (const o of ['BASE_URL', 'MicrosoftAppId', 'BOT_ENDPOINT'])
      if (!main.outputs.has(o)) problems.push(`main.bicep output ${o} is missing`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('infrastructure (Bicep, checked structurally — not compiled)', () => {
  const sources = readSources();

  it('reads every template and finds the resources', () => {
    assert.ok('main.bicep' in sources, 'infra/main.bicep');
    const parsed = Object.entries(sources).map(([file, text]) => parseBicep(text, file));
    const types = new Set(parsed.flatMap((f) => f.resources.map((r) => r.type)));
    for (const t of [
      'Microsoft.Web/sites',
      'Microsoft.DBforPostgreSQL/flexibleServers',
      'Microsoft.KeyVault/vaults',
      'Microsoft.BotService/botServices',
      'Microsoft.Insights/components',
    ]) {
      assert.ok(types.has(t), t);
    }
  });

  it('passes every structural check', () => {
    assert.deepEqual(check(sources), []);
  });

  it('sets every variable src/config/config.ts reads as an app setting, by name', () => {
    const app = sources['modules/app.bicep'] ?? '';
    // Independent of the parser: a plain search for `NAME:` in the settings file.
    const missing = requiredSettings.filter((v) => !new RegExp(`^\\s*${v}:`, 'm').test(app));
    assert.deepEqual(missing, []);
  });

  describe('negative control: the same checks fail on mutated copies', () => {
    const mutate = (file: string, from: string | RegExp, to: string): Sources => {
      const text = sources[file];
      assert.ok(text !== undefined, file);
      const changed = text.replace(from, to);
      assert.notEqual(changed, text, `mutation of ${file} did not apply: ${String(from)}`);
      return { ...sources, [file]: changed };
    };
    const fails = (copy: Sources, expected: RegExp) => {
      const problems = check(copy);
      assert.ok(
        problems.some((p) => expected.test(p)),
        `expected a problem matching ${expected}, got: ${JSON.stringify(problems)}`,
      );
    };

    it('no diagnostic setting on the web app', () =>
      fails(
        mutate('modules/app.bicep', 'scope: site', 'scope: plan'),
        /Microsoft\.Web\/sites needs one diagnostic setting/,
      ));
    it('App Service HTTP logs (URLs with query strings) sent', () =>
      fails(
        mutate('modules/app.bicep', "category: 'AppServiceAuditLogs'", "category: 'AppServiceHTTPLogs'"),
        /sends AppServiceHTTPLogs/,
      ));
    it('PostgreSQL server logs not sent', () =>
      fails(
        mutate(
          'modules/postgres.bicep',
          "category: 'PostgreSQLLogs'\n        enabled: true",
          "category: 'PostgreSQLLogs'\n        enabled: false",
        ),
        /does not send PostgreSQLLogs/,
      ));
    it('PostgreSQL metrics not sent', () =>
      fails(
        mutate('modules/postgres.bicep', "category: 'AllMetrics'", "category: 'Storage'"),
        /DBforPostgreSQL\/flexibleServers diagnostic setting does not send AllMetrics/,
      ));
    it('the workspace from elsewhere', () =>
      fails(
        mutate(
          'main.bicep',
          /logAnalyticsWorkspaceId: monitoring\.outputs\.workspaceId/,
          "logAnalyticsWorkspaceId: 'x'",
        ),
        /not the monitoring module/,
      ));
    it('PostgreSQL DETAIL lines in the logs', () =>
      fails(
        mutate('modules/postgres.bicep', "value: 'TERSE'", "value: 'DEFAULT'"),
        /log_error_verbosity must be TERSE/,
      ));
    it('HTTP allowed', () => fails(mutate('modules/app.bicep', 'httpsOnly: true', 'httpsOnly: false'), /httpsOnly/));
    it('TLS 1.0', () =>
      fails(mutate('modules/app.bicep', "minTlsVersion: '1.2'", "minTlsVersion: '1.0'"), /minTlsVersion/));
    it('FTP allowed', () =>
      fails(mutate('modules/app.bicep', "ftpsState: 'Disabled'", "ftpsState: 'AllAllowed'"), /ftpsState/));
    it('no health check', () =>
      fails(mutate('modules/app.bicep', "healthCheckPath: '/healthz'", "healthCheckPath: '/'"), /healthCheckPath/));
    it('one instance', () =>
      fails(mutate('modules/app.bicep', '@minValue(2)', '@minValue(1)'), /instanceCount needs @minValue/));
    it('an app setting missing', () =>
      fails(mutate('modules/app.bicep', /^\s*PLAN_TEAM_ID: .*\n/m, ''), /app setting PLAN_TEAM_ID is missing/));
    it('a secret passed as a plain setting', () =>
      fails(
        mutate(
          'modules/app.bicep',
          /MicrosoftAppPassword: '@Microsoft\.KeyVault\(SecretUri=\$\{appCredentialUri\}\)'/,
          'MicrosoftAppPassword: appCredentialUri',
        ),
        /MicrosoftAppPassword must be a Key Vault reference/,
      ));
    it('a secure parameter in app settings', () => {
      const withParam = mutate(
        'modules/app.bicep',
        'param appInsightsConnectionString string',
        '@secure()\nparam leaked string\nparam appInsightsConnectionString string',
      );
      const text = withParam['modules/app.bicep'] ?? '';
      fails(
        { ...withParam, 'modules/app.bicep': text.replace("DEV_AUTH: 'false'", "DEV_AUTH: 'false'\n    LEAK: leaked") },
        /carries the secure parameter leaked/,
      );
    });
    it('a secret parameter without @secure()', () =>
      fails(
        mutate(
          'main.bicep',
          /@secure\(\)\n(@description\([^\n]*\)\n)?param microsoftAppPassword/,
          'param microsoftAppPassword',
        ),
        /microsoftAppPassword must be @secure/,
      ));
    it('PostgreSQL public', () =>
      fails(
        mutate('modules/postgres.bicep', "publicNetworkAccess: 'Disabled'", "publicNetworkAccess: 'Enabled'"),
        /publicNetworkAccess/,
      ));
    it('PostgreSQL without the delegated subnet', () =>
      fails(mutate('modules/postgres.bicep', /^\s*delegatedSubnetResourceId: .*\n/m, ''), /delegatedSubnetResourceId/));
    it('PostgreSQL with a firewall rule', () =>
      fails(
        mutate(
          'modules/postgres.bicep',
          'output fqdn',
          "resource open 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {\n  parent: server\n  name: 'all'\n  properties: {\n    startIpAddress: '0.0.0.0'\n    endIpAddress: '255.255.255.255'\n  }\n}\n\noutput fqdn",
        ),
        /firewall rule/,
      ));
    it('TLS not required by PostgreSQL', () =>
      fails(mutate('modules/postgres.bicep', "value: 'ON'", "value: 'OFF'"), /require_secure_transport/));
    it('an unknown API version', () =>
      fails(
        mutate(
          'modules/keyvault.bicep',
          'Microsoft.KeyVault/vaults@2023-07-01',
          'Microsoft.KeyVault/vaults@2019-09-01',
        ),
        /not an allowed API version/,
      ));
    it('an unlisted resource type', () =>
      fails(
        mutate(
          'modules/network.bicep',
          'Microsoft.Network/virtualNetworks@2024-05-01',
          'Microsoft.Network/publicIPAddresses@2024-05-01',
        ),
        /not on the allow-list/,
      ));
    it('another default location', () =>
      fails(
        mutate('main.bicep', "param location string = 'swedencentral'", "param location string = 'eastus'"),
        /swedencentral/,
      ));
    it('Key Vault without RBAC', () =>
      fails(
        mutate('modules/keyvault.bicep', 'enableRbacAuthorization: true', 'enableRbacAuthorization: false'),
        /RBAC/,
      ));
    it('no Key Vault Secrets User role for the app', () =>
      fails(
        mutate('modules/app.bicep', /principalId: site\.identity\.principalId/, 'principalId: deployer().objectId'),
        /Secrets User role/,
      ));
    it('no Key Vault Crypto User role on the audit signing key', () =>
      fails(
        mutate('modules/app.bicep', /scope: auditSigningKey\n/, 'scope: vault\n'),
        /Crypto User role assignment on the audit signing key/,
      ));
    it('an RSA or exportable audit signing key', () => {
      fails(mutate('modules/keyvault.bicep', "kty: 'EC'", "kty: 'RSA'"), /kty is RSA, expected EC/);
      fails(mutate('modules/keyvault.bicep', 'exportable: false', 'exportable: true'), /exportable is true/);
    });
    it('the app not told to sign in Key Vault', () =>
      fails(
        mutate(
          'modules/app.bicep',
          'AUDIT_SIGNING_KEY_VAULT_KEY_ID: auditSigningKeyUri',
          "AUDIT_SIGNING_KEY_VAULT_KEY_ID: ''",
        ),
        /AUDIT_SIGNING_KEY_VAULT_KEY_ID/,
      ));
    it('a module parameter that does not exist', () =>
      fails(
        mutate('main.bicep', '    databaseUrlUri: keyVault', '    databaseUri: keyVault'),
        /passes databaseUri, which modules\/app\.bicep does not declare/,
      ));
    it('a required module parameter not passed', () =>
      fails(
        mutate('main.bicep', /^\s*teamsAppId: teamsAppId\n/m, ''),
        /does not pass the required parameter teamsAppId/,
      ));
    it('a module output that does not exist', () =>
      fails(
        mutate('main.bicep', 'postgres.outputs.fqdn\n', 'postgres.outputs.hostName\n'),
        /postgres\.outputs\.hostName is not an output/,
      ));
    it('the audit anchor without WORM append writes', () =>
      fails(
        mutate('modules/audit-anchor.bicep', 'allowProtectedAppendWrites: true', 'allowProtectedAppendWrites: false'),
        /protected append writes/,
      ));
    it('the audit anchor without its WORM policy', () =>
      fails(
        mutate('modules/audit-anchor.bicep', /resource worm [\s\S]*?\n}\n/, ''),
        /exactly one Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/immutabilityPolicies/,
      ));
    it('the audit anchor WORM retention below a year by default', () =>
      fails(
        mutate('modules/audit-anchor.bicep', 'param retentionDays int = 3650', 'param retentionDays int = 30'),
        /a year or more/,
      ));
    it('the audit anchor with shared keys', () =>
      fails(
        mutate('modules/audit-anchor.bicep', 'allowSharedKeyAccess: false', 'allowSharedKeyAccess: true'),
        /allowSharedKeyAccess/,
      ));
    it('no role for the app on the audit anchor', () =>
      fails(
        mutate('modules/audit-anchor.bicep', 'principalId: appPrincipalId', 'principalId: deployer().objectId'),
        /Storage Blob Data Contributor/,
      ));
    it('a multi-tenant bot', () =>
      fails(mutate('modules/bot.bicep', "msaAppType: 'SingleTenant'", "msaAppType: 'MultiTenant'"), /msaAppType/));
    it('the parser refuses what it does not understand', () => {
      assert.throws(
        () => check(mutate('main.bicep', 'targetScope', 'import foo\ntargetScope')),
        /unexpected statement 'import'/,
      );
      assert.throws(
        () => check(mutate('modules/app.bicep', 'httpsOnly: true', 'httpsOnly: (true')),
        /^Error: modules\/app\.bicep:\d+: /,
      );
    });
  });
});

describe('Microsoft 365 Agents Toolkit parameters file (infra/main.parameters.json)', () => {
  // m365agents.yml itself is validated against the Toolkit's schema in m365agents-yaml.test.ts.
  const parameters = JSON.parse(fs.readFileSync(path.join(infraDir, 'main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: string }>;
  };

  it('passes secrets to the deployment only from SECRET_ variables (kept in env/.env.*.user)', () => {
    for (const name of ['microsoftAppPassword', 'postgresAdminPassword']) {
      assert.match(parameters.parameters[name]?.value ?? '', /^\$\{\{SECRET_[A-Z_]+\}\}$/, name);
    }
    // Every parameter the file sets exists in main.bicep.
    const main = parseBicep(fs.readFileSync(path.join(infraDir, 'main.bicep'), 'utf8'), 'main.bicep');
    for (const name of Object.keys(parameters.parameters))
      assert.ok(
        main.params.some((p) => p.name === name),
        name,
      );
  });

  it('gives the bot and the app the Entra app that aadApp/create made', () => {
    assert.equal(parameters.parameters.microsoftAppId?.value, '${{AAD_APP_CLIENT_ID}}');
  });
});
