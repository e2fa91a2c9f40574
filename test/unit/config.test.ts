import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, configVariables, loadConfig } from '../../src/config/config';

const appId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';
const tenantId = '3c1e2a44-8c7d-4d1e-b0a4-8f1f0c9e2d55';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('has defaults for local development: PGlite in ./data, port 3978, Swedish, local mode', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.baseUrl, 'http://localhost:3978');
    assert.equal(c.defaultLocale, 'sv');
    assert.equal(c.logLevel, 'info');
    assert.equal(c.bot, null);
  });

  it('treats empty strings as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '', MicrosoftAppId: ' ', PORT: '' }).bot, null);
  });

  it('reads bot credentials as one Entra app', () => {
    const c = loadConfig({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppTenantId: tenantId,
      BASE_URL: 'https://samsyn.example.se/',
    });
    assert.deepEqual(c.bot, { appId, appPassword: 's3cret', tenantId, appType: 'SingleTenant' });
    assert.equal(c.baseUrl, 'https://samsyn.example.se');
  });

  it('names each problem and never echoes a secret', () => {
    const found = problems({ PORT: '99999', DEFAULT_LOCALE: 'de', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    assert.deepEqual(found.map((p) => p.split(':')[0]).sort(), ['DATABASE_URL', 'DEFAULT_LOCALE', 'LOG_LEVEL', 'PORT']);
    const secret = problems({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'hunter2-secret',
      MicrosoftAppType: 'SingleTenant',
    });
    assert.deepEqual(secret, ['MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant']);
    assert.ok(!JSON.stringify(secret).includes('hunter2'));
  });

  it('requires what each app type needs, and https with credentials', () => {
    assert.deepEqual(problems({ MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId }), [
      'MicrosoftAppPassword is required when MicrosoftAppType is SingleTenant',
    ]);
    assert.deepEqual(
      problems({ MicrosoftAppId: appId, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: tenantId }),
      [
        'MANAGED_IDENTITY_CLIENT_ID is required when MicrosoftAppType is UserAssignedMSI (the client id of the managed identity that calls Microsoft Graph)',
      ],
    );
    const managed = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    assert.deepEqual(
      loadConfig({
        MicrosoftAppId: appId,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: tenantId,
        MANAGED_IDENTITY_CLIENT_ID: managed,
        BASE_URL: 'https://x.se',
      }).bot,
      {
        appId,
        appPassword: undefined,
        tenantId,
        appType: 'UserAssignedMSI',
        managedIdentityClientId: managed,
      },
    );
    assert.deepEqual(
      problems({ MANAGED_IDENTITY_CLIENT_ID: 'my-identity' }).map((p) => p.split(':')[0]),
      ['MANAGED_IDENTITY_CLIENT_ID'],
    );
    assert.deepEqual(
      problems({ MicrosoftAppId: appId, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'x' }),
      [],
    );
    assert.deepEqual(problems({ MicrosoftAppPassword: 'x' }), [
      'MicrosoftAppPassword is set but MicrosoftAppId is not',
    ]);
    assert.match(
      problems({
        MicrosoftAppId: appId,
        MicrosoftAppPassword: 'x',
        MicrosoftAppTenantId: tenantId,
        BASE_URL: 'http://x.se',
      })[0] ?? '',
      /BASE_URL must use https/,
    );
  });

  it('uses the development Graph credential only without bot credentials', () => {
    assert.deepEqual(loadConfig({ GRAPH_BASE_URL: 'https://127.0.0.1:5443' }).graph, {
      baseUrl: 'https://127.0.0.1:5443',
      development: true,
    });
    const prod = loadConfig({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: tenantId,
      GRAPH_BASE_URL: 'https://127.0.0.1:5443',
    });
    assert.deepEqual(prod.graph, { baseUrl: 'https://127.0.0.1:5443', development: false });
    assert.equal(loadConfig({}).graph, null);
    assert.deepEqual(
      problems({ GRAPH_BASE_URL: 'http://graph.example' }).map((p) => p.split(':')[0]),
      ['GRAPH_BASE_URL'],
    );
  });

  it("DEV_AUTH is impossible in a production configuration; tenants default to the app's own", () => {
    assert.deepEqual(
      problems({ DEV_AUTH: 'true', MicrosoftAppId: appId, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: tenantId }),
      ['DEV_AUTH=true is for local development only and cannot be combined with MicrosoftAppId'],
    );
    assert.equal(loadConfig({ DEV_AUTH: 'true' }).devAuth, true);
    assert.deepEqual(
      loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: tenantId }).allowedTenants,
      [tenantId],
    );
    assert.deepEqual(loadConfig({ ALLOWED_TENANTS: `${tenantId}, ${appId.toUpperCase()}` }).allowedTenants, [
      tenantId,
      appId,
    ]);
    assert.deepEqual(
      problems({ ALLOWED_TENANTS: 'contoso' }).map((p) => p.split(':')[0]),
      ['ALLOWED_TENANTS'],
    );
  });

  it('lists every variable it reads', () => {
    assert.deepEqual(
      [...configVariables].sort(),
      [
        'ALLOWED_TENANTS',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'AUDIT_ANCHOR',
        'AUDIT_ANCHOR_CONTAINER',
        'AUDIT_SIGNING_KEY_FILE',
        'AUDIT_SIGNING_KEY_VAULT_KEY_ID',
        'BASE_URL',
        'DATABASE_URL',
        'DEV_AUTH',
        'DATA_DIR',
        'DEFAULT_LOCALE',
        'DIRECTORY_SYNC_SECONDS',
        'GRAPH_BASE_URL',
        'LOG_LEVEL',
        'MANAGED_IDENTITY_CLIENT_ID',
        'MicrosoftAppId',
        'MicrosoftAppPassword',
        'MicrosoftAppTenantId',
        'MicrosoftAppType',
        'ORG_CONFIG_FILE',
        'PLAN_CHANNEL_ON_CLOSE',
        'PLAN_TEAM_ID',
        'PORT',
        'TEAMS_APP_ID',
      ].sort(),
    );
  });
});
