/**
 * How an HTTP route of the tab and the reports runs (the table itself is src/http/routes.ts). A route
 * names its method and path, its input schemas (path parameters, query, body), its handler
 * `(ctx, input) => result` and its response kind:
 *
 * - `json`: the caller from a validated token; one unit of work per request; a JSON answer (200, or
 *   a `Reply` with another status, e.g. a conflict carrying both versions).
 * - `file`: as `json`, but the answer may be a `FileBody` (PDF, CSV) sent as an attachment.
 * - `stream`: server-sent events; the handler gets the response to write to and owns its lifetime.
 * - `link`: no token; the credential is a one-time link in the path (the family's PDF from a card).
 * - `dev`: local development only (DEV_AUTH, loopback callers); 404 otherwise.
 *
 * Input that does not match its schema is a 400 naming the field, before any handler runs; text the
 * database cannot hold is refused the same way. Errors of our vocabulary map once to a status
 * (http-errors.ts); anything else is a generic 500 (server.ts).
 */
import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import type { UseCaseContext } from '../app/context';
import type { World } from '../app/world';
import type { Actor } from '../domain/actor';
import { invalid, isDomainError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { firstUnstorablePath } from '../domain/storable';
import { translator, type Locale } from '../i18n';
import type { Database } from '../storage/database';
import {
  familyPlansFor,
  redeemDownloadLink,
  type LinkKind,
  type PgFamilyPlanRepository,
  type RedeemedLink,
} from '../storage/family-plan-repository';
import { findActor, listAllMembers, type MemberSummary } from '../storage/organisations';
import { reportsFor, type PgReportRepository } from '../storage/report-repository';
import { requestScope } from '../storage/request-scope';
import { sendDomainError } from './http-errors';
import { fromLocalBrowser } from './loopback';
import { requireTabCaller, type TabAuthOptions } from './tab-auth';

/** What a route handler gets: the use-case context of the caller, plus the request's language and the report doors. */
export interface RouteContext extends UseCaseContext {
  readonly locale: Locale;
  readonly requestId: string;
  readonly reports: PgReportRepository;
  readonly familyPlans: PgFamilyPlanRepository;
}

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** A JSON answer with a status other than 200 that is not an error of ours (e.g. 409 with both versions). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A file answer (PDF, CSV), sent as an attachment. */
export class FileBody {
  constructor(
    readonly contentType: string,
    readonly body: Buffer | string,
    readonly filename: string,
  ) {}
}

/** The holder of a one-time link: the person it was issued for, as a route context, and what the link names. */
export interface LinkHolder {
  readonly ctx: RouteContext;
  readonly link: RedeemedLink;
}

export interface DevTools {
  readonly members: () => Promise<(MemberSummary & { readonly roles: readonly string[] })[]>;
  readonly world: World;
}

type Method = 'GET' | 'PUT' | 'POST';
type Schema<T> = z.ZodType<T>;
interface Schemas<P, Q, B> {
  readonly params?: Schema<P>;
  readonly query?: Schema<Q>;
  readonly body?: Schema<B>;
}

export type Route =
  | {
      readonly kind: 'json' | 'file';
      readonly method: Method;
      readonly path: string;
      readonly schemas: Schemas<unknown, unknown, unknown>;
      readonly run: (ctx: RouteContext, input: RouteInput<unknown, unknown, unknown>) => Promise<unknown>;
    }
  | {
      readonly kind: 'stream';
      readonly method: Method;
      readonly path: string;
      readonly schemas: Schemas<unknown, unknown, unknown>;
      readonly run: (
        ctx: RouteContext,
        input: RouteInput<unknown, unknown, unknown>,
        req: Request,
        res: Response,
      ) => Promise<void>;
    }
  | {
      readonly kind: 'link';
      readonly method: Method;
      readonly path: string;
      readonly schemas: Schemas<unknown, unknown, unknown>;
      readonly run: (
        input: RouteInput<unknown, unknown, unknown>,
        redeem: (token: string, kind?: LinkKind) => Promise<LinkHolder | null>,
      ) => Promise<FileBody>;
    }
  | {
      readonly kind: 'dev';
      readonly method: Method;
      readonly path: string;
      readonly schemas: Schemas<unknown, unknown, unknown>;
      readonly run: (input: RouteInput<unknown, unknown, unknown>, dev: DevTools) => Promise<unknown>;
    };

type Spec<P, Q, B, H> = Schemas<P, Q, B> & { readonly handler: H };

const erase = <P, Q, B>(s: Schemas<P, Q, B>): Schemas<unknown, unknown, unknown> =>
  s as Schemas<unknown, unknown, unknown>;
const schemasOf = <P, Q, B>(s: Schemas<P, Q, B>): Schemas<P, Q, B> => ({
  ...(s.params ? { params: s.params } : {}),
  ...(s.query ? { query: s.query } : {}),
  ...(s.body ? { body: s.body } : {}),
});

export function json<P = undefined, Q = undefined, B = undefined>(
  method: Method,
  path: string,
  spec: Spec<P, Q, B, (ctx: RouteContext, input: RouteInput<P, Q, B>) => Promise<unknown>>,
): Route {
  return {
    kind: 'json',
    method,
    path,
    schemas: erase(schemasOf(spec)),
    run: spec.handler as Extract<Route, { kind: 'json' | 'file' }>['run'],
  };
}

export function file<P = undefined, Q = undefined, B = undefined>(
  method: Method,
  path: string,
  spec: Spec<P, Q, B, (ctx: RouteContext, input: RouteInput<P, Q, B>) => Promise<FileBody | unknown>>,
): Route {
  return {
    kind: 'file',
    method,
    path,
    schemas: erase(schemasOf(spec)),
    run: spec.handler as Extract<Route, { kind: 'json' | 'file' }>['run'],
  };
}

export function stream<P = undefined, Q = undefined>(
  method: Method,
  path: string,
  spec: Spec<
    P,
    Q,
    undefined,
    (ctx: RouteContext, input: RouteInput<P, Q, undefined>, req: Request, res: Response) => Promise<void>
  >,
): Route {
  return {
    kind: 'stream',
    method,
    path,
    schemas: erase(schemasOf(spec)),
    run: spec.handler as Extract<Route, { kind: 'stream' }>['run'],
  };
}

export function link<P = undefined, Q = undefined>(
  method: Method,
  path: string,
  spec: Spec<
    P,
    Q,
    undefined,
    (
      input: RouteInput<P, Q, undefined>,
      redeem: (token: string, kind?: LinkKind) => Promise<LinkHolder | null>,
    ) => Promise<FileBody>
  >,
): Route {
  return {
    kind: 'link',
    method,
    path,
    schemas: erase(schemasOf(spec)),
    run: spec.handler as Extract<Route, { kind: 'link' }>['run'],
  };
}

export function dev<P = undefined, Q = undefined>(
  method: Method,
  path: string,
  spec: Spec<P, Q, undefined, (input: RouteInput<P, Q, undefined>, dev: DevTools) => Promise<unknown>>,
): Route {
  return {
    kind: 'dev',
    method,
    path,
    schemas: erase(schemasOf(spec)),
    run: spec.handler as Extract<Route, { kind: 'dev' }>['run'],
  };
}

/** The query string (the server has no query parser; a repeated parameter: the first wins). */
function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(req.url ?? '/', 'http://localhost').searchParams) if (!(k in out)) out[k] = v;
  return out;
}

