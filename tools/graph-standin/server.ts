/**
 * Graph stand-in: a DEVELOPMENT-ONLY HTTPS server that imitates the few Microsoft Graph v1.0
 * endpoints Samsyn calls (events, getSchedule, channels and their async operation, channel
 * members, enabledApps, the Teams app catalogue, app installation in chats, $batch), with Graph's
 * validation, response shapes and status codes,
 * in-memory state, fault injection and a request log. It is not Microsoft Graph.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from './admin';
import { AppCatalog } from './app-catalog';
import { runBatch } from './batch';
import { CalendarStore } from './calendar';
import { OnlineMeetings } from './online-meetings';
import { generateDevelopmentCertificate } from './certificate';
import { TeamsStore, type SharedChannelTiming } from './channels';
import {
  DEFAULT_MAIL_DOMAIN,
  DEFAULT_TENANT_ID,
  DEVELOPMENT_DIRECTORY,
  Directory,
  loadDirectorySeed,
  loadOrganisationUsers,
  type StandInGroup,
  type StandInUser,
} from './directory';
import { DEFAULT_PAGE_SIZE } from './paging';
import { FaultInjector, faultError } from './faults';
import {
  GraphError,
  STANDIN_NOTICE,
  errorResponse,
  newRequestId,
  type GraphRequest,
  type GraphResponse,
} from './protocol';
import { parseForLog, redact, type LoggedRequest } from './request-log';
import { pathSegments, route, type StandInState } from './routes';
import { standInTenants, type PartnerDirectoryOption } from './tenants';

export type { Fault, FaultMatch, PendingFault } from './faults';
export type { FaultInjector };
export type { LoggedRequest };
export type { StandInUser };

export interface GraphStandInOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Also write the CA certificate (PEM) to this file. */
  caPemPath?: string;
  /**
   * A directory file (users and groups): the development one is DEVELOPMENT_DIRECTORY
   * (tools/graph-standin/seed/directory.json), whose groups config/organisations.json names.
   */
  directoryPath?: string;
  /**
   * An organisations-style file of `members[]` (people only, no groups): they become users. A file
   * with no people — config/organisations.json today, which names groups instead — gives the
   * development directory (as directoryPath: DEVELOPMENT_DIRECTORY). Prefer directoryPath.
   */
  organisationsPath?: string;
  /** Further groups (members: user or group ids). */
  groups?: StandInGroup[];
  /**
   * Partner tenants' directories (decision 0008), e.g. PARTNER_DIRECTORY (Region Exempel): a request
   * whose development token names one of these tenants (`developmentCredentialFor(tenantId)`) reads
   * that tenant's users and groups, as real Graph answers in the tenant that issued the token.
   */
  partnerDirectories?: readonly PartnerDirectoryOption[];
  /** Further users. Without any users the directory is open (any id is accepted). */
  users?: Array<{ id: string; displayName: string; mail?: string; tenantId?: string }>;
  /** Id of the team that hosts the plan channels (PLAN_TEAM_ID); a random one when left out. */
  planTeamId?: string;
  /**
   * The Teams app (manifest) id, TEAMS_APP_ID: the app catalogue holds it as an app uploaded to the
   * organisation, with a different, generated catalogue id (its `externalId` is the manifest id).
   * Left out: the catalogue has no organisation app, as before anyone uploaded the package.
   */
  teamsAppId?: string;
  tenantId?: string;
  /** Domain of the mail addresses made up for the personas; default samsyn-dev.example. */
  mailDomain?: string;
  /** De-duplicate event creation by transactionId (default true). */
  dedupTransactionId?: boolean;
  /** Shared-channel creation: polls answered inProgress (default 1) and/or ms until done (default 10 000). */
  sharedChannel?: Partial<SharedChannelTiming>;
  /** getSchedule answers 400 for windows of this many days or more (default 42; Graph documents 62). */
  scheduleMaxDays?: number;
  /** Items per page of channels, channel members and the app catalogue (default 100): lists beyond it carry `@odata.nextLink`. */
  pageSize?: number;
  /** Receives one line per request and the start-up banner. */
  logger?: (line: string) => void;
}

