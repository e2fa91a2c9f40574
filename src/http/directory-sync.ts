/**
 * Runs the directory sync once at start and then every DIRECTORY_SYNC_SECONDS on this instance.
 * Several instances each sync; the cache update locks the tenant's units, so each change is
 * applied and audited once. A failed run keeps the cache and is logged; the next run retries.
 */
import type { DirectoryPort } from '../app/directory-port';
import { syncDirectory, type SyncResult } from '../app/sync-directory';
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
  directory: DirectoryPort,
  units: readonly DirectoryUnit[],
  clock: Clock,
  logger: Logger,
  intervalMs: number,
): DirectorySyncLoop {
  const store = membershipStore(db, () => clock.now());
  let running: Promise<SyncResult[] | null> | null = null;
  const runOnce = () => {
    running ??= syncDirectory(directory, units, store)
      .then((results) => {
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
        return results;
      })
      .catch((err: unknown) => {
        logger.warn(
          {
            err: {
              name: err instanceof Error ? err.name : 'unknown',
              message: err instanceof Error ? err.message : String(err),
            },
          },
          'directory sync failed; the membership cache is kept',
        );
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
