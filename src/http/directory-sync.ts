/**
 * Runs the directory sync once at start and then every DIRECTORY_SYNC_SECONDS on this instance.
 * Several instances each sync; the cache update locks the tenant's units, so each change is
 * applied and audited once. A tenant that cannot be read keeps its cache and is logged (the other
 * tenants are applied); the next run retries.
 */
import type { TenantDirectories } from '../app/directory-port';
import { DirectorySyncFailed, syncDirectory, type SyncResult } from '../app/sync-directory';
import type { Logger } from '../config/logger';
import type { DirectoryUnit } from '../domain/directory';
import type { Clock } from '../domain/ports';
import type { Database } from '../storage/database';
import { membershipStore } from '../storage/organisations';

export interface DirectorySyncLoop {
  /** One sync now (also what the timer runs); resolves with the result, or null when it failed. */
  runOnce(): Promise<SyncResult[] | null>;
  stop(): Promise<void>;
}

export function startDirectorySync(
  db: Database,
  directories: TenantDirectories,
  units: readonly DirectoryUnit[],
  clock: Clock,
  logger: Logger,
  intervalMs: number,
): DirectorySyncLoop {
  const store = membershipStore(db, () => clock.now());
  const logChanges = (results: readonly SyncResult[]) => {
    for (const r of results)
      if (r.added.length > 0 || r.removed.length > 0)
        logger.info(
          {
            directory: {
              tenantId: r.tenantId,
              members: r.members,
              added: r.added.length,
              removed: r.removed.length,
            },
          },
          'directory sync changed the membership',
        );
  };
  const logFailure = (err: unknown, tenantId?: string) =>
    logger.warn(
      {
        ...(tenantId ? { directory: { tenantId } } : {}),
        err: {
          name: err instanceof Error ? err.name : 'unknown',
          message: err instanceof Error ? err.message : String(err),
        },
      },
      'directory sync failed; the membership cache is kept',
    );
  let running: Promise<SyncResult[] | null> | null = null;
  const runOnce = () => {
    running ??= syncDirectory(directories, units, store)
      .then((results) => {
        logChanges(results);
        return results;
      })
      .catch((err: unknown) => {
        // The tenants that were read are applied; each one that was not keeps its cache.
        if (err instanceof DirectorySyncFailed) {
          logChanges(err.synced);
          for (const f of err.failed) logFailure(f.error, f.tenantId);
        } else logFailure(err);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
