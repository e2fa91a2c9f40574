/**
 * The tab API's sign-in over real HTTP: an Entra-shaped SSO token validated against a key set served
 * as JWKS (as production uses Entra's endpoint), or — in local development with DEV_AUTH only — a
 * development persona. Identity never comes from the request beyond the token.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createRemoteJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { loadConfig } from '../../src/config/config';
import { projectRoot } from '../../src/config/project-root';
import { developmentDirectory } from '../../src/config/development-directory';
import { startApp, type RunningApp } from '../../src/http/app';
import type { DirectoryPort } from '../../src/app/directory-port';
import { freePort } from '../support/net';
import { hostTenant, regionTenant, writePartnerOrgConfig } from '../support/partner-org';

const tenant = '00000000-0000-4000-8000-00000000a001';
const projectRootDir = projectRoot();
const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const appId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';

describe('tab sign-in (GET /api/tab/me)', function () {
  this.timeout(60_000);
  let keys: { privateKey: CryptoKey; publicKey: CryptoKey };
  let jwksServer: http.Server;
  let jwksUrl: string;
  const dirs: string[] = [];
  const apps: RunningApp[] = [];

  before(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', use: 'sig' };
    jwksServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const a = jwksServer.address();
    jwksUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/discovery/v2.0/keys`;
  });
  after(async () => {
    for (const app of apps) await app.close();
    await new Promise((resolve) => jwksServer.close(resolve));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(
    env: Record<string, string>,
    directory: DirectoryPort = developmentDirectory(),
  ): Promise<RunningApp> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tab-'));
    dirs.push(dir);
    const config = loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, ...env });
    // The personas come from the development directory, not from a real tenant's Entra ID.
    const app = await startApp(config, pino({ level: 'silent' }), {
      host: '127.0.0.1',
      jwks: createRemoteJWKSet(new URL(jwksUrl)),
      directory,
    });
    apps.push(app);
    return app;
  }

  // The issuer is the token's own tenant (`tid`), as Entra issues it, unless a test forges another.
  const token = (claims: Record<string, unknown> = {}, aud = appId, issuerTenant?: string) =>
    new SignJWT({ tid: tenant, oid: anna, name: 'Anna Lind', scp: 'access_as_user', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(
        `https://login.microsoftonline.com/${issuerTenant ?? (claims.tid as string | undefined) ?? tenant}/v2.0`,
      )
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(keys.privateKey);

  it('with credentials: a valid token signs in; a forged, foreign or absent one does not; no dev persona', async () => {
    const app = await start({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: tenant,
      BASE_URL: 'https://samsyn.example.se',
    });
    const me = (headers: Record<string, string>) => fetch(`${app.url}/api/tab/me`, { headers });

    const ok = await me({ authorization: `Bearer ${await token()}` });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {
      displayName: 'Anna Lind',
      orgUnitId: 'lunda-norrskolan',
      orgUnitName: 'Norrskolan, Lunda kommun',
      roles: ['professional', 'named-person'],
    });

    const v1 = await me({ authorization: `Bearer ${await token({}, `api://samsyn.example.se/${appId}`)}` });
    assert.equal(v1.status, 200, 'the App ID URI audience is accepted too');

    const wrongAud = await me({ authorization: `Bearer ${await token({}, 'api://other')}` });
    assert.deepEqual([wrongAud.status, await wrongAud.json()], [401, { error: 'audience' }]);
    const stranger = await me({
      authorization: `Bearer ${await token({ oid: '6f1c2d3e-0099-4a5b-8c9d-000000000099' })}`,
    });
    assert.deepEqual([stranger.status, await stranger.json()], [403, { error: 'not-a-member' }]);
    assert.equal((await me({})).status, 401);
    assert.equal((await me({ 'x-samsyn-dev-persona': anna })).status, 401, 'no dev persona with credentials');
  });

  it('local development: DEV_AUTH lets a loopback caller be a persona; without it, nothing', async () => {
    const dev = await start({ DEV_AUTH: 'true' });
    const r = await fetch(`${dev.url}/api/tab/me`, { headers: { 'x-samsyn-dev-persona': anna } });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { displayName: string }).displayName, 'Anna Lind');
    assert.equal(
      (
        await fetch(`${dev.url}/api/tab/me`, {
          headers: { 'x-samsyn-dev-persona': '6f1c2d3e-0099-4a5b-8c9d-000000000099' },
        })
      ).status,
      403,
    );
    await dev.close();
    const plain = await start({});
    assert.equal((await fetch(`${plain.url}/api/tab/me`, { headers: { 'x-samsyn-dev-persona': anna } })).status, 401);
  });

  it('someone added to a unit’s group since the last sync signs in at once (looked up, cached, audited)', async () => {
    const karin = '6f1c2d3e-00aa-4a5b-8c9d-0000000000aa';
    const norrskolanStaff = '0b0b0000-0001-4000-8000-000000000001';
    const dev = developmentDirectory();
    // The sync's group listing does not have Karin yet; the per-user look-up (transitiveMemberOf) does.
    const directory: DirectoryPort = {
      groupUsers: (id) => dev.groupUsers(id),
      userGroupIds: async (id) => (id === karin ? [norrskolanStaff] : dev.userGroupIds(id)),
      user: async (id) =>
        id === karin
          ? { id, displayName: 'Karin Ek', mail: 'karin.ek@x.example', userPrincipalName: null, jobTitle: 'Lärare' }
          : dev.user(id),
    };
    const app = await start(
      {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: 'x',
        MicrosoftAppTenantId: tenant,
        BASE_URL: 'https://samsyn.example.se',
      },
      directory,
    );
    const r = await fetch(`${app.url}/api/tab/me`, {
      headers: { authorization: `Bearer ${await token({ oid: karin, name: 'Karin Ek' })}` },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), {
      displayName: 'Karin Ek',
      orgUnitId: 'lunda-norrskolan',
      orgUnitName: 'Norrskolan, Lunda kommun',
      roles: ['professional'],
    });
    const audit = await app.db.query<{ action: string }>('SELECT action FROM audit_log WHERE actor_object_id = $1', [
      karin,
    ]);
    assert.deepEqual(
      audit.rows.map((x) => x.action),
      ['directory.added'],
    );
  });

  describe('partner tenants (decision 0008)', () => {
    const cecilia = '6f1c2d3e-0003-4a5b-8c9d-000000000003'; // BVC Lunda, Region Exempel's tenant here
    const unlisted = '00000000-0000-4000-8000-00000000c003';
    const credentials = (orgFile: string) => ({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: hostTenant,
      BASE_URL: 'https://samsyn.example.se',
      ORG_CONFIG_FILE: orgFile,
    });

    it('a listed partner tenant’s token signs in as that tenant’s person (tid, oid); an unlisted tenant gets nothing', async () => {
      const orgFile = writePartnerOrgConfig();
      dirs.push(path.dirname(orgFile));
      const app = await start(credentials(orgFile));
      const me = async (claims: Record<string, unknown>, issuerTenant?: string) => {
        const r = await fetch(`${app.url}/api/tab/me`, {
          headers: { authorization: `Bearer ${await token(claims, appId, issuerTenant)}` },
        });
        return [r.status, await r.json()] as const;
      };

      assert.deepEqual(await me({ tid: regionTenant, oid: cecilia, name: 'Cecilia Berg' }), [
        200,
        {
          displayName: 'Cecilia Berg',
          orgUnitId: 'region-bvc-lunda',
          orgUnitName: 'BVC Lunda, Region Exempel',
          roles: ['professional', 'named-person'],
        },
      ]);
      const cached = await app.db.query<{ tenant_id: string; org_unit_id: string }>(
        'SELECT tenant_id, org_unit_id FROM membership WHERE object_id = $1',
        [cecilia],
      );
      assert.deepEqual(cached.rows, [{ tenant_id: regionTenant, org_unit_id: 'region-bvc-lunda' }]);

      // The same object id from the host's tenant is someone else: not a member there.
      assert.deepEqual(await me({ tid: hostTenant, oid: cecilia }), [403, { error: 'not-a-member' }]);
      // A host professional's object id presented by the partner tenant gives nothing either.
      assert.deepEqual(await me({ tid: regionTenant, oid: anna }), [403, { error: 'not-a-member' }]);
      // A partner's token must be issued by the partner's own tenant.
      assert.deepEqual(await me({ tid: regionTenant, oid: cecilia }, hostTenant), [401, { error: 'issuer' }]);
      // A tenant not on the allow-list gets nothing, whoever the person is.
      assert.deepEqual(await me({ tid: unlisted, oid: cecilia }), [401, { error: 'tenant' }]);
      assert.deepEqual(await me({ tid: unlisted, oid: anna }), [401, { error: 'tenant' }]);
      // The host's own people are unchanged.
      assert.equal((await me({}))[0], 200);
    });

    it('without partnerTenants the region’s tenant is refused; a host tenant other than the app’s stops the start', async () => {
      const app = await start(credentials(path.join(projectRootDir, 'config', 'organisations.json')));
      const r = await fetch(`${app.url}/api/tab/me`, {
        headers: { authorization: `Bearer ${await token({ tid: regionTenant, oid: cecilia })}` },
      });
      assert.deepEqual([r.status, await r.json()], [401, { error: 'tenant' }]);

      await assert.rejects(
        start({
          ...credentials(path.join(projectRootDir, 'config', 'organisations.json')),
          MicrosoftAppTenantId: unlisted,
        }),
        /belong to tenant 00000000-0000-4000-8000-00000000a001, not to the app's tenant/,
      );
    });
  });
});