/** `?lang=` first, then the browser's Accept-Language; Swedish unless English is asked for. */
function localeOf(req: Request): Locale {
  const lang = queryOf(req).lang;
  if (lang === 'sv' || lang === 'en') return lang;
  return String(req.headers['accept-language'] ?? '')
    .toLowerCase()
    .startsWith('en')
    ? 'en'
    : 'sv';
}

/** The input parsed by the route's schemas; the first problem is a 400 naming its field. */
function inputOf(req: Request, schemas: Schemas<unknown, unknown, unknown>): RouteInput<unknown, unknown, unknown> {
  const parse = (schema: Schema<unknown> | undefined, value: unknown, what: string, strip?: string): unknown => {
    if (schema === undefined) return undefined;
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const path = r.error.issues[0]?.path.filter((k) => k !== strip).join('.');
    throw invalid(path || what);
  };
  return {
    params: parse(schemas.params, { ...req.params }, 'params'),
    query: parse(schemas.query, queryOf(req), 'query'),
    body: (() => {
      if (schemas.body === undefined) return undefined;
      // Text the database cannot hold (NUL, a lone surrogate) is named before anything is read or stored.
      const unstorable = firstUnstorablePath(req.body);
      if (unstorable !== null) throw invalid(unstorable.replace(/^plan\./, ''), 'unstorable');
      return parse(schemas.body, req.body, 'body', 'plan');
    })(),
  };
}

