/**
 * Outbox job: when a case closes, its plan channel is archived (read-only, kept) or deleted, per
 * configuration. Host teams have channel limits; deleting frees a place, archiving keeps the record.
 */
import type { PlanChannelPort } from './external-ports';
import type { PlanPublishStore } from './publish-plan';

export type OnClose = 'archive' | 'delete';

export async function closePlanChannel(
  deps: {
    store: PlanPublishStore & { markChannelClosed(caseId: string, orgUnitId: string): Promise<void> };
    channels: PlanChannelPort;
    teamId: string;
    onClose: OnClose;
  },
  caseId: string,
): Promise<{ closed: OnClose } | null> {
  const data = await deps.store.planForPublish(caseId);
  if (data === null || data.channel === null || data.channel.channelId === null) return null;
  const ref = { teamId: data.channel.teamId ?? deps.teamId, channelId: data.channel.channelId };
  if (deps.onClose === 'delete') await deps.channels.delete(ref);
  else await deps.channels.archive(ref);
  await deps.store.markChannelClosed(caseId, data.orgUnitId);
  return { closed: deps.onClose };
}
