/**
 * Call the collaboration meeting: the invitees (with their units) must all be covered by a consent
 * in force; the meeting is recorded, the invitees become parties and the calendar event is queued in
 * one transaction. The event itself is created by the outbox (create-meeting-event.ts).
 */
import type { Meeting } from '../domain/meeting';
import type { Invitee, Repositories } from './ports';

export function callMeeting(
  repos: Repositories,
  caseId: string,
  input: { startsAt: Date; endsAt: Date; invitees: readonly Invitee[] },
): Promise<Meeting> {
  return repos.meetings.recordMeeting(caseId, input);
}
