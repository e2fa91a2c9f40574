/**
 * Graph's application credential from the configuration: the app registration's client secret, or —
 * with MicrosoftAppType=UserAssignedMSI — the managed identity named by MANAGED_IDENTITY_CLIENT_ID.
 * The managed-identity token request goes to a local stand-in of App Service's identity endpoint
 * (IDENTITY_ENDPOINT / IDENTITY_HEADER, the outer edge), which records the client id it was asked for.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import { loadConfig } from '../../src/config/config';
import { developmentTokenPrefix, graphScope } from '../../src/graph/graph-client';
import { graphCredentialFor } from '../../src/http/side-effects';

const appId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';
const tenantId = '3c1e2a44-8c7d-4d1e-b0a4-8f1f0c9e2d55';
const managedIdentity = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('Graph credential', () => {
  it("is the app registration's client secret when one is configured", () => {
    const config = loadConfig({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppTenantId: tenantId,
    });
    assert.ok(graphCredentialFor(config) instanceof ClientSecretCredential);
  });

  describe('with a user-assigned managed identity', () => {
    const asked: URLSearchParams[] = [];
    let server: http.Server;
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

    before(async () => {
      server = http.createServer((req, res) => {
        asked.push(new URL(req.url ?? '/', 'http://x').searchParams);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: 'mi-token',
            expires_on: String(Math.floor(Date.now() / 1000) + 3600),
            resource: 'https://graph.microsoft.com',
            token_type: 'Bearer',
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/msi/token`;
      process.env.IDENTITY_HEADER = 'test-identity-header';
    });
    after(async () => {
      for (const [key, value] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("asks for a token as the managed identity itself (its own client id, not the app registration's)", async () => {
      const config = loadConfig({
        MicrosoftAppId: appId,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: tenantId,
        MANAGED_IDENTITY_CLIENT_ID: managedIdentity,
      });
      const token = await graphCredentialFor(config).getToken(graphScope);
      assert.equal(token?.token, 'mi-token');
      assert.equal(asked.length, 1);
      assert.equal(asked[0]?.get('client_id'), managedIdentity);
      assert.equal(asked[0]?.get('resource'), 'https://graph.microsoft.com');
    });
  });

  it('for a partner tenant (decision 0008): the same app with that tenant’s token — secret, federated managed identity, or the stand-in’s', async () => {
    const partner = '00000000-0000-4000-8000-00000000b002';
    const secret = loadConfig({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppTenantId: tenantId,
    });
    assert.ok(graphCredentialFor(secret, partner) instanceof ClientSecretCredential);
    const identity = loadConfig({
      MicrosoftAppId: appId,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: tenantId,
      MANAGED_IDENTITY_CLIENT_ID: managedIdentity,
    });
    // A managed identity cannot be asked in another tenant: it is the app registration's federated credential.
    assert.ok(graphCredentialFor(identity, partner) instanceof ClientAssertionCredential);
    const development = loadConfig({ GRAPH_BASE_URL: 'https://127.0.0.1:5443' });
    assert.equal(
      (await graphCredentialFor(development, partner).getToken(graphScope))?.token,
      `${developmentTokenPrefix}${partner}`,
    );
    assert.equal((await graphCredentialFor(development).getToken(graphScope))?.token, 'development-stand-in-token');
  });
});
