import { randomUUID } from 'node:crypto';
import { consentRequired, forbidden, invalid, notFound } from '../domain/errors';
import type { Meeting } from '../domain/meeting';
import type { FamilyInvitee } from '../domain/family-invitation';
import { unitMaySee } from '../domain/visibility';
import type { Invitee, MeetingRepository } from '../app/ports';
import { isResponsible, type AccessScope } from './access-scope';
import { toMeeting, type MeetingRow } from './rows';

export class PgMeetingRepository implements MeetingRepository {
  constructor(private readonly scope: AccessScope) {}

  recordMeeting(
    caseId: string,
    input: { startsAt: Date; endsAt: Date; invitees: readonly Invitee[]; family?: readonly FamilyInvitee[] },
  ): Promise<Meeting> {
    return this.scope.onCase(caseId, 'meeting.record', true, async (tx, access) => {
      if (!isResponsible(access)) throw forbidden();
      // An anonymous consultation identifies nobody: any participating unit may be invited (a consultation meeting).
      if (!(input.startsAt < input.endsAt)) throw invalid('endsAt');
      if (input.startsAt <= this.scope.now()) throw invalid('startsAt');
      if (input.invitees.length === 0) throw invalid('invitees');
      const now = this.scope.now();
      const units = [...new Set(input.invitees.map((i) => i.orgUnitId))];
      const uncovered = units.find((u) => !unitMaySee(access, u, access.consents, now));
      if (uncovered !== undefined) throw consentRequired(uncovered);
      const { actor } = this.scope;
      const id = randomUUID();
      const r = await tx.query<MeetingRow>(
        `INSERT INTO meeting (id, case_id, org_unit_id, starts_at, ends_at, invited_org_unit_ids, invitees, organizer_object_id, transaction_id, status, created_at, family_invitees)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10, $11) RETURNING *`,
        [
          id,
          caseId,
          access.orgUnitId,
          input.startsAt,
          input.endsAt,
          units,
          JSON.stringify(input.invitees),
          actor.objectId,
          randomUUID(),
          now,
          JSON.stringify(input.family ?? []),
        ],
      );
      for (const i of input.invitees) {
        await tx.query(
          `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'participant', $7)
           ON CONFLICT (case_id, tenant_id, object_id, role) DO UPDATE SET removed_at = NULL`,
          [caseId, access.orgUnitId, i.tenantId, i.objectId, i.displayName, i.orgUnitId, now],
        );
      }
      const row = r.rows[0];
      if (row === undefined) throw new Error('meeting insert returned nothing');
      return toMeeting(row);
    });
  }

  getMeeting(caseId: string, meetingId: string): Promise<Meeting> {
    return this.scope.onCase(caseId, 'meeting.read', false, async (tx) => {
      const r = await tx.query<MeetingRow>('SELECT * FROM meeting WHERE case_id = $1 AND id::text = $2', [
        caseId,
        meetingId,
      ]);
      if (r.rows[0] === undefined) throw notFound();
      return toMeeting(r.rows[0]);
    });
  }

  listMeetings(caseId: string): Promise<Meeting[]> {
    return this.scope.onCase(caseId, 'meeting.read', false, async (tx) => {
      const r = await tx.query<MeetingRow>('SELECT * FROM meeting WHERE case_id = $1 ORDER BY starts_at', [caseId]);
      return r.rows.map(toMeeting);
    });
  }
}
