import { randomUUID } from 'node:crypto';
import { firstUncoveredUnit } from '../domain/consent';
import { consentRequired, forbidden, invalid } from '../domain/errors';
import type { Meeting } from '../domain/meeting';
import type { MeetingRepository } from '../app/ports';
import { isResponsible, type AccessScope } from './access-scope';
import { addCaseEvent, toMeeting, type MeetingRow } from './rows';

export class PgMeetingRepository implements MeetingRepository {
  constructor(private readonly scope: AccessScope) {}

  /** Records a requested meeting. Every invited unit must be within a consent in force. */
  recordMeeting(caseId: string, input: { startsAt: Date; endsAt: Date; invitedOrgUnitIds: readonly string[] }): Promise<Meeting> {
    return this.scope.onCase(caseId, 'meeting.record', true, async (tx, access) => {
      if (!isResponsible(access)) throw forbidden();
      if (access.kind !== 'consented') throw invalid('kind');
      if (!(input.startsAt < input.endsAt)) throw invalid('endsAt');
      const others = input.invitedOrgUnitIds.filter((u) => u !== access.orgUnitId);
      const uncovered = firstUncoveredUnit(access.consents, others, this.scope.now());
      if (uncovered !== undefined) throw consentRequired(uncovered);
      const r = await tx.query<MeetingRow>(
        `INSERT INTO meeting (id, case_id, org_unit_id, starts_at, ends_at, invited_org_unit_ids, transaction_id, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8) RETURNING *`,
        [randomUUID(), caseId, access.orgUnitId, input.startsAt, input.endsAt, [...input.invitedOrgUnitIds], randomUUID(), this.scope.now()],
      );
      await addCaseEvent(tx, { caseId, orgUnitId: access.orgUnitId, at: this.scope.now(), actorName: this.scope.actor.displayName, type: 'meeting.requested', detail: { orgUnitIds: input.invitedOrgUnitIds } });
      const row = r.rows[0];
      if (row === undefined) throw new Error('meeting insert returned nothing');
      return toMeeting(row);
    });
  }

  listMeetings(caseId: string): Promise<Meeting[]> {
    return this.scope.onCase(caseId, 'meeting.read', false, async (tx) => {
      const r = await tx.query<MeetingRow>('SELECT * FROM meeting WHERE case_id = $1 ORDER BY starts_at', [caseId]);
      return r.rows.map(toMeeting);
    });
  }
}
