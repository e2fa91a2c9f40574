/** Composition root: configuration → database → repositories' world → bot → HTTP server. */
import path from 'node:path';
import type restify from 'restify';
import type { Config } from '../config/config';
import { prepareNameCheck } from '../config/anonymity-config';
import { loadLenses, loadQuestions, loadWheels } from '../config/load-wheels';
import type { World } from '../app/world';
import { systemClock, type Clock } from '../domain/ports';
import type { Logger } from '../config/logger';
import { loadOrgConfig, type OrgConfig } from '../config/org-config';
import { projectRoot } from '../config/project-root';
import type { Database } from '../storage/database';
import { openDatabase } from '../storage/open-database';
import { listOrgUnits, syncOrgConfig } from '../storage/organisations';
import { createAdapter, type BotAuthOverrides } from '../teams/adapter';
import { botChannelPoster } from '../teams/channel-poster';
import { botPersonalNotifier } from '../teams/personal-notifier';
import { botSharedNoticePoster } from '../teams/shared-notice-poster';
import { botCaseCardUpdater } from '../teams/case-card-updater';
import { SamsynBot } from '../teams/bot';
import { messagesHandler } from '../teams/messages-endpoint';
import { homeTenantResolver } from '../teams/home-tenant';
import type { JWTVerifyGetKey } from 'jose';
import { CaseWatcher } from './case-watch';
import { DevClock } from './dev-clock';
import { createServer } from './server';
import { appIdUriFor, entraJwks, type SsoSettings } from './sso-token';
import {
  graphClientFor,
  startAuditSeal,
  startChannelReconciliation,
  startRetention,
  startSideEffects,
} from './side-effects';
import type { DirectoryPort, TenantDirectories } from '../app/directory-port';
import { lookUpMember } from '../app/sync-directory';
import { graphDirectories } from '../graph/directory';
import { developmentDirectory } from '../config/development-directory';
import { membershipStore } from '../storage/organisations';
import { startDirectorySync, type DirectorySyncLoop } from './directory-sync';
import { defaultRetentionRules } from '../domain/retention';

export interface RunningApp {
  readonly server: restify.Server;
  readonly db: Database;
  readonly url: string;
  /** The directory sync (null without a directory): tests run it at once instead of waiting for the interval. */
  readonly directorySync: DirectorySyncLoop | null;
  close(): Promise<void>;
}

function checkWheelsExist(org: OrgConfig, wheelIds: Set<string>, file: string): void {
  for (const u of org.orgUnits) {
    if (!wheelIds.has(u.wheelId))
      throw new Error(`${file}: unit ${u.id} uses wheel "${u.wheelId}", which is not in config/wheels`);
  }
}

/** The units outside the partner tenants are the host's: with credentials, that is the app's own tenant. */
function checkHostTenant(org: OrgConfig, config: Config): void {
  const appTenant = config.bot?.tenantId?.toLowerCase();
  if (appTenant !== undefined && appTenant !== org.hostTenantId)
    throw new Error(
      `${config.orgConfigFile}: the units outside partnerTenants belong to tenant ${org.hostTenantId}, not to the app's tenant (MicrosoftAppTenantId ${appTenant}); list other organisations' tenants in partnerTenants`,
    );
}

/** Tab sign-in: the host's tenants (ALLOWED_TENANTS, default the app's tenant) and the listed partner tenants. */
export function signInTenants(config: Pick<Config, 'allowedTenants'>, org: OrgConfig): string[] {
  return [...new Set([...config.allowedTenants, ...org.partnerTenants.map((p) => p.tenantId)])];
}

export interface StartOptions {
  readonly host?: string;
  /** The clock: a stand-in only at this outer edge, for tests. */
  readonly clock?: Clock;
  readonly outboxIntervalMs?: number;
  /** How often the audit sealer runs (default every second). */
  readonly sealIntervalMs?: number;
  /** How often the retention sweep runs (default hourly). */
  readonly retentionIntervalMs?: number;
  /** How often every plan channel's membership is reconciled (default hourly). */
  readonly channelReconcileIntervalMs?: number;
  /** Entra's signing keys; tests serve their own key set (production: Entra's JWKS endpoint). */
  readonly jwks?: JWTVerifyGetKey;
  /** Tests only: wraps the opened database (fault injection at a statement). */
  readonly database?: (db: Database) => Database;
  /** How often an open event stream re-checks access without an event (default and maximum 30 s). */
  readonly accessRecheckMs?: number;
  /** Tests only: botbuilder's key set, issuer and outbound token pointed at local stand-ins (every check stays on). */
  readonly botAuth?: BotAuthOverrides;
  /**
   * Where people come from. Default: Entra ID through Graph when Graph is configured; in local mode
   * without Graph, the development directory (the stand-in's seed) in-process. Tests pass their own:
   * one port for every tenant, or one per tenant.
   */
  readonly directory?: DirectoryPort | TenantDirectories | null;
}

/** Each tenant's directory for this configuration (see StartOptions.directory). */
function directoriesFor(config: Config, org: OrgConfig): TenantDirectories | null {
  if (config.graph !== null)
    return graphDirectories(
      org.hostTenantId,
      org.partnerTenants.map((p) => p.tenantId),
      (partnerTenantId) => {
        const client = graphClientFor(config, partnerTenantId);
        if (client === null) throw new Error('Microsoft Graph is not configured');
        return client;
      },
    );
  if (config.bot !== null) return null;
  const development = developmentDirectory();
  return () => development;
}

