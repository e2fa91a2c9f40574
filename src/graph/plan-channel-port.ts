/** PlanChannelPort on Microsoft Graph. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PlanChannelPort } from '../app/external-ports';
import { catalogAppResolver } from './app-catalog';
import {
  addChannelMembers,
  archiveChannel,
  createSharedChannel,
  installAppInChat,
  deleteChannel,
  enableAppInChannel,
  findChannelByName,
  isPendingCreate,
  listChannelMembers,
  removeChannelMember,
} from './channels';

/** The canonical Graph URL used in `@odata.bind`/`@odata.id` references (also by the stand-in). */
const graphReferenceBase = 'https://graph.microsoft.com';

/**
 * `teamsAppId` is the manifest id (TEAMS_APP_ID); the app's catalogue id is looked up once (the
 * port lives as long as the process) and kept. The steps that precede enabling the app in a new
 * channel start that look-up, so it adds no round trip of its own to posting the plan.
 * A new plan channel is created straight away (no look-up by name first); only when Graph says the
 * name exists is it looked up — so the usual path saves a round trip and a crash between creating
 * and storing the channel still never makes a second one.
 */
export function graphPlanChannels(
  graph: Client,
  teamsAppId: string | undefined,
  poll = { attempts: 10, delayMs: 1000 },
  /** The plan team's tenant: members of any other (partner) tenant are added as external members. */
  hostTenantId?: string,
): PlanChannelPort {
  const catalog = teamsAppId ? catalogAppResolver(graph, teamsAppId) : null;
  const prefetch = () => catalog?.prefetch();
  return {
    find: (teamId, displayName) => (prefetch(), findChannelByName(graph, teamId, displayName)),
    createShared: async (teamId, displayName, description, ownerObjectId) => {
      prefetch();
      try {
        const ref = await createSharedChannel(
          graph,
          graphReferenceBase,
          { teamId, displayName, description, ownerObjectId },
          poll,
        );
        return ref && { ref, created: true };
      } catch (err) {
        // The name is ours and unique: a channel of that name is the one an earlier run created.
        if (!isPendingCreate(err)) throw err;
        const found = await findChannelByName(graph, teamId, displayName);
        if (found) return { ref: found, created: false };
        throw err;
      }
    },
    listMembers: (ref) => (prefetch(), listChannelMembers(graph, ref)),
    addMembers: (ref, members) =>
      addChannelMembers(
        graph,
        graphReferenceBase,
        ref,
        members.map((m) =>
          hostTenantId !== undefined && m.tenantId.toLowerCase() !== hostTenantId.toLowerCase()
            ? { objectId: m.objectId, externalTenantId: m.tenantId }
            : { objectId: m.objectId },
        ),
      ),
    removeMember: (ref, membershipId) => removeChannelMember(graph, ref, membershipId),
    enableApp: async (ref) => {
      if (catalog) await enableAppInChannel(graph, graphReferenceBase, ref, await catalog.catalogAppId());
    },
    archive: (ref) => archiveChannel(graph, ref),
    installAppInChat: async (chatId) => {
      if (catalog) await installAppInChat(graph, graphReferenceBase, chatId, await catalog.catalogAppId());
    },
    delete: (ref) => deleteChannel(graph, ref),
  };
}
