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
import { parseBicep } from '../support/bicep';
import { check, readSources, type Sources } from '../support/infra-checks';
import { requiredSettings } from '../support/infra-policy';

const root = path.resolve(__dirname, '..', '..');
const infraDir = path.join(root, 'infra');

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
