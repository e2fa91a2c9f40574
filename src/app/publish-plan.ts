/**
 * Outbox job: post the agreed plan where exactly the invited parties can see it. Creates (or finds,
 * by its unique neutral name) the case's shared channel with one owner, brings its members in line
 * with the parties whose unit a consent in force covers (adding in one $batch, removing those whose
 * consent was withdrawn or expired), makes the app available there, then posts the plan card once
 * and updates that same message on every later run. Each step's result is stored before the next,
 * so a retry continues instead of repeating.
 */
import type { CaseKind, CaseParty } from '../domain/case';
import { meetingChatId } from '../domain/meeting';
import type { Consent } from '../domain/consent';
import { unitMaySee } from '../domain/visibility';
import type { PlanContent } from '../domain/plan';
import type { ChannelPostPort, ChannelRef, PlanChannelPort, PlanChannelView } from './external-ports';
import { JobError } from '../domain/errors';

export interface PlanChannelRow {
  readonly displayName: string;
  readonly teamId: string | null;
  readonly channelId: string | null;
  readonly activityId: string | null;
  readonly serviceUrl: string | null;
  readonly postedVersion: number | null;
  readonly memberObjectIds: readonly string[];
}

/** The latest agreed plan of a case with what publishing it needs (no child-identifying data). */
export interface PlanForPublish {
  readonly caseId: string;
  readonly orgUnitId: string;
  readonly kind: CaseKind;
  readonly reference: string;
  /**
   * The plan as every party that may see the case may see it (the storage door keeps only the
   * categories all their agencies' consents cover); `partial` when something was left out.
   */
  readonly plan: {
    readonly version: number;
    readonly content: PlanContent;
    readonly authorName: string;
    readonly partial: boolean;
  } | null;
  readonly parties: readonly CaseParty[];
  readonly consents: readonly Consent[];
  readonly channel: PlanChannelRow | null;
  /** The join URL of the case's latest created meeting (the fallback place for the plan). */
  readonly meetingJoinUrl: string | null;
}

export interface PlanPublishStore {
  planForPublish(caseId: string): Promise<PlanForPublish | null>;
  saveChannel(
    caseId: string,
    orgUnitId: string,
    fields: {
      displayName: string;
      teamId?: string;
      channelId?: string;
      activityId?: string;
      serviceUrl?: string;
      postedVersion?: number;
      memberObjectIds?: readonly string[];
    },
  ): Promise<void>;
  /** Audits one member taken out of the channel (no longer covered, or added by hand in Teams). */
  memberRemoved(caseId: string, orgUnitId: string): Promise<void>;
}

export interface PublishDeps {
  readonly store: PlanPublishStore;
  readonly channels: PlanChannelPort;
  readonly poster: ChannelPostPort;
  /** The host team of plan channels; '' when none is configured: the plan goes to the meeting chat. */
  readonly teamId: string;
  readonly now: () => Date;
}

/** A neutral, unique channel name: the opaque reference and a fragment of the opaque case id. */
export function planChannelName(reference: string, caseId: string): string {
  return `Samsyn ${reference} ${caseId.slice(0, 8)}`;
}

/** Not ready yet (the channel is still being created, the meeting chat not there yet): try again later. */
const notReady = (why: string): JobError => new JobError('ChannelNotReady', true, why);

