import assert from 'node:assert/strict';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { SsoTokenError, validateSsoToken, type SsoSettings, type SsoTokenErrorReason } from '../../src/http/sso-token';

const clientId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';
const appIdUri = `api://samsyn.example.se/${clientId}`;
const tenantId = '3c1e2a44-8c7d-4d1e-b0a4-8f1f0c9e2d55';
const otherTenantId = '9a7b6c5d-4e3f-4a1b-8c2d-1e0f9a8b7c6d';
const objectId = 'b2d4f6a8-1c3e-4f5a-9b7d-0e2c4a6b8d10';
const kid = 'test-key-1';
const now = new Date('2026-03-02T09:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const v2Issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;

let signingKey: CryptoKey;
let publicKey: CryptoKey;
let jwks: JWTVerifyGetKey;
let settings: SsoSettings;

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: v2Issuer,
    aud: clientId,
    tid: tenantId,
    oid: objectId,
    name: 'Anna Lärare',
    scp: 'access_as_user',
    ver: '2.0',
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ...overrides,
  };
}

function mint(payload: JWTPayload, key: CryptoKey = signingKey, headerKid = kid): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: headerKid }).sign(key);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function rejection(token: string, expected: SsoTokenErrorReason): Promise<SsoTokenError> {
  const err = await validateSsoToken(token, settings, now).then(
    () => assert.fail(`expected rejection with '${expected}'`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SsoTokenError, `expected SsoTokenError, got ${String(err)}`);
  assert.equal(err.reason, expected);
  return err;
}

describe('SSO token validation', () => {
  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    publicKey = pair.publicKey;
    // Shaped like Entra's key set: kid and use, no alg.
    jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig' }] });
    settings = { clientId, appIdUri, allowedTenants: [tenantId], jwks };
  });

  it('accepts a valid v2 token (aud = client id) and returns tid, oid and name', async () => {
    const identity = await validateSsoToken(await mint(claims()), settings, now);
    assert.deepEqual(identity, { tenantId, objectId, displayName: 'Anna Lärare' });
  });

  it('accepts a valid v1 token (aud = App ID URI, sts.windows.net issuer)', async () => {
    const token = await mint(
      claims({ aud: appIdUri, iss: `https://sts.windows.net/${tenantId}/`, ver: '1.0', scp: 'openid access_as_user' }),
    );
    const identity = await validateSsoToken(token, settings, now);
    assert.equal(identity.objectId, objectId);
    assert.equal(identity.tenantId, tenantId);
  });

  it('tolerates small clock skew but rejects an expired token', async () => {
    await validateSsoToken(await mint(claims({ exp: nowSeconds - 30 })), settings, now);
    await rejection(await mint(claims({ exp: nowSeconds - 120 })), 'expired');
  });

  it('rejects a token that is not yet valid', async () => {
    await rejection(await mint(claims({ nbf: nowSeconds + 600 })), 'not-yet-valid');
  });

  it('rejects a token for another audience', async () => {
    await rejection(
      await mint(claims({ aud: 'api://other.example.se/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b' })),
      'audience',
    );
  });

  it("rejects an issuer that is not the token's own tenant", async () => {
    await rejection(await mint(claims({ iss: `https://login.microsoftonline.com/${otherTenantId}/v2.0` })), 'issuer');
  });

  it('rejects a tenant that is not on the allow-list', async () => {
    const token = await mint(
      claims({ tid: otherTenantId, iss: `https://login.microsoftonline.com/${otherTenantId}/v2.0` }),
    );
    await rejection(token, 'tenant');
  });

  it('rejects a token without the access_as_user scope', async () => {
    await rejection(await mint(claims({ scp: 'User.Read access_as_user_x' })), 'scope');
    await rejection(await mint(claims({ scp: undefined, roles: ['access_as_user'] })), 'scope');
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`;
    await rejection(token, 'signature');
  });

  it('rejects HS256 signed with the public key as the secret (key confusion)', async () => {
    for (const secret of [
      new TextEncoder().encode(await exportSPKI(publicKey)),
      new TextEncoder().encode(JSON.stringify({ ...(await exportJWK(publicKey)), kid, use: 'sig' })),
    ]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(secret);
      await rejection(token, 'signature');
    }
  });

  it('rejects a validly signed token whose payload was changed', async () => {
    const [header, , signature] = (await mint(claims())).split('.');
    const forged = `${header}.${base64url(claims({ oid: '11111111-2222-4333-8444-555555555555' }))}.${signature}`;
    await rejection(forged, 'signature');
  });

  it('rejects a token signed by a key that is not in the key set', async () => {
    const stranger = await generateKeyPair('RS256');
    await rejection(await mint(claims(), stranger.privateKey), 'signature');
    await rejection(await mint(claims(), stranger.privateKey, 'unknown-kid'), 'signature');
  });

  it('rejects an oid or tid that is not a GUID', async () => {
    await rejection(await mint(claims({ oid: 'admin' })), 'claims');
    await rejection(await mint(claims({ oid: undefined })), 'claims');
    await rejection(
      await mint(claims({ tid: 'common', iss: 'https://login.microsoftonline.com/common/v2.0' })),
      'claims',
    );
  });

  it('rejects garbage as malformed', async () => {
    await rejection('', 'malformed');
    await rejection('not.a.jwt', 'malformed');
  });

  it('never puts the token or its claims in the error', async () => {
    const token = await mint(claims({ exp: nowSeconds - 3600 }));
    const err = await rejection(token, 'expired');
    const shown = `${err.message} ${err.stack ?? ''} ${JSON.stringify(err)} ${String(err.cause)}`;
    for (const secret of [token, token.split('.')[1] ?? token, objectId, 'Anna']) {
      assert.ok(!shown.includes(secret), 'error text leaks token content');
    }
    assert.equal(err.cause, undefined);
  });
});
