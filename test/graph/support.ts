/** A Graph client wired to a running stand-in, trusting its generated certificate (test only). */
import { Agent } from 'undici';
import { createGraphClient, developmentCredential } from '../../src/graph/graph-client';
import { startGraphStandIn } from '../../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';

export type StandIn = Awaited<ReturnType<typeof startGraphStandIn>>;

/** The Teams app (manifest) id the tests configure (TEAMS_APP_ID); the stand-in's catalogue gives it another id. */
export const testTeamsAppId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';

export async function standInWithClient(options: Parameters<typeof startGraphStandIn>[0] = {}) {
  const standIn = await startGraphStandIn({
    directoryPath: DEVELOPMENT_DIRECTORY,
    planTeamId: 'samsyn-dev-team',
    teamsAppId: testTeamsAppId,
    ...options,
  });
  const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
  const graph = createGraphClient({
    baseUrl: standIn.url,
    credential: developmentCredential,
    retry: { delaySeconds: 0.01, maxRetries: 3 },
    fetchOptions: { dispatcher },
  });
  return {
    standIn,
    graph,
    /** GET a stand-in admin route (e.g. /_standin/state) the way a developer's browser would. */
    async admin<T>(path: string): Promise<T> {
      const res = await fetch(`${standIn.url}${path}`, { dispatcher } as unknown as RequestInit);
      return (await res.json()) as T;
    },
    async close() {
      await standIn.close();
      await dispatcher.close();
    },
  };
}