export async function publishPlan(
  deps: PublishDeps,
  caseId: string,
): Promise<{ channelId: string; activityId: string; version: number } | null> {
  const data = await deps.store.planForPublish(caseId);
  if (data === null || data.plan === null) return null;
  const displayName = data.channel?.displayName ?? planChannelName(data.reference, caseId);
  const save = (fields: Omit<Parameters<PlanPublishStore['saveChannel']>[2], 'displayName'>) =>
    deps.store.saveChannel(caseId, data.orgUnitId, { displayName, ...fields });

  const owner =
    data.parties.find((p) => p.role === 'named-person') ?? data.parties.find((p) => p.role === 'discoverer');
  if (!owner) return null;
  const now = deps.now();
  // The one visibility rule decides who the channel's members are and what the post shows.
  const covered = (unit: string) => unitMaySee(data, unit, data.consents, now);
  const desiredMembers = [
    ...new Map(
      data.parties
        .filter((p) => covered(p.orgUnitId))
        .map((p) => [p.objectId, { objectId: p.objectId, tenantId: p.tenantId }] as const),
    ).values(),
  ];
  const desired = desiredMembers.map((m) => m.objectId);

  if (deps.teamId === '') return publishInMeetingChat(deps, data, displayName, covered);

  let ref: ChannelRef | null = data.channel?.channelId
    ? { teamId: data.channel.teamId ?? deps.teamId, channelId: data.channel.channelId }
    : null;
  let fresh = false;
  if (ref === null) {
    const made = await deps.channels.createShared(
      deps.teamId,
      displayName,
      "Barnets plan / Child's plan – Samsyn",
      owner.objectId,
    );
    if (made === null) throw notReady('the shared channel is still being created');
    ref = made.ref;
    fresh = made.created;
    await save({ teamId: ref.teamId, channelId: ref.channelId });
  }
  const channel = ref;

  // A channel created just now has its owner as its only member: no need to ask Graph.
  const current = fresh ? [{ membershipId: '', objectId: owner.objectId }] : await deps.channels.listMembers(channel);
  const missing = desiredMembers.filter((d) => !current.some((m) => m.objectId === d.objectId));
  const leaving = current.filter((m) => !desired.includes(m.objectId) && m.objectId !== owner.objectId);
  const firstPost = !(data.channel?.activityId && data.channel.serviceUrl);
  // Members (one $batch), removals and making the app available are independent: in parallel. The
  // owner is never removed; the app is not a member (it is installed in the channel), so it stays.
  await Promise.all([
    missing.length > 0 ? deps.channels.addMembers(channel, missing) : null,
    ...leaving.map(async (m) => {
      await deps.channels.removeMember(channel, m.membershipId);
      await deps.store.memberRemoved(caseId, data.orgUnitId);
    }),
    firstPost ? deps.channels.enableApp(channel) : null,
  ]);
  await save({ memberObjectIds: desired });

  return postOrUpdate(deps, data, channel, owner.tenantId, viewOf(data, covered), save, async () => undefined);
}

type Save = (fields: Omit<Parameters<PlanPublishStore['saveChannel']>[2], 'displayName'>) => Promise<void>;

function viewOf(data: PlanForPublish, covered: (unit: string) => boolean): PlanChannelView {
  const plan = data.plan;
  if (plan === null) throw new Error('no agreed plan');
  return {
    reference: data.reference,
    version: plan.version,
    agreedBy: plan.authorName,
    hidden: !data.parties.every((p) => covered(p.orgUnitId)),
    moreInTab: plan.partial,
    goals: plan.content.goals,
    actions: plan.content.actions,
    leadName: plan.content.leadProfessional?.displayName ?? '',
    followUpDate: plan.content.followUpDate,
  };
}

/** Posts the card once (after making the app available, unless the caller did), then only updates that message. */
async function postOrUpdate(
  deps: PublishDeps,
  data: PlanForPublish,
  ref: ChannelRef,
  tenantId: string,
  view: PlanChannelView,
  save: Save,
  makeAvailable: () => Promise<void>,
) {
  if (data.channel?.activityId && data.channel.serviceUrl) {
    await deps.poster.update(tenantId, ref, data.channel.serviceUrl, data.channel.activityId, view);
    await save({ postedVersion: view.version });
    return { channelId: ref.channelId, activityId: data.channel.activityId, version: view.version };
  }
  await makeAvailable();
  const posted = await deps.poster.post(tenantId, ref, view);
  await save({ activityId: posted.activityId, serviceUrl: posted.serviceUrl, postedVersion: view.version });
  return { channelId: ref.channelId, activityId: posted.activityId, version: view.version };
}

/**
 * Without a host team (or where shared channels are unavailable) the plan goes to the meeting chat.
 * Its members are the meeting's invitees, which we cannot change: when consent no longer covers
 * every party, the card hides its detail instead.
 */
async function publishInMeetingChat(
  deps: PublishDeps,
  data: PlanForPublish,
  displayName: string,
  covered: (unit: string) => boolean,
) {
  const chatId = data.meetingJoinUrl ? meetingChatId(data.meetingJoinUrl) : null;
  if (chatId === null) throw notReady('no meeting chat yet: call the meeting first');
  const save: Save = (fields) => deps.store.saveChannel(data.caseId, data.orgUnitId, { displayName, ...fields });
  const ref = { teamId: '', channelId: chatId };
  await save({ channelId: chatId });
  const tenantId = data.parties[0]?.tenantId ?? '';
  return postOrUpdate(deps, data, ref, tenantId, viewOf(data, covered), save, () =>
    deps.channels.installAppInChat(chatId),
  );
}
