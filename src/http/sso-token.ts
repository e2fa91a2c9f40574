/**
 * Server-side check of the meeting tab's SSO token (TeamsJS `authentication.getAuthToken()`).
 * The identity we return is built from a verified Entra access token only, never from request data.
 */
import { guidPattern } from '../domain/ids';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface SsoSettings {
  /** The Entra app's client id (GUID): `aud` of v2 tokens. */
  readonly clientId: string;
  /** The Application ID URI, e.g. `api://{domain}/{clientId}`: `aud` of v1 tokens. */
  readonly appIdUri: string;
  /** Tenant ids (GUIDs) whose users may sign in. */
  readonly allowedTenants: readonly string[];
  readonly jwks: JWTVerifyGetKey;
  readonly clockToleranceSeconds?: number;
}

export interface SsoIdentity {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
}

export const ssoTokenErrorReasons = [
  'malformed',
  'signature',
  'expired',
  'not-yet-valid',
  'audience',
  'issuer',
  'tenant',
  'scope',
  'claims',
  'keys-unavailable',
] as const;
export type SsoTokenErrorReason = (typeof ssoTokenErrorReasons)[number];

/** The message names the reason only: tokens and claims are personal data and must not reach logs. */
export class SsoTokenError extends Error {
  constructor(readonly reason: SsoTokenErrorReason) {
    super(`SSO token rejected: ${reason}`);
    this.name = 'SsoTokenError';
  }
}

/**
 * The Application ID URI that tab tokens name as audience: `api://{host of BASE_URL}/{client id}`.
 * The app package's `webApplicationInfo.resource` is built the same way (checked by test/unit/manifest.test.ts).
 */
export function appIdUriFor(baseUrl: string, clientId: string): string {
  return `api://${new URL(baseUrl).host}/${clientId}`;
}

const entraKeysUrl = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
const requiredScope = 'access_as_user';

/**
 * Entra's signing keys for all tenants. Create it once per process: jose caches the key set,
 * refetches at most every 30 s when a token names an unknown `kid` (key rollover), and after 10 min otherwise.
 */
export function entraJwks(): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(entraKeysUrl));
}

export async function validateSsoToken(
  token: string,
  settings: SsoSettings,
  now: Date = new Date(),
): Promise<SsoIdentity> {
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, settings.jwks, {
      // Entra signs with RS256. Pinning it rejects `alg: none` and HS256 signed with the public key as the secret.
      algorithms: ['RS256'],
      audience: [settings.clientId, settings.appIdUri],
      requiredClaims: ['exp', 'iss'],
      clockTolerance: settings.clockToleranceSeconds ?? 60,
      currentDate: now,
    });
    claims = verified.payload;
  } catch (err) {
    // jose's errors carry the payload, so they are translated and not chained as `cause`.
    throw new SsoTokenError(reasonFor(err));
  }

  const { tid, oid, name, iss, scp } = claims;
  if (typeof tid !== 'string' || !guidPattern.test(tid) || typeof oid !== 'string' || !guidPattern.test(oid)) {
    throw new SsoTokenError('claims');
  }
  const tenantId = tid.toLowerCase();
  if (!settings.allowedTenants.some((allowed) => allowed.toLowerCase() === tenantId)) throw new SsoTokenError('tenant');
  // The common key set signs for every tenant, so the issuer must be the token's own tenant (v2 or v1 form).
  if (iss !== `https://login.microsoftonline.com/${tid}/v2.0` && iss !== `https://sts.windows.net/${tid}/`) {
    throw new SsoTokenError('issuer');
  }
  // `scp` holds delegated scopes separated by spaces; app-only tokens have `roles` instead and are refused here.
  if (typeof scp !== 'string' || !scp.split(' ').includes(requiredScope)) throw new SsoTokenError('scope');

  // `name` needs the profile scope in v2 tokens; a missing name must not lock the person out.
  return { tenantId, objectId: oid.toLowerCase(), displayName: typeof name === 'string' ? name : '' };
}

function reasonFor(err: unknown): SsoTokenErrorReason {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf' && err.reason === 'check_failed') return 'not-yet-valid';
    if (err.claim === 'aud' && err.reason === 'check_failed') return 'audience';
    return 'claims';
  }
  if (
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'signature';
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) {
    return 'malformed';
  }
  // Timeouts, HTTP or network failures while fetching the key set: not the caller's fault.
  return 'keys-unavailable';
}