function sendFile(res: Response, f: FileBody): void {
  res.setHeader('content-type', f.contentType);
  res.setHeader('content-disposition', `attachment; filename="${f.filename}"`);
  res.setHeader('x-content-type-options', 'nosniff');
  res.sendRaw(200, f.body);
}

function sendResult(res: Response, result: unknown): void {
  if (result instanceof FileBody) sendFile(res, result);
  else if (result instanceof Reply) res.send(result.status, result.body);
  else res.send(200, result);
}

export interface RouteDeps {
  readonly db: Database;
  readonly world: World;
  readonly clock: Clock;
  readonly auth: TabAuthOptions;
}

/** Registers every route of the table on the server. */
export function mountRoutes(server: Server, routes: readonly Route[], deps: RouteDeps): void {
  const contextFor = (actor: Actor, req: Request) => {
    const scope = requestScope(deps.db, actor, req.id(), deps.clock, deps.world);
    const ctx: RouteContext = {
      ...scope.ctx,
      locale: localeOf(req),
      requestId: req.id(),
      reports: reportsFor(scope.db, actor, req.id(), deps.clock),
      familyPlans: familyPlansFor(scope.db, actor, req.id(), deps.clock),
    };
    return { ctx, run: scope.run };
  };

  for (const route of routes) {
    const register =
      route.method === 'GET'
        ? server.get.bind(server)
        : route.method === 'PUT'
          ? server.put.bind(server)
          : server.post.bind(server);
    register(route.path, async (req: Request, res: Response): Promise<void> => {
      try {
        switch (route.kind) {
          case 'json':
          case 'file': {
            const actor = await requireTabCaller(req, res, deps.auth);
            if (!actor) return;
            const input = inputOf(req, route.schemas);
            const { ctx, run } = contextFor(actor, req);
            // Each request runs in one unit of work: its use case's writes, jobs and audit rows commit together.
            sendResult(res, await run(() => route.run(ctx, input)));
            return;
          }
          case 'stream': {
            const actor = await requireTabCaller(req, res, deps.auth);
            if (!actor) return;
            const input = inputOf(req, route.schemas);
            // A stream outlives any transaction: each of its reads is its own unit.
            await route.run(contextFor(actor, req).ctx, input, req, res);
            return;
          }
          case 'link': {
            res.setHeader('cache-control', 'no-store');
            res.setHeader('referrer-policy', 'no-referrer');
            const input = inputOf(req, route.schemas);
            const redeem = async (token: string, kind: LinkKind = 'plan'): Promise<LinkHolder | null> => {
              const redeemed = await redeemDownloadLink(deps.db, token, deps.clock, kind);
              const actor = redeemed && (await findActor(deps.db, redeemed.tenantId, redeemed.objectId));
              return redeemed && actor
                ? { ctx: { ...contextFor(actor, req).ctx, locale: redeemed.locale }, link: redeemed }
                : null;
            };
            try {
              sendFile(res, await route.run(input, redeem));
            } catch (err) {
              // Someone opened the link in a browser: a short page in both languages, not a JSON code.
              if (!isDomainError(err) || (err.code !== 'NotFound' && err.code !== 'ConsentRequired')) throw err;
              res.setHeader('content-type', 'text/plain; charset=utf-8');
              res.sendRaw(
                404,
                `${translator('sv')('familyPlan.linkInvalid')}\n\n${translator('en')('familyPlan.linkInvalid')}\n`,
              );
            }
            return;
          }
          case 'dev': {
            if (!deps.auth.devAuth || !fromLocalBrowser(req)) {
              res.send(404, { error: 'NotFound' });
              return;
            }
            res.send(
              200,
              await route.run(inputOf(req, route.schemas), {
                members: () => listAllMembers(deps.db),
                world: deps.world,
              }),
            );
            return;
          }
        }
      } catch (err) {
        if (!sendDomainError(res, err)) throw err;
      }
    });
  }
}
