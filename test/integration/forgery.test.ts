/**
 * Forgery: with bot credentials configured, POST /api/messages accepts a correctly signed Teams
 * activity (the positive control: its stored row, audit entry, card and reply) and rejects unsigned,
 * wrongly signed, expired, not-yet-valid, wrong-audience, wrong-issuer, wrong-service-URL,
 * unendorsed and Emulator-issued tokens, and a missing Authorization header, with 401 and no effect.
 *
 * botbuilder is pointed at a local OpenID metadata document and key set through its own settings
 * (ToBotFromChannelOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToBotFromEmulatorOpenIdMetadataUrl);
 * no check is switched off. The tokens are minted here with jose like the Bot Connector's: RS256,
 * iss = the channel issuer, aud = the bot's app id, serviceurl = the activity's service URL, and
 * keys published with `endorsements` (the channel ids each key may sign for).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { loadOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';
import { developmentDirectory } from '../../src/config/development-directory';
import { loadWheels } from '../../src/config/load-wheels';
import type { Actor } from '../../src/domain/actor';
import { systemClock } from '../../src/domain/ports';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { startConnectorStandIn } from '../support/connector-standin';
import { freePort } from '../support/net';

const org = loadOrgConfig();
const persona = (name: string): Actor => {
  const m = developmentMembers(org.orgUnits).find((x) => x.displayName === name);
  if (!m) throw new Error(name);
  return {
    tenantId: m.tenantId,
    objectId: m.objectId,
    displayName: m.displayName,
    orgUnitId: m.orgUnitId,
    roles: m.roles,
  };
};
const anna = persona('Anna Lind');
const appId = '0b7f6a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const channelIssuer = 'https://api.botframework.local';
const outboundToken = 'stand-in-outbound-token';

interface KeyServer {
  readonly url: string;
  close(): Promise<void>;
}

/** OpenID metadata and key sets, like login.botframework.com's, for the channel and the Emulator. */
async function startKeyServer(channelKeys: JWK[], emulatorKeys: JWK[]): Promise<KeyServer> {
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const routes: Record<string, unknown> = {
      '/channel/.well-known/openidconfiguration': {
        issuer: channelIssuer,
        jwks_uri: `${base}/channel/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      },
      '/channel/keys': { keys: channelKeys },
      '/emulator/.well-known/openid-configuration': {
        issuer: 'https://login.microsoftonline.com/',
        jwks_uri: `${base}/emulator/keys`,
      },
      '/emulator/keys': { keys: emulatorKeys },
    };
    const body = routes[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function publicJwk(key: CryptoKey, kid: string, endorsements: string[]): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, use: 'sig', alg: 'RS256', endorsements } as JWK;
}

describe('forgery: /api/messages with bot credentials', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  let keys: KeyServer;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let teamsKey: CryptoKey;
  let webchatKey: CryptoKey;
  let strangerKey: CryptoKey;
  let caseId: string;
  let areaId: string;
  const tokenRequests: string[] = [];

  before(async () => {
    const teams = await generateKeyPair('RS256');
    const webchat = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    teamsKey = teams.privateKey;
    webchatKey = webchat.privateKey;
    strangerKey = stranger.privateKey;
    keys = await startKeyServer(
      [
        await publicJwk(teams.publicKey, 'teams-key', ['msteams']),
        await publicJwk(webchat.publicKey, 'webchat-key', ['webchat']),
      ],
      [],
    );
    connector = await startConnectorStandIn();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-forgery-'));
    const config = loadConfig({
      PORT: String(await freePort()),
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-used-outbound-token-is-a-stand-in',
      MicrosoftAppTenantId: anna.tenantId,
      MicrosoftAppType: 'SingleTenant',
      BASE_URL: 'https://samsyn.example',
    });
    assert.ok(config.bot !== null, 'credentials configured: local mode is off');
    app = await startApp(config, pino({ level: 'silent' }), {
      host: '127.0.0.1',
      outboxIntervalMs: 60_000,
      // The personas come from the development directory, not from a real tenant's Entra ID.
      directory: developmentDirectory(),
      botAuth: {
        endpoints: {
          ToBotFromChannelOpenIdMetadataUrl: `${keys.url}/channel/.well-known/openidconfiguration`,
          ToBotFromChannelTokenIssuer: channelIssuer,
          ToBotFromEmulatorOpenIdMetadataUrl: `${keys.url}/emulator/.well-known/openid-configuration`,
        },
        outboundToken: async (scope) => {
          tokenRequests.push(scope);
          return outboundToken;
        },
      },
    });
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    const now = Date.now();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: [anna.orgUnitId],
        informationCategories: ['home-family'],
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 86_400_000),
      },
    });
    caseId = kase.id;
    const wheelId = org.orgUnits.find((u) => u.id === anna.orgUnitId)?.wheelId ?? '';
    areaId = loadWheels().get(wheelId)?.areas[0]?.id ?? '';
    assert.ok(areaId !== '');
  });
  after(async () => {
    await app.close();
    await connector.close();
    await keys.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const serviceUrl = () => connector.url;

  /** A token like the Bot Connector's; `change` makes the forgery. */
  async function token(
    change: { key?: CryptoKey; kid?: string; claims?: JWTPayload; expiresIn?: number; notBefore?: number } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: channelIssuer,
      aud: appId,
      serviceurl: serviceUrl(),
      iat: now - 60,
      nbf: change.notBefore ?? now - 60,
      exp: now + (change.expiresIn ?? 3600),
      ...change.claims,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: change.kid ?? 'teams-key', typ: 'JWT' })
      .sign(change.key ?? teamsKey);
  }

  function unsigned(claims: JWTPayload): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${part({ alg: 'none', kid: 'teams-key', typ: 'JWT' })}.${part({ iss: channelIssuer, aud: appId, serviceurl: serviceUrl(), nbf: now - 60, exp: now + 3600, ...claims })}.`;
  }

  const base = () => ({
    channelId: 'msteams',
    serviceUrl: serviceUrl(),
    locale: 'sv-SE',
    from: { id: '29:anna', aadObjectId: anna.objectId, name: anna.displayName },
    recipient: { id: `28:${appId}` },
    conversation: { id: 'a:forgery-1to1', conversationType: 'personal', tenantId: anna.tenantId },
    channelData: { tenant: { id: anna.tenantId } },
  });

  /** The wheel submit for the seeded case: saves an assessment row, writes audit entries, returns a card. */
  const wheelSubmit = (level: string) => ({
    ...base(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'wheel.submit',
        data: { caseId, version: 0, [`${areaId}.level`]: level, [`${areaId}.strengths`]: 'Fotboll' },
      },
    },
  });
  const helpMessage = () => ({ ...base(), type: 'message', id: randomUUID(), text: 'hjälp' });

  const post = (activity: object, authorization?: string) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body: JSON.stringify(activity),
    });

  async function effects() {
    const count = async (sql: string) => Number((await app.db.query<{ n: string | number }>(sql)).rows[0]?.n ?? 0);
    return {
      assessments: await count('SELECT count(*) AS n FROM assessment'),
      audit: await count('SELECT count(*) AS n FROM audit_log'),
      teamsUsers: await count('SELECT count(*) AS n FROM teams_user'),
      drafts: await count('SELECT count(*) AS n FROM form_draft'),
      replies: connector.calls.length,
      outboundTokens: tokenRequests.length,
    };
  }

  it('accepts a correctly signed card action (positive control): 200, the card, the stored row and its audit entries', async () => {
    const before = await effects();
    const res = await post(wheelSubmit('some'), `Bearer ${await token()}`);
    const body = (await res.json()) as { statusCode?: number; type?: string; value?: { type?: string } };
    assert.equal(res.status, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(body.value?.type, 'AdaptiveCard');
    const stored = await app.db.query<{ areas: Record<string, { level?: string }>; author_object_id: string }>(
      'SELECT areas, author_object_id FROM assessment WHERE case_id = $1',
      [caseId],
    );
    assert.equal(stored.rows.length, 1);
    assert.equal(stored.rows[0]?.author_object_id, anna.objectId);
    assert.equal(stored.rows[0]?.areas[areaId]?.level, 'some');
    const after = await effects();
    assert.equal(after.assessments, before.assessments + 1);
    assert.ok(after.audit > before.audit, 'the save is audited');
    assert.equal(after.teamsUsers, before.teamsUsers + 1, 'the Teams user is remembered');
  });

  it('accepts a correctly signed message (positive control): the reply reaches the connector with the outbound token', async () => {
    const before = connector.calls.length;
    const res = await post(helpMessage(), `Bearer ${await token()}`);
    assert.equal(res.status, 200);
    const replies = connector.calls.slice(before);
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.method, 'POST');
    assert.match(replies[0]?.path ?? '', /^\/v3\/conversations\/a%3Aforgery-1to1\/activities/);
    assert.equal(
      (replies[0]?.body.attachments as { contentType: string }[] | undefined)?.[0]?.contentType,
      'application/vnd.microsoft.card.adaptive',
    );
    assert.equal(replies[0]?.authorization, `Bearer ${outboundToken}`);
    assert.deepEqual(tokenRequests.slice(-1), ['https://api.botframework.com']);
  });

  const forgeries: { name: string; authorization: () => Promise<string | undefined> }[] = [
    { name: 'no Authorization header', authorization: async () => undefined },
    { name: 'an empty bearer token', authorization: async () => 'Bearer ' },
    { name: 'an unsigned token (alg none)', authorization: async () => `Bearer ${unsigned({})}` },
    {
      name: 'a token signed with another key under the published key id',
      authorization: async () => `Bearer ${await token({ key: strangerKey })}`,
    },
    {
      name: 'a token signed with another key under an unknown key id',
      authorization: async () => `Bearer ${await token({ key: strangerKey, kid: 'stranger-key' })}`,
    },
    { name: 'a token with a tampered payload', authorization: async () => `Bearer ${tamper(await token())}` },
    { name: 'an expired token', authorization: async () => `Bearer ${await token({ expiresIn: -3600 })}` },
    {
      name: 'a token not yet valid',
      authorization: async () => `Bearer ${await token({ notBefore: Math.floor(Date.now() / 1000) + 3600 })}`,
    },
    {
      name: 'a token for another audience',
      authorization: async () => `Bearer ${await token({ claims: { aud: randomUUID() } })}`,
    },
    {
      name: 'a token from another issuer',
      authorization: async () => `Bearer ${await token({ claims: { iss: 'https://api.botframework.evil' } })}`,
    },
    {
      name: 'a token for another service URL',
      authorization: async () =>
        `Bearer ${await token({ claims: { serviceurl: 'https://smba.trafficmanager.net/evil/' } })}`,
    },
    {
      name: 'a token signed by a key not endorsed for msteams',
      authorization: async () => `Bearer ${await token({ key: webchatKey, kid: 'webchat-key' })}`,
    },
    {
      name: 'a token claiming the Emulator issuer',
      authorization: async () =>
        `Bearer ${await token({ claims: { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', ver: '1.0', appid: appId } })}`,
    },
    { name: 'a valid token under another scheme', authorization: async () => `Basic ${await token()}` },
  ];

  for (const forgery of forgeries) {
    it(`rejects ${forgery.name}: 401, no stored row, no audit entry, no reply`, async () => {
      const before = await effects();
      const invoke = await post(wheelSubmit('significant'), await forgery.authorization());
      const message = await post(helpMessage(), await forgery.authorization());
      assert.ok([401, 403].includes(invoke.status), `card action: ${invoke.status} ${await invoke.text()}`);
      assert.ok([401, 403].includes(message.status), `message: ${message.status} ${await message.text()}`);
      assert.deepEqual(await effects(), before);
      const stored = await app.db.query<{ areas: Record<string, { level?: string }> }>(
        'SELECT areas FROM assessment WHERE case_id = $1',
        [caseId],
      );
      assert.equal(stored.rows[0]?.areas[areaId]?.level, 'some', 'the forged save did not land');
    });
  }
});

/** Changes one claim of a signed token without re-signing it. */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  claims.serviceurl = String(claims.serviceurl);
  claims.aud = String(claims.aud);
  claims.extra = 'tampered';
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