export interface GraphStandIn {
  /** Origin, e.g. https://127.0.0.1:54321 (Graph routes live under /v1.0). */
  url: string;
  /** `${url}/v1.0`, the root of the Graph routes (GRAPH_BASE_URL is `url`: our client adds /v1.0). */
  graphBaseUrl: string;
  port: number;
  /** CA certificate that signed the server certificate: pass it as `ca` to trust the stand-in. */
  caPem: string;
  caPemPath?: string;
  teamId: string;
  tenantId: string;
  users: StandInUser[];
  /** The directory: add or remove users and group members at run time (also over /_standin/). */
  directory: Directory;
  /** The Teams app catalogue (ids, externalIds) and the app installations in chats, as sent. */
  appCatalog(): ReturnType<AppCatalog['snapshot']>;
  faults: FaultInjector;
  requests(): LoggedRequest[];
  clearRequests(): void;
  reset(): void;
  setDedup(on: boolean): void;
  /** Off: the tenant has granted no application access policy, so online-meeting requests answer 403. */
  setApplicationAccessPolicy(on: boolean): void;
  close(): Promise<void>;
}

const BODY_LIMIT = 4 * 1024 * 1024;
const BANNER = '[Graph DEVELOPMENT STAND-IN]';

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The directory file to seed from: directoryPath, else the development one for an organisations file that lists no people. */
function directoryFile(options: GraphStandInOptions, mailDomain: string): string | undefined {
  if (options.directoryPath) return options.directoryPath;
  if (options.organisationsPath && loadOrganisationUsers(options.organisationsPath, mailDomain).length === 0)
    return DEVELOPMENT_DIRECTORY;
  return undefined;
}

function users(options: GraphStandInOptions, tenantId: string, mailDomain: string): StandInUser[] {
  const file = directoryFile(options, mailDomain);
  const fromDirectory = file ? loadDirectorySeed(file, mailDomain).users : [];
  const fromFile = [
    ...fromDirectory,
    ...(options.organisationsPath ? loadOrganisationUsers(options.organisationsPath, mailDomain) : []),
  ];
  const extra = (options.users ?? []).map((user) => {
    const mail = user.mail ?? `${user.id}@${mailDomain}`;
    return {
      id: user.id,
      displayName: user.displayName,
      mail,
      userPrincipalName: mail,
      tenantId: user.tenantId ?? tenantId,
    };
  });
  return [...fromFile, ...extra];
}

