/** PlanChannelPort on Microsoft Graph. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PlanChannelPort } from '../app/external-ports';
import { catalogAppResolver } from './app-catalog';
import { addChannelMembers, archiveChannel, createSharedChannel, installAppInChat, deleteChannel, enableAppInChannel, findChannelByName, listChannelMembers, removeChannelMember } from './channels';

/** The canonical Graph URL used in `@odata.bind`/`@odata.id` references (also by the stand-in). */
const graphReferenceBase = 'https://graph.microsoft.com';

/**
 * `teamsAppId` is the manifest id (TEAMS_APP_ID); the app's catalogue id is looked up once (the
 * port lives as long as the process) and kept. The steps that precede enabling the app in a new
 * channel start that look-up, so it adds no round trip of its own to posting the plan.
 */
export function graphPlanChannels(graph: Client, teamsAppId: string | undefined, poll = { attempts: 10, delayMs: 1000 }): PlanChannelPort {
  const catalog = teamsAppId ? catalogAppResolver(graph, teamsAppId) : null;
  const prefetch = () => catalog?.prefetch();
  return {
    find: (teamId, displayName) => (prefetch(), findChannelByName(graph, teamId, displayName)),
    createShared: (teamId, displayName, description, ownerObjectId) => (prefetch(), createSharedChannel(graph, graphReferenceBase, { teamId, displayName, description, ownerObjectId }, poll)),
    listMembers: (ref) => (prefetch(), listChannelMembers(graph, ref)),
    addMembers: (ref, ids) => addChannelMembers(graph, graphReferenceBase, ref, ids),
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