export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const wheels = loadWheels();
  prepareNameCheck();
  const org = loadOrgConfig(config.orgConfigFile);
  checkWheelsExist(org, new Set(wheels.keys()), config.orgConfigFile);
  checkHostTenant(org, config);

  const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const db = options.database ? options.database(opened) : opened;
  await syncOrgConfig(db, org);
  // People come from the directory: one sync before the app listens, then every DIRECTORY_SYNC_SECONDS.
  const given = options.directory;
  const directories: TenantDirectories | null =
    given === undefined
      ? directoriesFor(config, org)
      : typeof given === 'function' || given === null
        ? given
        : () => given;
  const directorySync = directories
    ? startDirectorySync(
        db,
        directories,
        org.orgUnits,
        options.clock ?? systemClock,
        logger,
        config.directorySyncSeconds * 1000,
      )
    : null;
  await directorySync?.runOnce();

  const world: World = {
    orgUnits: await listOrgUnits(db),
    wheels,
    questions: loadQuestions(),
    lenses: loadLenses().lenses,
    ...(org.barnteam ? { barnteam: org.barnteam } : {}),
    ...(org.consultationOutcomeReminderDays !== undefined
      ? { consultationOutcomeReminderDays: org.consultationOutcomeReminderDays }
      : {}),
  };
  // Local development (DEV_AUTH) gets a clock that POST /api/dev/clock can move forward.
  const devClock = options.clock === undefined && config.devAuth ? new DevClock() : null;
  const clock = options.clock ?? devClock ?? systemClock;
  const adapter = createAdapter(config.bot, logger, options.botAuth);
  const poster = botChannelPoster(adapter, config.bot?.appId ?? '', db, world, config.defaultLocale);
  const notifier = botPersonalNotifier(
    adapter,
    config.bot?.appId ?? '',
    db,
    config.defaultLocale,
    org.partnerTenants.map((p) => p.tenantId),
  );
  const cards = botCaseCardUpdater(adapter, config.bot?.appId ?? '', db, config.defaultLocale);
  const sideEffects = startSideEffects(
    config,
    db,
    clock,
    logger,
    poster,
    options.outboxIntervalMs,
    notifier,
    cards,
    org.hostTenantId,
    {
      tenantIds: org.partnerTenants.map((p) => p.tenantId),
      poster: botSharedNoticePoster(adapter, config.bot?.appId ?? '', db, config.defaultLocale, org.hostTenantId),
    },
  );
  const retention = startRetention(
    db,
    org.retention ?? defaultRetentionRules,
    clock,
    logger,
    options.retentionIntervalMs,
  );
  const reconciliation = startChannelReconciliation(db, clock, logger, options.channelReconcileIntervalMs);
  const seal = startAuditSeal(config, db, clock, logger, options.sealIntervalMs);
  const members = membershipStore(db, () => clock.now());
  const lookUp = directories
    ? (tenantId: string, objectId: string) => lookUpMember(directories, org.orgUnits, members, tenantId, objectId)
    : undefined;
  const bot = new SamsynBot({
    db,
    calendar: sideEffects.calendar,
    world,
    clock,
    logger,
    defaultLocale: config.defaultLocale,
    localeForced: config.localeForced,
    publicBaseUrl: config.baseUrl,
    ...(config.planTeamId ? { planTeamId: config.planTeamId } : {}),
    ...(lookUp ? { lookUpMember: lookUp } : {}),
    ...(org.partnerTenants.length > 0
      ? { partners: { tenantIds: org.partnerTenants.map((p) => p.tenantId), homeTenantOf: homeTenantResolver() } }
      : {}),
  });
  const sso: SsoSettings | null = config.bot
    ? {
        clientId: config.bot.appId,
        appIdUri: appIdUriFor(config.baseUrl, config.bot.appId),
        allowedTenants: signInTenants(config, org),
        jwks: options.jwks ?? entraJwks(),
      }
    : null;
  const watcher = new CaseWatcher(db);
  const server = createServer({
    db,
    watcher,
    webDir: path.join(projectRoot(), 'dist', 'web'),
    devClock,
    logger,
    botHandler: messagesHandler(adapter, bot),
    localMode: config.bot === null,
    tabAuth: { db, sso, devAuth: config.devAuth, ...(lookUp ? { lookUpMember: lookUp } : {}) },
    orgUnitName: (id) => world.orgUnits.find((u) => u.id === id)?.name ?? id,
    world,
    clock,
    ...(options.accessRecheckMs !== undefined ? { accessRecheckMs: options.accessRecheckMs } : {}),
  });

  // Local mode listens on loopback only; with credentials, on every interface (behind App Service).
  const listenHost = options.host ?? (config.bot === null ? '127.0.0.1' : '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    // The listener goes as soon as the server listens: restify emits an event named after a failed
    // request's error, and pg's errors are named 'error' — a listener left here would swallow the
    // answer of the first such request.
    const failed = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
    server.once('error', failed);
    server.listen(config.port, listenHost, () => {
      server.removeListener('error', failed);
      resolve();
    });
  });
  const address = server.address();
  const url = `http://${listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost}:${typeof address === 'object' && address ? address.port : config.port}`;

  let closing: Promise<void> | undefined;
  return {
    server,
    db,
    url,
    directorySync,
    close() {
      closing ??= (async () => {
        watcher.closeAll();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sideEffects.loop.stop();
        await retention.stop();
        await reconciliation.stop();
        await seal?.stop();
        await directorySync?.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
