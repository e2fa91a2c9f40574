/**
 * Group consultations at the storage door, on both engines (issue 17, item 3): the group only from
 * its lists and only in an anonymous consultation; its actions guarded field by field, changed at
 * the version read, audited; never a child's identity, never the outcome "consent".
 */
import assert from 'node:assert/strict';
import { raiseIndividualFromGroup } from '../../src/app/open-individual-from-group';
import { recordConsultationOutcome } from '../../src/app/record-outcome';
import { saveGroupActions } from '../../src/app/save-group-actions';
import { groupActionsRule, type ConsultationDetails } from '../../src/domain/case';
import { isDomainError, type DomainErrorCode } from '../../src/domain/errors';
import type { GroupDescription } from '../../src/domain/group';
import { readAuditRows } from '../../src/storage/audit-reader';
import type { Database } from '../../src/storage/database';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  contextAs,
  emptyDetails,
  FakeClock,
  groupDetails,
  people,
  reposAs,
  seedWorld,
  units,
} from '../support/world';

const code = (c: DomainErrorCode, field?: string) => (err: unknown) =>
  isDomainError(err) && err.code === c && (field === undefined || err.field === field);

const withGroup = (group: Partial<Record<keyof GroupDescription, string>>): ConsultationDetails =>
  ({ ...groupDetails, group: { ...groupDetails.group, ...group } }) as unknown as ConsultationDetails;

for (const kind of dbKinds) {
  describe(`group consultations at the storage door [${kind}]`, function () {
    let db: Database;
    let clock: FakeClock;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock();
    });
    afterEach(async () => db?.close());

    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM child_case')).rows[0]?.n;

    it('stores the group from its lists; a value off them, identity or an identifying action is refused by field', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: groupDetails });
      assert.deepEqual((await anna.cases.getCase(kase.id)).details.group, groupDetails.group);

      await assert.rejects(
        anna.cases.createCase({ kind: 'anonymous', details: withGroup({ sizeBand: '1-4' }) }),
        code('Invalid', 'groupSize'),
      );
      await assert.rejects(
        anna.cases.createCase({ kind: 'anonymous', details: withGroup({ setting: 'Klass 4B' }) }),
        code('Invalid', 'groupSetting'),
      );
      await assert.rejects(
        anna.cases.createCase({ kind: 'anonymous', details: withGroup({ ageBand: '11' }) }),
        code('Invalid', 'groupAgeBand'),
      );
      await assert.rejects(
        anna.cases.createCase({
          kind: 'anonymous',
          details: { ...groupDetails, groupActions: ['Bildstöd', 'Ring 070-123 45 67'] },
        }),
        code('IdentifyingData', 'action2'),
      );
      await assert.rejects(
        anna.cases.createCase({ kind: 'anonymous', details: { ...emptyDetails, groupActions: ['Bildstöd'] } }),
        code('Invalid', 'groupActions'),
      );
      await assert.rejects(
        anna.cases.createCase({
          kind: 'consented',
          details: groupDetails,
          child: childIdentity,
          consent: consentFor([units.social], clock),
        }),
        code('Invalid', 'kind'),
      );
      assert.equal(await count(), 1, 'only the first was stored');
      const stored = JSON.stringify((await db.query('SELECT * FROM child_case')).rows);
      assert.ok(!stored.includes('123 45 67'));
    });

    it('the actions: replaced at the version read, guarded by field, audited; not on a consultation about one child', async () => {
      const ctx = await contextAs(db, people.anna, clock);
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: groupDetails });
      const saved = await saveGroupActions(
        ctx,
        kase.id,
        [' Bildstöd på tavlan ', '', 'Lugnare övergångar'],
        kase.version,
      );
      assert.deepEqual(saved.details.groupActions, ['Bildstöd på tavlan', 'Lugnare övergångar']);
      assert.equal(saved.version, kase.version + 1);
      assert.deepEqual(saved.details.group, groupDetails.group, 'the rest of the details stays');

      await assert.rejects(
        saveGroupActions(ctx, kase.id, ['Prata med Kims mamma på kim@example.se'], saved.version),
        code('IdentifyingData', 'action1'),
      );
      await assert.rejects(saveGroupActions(ctx, kase.id, ['Ny'], kase.version), code('Conflict'));
      await assert.rejects(
        saveGroupActions(ctx, kase.id, ['1', '2', '3', '4', '5', '6'], saved.version),
        code('Invalid', 'groupActions'),
      );
      assert.deepEqual((await anna.cases.getCase(kase.id)).details.groupActions, saved.details.groupActions);

      const single = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        anna.cases.saveGroupActions(single.id, ['Bildstöd'], groupActionsRule(single.version)),
        code('Invalid', 'kind'),
      );
      const audit = (await readAuditRows(db, { caseId: kase.id })).filter((a) => a.action === 'case.groupActions');
      assert.deepEqual(
        audit.map((a) => a.outcome),
        ['success', 'invalid', 'conflict', 'invalid'],
      );
      const events = await db.query<{ detail: unknown }>(
        "SELECT detail FROM case_event WHERE case_id = $1 AND type = 'group.actions'",
        [kase.id],
      );
      assert.deepEqual(
        events.rows.map((e) => e.detail),
        [{ count: 2 }],
      );
    });

    it('never a child’s identity, never the outcome "consent"; an individual consultation links back with nothing copied', async () => {
      const ctx = await contextAs(db, people.anna, clock);
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: groupDetails });
      await assert.rejects(
        anna.cases.convertToConsented(
          kase.id,
          { child: childIdentity, consent: consentFor([units.social], clock) },
          kase.version,
        ),
        code('Invalid', 'kind'),
      );
      await assert.rejects(
        recordConsultationOutcome(ctx, kase.id, { outcome: 'consent-asked', closeReason: '' }, kase.version),
        code('Invalid', 'outcome'),
      );
      const row = (
        await db.query<{ kind: string; child_name: string | null; consultation_outcome: string | null }>(
          'SELECT kind, child_name, consultation_outcome FROM child_case WHERE id = $1',
          [kase.id],
        )
      ).rows[0];
      assert.deepEqual(row, { kind: 'anonymous', child_name: null, consultation_outcome: null });

      const raised = await raiseIndividualFromGroup(ctx, kase.id, {
        ageBand: '10-12',
        worryAreas: ['halsa'],
        observations: 'Trött',
        tried: '',
      });
      assert.deepEqual(raised.kase.details.fromGroup, { caseId: kase.id, reference: kase.reference });
      assert.equal(raised.kase.details.group, undefined);
      // The individual consultation may become a consented case; the group stays as it was.
      const converted = await anna.cases.convertToConsented(
        raised.kase.id,
        { child: childIdentity, consent: consentFor([units.social], clock) },
        raised.kase.version,
      );
      assert.equal(converted.kind, 'consented');
      assert.deepEqual(converted.details.fromGroup, { caseId: kase.id, reference: kase.reference });
      await assert.rejects(raiseIndividualFromGroup(ctx, raised.kase.id, emptyDetails), code('Invalid', 'fromGroup'));
      // Someone who may not see the group cannot link to it (not found).
      const stranger = await contextAs(db, people.cia, clock);
      await assert.rejects(raiseIndividualFromGroup(stranger, kase.id, emptyDetails), code('NotFound'));
    });
  });
}
