/**
 * Starts the outbox loop on this instance: the Graph client (production credentials, or the
 * development stand-in) and the job handlers of src/jobs/catalog.ts over it.
 */
import { randomUUID } from 'node:crypto';
import type { CalendarPort, CaseCardPort, ChannelPostPort } from '../app/external-ports';
import { graphPlanChannels } from '../graph/plan-channel-port';
import { graphPersonalAppInstaller } from '../graph/personal-app-install';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import type { Clock } from '../domain/ports';
import { graphCalendar } from '../graph/calendar-port';
import {
  appCredential,
  createGraphClient,
  developmentCredential,
  developmentCredentialFor,
  partnerCredential,
} from '../graph/graph-client';
import type { Database } from '../storage/database';
import { Outbox } from '../storage/outbox';
import { startOutboxLoop, type OutboxLoop } from '../storage/outbox-runner';
import { jobHandlers } from '../jobs/catalog';
import { SystemStore } from '../storage/system-store';
import { countOutboxJob } from '../metrics';
import type { RetentionRules } from '../domain/retention';
import { startRetentionLoop, type RetentionLoop } from '../storage/retention-sweep';
import { queueChannelReconciliation } from '../storage/channel-reconciliation';
import { startPeriodic, type PeriodicLoop } from '../storage/periodic-loop';
import type { PersonalMessagePort } from '../app/follow-up-ports';
import { FollowUpJobStore } from '../storage/follow-up-job-store';
import { partnerAwareNotifier, type SharedNoticePort } from '../app/partner-notices';
import { SharedPlaceJobStore } from '../storage/shared-place-store';
import { DefaultAzureCredential } from '@azure/identity';
import { anchorStoreFor } from '../storage/anchor-store';
import { startSealLoop, type SealLoop } from '../storage/audit-sealer';
import { FileKeySigner } from '../storage/checkpoint-signer';
import { KeyVaultSigner } from '../storage/key-vault-signer';

export interface SideEffects {
  readonly calendar: CalendarPort | null;
  readonly loop: OutboxLoop;
}

/** Graph's credential: the development token for the stand-in, else the app's own (secret or managed identity). */
/** The host tenant's credential, or — given a partner's tenant id (decision 0008) — one issued by that tenant. */
export function graphCredentialFor(config: Pick<Config, 'graph' | 'bot'>, partnerTenantId?: string) {
  if (config.graph?.development)
    return partnerTenantId === undefined ? developmentCredential : developmentCredentialFor(partnerTenantId);
  const app = {
    tenantId: config.bot?.tenantId ?? '',
    clientId: config.bot?.appId ?? '',
    ...(config.bot?.appPassword ? { clientSecret: config.bot.appPassword } : {}),
    ...(config.bot?.managedIdentityClientId ? { managedIdentityClientId: config.bot.managedIdentityClientId } : {}),
  };
  return partnerTenantId === undefined ? appCredential(app) : partnerCredential(app, partnerTenantId);
}

/** The Graph client of the host tenant, or of a partner's tenant when its id is given. */
export function graphClientFor(config: Config, partnerTenantId?: string) {
  if (config.graph === null) return null;
  return createGraphClient({ baseUrl: config.graph.baseUrl, credential: graphCredentialFor(config, partnerTenantId) });
}

