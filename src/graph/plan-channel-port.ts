/** PlanChannelPort on Microsoft Graph. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PlanChannelPort } from '../app/external-ports';
import { addChannelMembers, archiveChannel, createSharedChannel, installAppInChat, deleteChannel, enableAppInChannel, findChannelByName, listChannelMembers, removeChannelMember } from './channels';

/** The canonical Graph URL used in `@odata.bind`/`@odata.id` references (also by the stand-in). */
const graphReferenceBase = 'https://graph.microsoft.com';

export function graphPlanChannels(graph: Client, teamsAppId: string | undefined, poll = { attempts: 10, delayMs: 1000 }): PlanChannelPort {
  return {
    find: (teamId, displayName) => findChannelByName(graph, teamId, displayName),
    createShared: (teamId, displayName, description, ownerObjectId) => createSharedChannel(graph, graphReferenceBase, { teamId, displayName, description, ownerObjectId }, poll),
    listMembers: (ref) => listChannelMembers(graph, ref),
    addMembers: (ref, ids) => addChannelMembers(graph, graphReferenceBase, ref, ids),
    removeMember: (ref, membershipId) => removeChannelMember(graph, ref, membershipId),
    enableApp: async (ref) => {
      if (teamsAppId) await enableAppInChannel(graph, graphReferenceBase, ref, teamsAppId);
    },
    archive: (ref) => archiveChannel(graph, ref),
    installAppInChat: async (chatId) => {
      if (teamsAppId) await installAppInChat(graph, graphReferenceBase, chatId, teamsAppId);
    },
    delete: (ref) => deleteChannel(graph, ref),
  };
}
