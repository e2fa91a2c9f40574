/**
 * The plan channel: a shared channel in the configured host team whose members are exactly the
 * invited parties. Created with one owner (Graph refuses more), members added afterwards in one
 * $batch (the SDK's batch builder), the app enabled in the channel. Lists follow `@odata.nextLink`. Channel creation has no idempotency key, so callers look
 * the channel up by its unique neutral name before creating it.
 */
import {
  BatchRequestContent,
  BatchResponseContent,
  type BatchResponseBody,
  type Client,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import type { Channel, ConversationMember, TeamsAsyncOperation } from '@microsoft/microsoft-graph-types';
import { DomainError } from '../domain/errors';
import { GraphStatusError, mapGraphError } from './graph-errors';
import { allPages } from './paging';
import { chatConsentedPermissionSet, type TeamsAppPermissionSet } from './rsc-permissions';

const userBind = (graphBase: string, objectId: string) => `${graphBase.replace(/\/$/, '')}/v1.0/users('${objectId}')`;

export interface ChannelRef {
  readonly teamId: string;
  readonly channelId: string;
}

export async function findChannelByName(
  graph: Client,
  teamId: string,
  displayName: string,
): Promise<ChannelRef | null> {
  try {
    const first = (await graph
      .api(`/teams/${encodeURIComponent(teamId)}/channels`)
      .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
      .get()) as PageCollection;
    const found = (await allPages<Channel>(graph, first, (c) => c.displayName !== displayName)).find(
      (c) => c.displayName === displayName,
    );
    return found?.id ? { teamId, channelId: found.id } : null;
  } catch (err) {
    throw mapGraphError(err, 'channels.find').error;
  }
}

/**
 * Creates the shared channel with exactly one owner and waits for the asynchronous operation.
 * Returns the channel, or null when the operation did not finish within `pollAttempts`.
 */
export async function createSharedChannel(
  graph: Client,
  graphBase: string,
  r: { teamId: string; displayName: string; description: string; ownerObjectId: string },
  poll: { attempts: number; delayMs: number } = { attempts: 30, delayMs: 1000 },
): Promise<ChannelRef | null> {
  try {
    const body: Channel & { members: ConversationMember[] } = {
      displayName: r.displayName,
      description: r.description,
      membershipType: 'shared',
      members: [
        {
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          roles: ['owner'],
          'user@odata.bind': userBind(graphBase, r.ownerObjectId),
        } as ConversationMember,
      ],
    };
    const response = (await graph
      .api(`/teams/${encodeURIComponent(r.teamId)}/channels`)
      .responseType('raw' as never)
      .post(body)) as Response;
    if (response.status === 201) {
      const channel = (await response.json()) as Channel;
      return channel.id ? { teamId: r.teamId, channelId: channel.id } : null;
    }
    if (response.status !== 202) {
      // The raw response is not turned into a GraphError by the client: keep Graph's status and body.
      throw new GraphStatusError('channel create failed', response.status, await response.text().catch(() => ''));
    }
    const location = response.headers.get('Content-Location') ?? response.headers.get('Location');
    if (!location) throw new GraphStatusError('no operation location', 502);
    for (let i = 0; i < poll.attempts; i++) {
      const op = (await graph.api(location).get()) as TeamsAsyncOperation;
      if (op.status === 'succeeded' && op.targetResourceId) return { teamId: r.teamId, channelId: op.targetResourceId };
      if (op.status === 'failed') throw new GraphStatusError('channel operation failed', 502);
      await new Promise((res) => setTimeout(res, poll.delayMs));
    }
    return null;
  } catch (err) {
    // A channel of that name is already there or still being created (find lists finished channels
    // only): the name is ours and unique, so wait and look it up again rather than fail for good.
    if (isDuplicateName(err))
      throw new DomainError('Unavailable', undefined, 'channels.create:pending', { retryable: true });
    throw mapGraphError(err, 'channels.create').error;
  }
}

/** The error createSharedChannel throws when a channel of that name exists or is still being created. */
export function isPendingCreate(err: unknown): boolean {
  return err instanceof DomainError && err.code === 'Unavailable' && err.detail === 'channels.create:pending';
}

function isDuplicateName(err: unknown): boolean {
  const e = err as { statusCode?: unknown; message?: unknown; body?: unknown } | null;
  const text = `${String(e?.message ?? '')} ${typeof e?.body === 'string' ? e.body : JSON.stringify(e?.body ?? '')}`;
  return e?.statusCode === 400 && /already exist/i.test(text);
}

export interface BatchItemResult {
  readonly objectId: string;
  readonly status: number;
}

/** Graph's limit of requests in one $batch (BatchRequestContent refuses more). */
const batchLimit = 20;
/** Batch steps carry URLs relative to the Graph version; the builder strips this origin. */
const batchOrigin = 'https://graph.microsoft.com';

/**
 * Adds members in one $batch (at most 20 per request); returns each member's status. A member of
 * another tenant than the team's is named with `tenantId`, as an external shared-channel member.
 */
export async function addChannelMembers(
  graph: Client,
  graphBase: string,
  ref: ChannelRef,
  members: readonly { readonly objectId: string; readonly externalTenantId?: string }[],
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  try {
    for (let start = 0; start < members.length; start += batchLimit) {
      const chunk = members.slice(start, start + batchLimit);
      const batch = new BatchRequestContent(
        chunk.map((m, i) => ({
          id: String(i + 1),
          request: new Request(`${batchOrigin}/teams/${ref.teamId}/channels/${ref.channelId}/members`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              '@odata.type': '#microsoft.graph.aadUserConversationMember',
              roles: [],
              'user@odata.bind': userBind(graphBase, m.objectId),
              // Someone of another tenant (B2B direct connect): Graph looks them up in their own tenant.
              ...(m.externalTenantId ? { tenantId: m.externalTenantId } : {}),
            }),
          }),
        })),
      );
      const answer = new BatchResponseContent(
        (await graph.api('/$batch').post(await batch.getContent())) as BatchResponseBody,
      );
      for (const [id, response] of answer.getResponses()) {
        const objectId = chunk[Number(id) - 1]?.objectId;
        if (objectId !== undefined) results.push({ objectId, status: response.status });
      }
    }
    return results;
  } catch (err) {
    throw mapGraphError(err, 'channels.addMembers').error;
  }
}