export function startSideEffects(
  config: Config,
  db: Database,
  clock: Clock,
  logger: Logger,
  poster: ChannelPostPort,
  intervalMs = 500,
  notifier?: PersonalMessagePort,
  cards?: CaseCardPort,
  /** The host tenant (the plan team's): plan-channel members of partner tenants join as external members. */
  hostTenantId?: string,
  /** Partner tenants (decision 0008, lower case) and the bot's posts with a mention, where their cards go instead. */
  partners?: { readonly tenantIds: readonly string[]; readonly poster: SharedNoticePort },
): SideEffects {
  const graph = graphClientFor(config);
  const calendar = graph ? graphCalendar(graph) : null;
  const channels = graph ? graphPlanChannels(graph, config.teamsAppId, undefined, hostTenantId) : null;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const store = new SystemStore(db, clock, workerId);
  // A person who never talked to the bot gets the app installed for them (needs the manifest id).
  const installer = graph && config.teamsAppId ? graphPersonalAppInstaller(graph, config.teamsAppId) : undefined;
  // A partner tenant's professional has no personal chat: their cards go where src/app/partner-notices.ts says.
  const notices =
    notifier && partners && partners.tenantIds.length > 0
      ? partnerAwareNotifier(notifier, {
          isPartner: (to) => partners.tenantIds.includes(to.tenantId.toLowerCase()),
          store: new SharedPlaceJobStore(db, store),
          shared: partners.poster,
          ...(channels ? { installInChat: (chatId: string) => channels.installAppInChat(chatId) } : {}),
        })
      : notifier;
  const followUps = notices
    ? { store: new FollowUpJobStore(db, store), notifier: notices, ...(installer ? { installer } : {}) }
    : undefined;
  const handlers = jobHandlers({
    store,
    calendar,
    channels,
    poster,
    config,
    clock,
    ...(followUps ? { followUps } : {}),
    ...(cards
      ? {
          cards,
          cardUpdateFailed: (kind: string, code: string) =>
            logger.warn({ cardUpdate: { kind, code } }, 'the card could not be updated; the job is done'),
        }
      : {}),
  });
  const outbox = new Outbox(db, clock);
  const loop = startOutboxLoop(outbox, handlers, workerId, {
    intervalMs,
    onEvent: (e) => logger.warn({ outbox: e }, 'outbox job did not complete'),
    onJobEnded: countOutboxJob,
  });
  return { calendar, loop };
}

/**
 * Retention (gallring): a sweep on every instance (hourly unless told otherwise). Each deletion
 * locks its case row and checks the rule again, so two instances never delete or audit a case twice.
 */
export function startRetention(
  db: Database,
  rules: RetentionRules,
  clock: Clock,
  logger: Logger,
  intervalMs = 3_600_000,
): RetentionLoop {
  return startRetentionLoop(db, rules, clock, `${process.pid}-${randomUUID().slice(0, 8)}`, {
    intervalMs,
    onEvent: (e) =>
      e.type === 'error'
        ? logger.warn({ retention: e }, 'retention sweep failed')
        : logger.info({ retention: e }, 'retention sweep deleted cases'),
  });
}

/**
 * The plan channels' periodic repair (hourly unless told otherwise): one reconciliation per case with
 * an active channel and period, so a member added by hand in Teams leaves within the period.
 */
export function startChannelReconciliation(
  db: Database,
  clock: Clock,
  logger: Logger,
  intervalMs = 3_600_000,
): PeriodicLoop {
  return startPeriodic(
    () => queueChannelReconciliation(db, clock, intervalMs),
    intervalMs,
    (code) => logger.warn({ reconciliation: { code } }, 'plan channel reconciliation could not be queued'),
  );
}

/**
 * The audit sealer (decision 0007) in this instance's worker loop: every instance runs one, an
 * advisory lock lets one pass at a time seal. Without AUDIT_ANCHOR no sealer runs (a warning says so):
 * rows are still written, and sealed once an anchor store is configured.
 */
export function startAuditSeal(
  config: Config,
  db: Database,
  clock: Clock,
  logger: Logger,
  intervalMs = 1000,
): SealLoop | null {
  if (config.auditAnchor === null) {
    logger.warn('AUDIT_ANCHOR is not set: audit rows are not sealed or anchored (see docs/operations.md)');
    return null;
  }
  const credential = () =>
    new DefaultAzureCredential(
      config.bot?.managedIdentityClientId ? { managedIdentityClientId: config.bot.managedIdentityClientId } : {},
    );
  // Production signs in Key Vault (the key never leaves it); locally and in tests a key file signs.
  const signer = config.auditSigningKeyVaultKeyId
    ? new KeyVaultSigner(config.auditSigningKeyVaultKeyId, credential())
    : FileKeySigner.open(config.auditSigningKeyFile);
  const anchor = anchorStoreFor(config.auditAnchor, credential);
  return startSealLoop(
    { db, signer, anchor, clock },
    {
      intervalMs,
      onEvent: (e) =>
        e.type === 'error'
          ? logger.error({ seal: e }, 'audit seal pass failed')
          : logger.debug({ seal: e }, 'audit rows sealed'),
    },
  );
}