export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const log = options.logger ?? ((): void => undefined);
  const mailDomain = options.mailDomain ?? DEFAULT_MAIL_DOMAIN;
  const seed = users(options, options.tenantId ?? DEFAULT_TENANT_ID, mailDomain);
  const tenantId = options.tenantId ?? seed[0]?.tenantId ?? DEFAULT_TENANT_ID;
  const teamId = options.planTeamId ?? crypto.randomUUID();
  const dedupDefault = options.dedupTransactionId ?? true;
  const file = directoryFile(options, mailDomain);
  const seedGroups = [...(file ? loadDirectorySeed(file, mailDomain).groups : []), ...(options.groups ?? [])];
  const directory = new Directory(seed, tenantId, mailDomain, seedGroups);
  const calendar = new CalendarStore({ tenantId, scheduleMaxDays: options.scheduleMaxDays ?? 42 }, dedupDefault);
  const tenants = standInTenants(tenantId, options.partnerDirectories ?? [], mailDomain);
  const state: StandInState = {
    directory,
    calendar,
    onlineMeetings: new OnlineMeetings((user) => calendar.eventsOf(user)),
    teams: new TeamsStore(
      directory,
      tenantId,
      { inProgressPolls: 1, completeAfterMs: 10_000, ...options.sharedChannel },
      options.pageSize,
      (partner, userId) => tenants.partner(partner)?.find(userId) ?? null,
    ),
    catalog: new AppCatalog(options.teamsAppId ? [options.teamsAppId] : [], options.pageSize),
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  };
  state.teams.addTeam(teamId);
  const faults = new FaultInjector();
  let requestLog: LoggedRequest[] = [];
  const closing = new AbortController();

  const certificate = generateDevelopmentCertificate();
  if (options.caPemPath) {
    fs.mkdirSync(path.dirname(options.caPemPath), { recursive: true });
    fs.writeFileSync(options.caPemPath, certificate.caPem);
  }
  let baseUrl = '';

  /** One Graph request (direct or inside $batch): auth, faults, routing. `reset` means: drop the connection. */
  async function serve(
    request: GraphRequest,
    entry: LoggedRequest,
    inBatch: boolean,
  ): Promise<GraphResponse | 'reset'> {
    if (!/^Bearer\s+\S+/i.test(request.headers['authorization'] ?? '')) {
      return errorResponse(
        new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        }),
        request,
      );
    }
    const { tenantId: tokenTenant, directory: partnerDirectory } = tenants.of(request.headers['authorization']);
    entry.tenantId = tokenTenant;
    if (partnerDirectory === undefined)
      return errorResponse(
        new GraphError(401, 'InvalidAuthenticationToken', 'The token names a tenant this stand-in does not serve.'),
        request,
      );
    const fault = faults.take(request.method, request.path, inBatch);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'reset') return 'reset';
    if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { signal: closing.signal });
    const injected = fault ? faultError(fault) : undefined;
    if (injected) return errorResponse(injected, request);
    try {
      if (request.segments.length === 1 && request.segments[0] === '$batch') {
        if (inBatch) throw new GraphError(400, 'BadRequest', 'A $batch cannot contain another $batch.');
        if (request.method !== 'POST')
          throw new GraphError(
            405,
            'Request_BadRequest',
            'Specified HTTP method is not allowed for the request target.',
          );
        return await runBatch(request, (sub) => serveInBatch(sub));
      }
      return route(partnerDirectory ? { ...state, directory: partnerDirectory } : state, request);
    } catch (error) {
      if (error instanceof GraphError) return errorResponse(error, request);
      log(`${BANNER} internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(
        new GraphError(500, 'InternalServerError', 'The development stand-in failed; see its log.'),
        request,
      );
    }
  }

  async function serveInBatch(sub: GraphRequest): Promise<GraphResponse> {
    const entry: LoggedRequest = {
      at: new Date().toISOString(),
      method: sub.method,
      url: `/v1.0${sub.path}${sub.query.size ? `?${sub.query.toString()}` : ''}`,
      headers: redact(sub.headers),
      body: sub.body,
      inBatch: true,
    };
    requestLog.push(entry);
    const answer = await serve(sub, entry, true);
    const response =
      answer === 'reset' ? errorResponse(new GraphError(500, 'InternalServerError', 'reset'), sub) : answer;
    entry.status = response.status;
    log(
      `${BANNER}   ($batch) ${sub.method} ${entry.url} -> ${response.status}${entry.fault ? ` [fault: ${entry.fault}]` : ''}`,
    );
    return response;
  }

  function write(
    res: ServerResponse,
    response: GraphResponse,
    requestId: string,
    clientRequestId: string | undefined,
  ): void {
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...response.headers,
      'request-id': requestId,
      ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}),
      'x-graph-standin': STANDIN_NOTICE,
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', baseUrl);
    const raw = await readBody(req);
    if (raw === undefined) {
      res.writeHead(413, { connection: 'close' }).end();
      return;
    }
    if (url.pathname === '/_standin' || url.pathname.startsWith('/_standin/')) {
      const answer = handleAdmin(
        {
          faults,
          caPem: certificate.caPem,
          requests: () => requestLog.map((entry) => ({ ...entry })),
          clearRequests: () => {
            requestLog = [];
          },
          reset,
          setDedup,
          directory,
          state: () => ({
            notice: STANDIN_NOTICE,
            dedupTransactionId: state.calendar.dedup,
            users: directory.list(),
            groups: directory.listGroups(),
            calendar: state.calendar.snapshot(),
            teams: state.teams.snapshot(),
            appCatalog: state.catalog.snapshot(),
          }),
        },
        method,
        url.pathname,
        parseForLog(raw),
      );
      const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body, null, 2));
      res
        .writeHead(answer.status, {
          'content-type': answer.text ? 'application/x-pem-file' : 'application/json',
          'x-graph-standin': STANDIN_NOTICE,
        })
        .end(text);
      return;
    }
    await sleep(faults.latencyMs(), undefined, { signal: closing.signal });
    const headers = redact(req.headers);
    const entry: LoggedRequest = {
      at: new Date().toISOString(),
      method,
      url: req.url ?? '/',
      headers,
      body: parseForLog(raw),
      inBatch: false,
    };
    requestLog.push(entry);
    const requestId = newRequestId();
    const clientRequestId = req.headers['client-request-id'] as string | undefined;
    const plainHeaders = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : String(value ?? ''),
      ]),
    );
    let answer: GraphResponse | 'reset';
    if (!/^\/v1\.0(\/|$)/i.test(url.pathname)) {
      answer = errorResponse(
        new GraphError(
          501,
          'NotImplementedByStandIn',
          `The Graph development stand-in serves only /v1.0 routes, not ${url.pathname}.`,
        ),
        { headers: plainHeaders, requestId },
      );
    } else {
      try {
        const segments = pathSegments(url.pathname.slice('/v1.0'.length));
        let body: unknown;
        try {
          body = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          throw new GraphError(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          );
        }
        answer = await serve(
          {
            method,
            path: `/${segments.join('/')}`,
            segments,
            query: url.searchParams,
            headers: plainHeaders,
            body,
            requestId,
            baseUrl: `${baseUrl}/v1.0`,
          },
          entry,
          false,
        );
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        answer = errorResponse(error, { headers: plainHeaders, requestId });
      }
    }
    if (answer === 'reset') {
      log(`${BANNER} ${method} ${entry.url} -> connection reset [fault: reset]`);
      req.socket.destroy();
      return;
    }
    entry.status = answer.status;
    log(`${BANNER} ${method} ${entry.url} -> ${answer.status}${entry.fault ? ` [fault: ${entry.fault}]` : ''}`);
    write(res, answer, requestId, clientRequestId);
  }

  function reset(): void {
    directory.reset();
    tenants.reset();
    state.calendar.clear();
    state.calendar.dedup = dedupDefault;
    state.onlineMeetings.applicationAccessPolicy = true;
    state.teams.clear();
    state.teams.addTeam(teamId);
    state.catalog.clear();
    faults.clear();
    requestLog = [];
  }

  function setDedup(on: boolean): void {
    state.calendar.dedup = on;
  }

  const server = https.createServer({ key: certificate.keyPem, cert: certificate.certChainPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      log(`${BANNER} internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'InternalServerError', message: 'The development stand-in failed; see its log.' },
        }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host && !['0.0.0.0', '::'].includes(options.host) ? options.host : '127.0.0.1';
  baseUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(
    `${BANNER} This is a DEVELOPMENT STAND-IN, NOT Microsoft Graph. Graph v1.0 routes at ${baseUrl}/v1.0; admin at ${baseUrl}/_standin; team ${teamId}; ${seed.length} users${seed.length === 0 ? ' (open directory)' : ''}.`,
  );

  return {
    url: baseUrl,
    graphBaseUrl: `${baseUrl}/v1.0`,
    port,
    caPem: certificate.caPem,
    ...(options.caPemPath ? { caPemPath: options.caPemPath } : {}),
    teamId,
    tenantId,
    users: directory.list(),
    directory,
    appCatalog: () => state.catalog.snapshot(),
    faults,
    requests: () => requestLog.map((entry) => ({ ...entry })),
    clearRequests: () => {
      requestLog = [];
    },
    reset,
    setDedup,
    setApplicationAccessPolicy: (on) => {
      state.onlineMeetings.applicationAccessPolicy = on;
    },
    close: async () => {
      closing.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log(`${BANNER} stopped (${baseUrl}).`);
    },
  };
}