export async function listChannelMembers(
  graph: Client,
  ref: ChannelRef,
): Promise<{ membershipId: string; objectId: string }[]> {
  try {
    const first = (await graph.api(`/teams/${ref.teamId}/channels/${ref.channelId}/members`).get()) as PageCollection;
    const members = await allPages<ConversationMember & { userId?: string }>(graph, first);
    return members
      .filter((m) => m.id && m.userId)
      .map((m) => ({ membershipId: m.id as string, objectId: m.userId as string }));
  } catch (err) {
    throw mapGraphError(err, 'channels.listMembers').error;
  }
}

export async function removeChannelMember(graph: Client, ref: ChannelRef, membershipId: string): Promise<void> {
  try {
    await graph
      .api(`/teams/${ref.teamId}/channels/${ref.channelId}/members/${encodeURIComponent(membershipId)}`)
      .delete();
  } catch (err) {
    const failure = mapGraphError(err, 'channels.removeMember');
    if (failure.error.code !== 'NotFound') throw failure.error;
  }
}

const catalogAppBind = (graphBase: string, catalogAppId: string) =>
  `${graphBase.replace(/\/$/, '')}/v1.0/appCatalogs/teamsApps/${catalogAppId}`;

/** Makes the app (its bot) available in the shared channel. `catalogAppId` is the catalogue id, not the manifest id. */
export async function enableAppInChannel(
  graph: Client,
  graphBase: string,
  ref: ChannelRef,
  catalogAppId: string,
): Promise<void> {
  try {
    await graph
      .api(`/teams/${ref.teamId}/channels/${ref.channelId}/enabledApps/$ref`)
      .post({ '@odata.id': catalogAppBind(graphBase, catalogAppId) });
  } catch (err) {
    throw mapGraphError(err, 'channels.enableApp').error;
  }
}

export async function deleteChannel(graph: Client, ref: ChannelRef): Promise<void> {
  try {
    await graph.api(`/teams/${ref.teamId}/channels/${ref.channelId}`).delete();
  } catch (err) {
    const failure = mapGraphError(err, 'channels.delete');
    if (failure.error.code !== 'NotFound') throw failure.error;
  }
}

/** Archives the channel (read-only for its members; asynchronous in Graph). */
export async function archiveChannel(graph: Client, ref: ChannelRef): Promise<void> {
  try {
    await graph
      .api(`/teams/${ref.teamId}/channels/${ref.channelId}/archive`)
      .post({ shouldSetSpoSiteReadOnlyForMembers: true });
  } catch (err) {
    const failure = mapGraphError(err, 'channels.archive');
    if (failure.error.code !== 'NotFound') throw failure.error;
  }
}

/**
 * Installs the app in a chat (e.g. the meeting chat), consenting to the chat-scoped resource-specific
 * permissions its manifest asks for. `catalogAppId` is the catalogue id, not the manifest id.
 */
export async function installAppInChat(
  graph: Client,
  graphBase: string,
  chatId: string,
  catalogAppId: string,
  consented: TeamsAppPermissionSet = chatConsentedPermissionSet(),
): Promise<void> {
  try {
    await graph
      .api(`/chats/${encodeURIComponent(chatId)}/installedApps`)
      .post({ 'teamsApp@odata.bind': catalogAppBind(graphBase, catalogAppId), consentedPermissionSet: consented });
  } catch (err) {
    const failure = mapGraphError(err, 'chats.installApp');
    if (failure.error.code !== 'Conflict') throw failure.error;
  }
}
