/**
 * Call the collaboration meeting: the invitees (with their units) must all be covered by a consent
 * in force, and the family members invited by e-mail must be named in one (domain/family-invitation);
 * the meeting is recorded, the invitees become parties, the calendar event is queued and
 * the history says so, in one transaction. The event itself is created by the outbox
 * (create-meeting-event.ts); the plan channel, if there is one, follows the new parties.
 */
import { checkFamilyInvitation, type FamilyInvitee } from '../domain/family-invitation';
import type { Meeting } from '../domain/meeting';
import type { UseCaseContext } from './context';
import type { CardRef } from './external-ports';
import { queueChannelSync } from './plan-channel-sync';
import type { Invitee } from './ports';

export function callMeeting(
  ctx: UseCaseContext,
  caseId: string,
  input: {
    startsAt: Date;
    endsAt: Date;
    invitees: readonly Invitee[];
    /** Guardians (and the child) invited by e-mail as external attendees; none by default. */
    family?: readonly FamilyInvitee[];
    /** The card the person called the meeting on: the job updates it when the meeting is created. */
    card?: CardRef | null;
  },
): Promise<Meeting> {
  const { repos } = ctx;
  return ctx.atomically(async () => {
    const { card, ...meetingInput } = input;
    const family = input.family ?? [];
    if (family.length > 0) checkFamilyInvitation(family, await repos.consents.listConsents(caseId), ctx.clock.now());
    const meeting = await repos.meetings.recordMeeting(caseId, meetingInput);
    await repos.jobs.enqueue(caseId, {
      kind: 'meeting.createEvent',
      key: `meeting.createEvent:${meeting.id}`,
      payload: { meetingId: meeting.id, ...(card ? { card } : {}) },
    });
    const orgUnitIds = [...new Set(input.invitees.map((i) => i.orgUnitId))];
    await repos.history.record(caseId, {
      type: 'meeting.requested',
      detail: { meetingId: meeting.id, orgUnitIds, family: family.map((f) => f.kind) },
    });
    await queueChannelSync(ctx, caseId);
    return meeting;
  });
}
