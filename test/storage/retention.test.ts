/**
 * Retention on both engines: exactly the cases the rules name are deleted (just inside and just
 * outside each window, anonymous vs closed, the unit's own period vs the default), with all their
 * child rows; the deletion is audited as the system; the audit chains verify afterwards; two sweeps
 * at once delete and audit each case once.
 */
import assert from 'node:assert/strict';
import { anyAreas } from '../support/rules';
import { defaultRetention, type RetentionRules } from '../../src/domain/retention';
import { readAuditRows, verifyAuditLog } from '../../src/storage/audit-reader';
import type { Database } from '../../src/storage/database';
import { sweepRetention } from '../../src/storage/retention-sweep';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
  stageAs,
} from '../support/world';

const minute = 60_000;
const day = 86_400_000;
const rules: RetentionRules = {
  defaults: defaultRetention,
  perUnit: new Map([[units.school, { closedCaseDays: 30 }]]),
};
const caseTables = ['case_party', 'consent', 'assessment', 'meeting', 'plan_version', 'case_event', 'plan_download'];

async function remaining(db: Database, caseId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of ['child_case', ...caseTables]) {
    const r = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${t} WHERE ${t === 'child_case' ? 'id' : 'case_id'} = $1`,
      [caseId],
    );
    counts[t] = r.rows[0]?.n ?? -1;
  }
  const d = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM form_draft WHERE case_key = $1', [caseId]);
  counts.form_draft = d.rows[0]?.n ?? -1;
  return counts;
}

const gone = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

for (const kind of dbKinds) {
  describe(`retention (gallring) [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    let clock: FakeClock;
    const t0 = new Date('2026-03-02T09:00:00.000Z');

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock(t0);
    });
    afterEach(async () => db?.close());

    it('deletes exactly the cases outside their window, with every child row, audited as the system; the chains verify', async () => {
      const anna = reposAs(db, people.anna, clock);
      const bo = reposAs(db, people.bo, clock);
      const anonOut = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await anna.drafts.saveDraft('wheel', anonOut.id, { note: 'utkast' });
      const consentedOpen = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      const closedOut = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      await anna.assessments.saveAssessment(
        closedOut.id,
        { answers: { q1: 'Oro för sömnen' }, areas: {} },
        0,
        anyAreas({ answers: { q1: 'Oro för sömnen' }, areas: {} }),
      );
      await stageAs(
        db,
        people.anna,
        clock,
        closedOut.id,
        { type: 'close', reason: 'Behoven är mötta' },
        closedOut.version,
      );
      const socialClosed = await bo.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock),
      });
      await stageAs(db, people.bo, clock, socialClosed.id, { type: 'close', reason: 'Avslutat' }, socialClosed.version);
      const anonActive = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });

      clock.advance(2 * minute);
      const anonIn = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      const closedIn = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock),
      });
      await stageAs(db, people.anna, clock, closedIn.id, { type: 'close', reason: 'Avslutat' }, closedIn.version);
      await anna.assessments.saveAssessment(
        anonActive.id,
        { answers: { q1: 'Ny iakttagelse' }, areas: {} },
        0,
        anyAreas({ answers: { q1: 'Ny iakttagelse' }, areas: {} }),
      );
      const auditBefore = await readAuditRows(db, { caseId: closedOut.id });

      // 30 days + 1 minute after closedOut was closed, 30 days - 1 minute after closedIn was.
      clock.advance(30 * day - minute);
      const first = await sweepRetention(db, rules, clock, 'a');
      assert.deepEqual(first.deleted, [{ caseId: closedOut.id, reason: 'closed-expired' }]);
      assert.ok(gone(await remaining(db, closedOut.id)), JSON.stringify(await remaining(db, closedOut.id)));
      assert.equal((await remaining(db, closedIn.id)).child_case, 1);

      // 90 days + 1 minute after the first anonymous consultation's last activity.
      clock.advance(60 * day);
      const second = await sweepRetention(db, rules, clock, 'a');
      assert.deepEqual(
        new Set(second.deleted.map((d) => `${d.caseId}:${d.reason}`)),
        new Set([`${anonOut.id}:anonymous-inactive`, `${closedIn.id}:closed-expired`]),
      );
      assert.ok(gone(await remaining(db, anonOut.id)));
      for (const kept of [anonIn, anonActive, consentedOpen, socialClosed])
        assert.equal((await remaining(db, kept.id)).child_case, 1, `kept ${kept.reference}`);

      // The case's own audit rows stay, and the deletion is one more, by the system.
      const auditAfter = await readAuditRows(db, { caseId: closedOut.id });
      assert.deepEqual(
        auditAfter.slice(0, auditBefore.length).map((r) => r.hash),
        auditBefore.map((r) => r.hash),
      );
      const deletion = auditAfter.filter((r) => r.action === 'case.delete');
      assert.equal(deletion.length, 1);
      assert.equal(deletion[0]?.actorTenantId, 'system');
      assert.equal(deletion[0]?.orgUnitId, units.school);
      assert.equal(deletion[0]?.outcome, 'success');
      const report = await verifyAuditLog(db);
      assert.equal(report.firstBreak, null);

      // The anonymous one kept alive by a later assessment goes 90 days after that activity.
      clock.advance(2 * minute);
      const third = await sweepRetention(db, rules, clock, 'a');
      assert.deepEqual(new Set(third.deleted.map((d) => d.caseId)), new Set([anonIn.id, anonActive.id]));
      assert.equal((await remaining(db, consentedOpen.id)).child_case, 1, 'an open consented case is never deleted');
      assert.equal(
        (await remaining(db, socialClosed.id)).child_case,
        1,
        'the default period (5 years) applies to the social services unit',
      );
      assert.equal((await verifyAuditLog(db)).firstBreak, null);
    });

    it('two sweeps at once delete and audit each case exactly once', async () => {
      const anna = reposAs(db, people.anna, clock);
      const ids = [];
      for (let i = 0; i < 4; i++)
        ids.push((await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails })).id);
      clock.advance(91 * day);
      const [a, b] = await Promise.all([sweepRetention(db, rules, clock, 'a'), sweepRetention(db, rules, clock, 'b')]);
      const all = [...a.deleted, ...b.deleted].map((d) => d.caseId).sort();
      assert.deepEqual(all, [...ids].sort());
      const deletions = (await readAuditRows(db)).filter((r) => r.action === 'case.delete');
      assert.deepEqual(deletions.map((r) => r.caseId).sort(), [...ids].sort());
      assert.equal((await verifyAuditLog(db)).firstBreak, null);
    });
  });
}
