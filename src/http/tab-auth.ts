/**
 * Who calls the tab API: the actor from a validated Teams SSO token (Authorization: Bearer), or — in
 * local development with DEV_AUTH, from loopback only — a development persona named by the
 * `x-samsyn-dev-persona` header. Never from query strings or bodies.
 */
import type { Request, Response } from 'restify';
import type { Actor } from '../domain/actor';
import type { Sql } from '../storage/database';
import { isGuid } from '../domain/ids';
import { findActor, findPersona } from '../storage/organisations';
import { fromLocalBrowser } from './loopback';
import { SsoTokenError, validateSsoToken, type SsoSettings } from './sso-token';

export type TabCaller =
  | { readonly ok: true; readonly actor: Actor }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly reason: string };

export interface TabAuthOptions {
  readonly db: Sql;
  /** Null in local mode without credentials: no token can be validated. */
  readonly sso: SsoSettings | null;
  readonly devAuth: boolean;
  /** Someone the membership cache does not know yet (added to a group since the last sync): looked up in the directory at once. */
  readonly lookUpMember?: (tenantId: string, objectId: string) => Promise<Actor | null>;
}

export async function tabCaller(req: Request, o: TabAuthOptions): Promise<TabCaller> {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    if (o.sso === null) return { ok: false, status: 401, reason: 'sso-not-configured' };
    try {
      const id = await validateSsoToken(header.slice('Bearer '.length), o.sso);
      const actor =
        (await findActor(o.db, id.tenantId, id.objectId)) ?? (await lookUpOrNull(o, id.tenantId, id.objectId));
      return actor ? { ok: true, actor } : { ok: false, status: 403, reason: 'not-a-member' };
    } catch (err) {
      if (err instanceof SsoTokenError)
        return { ok: false, status: err.reason === 'keys-unavailable' ? 503 : 401, reason: err.reason };
      throw err;
    }
  }
  const persona = req.headers['x-samsyn-dev-persona'];
  if (o.devAuth && typeof persona === 'string' && isGuid(persona) && fromLocalBrowser(req)) {
    const actor = await findPersona(o.db, persona.toLowerCase());
    return actor ? { ok: true, actor } : { ok: false, status: 403, reason: 'not-a-member' };
  }
  return { ok: false, status: 401, reason: 'no-credentials' };
}

/** A failed directory look-up is a refusal (403), never a way in. */
async function lookUpOrNull(o: TabAuthOptions, tenantId: string, objectId: string): Promise<Actor | null> {
  try {
    return (await o.lookUpMember?.(tenantId, objectId)) ?? null;
  } catch {
    return null;
  }
}

/** The tab API's first step on every route: the caller, or null after answering 401/403/503. Never cached. */
export async function requireTabCaller(req: Request, res: Response, o: TabAuthOptions): Promise<Actor | null> {
  res.setHeader('cache-control', 'no-store');
  const caller = await tabCaller(req, o);
  if (caller.ok) return caller.actor;
  res.send(caller.status, { error: caller.reason });
  return null;
}
