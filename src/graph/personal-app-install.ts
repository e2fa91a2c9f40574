/**
 * Installs the app in one person's personal scope (Graph `POST /users/{id}/teamwork/installedApps`,
 * application permission TeamsAppInstallation.ReadWriteSelfForUser.All), so the bot can write to
 * someone who has never talked to it. Teams then sends the bot the new personal conversation, which
 * the bot remembers; the job that needed it tries again later. Already installed (409) is done.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PersonalAppInstallPort, Recipient } from '../app/follow-up-ports';
import { catalogAppResolver } from './app-catalog';
import { mapGraphError } from './graph-errors';

const graphReferenceBase = 'https://graph.microsoft.com';

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** `teamsAppId`: the manifest id (TEAMS_APP_ID); its catalogue id is looked up once and kept. */
export function graphPersonalAppInstaller(graph: Client, teamsAppId: string): PersonalAppInstallPort {
  const catalog = catalogAppResolver(graph, teamsAppId);
  return {
    async installFor(to: Recipient): Promise<void> {
      const catalogAppId = await catalog.catalogAppId();
      try {
        await graph
          .api(`/users/${encodeURIComponent(to.objectId)}/teamwork/installedApps`)
          .post({ 'teamsApp@odata.bind': `${graphReferenceBase}/v1.0/appCatalogs/teamsApps/${catalogAppId}` });
      } catch (err) {
        if (statusOf(err) === 409) return;
        throw mapGraphError(err, 'personalApp.install').error;
      }
    },
  };
}
