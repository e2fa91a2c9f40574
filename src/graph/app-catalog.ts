/**
 * The app's id in the organisation's Teams app catalogue. Graph generates it when the package is
 * uploaded; the manifest id (TEAMS_APP_ID) is only its `externalId`. Every
 * `/appCatalogs/teamsApps/{id}` reference (enabledApps, installedApps) needs the catalogue id:
 * `GET /appCatalogs/teamsApps?$filter=externalId eq '{manifest id}'` (application permission
 * AppCatalog.Read.All).
 */
import type { Client, PageCollection } from '@microsoft/microsoft-graph-client';
import type { TeamsApp } from '@microsoft/microsoft-graph-types';
import { DomainError } from '../domain/errors';
import { mapGraphError } from './graph-errors';
import { allPages } from './paging';

/** The catalogue id of the app with this manifest id, or null when the package was not uploaded. */
export async function findCatalogAppId(graph: Client, manifestId: string): Promise<string | null> {
  let found: TeamsApp[];
  try {
    const first = (await graph
      .api('/appCatalogs/teamsApps')
      .filter(`externalId eq '${manifestId.replace(/'/g, "''")}'`)
      .get()) as PageCollection;
    found = await allPages<TeamsApp>(graph, first);
  } catch (err) {
    throw mapGraphError(err, 'appCatalog.find').error;
  }
  const matching = found.filter((app) => app.id && app.externalId?.toLowerCase() === manifestId.toLowerCase());
  // Uploaded by the organisation first; a sideloaded copy only when that is all there is.
  const app = matching.find((a) => a.distributionMethod === 'organization') ?? matching[0];
  return app?.id ?? null;
}

/**
 * The package is not in the organisation's catalogue (or not visible yet: Teams applies app
 * policies to a new upload within a day or two). Retryable, so the job succeeds once it is there.
 */
export function appNotInCatalog(manifestId: string): DomainError {
  const error = new DomainError('PermissionMissing', undefined, 'appCatalog.appNotUploaded', { retryable: true });
  error.message =
    `The Teams app ${manifestId} (TEAMS_APP_ID) is not in the organisation's app catalogue. A Teams administrator must upload ` +
    'the app package (Teams admin center → Teams apps → Manage apps → Upload new app); until then Samsyn cannot add itself to plan channels or meeting chats.';
  return error;
}

/**
 * Resolves the catalogue id once per port (one port per process) and keeps it. `prefetch` starts
 * the look-up without waiting, so it runs alongside the calls that precede its first use; a failed
 * look-up is not kept, and the next use asks Graph again.
 */
export function catalogAppResolver(
  graph: Client,
  manifestId: string,
): { prefetch(): void; catalogAppId(): Promise<string> } {
  let pending: Promise<string> | null = null;
  const catalogAppId = (): Promise<string> => {
    pending ??= findCatalogAppId(graph, manifestId).then((id) => {
      if (id === null) throw appNotInCatalog(manifestId);
      return id;
    });
    const attempt = pending;
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  };
  return {
    prefetch: () => {
      catalogAppId().catch(() => undefined);
    },
    catalogAppId,
  };
}
