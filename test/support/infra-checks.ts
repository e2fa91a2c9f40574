/**
 * The structural checks of the infrastructure (infra/*.bicep) for test/unit/infra.test.ts: resource
 * types and API versions against an allow-list, HTTPS/TLS settings, private-only PostgreSQL with TLS
 * required, every configuration variable as an app setting, secrets only through Key Vault
 * references, `@secure()` secret parameters, the location default, the health check, the instance
 * count and the Key Vault roles. `check` returns the problems found.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  allowedResources,
  diagnostics,
  keyVaultCryptoUserRole,
  keyVaultReference,
  keyVaultSecretsUserRole,
  requiredSettings,
  secretSettings,
} from './infra-policy';
import { decorator, literal, parseBicep, prop, type Resource, type Value } from './bicep';

const root = path.resolve(__dirname, '..', '..');
const infraDir = path.join(root, 'infra');

// ---------------------------------------------------------------------------------------------
// The checks. `check` returns the problems found; the tests assert it returns none for the real
// templates and the expected problem for each mutated copy.

export type Sources = Readonly<Record<string, string>>;

export function readSources(): Record<string, string> {
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

export function check(sources: Sources): string[] {
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
