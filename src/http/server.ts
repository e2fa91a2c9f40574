/** The restify server: health, readiness and the bot endpoint. */
import restify from 'restify';
import type { Logger } from '../config/logger';
import type { Database } from '../storage/database';
import { migrationsApplied } from '../storage/migrate';
import type { World } from '../app/world';
import type { Clock } from '../domain/ports';
import type { CaseWatcher } from './case-watch';
import { mountDevClock, type DevClock } from './dev-clock';
import { botRequestProblem } from './bot-request';
import { internalError } from './http-errors';
import { jsonBody } from './json-body';
import { fromLocalBrowser } from './loopback';
import { logRequest, requestIdFrom, requestIdHeader } from './request-id';
import { mountRoutes } from './route-kit';
import { httpRoutes } from './routes';
import { mountTabPages } from './tab-static';
import { requireTabCaller, type TabAuthOptions } from './tab-auth';

export interface ServerDeps {
  readonly db: Database;
  readonly logger: Logger;
  /** Runs one bot turn (src/teams); the server only decides who may reach it. */
  readonly botHandler: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Local mode (no bot credentials): bot traffic from loopback only. */
  readonly localMode: boolean;
  /** Who calls the tab API (validated SSO token or development persona). */
  readonly tabAuth: TabAuthOptions;
  readonly orgUnitName: (id: string) => string;
  readonly world: World;
  readonly clock: Clock;
  /** Change notifications for the tab's event streams. */
  readonly watcher: CaseWatcher;
  /** The built tab (dist/web). */
  readonly webDir: string;
  /** How often an open event stream re-checks access without an event (at most 30 s). */
  readonly accessRecheckMs?: number;
  /** Local development only (DEV_AUTH): the clock POST /api/dev/clock moves. */
  readonly devClock?: DevClock | null;
}

export function createServer(deps: ServerDeps): restify.Server {
  // restify's own warnings go through our logger (its serializers keep URLs, bodies and messages out);
  // restify 12 takes a pino logger, while @types/restify still declares bunyan's type.
  const restifyLog = deps.logger.child({ component: 'restify' }) as unknown as restify.ServerOptions['log'];
  const server = restify.createServer({ name: 'samsyn', handleUncaughtExceptions: false, log: restifyLog });
  // Request ids (src/http/request-id.ts): set before anything else; the header is rewritten to the
  // id in force so the bot turn below logs the same one.
  const requests = new WeakMap<restify.Request, { readonly id: string; readonly started: number }>();
  const requestLog = (req: restify.Request) => deps.logger.child({ requestId: requests.get(req)?.id });
  server.pre((req, res, next) => {
    const id = requestIdFrom(req.headers[requestIdHeader]);
    req.headers[requestIdHeader] = id;
    // restify's own req.id() (used for the audit rows of tab and report routes) must be the same id.
    try {
      // @types/restify declares id() without the setter form restify 12 has.
      (req as unknown as { id(reqId: string): string }).id(id);
    } catch {
      // restify already fixed an id for this request (it never does before `pre`); the header wins for logs.
    }
    res.setHeader(requestIdHeader, id);
    requests.set(req, { id, started: performance.now() });
    next();
  });
  // Our own JSON reader, not restify's bodyParser (multipart to disk, compressed bytes counted): json-body.ts.
  server.use(jsonBody({ maxBytes: 512 * 1024 }));

  // Anything that is not one of our errors ends here: a generic 500 with the request id, never a
  // driver's message; logged by name only. (restify emits an event named after the error first; a
  // listener for such a name must never be left on the server — see app.ts's start-up.)
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: unknown, done: () => void) => {
    // restify's own answers (unknown route 404, wrong method 405, …) carry their status and no secrets.
    const status = (err as { statusCode?: unknown } | null)?.statusCode;
    const restifyOwn = typeof status === 'number' && status < 500;
    if (!restifyOwn && !res.headersSent) {
      requestLog(req).error({ err: { name: err instanceof Error ? err.name : 'unknown' } }, 'request failed');
      internalError(res);
    }
    done();
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (req, res) => {
    try {
      await deps.db.query('SELECT 1');
      const migrated = await migrationsApplied(deps.db);
      res.send(migrated ? 200 : 503, { status: migrated ? 'ready' : 'migrations pending', database: deps.db.kind });
    } catch (err) {
      requestLog(req).warn({ err: { name: err instanceof Error ? err.name : 'unknown' } }, 'readiness check failed');
      res.send(503, { status: 'database unreachable', database: deps.db.kind });
    }
  });

  server.post('/api/messages', async (req, res) => {
    // Local mode: a caller on this machine that names it (a DNS-rebinding page in a developer's
    // browser reaches loopback under a foreign Host name and is refused).
    if (deps.localMode && !fromLocalBrowser(req)) {
      res.send(403, { error: 'local mode accepts bot traffic on loopback only' });
      return;
    }
    // Unparseable or unauthenticated requests are answered here, before the bot adapter.
    const problem = botRequestProblem(req.body, req.headers.authorization, deps.localMode);
    if (problem !== null) {
      res.send(problem.status, { error: problem.error });
      return;
    }
    await deps.botHandler(req, res);
  });

  // The tab's first call: who am I? (The rest of the tab API arrives with the meeting tab.)
  server.get('/api/tab/me', async (req, res) => {
    const a = await requireTabCaller(req, res, deps.tabAuth);
    if (!a) return;
    res.send(200, {
      displayName: a.displayName,
      orgUnitId: a.orgUnitId,
      orgUnitName: deps.orgUnitName(a.orgUnitId),
      roles: a.roles,
    });
  });

  const streamOptions = {
    watcher: deps.watcher,
    ...(deps.accessRecheckMs !== undefined ? { accessRecheckMs: deps.accessRecheckMs } : {}),
  };
  mountRoutes(server, httpRoutes(streamOptions), {
    db: deps.db,
    world: deps.world,
    clock: deps.clock,
    auth: deps.tabAuth,
  });
  mountTabPages(server, deps.webDir);
  if (deps.devClock) mountDevClock(server, deps.devClock);

  server.on('after', (req: restify.Request, res: restify.Response) => {
    const durationMs = Math.round(performance.now() - (requests.get(req)?.started ?? performance.now()));
    const route = req.getRoute()?.path;
    logRequest(requestLog(req), {
      method: req.method,
      route: typeof route === 'string' ? route : undefined,
      status: res.statusCode,
      durationMs,
    });
  });
  return server;
}
