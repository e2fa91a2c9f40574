/**
 * A local stand-in for the part of Azure Key Vault's keys REST API the checkpoint signer uses, in its
 * documented shape (api-version 7.x), over HTTPS with the development certificate:
 * - an unauthenticated request gets 401 with the vault's `WWW-Authenticate: Bearer authorization=…, resource=…`
 *   challenge, and every other request needs the test credential's bearer token;
 * - `GET /keys/{name}[/{version}]` → the key bundle `{ key: JWK (kid, kty EC, crv P-256, x, y, key_ops), attributes }`;
 * - `POST /keys/{name}/{version}/sign` `{ alg: 'ES256', value: base64url(SHA-256 digest) }` → `{ kid, value: base64url(r‖s) }`.
 *
 * The private key stays in the stand-in (node:crypto made it). node:crypto signs only whole messages
 * (it hashes them itself) and Key Vault receives a digest, so the ECDSA step over the digest is done
 * here in BigInt arithmetic on P-256 (FIPS 186-4); node:crypto verifies the result in the tests.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import https from 'node:https';
import type { TokenCredential } from '@azure/identity';
import type { CryptographyClientOptions } from '@azure/keyvault-keys';
import { generateDevelopmentCertificate } from '../../tools/graph-standin/certificate';
import { freePort } from './net';

const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(a: Point, b: Point): Point {
  if (a === null) return b;
  if (b === null) return a;
  if (a.x === b.x && mod(a.y + b.y, p) === 0n) return null;
  const l =
    a.x === b.x && a.y === b.y
      ? mod((3n * a.x * a.x - 3n) * inverse(2n * a.y, p), p) // curve a = -3
      : mod((b.y - a.y) * inverse(b.x - a.x, p), p);
  const x = mod(l * l - a.x - b.x, p);
  return { x, y: mod(l * (a.x - x) - a.y, p) };
}
function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  for (let addend = point; k > 0n; k >>= 1n, addend = add(addend, addend)) if (k & 1n) result = add(result, addend);
  return result;
}
const toInt = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
const to32 = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');

/** ECDSA P-256 over a SHA-256 digest (what Key Vault's ES256 sign does): r‖s, 64 bytes. */
export function signDigest(d: bigint, digest: Buffer): Buffer {
  const e = toInt(digest);
  for (;;) {
    const k = mod(toInt(randomBytes(40)), n - 1n) + 1n;
    const r = mod(multiply(k, G)!.x, n);
    const s = mod(inverse(k, n) * (e + r * d), n);
    if (r !== 0n && s !== 0n) return Buffer.concat([to32(r), to32(s)]);
  }
}

export interface KeyVaultStandIn {
  /** `https://127.0.0.1:<port>` */
  readonly vaultUrl: string;
  /** The key's id without a version, as the app is configured. */
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** Each request: method, path (without the query), api-version, and the sign body when there was one. */
  readonly requests: { method: string; path: string; apiVersion: string | null; body?: unknown }[];
  readonly credential: TokenCredential;
  /** The client options that trust the stand-in's certificate and its challenge's resource. */
  readonly clientOptions: CryptographyClientOptions;
  close(): Promise<void>;
}

const token = 'key-vault-standin-token';

export async function startKeyVaultStandIn(name = 'audit-signing-key'): Promise<KeyVaultStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const d = toInt(Buffer.from(jwk.d ?? '', 'base64url'));
  const version = randomBytes(16).toString('hex');
  const cert = generateDevelopmentCertificate();
  const requests: KeyVaultStandIn['requests'] = [];
  let vaultUrl = '';

  const server = https.createServer({ cert: cert.certChainPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', vaultUrl);
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? (JSON.parse(raw) as { alg?: string; value?: string }) : undefined;
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        apiVersion: url.searchParams.get('api-version'),
        ...(body ? { body } : {}),
      });
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${token}`)
        return reply(
          401,
          { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
          {
            'www-authenticate':
              'Bearer authorization="https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001", resource="https://vault.azure.net"',
          },
        );
      const kid = `${vaultUrl}/keys/${name}/${version}`;
      const keyPath = url.pathname.replace(/\/$/, '');
      if (req.method === 'GET' && (keyPath === `/keys/${name}` || keyPath === `/keys/${name}/${version}`))
        return reply(200, {
          key: { kid, kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, key_ops: ['sign', 'verify'] },
          attributes: { enabled: true, exportable: false, recoveryLevel: 'Recoverable' },
        });
      if (req.method === 'POST' && keyPath === `/keys/${name}/${version}/sign`) {
        const digest = Buffer.from(body?.value ?? '', 'base64url');
        if (body?.alg !== 'ES256' || digest.length !== 32)
          return reply(400, { error: { code: 'BadParameter', message: 'ES256 needs a 32-byte digest' } });
        return reply(200, { kid, value: signDigest(d, digest).toString('base64url') });
      }
      return reply(404, { error: { code: 'KeyNotFound', message: `no such key: ${url.pathname}` } });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  vaultUrl = `https://127.0.0.1:${port}`;
  const agent = new https.Agent({ ca: cert.caPem });
  return {
    vaultUrl,
    keyId: `${vaultUrl}/keys/${name}`,
    publicKey,
    requests,
    credential: { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    clientOptions: {
      // The challenge names vault.azure.net, as Key Vault's does; the stand-in is on loopback.
      disableChallengeResourceVerification: true,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [
        {
          position: 'perCall',
          policy: {
            name: 'trust-key-vault-standin',
            sendRequest: (request, next) => {
              request.agent = agent;
              return next(request);
            },
          },
        },
      ],
    },
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
