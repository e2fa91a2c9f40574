/**
 * Reports on both engines: the audit export holds exactly the rows of the range for one case or one
 * user (within the reviewer's unit), is refused and audited for everyone but a log reviewer, and is
 * itself audited; the management statistics count per month and never publish a count under 5.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/domain/actor';
import { isDomainError } from '../../src/domain/errors';
import { monthRange, publishStatistics } from '../../src/domain/statistics';
import { consulteeAddRule, type ConsultationDetails } from '../../src/domain/case';
import { recordConsultationOutcome } from '../../src/app/record-outcome';
import { readAuditRows } from '../../src/storage/audit-reader';
import type { Database } from '../../src/storage/database';
import { reportsFor } from '../../src/storage/report-repository';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  consentFor,
  childIdentity,
  emptyDetails,
  groupDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  tenant,
  units,
  stageAs,
  contextAs,
} from '../support/world';

const hour = 3_600_000;
const day = 24 * hour;
const maja: Actor = {
  tenantId: tenant,
  objectId: 'aaaaaaaa-0000-4000-8000-000000000099',
  displayName: 'Maja Chef',
  orgUnitId: units.school,
  roles: ['manager'],
};
const forbidden = (err: unknown) => isDomainError(err) && err.code === 'Forbidden';

for (const kind of dbKinds) {
  describe(`reports: audit export and statistics [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    let clock: FakeClock;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock(new Date('2026-03-02T09:00:00.000Z'));
    });
    afterEach(async () => db?.close());

    it('exports exactly the rows of the range, per case and per user, and audits the export', async () => {
      // A case of the social services (Lars reviews that unit), with Anna of the school as a party.
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock),
      });
      await bo.parties.addParty(kase.id, { ...people.anna, orgUnitId: units.school, role: 'participant' });
      const from = new Date(clock.now().getTime() + hour);
      clock.advance(hour); // exactly at `from`: inside
      await reposAs(db, people.anna, clock).cases.getCase(kase.id);
      clock.advance(hour);
      await bo.history.list(kase.id);
      const to = new Date(clock.now().getTime() + hour);
      clock.advance(hour); // exactly at `to`: outside
      await reposAs(db, people.anna, clock).cases.getCase(kase.id);
      // Anna's own school case: not the social services' to review.
      await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });

      const lars = reportsFor(db, people.lars, 'export-1', clock);
      const perCase = await lars.exportAudit({ caseId: kase.id, from, to });
      assert.deepEqual(
        perCase.map((r) => [r.actorObjectId, r.action, r.at.toISOString()]),
        [
          [people.anna.objectId, 'case.read', from.toISOString()],
          [people.bo.objectId, 'history.read', new Date(from.getTime() + hour).toISOString()],
        ],
      );
      assert.deepEqual(
        perCase.map((r) => r.chain),
        [units.school, units.social],
      );
      assert.equal(perCase[0]?.actorName, people.anna.displayName);

      const perUser = await lars.exportAudit({
        userId: people.anna.objectId,
        from: new Date(from.getTime() - 2 * hour),
        to: new Date(clock.now().getTime() + hour),
      });
      assert.deepEqual(
        perUser.map((r) => r.action),
        ['case.read', 'case.read'],
        "both of her reads of the social services case, not her own unit's case",
      );

      const exports = (await readAuditRows(db)).filter((r) => r.action === 'audit.export');
      assert.deepEqual(
        exports.map((r) => [r.actorObjectId, r.caseId, r.outcome]),
        [
          [people.lars.objectId, kase.id, 'success'],
          [people.lars.objectId, null, 'success'],
        ],
      );
    });

    it('refuses the export and the statistics to everyone without the role, and audits the attempt', async () => {
      const kase = await reposAs(db, people.bo, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        reportsFor(db, people.bo, 'r', clock).exportAudit({ caseId: kase.id, from: new Date(0), to: clock.now() }),
        forbidden,
      );
      await assert.rejects(
        reportsFor(db, maja, 'r', clock).exportAudit({ caseId: kase.id, from: new Date(0), to: clock.now() }),
        forbidden,
      );
      await assert.rejects(reportsFor(db, people.lars, 'r', clock).statistics(['2026-03'], clock.now()), forbidden);
      const denied = (await readAuditRows(db))
        .filter((r) => r.outcome === 'denied')
        .map((r) => [r.actorObjectId, r.action]);
      assert.deepEqual(
        denied.sort(),
        [
          [people.bo.objectId, 'audit.export'],
          [people.lars.objectId, 'statistics.read'],
          [maja.objectId, 'audit.export'],
        ].sort(),
      );
    });

    it('statistics: a follow-up counts as on time when recorded by its due date; a plan revised before its date is not due', async () => {
      const anna = reposAs(db, people.anna, clock);
      const version = async (caseId: string, v: number, followUpDate: string, createdAt: string) =>
        db.query(
          'INSERT INTO plan_version (case_id, org_unit_id, version, content, agreed, author_name, created_at) VALUES ($1, $2, $3, $4, true, $5, $6)',
          [caseId, units.school, v, JSON.stringify({ followUpDate }), 'Anna', new Date(createdAt)],
        );
      const followUp = async (caseId: string, reviewed: number, created: number, due: string, recordedAt: string) =>
        db.query(
          `INSERT INTO plan_follow_up (case_id, org_unit_id, plan_version, reviewed_version, due_date, action_results, area_levels, outcome, recorded_by_name, recorded_at)
           VALUES ($1, $2, $3, $4, $5, '[]', '{}', 'continue', 'Anna', $6)`,
          [caseId, units.school, created, reviewed, due, new Date(recordedAt)],
        );
      const [a, b, c, d] = await Promise.all(
        [1, 2, 3, 4].map(() => anna.cases.createCase({ kind: 'anonymous', details: emptyDetails })),
      );
      await version(a!.id, 1, '2026-03-20', '2026-02-01T10:00:00Z');
      await version(a!.id, 2, '2026-06-01', '2026-03-19T10:00:00Z');
      await followUp(a!.id, 1, 2, '2026-03-20', '2026-03-19T10:00:00Z'); // on time
      await version(b!.id, 1, '2026-03-25', '2026-02-01T10:00:00Z');
      await version(b!.id, 2, '2026-06-01', '2026-03-28T10:00:00Z');
      await followUp(b!.id, 1, 2, '2026-03-25', '2026-03-28T10:00:00Z'); // late
      await version(c!.id, 1, '2026-03-10', '2026-02-01T10:00:00Z'); // never followed up
      await version(d!.id, 1, '2026-03-15', '2026-02-01T10:00:00Z');
      await version(d!.id, 2, '2026-04-10', '2026-03-05T10:00:00Z'); // revised before the date: v1 not due; v2 missed
      const raw = await reportsFor(db, maja, 'stats', clock).statistics(
        ['2026-03', '2026-04', '2026-05', '2026-06'],
        new Date('2026-05-01T10:00:00Z'),
      );
      assert.deepEqual(raw.followUps.get('2026-03'), { onTime: 1, late: 2 });
      assert.deepEqual(raw.followUps.get('2026-04'), { onTime: 0, late: 1 });
      assert.equal(raw.followUps.get('2026-06'), undefined, 'not due yet');
    });

    it('statistics: 4 consultations in a month show as "<5", with secondary suppression; medians and stage changes per month', async () => {
      const anna = reposAs(db, people.anna, clock);
      const make = async (
        n: number,
        kindOf: (i: number) => 'anonymous' | 'consented',
        areas: string[] = ['trygghet'],
      ) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const k = kindOf(i);
          const details = { ...emptyDetails, worryAreas: areas };
          const c =
            k === 'anonymous'
              ? await anna.cases.createCase({ kind: k, details })
              : await anna.cases.createCase({
                  kind: k,
                  details,
                  child: childIdentity,
                  consent: consentFor([units.social], clock),
                });
          ids.push(c.id);
        }
        return ids;
      };
      await make(4, () => 'anonymous'); // March: 4
      clock.advance(31 * day); // April
      const april = await make(11, (i) => (i < 5 ? 'anonymous' : 'consented'), ['trygghet', 'halsa']);
      for (const [i, id] of april.slice(0, 5).entries()) {
        const start = new Date(clock.now().getTime() + (i + 2) * day);
        await db.query(
          `INSERT INTO meeting (id, case_id, org_unit_id, starts_at, ends_at, invited_org_unit_ids, transaction_id, status, created_at) VALUES ($1, $2, $3, $4, $5, '{}', $6, 'created', $7)`,
          [randomUUID(), id, units.school, start, new Date(start.getTime() + hour), randomUUID(), clock.now()],
        );
      }
      for (const id of april.slice(5, 11)) {
        const c = await anna.cases.getCase(id);
        await stageAs(db, people.anna, clock, id, { type: 'close', reason: 'Klart' }, c.version);
      }
      clock.advance(31 * day); // May: 7, one with a rare area
      await make(6, (i) => (i < 3 ? 'anonymous' : 'consented'));
      await make(1, () => 'anonymous', ['fritid']);

      const months = monthRange('2026-03', '2026-05');
      assert.ok(months);
      const raw = await reportsFor(db, maja, 'stats', clock).statistics(months, clock.now());
      const report = publishStatistics('2026-03', '2026-05', raw);
      const [march, aprilRow, may] = report.consultations.months;
      assert.deepEqual(march, { month: '2026-03', anonymous: '<5', consented: '<5', group: '<5', total: '<5' });
      assert.equal(aprilRow?.total, 11);
      assert.deepEqual([may?.anonymous, may?.consented], ['<5', '<5']);
      // March's and May's anonymous counts (4 + 4) would follow from the column total and April's 5
      // (both at most 4 and summing to 8): April's cells are hidden as well.
      assert.deepEqual([aprilRow?.anonymous, aprilRow?.consented], ['..', '..']);
      assert.equal(report.consultations.total.total, 22);
      const numbers = JSON.stringify(report.consultations).match(/:\d+/g) ?? [];
      assert.ok(
        numbers.every((n) => Number(n.slice(1)) >= 5),
        `no published count under 5: ${numbers.join(' ')}`,
      );
      assert.deepEqual(
        report.firstMeeting.months.map((m) => [m.month, m.cases, m.medianDays]),
        [
          ['2026-03', '<5', null],
          ['2026-04', 5, 4],
          ['2026-05', '<5', null],
        ],
      );
      // Six closed in April and none stepped down: April's split is hidden (0 would follow from 6 - 6).
      assert.deepEqual(
        report.stageChanges.months.map((m) => [m.closed, m.steppedDown, m.total]),
        [
          ['<5', '<5', '<5'],
          ['..', '<5', 6],
          ['<5', '<5', '<5'],
        ],
      );
      assert.equal(report.stageChanges.total.total, '..', 'a published 6 would show that March and May had none');
      assert.deepEqual(report.worryAreas, [
        { areaId: 'trygghet', cases: 21 },
        { areaId: 'halsa', cases: 11 },
        { areaId: 'fritid', cases: '<5' },
      ]);
      const published = JSON.stringify(report);
      for (const id of april) assert.ok(!published.includes(id), 'no case id in the statistics');
      assert.equal(
        (await readAuditRows(db)).filter((r) => r.action === 'statistics.read' && r.outcome === 'success').length,
        1,
      );
    });

    it('statistics: consultations per outcome and subject (one child / a group) with the median days to it, small counts suppressed', async () => {
      const anna = reposAs(db, people.anna, clock);
      const record = async (
        outcome: 'continued' | 'referred' | 'advice-followed',
        afterDays: number,
        details: ConsultationDetails = emptyDetails,
      ) => {
        const c = await anna.cases.createCase({ kind: 'anonymous', details });
        clock.advance(afterDays * day);
        await recordConsultationOutcome(
          await contextAs(db, people.anna, clock),
          c.id,
          { outcome, closeReason: 'Utfall' },
          c.version,
        );
        clock.advance(-afterDays * day);
      };
      for (const d of [2, 4, 6, 8, 10]) await record('continued', d);
      for (const d of [1, 3]) await record('referred', d);
      for (const d of [1, 2, 3, 4, 5, 6]) await record('advice-followed', d, groupDetails);
      await record('continued', 7, groupDetails);
      await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails }); // no outcome yet
      const months = monthRange('2026-03', '2026-03');
      assert.ok(months);
      const raw = await reportsFor(db, maja, 'stats', clock).statistics(months, clock.now());
      const report = publishStatistics('2026-03', '2026-03', raw);
      assert.deepEqual(report.outcomes, [
        { outcome: 'advice-followed', subject: 'individual', cases: '<5', medianDays: null },
        { outcome: 'advice-followed', subject: 'group', cases: 6, medianDays: 3.5 },
        { outcome: 'continued', subject: 'individual', cases: 5, medianDays: 6 },
        { outcome: 'continued', subject: 'group', cases: '<5', medianDays: null },
        { outcome: 'referred', subject: 'individual', cases: '<5', medianDays: null },
        { outcome: 'referred', subject: 'group', cases: '<5', medianDays: null },
      ]);
      // Raised this month: 8 about one child (7 with an outcome, 1 without) and 7 about a group, none
      // with consent: the 7 is hidden, since with the total it would give away the consented 0.
      const [march] = report.consultations.months;
      assert.deepEqual(
        { anonymous: march?.anonymous, consented: march?.consented, group: march?.group, total: march?.total },
        { anonymous: 8, consented: '<5', group: '..', total: 15 },
      );
    });

    it('statistics: consultations per consulted unit (one child / a group), each consultation once per unit, small counts suppressed', async () => {
      const anna = reposAs(db, people.anna, clock);
      const consult = async (details: ConsultationDetails, who: readonly (typeof people)[keyof typeof people][]) => {
        const c = await anna.cases.createCase({ kind: 'anonymous', details });
        for (const p of who)
          await anna.parties.addParty(c.id, { ...p, role: 'consultee' }, consulteeAddRule(p, clock.now()));
        return c.id;
      };
      // Social services: 5 about one child (one of them by two of its people: counted once), 2 about a group.
      for (let i = 0; i < 4; i++) await consult(emptyDetails, [people.bo]);
      const both = await consult(emptyDetails, [people.bo, people.lars, people.cia]);
      for (let i = 0; i < 2; i++) await consult(groupDetails, [people.bo]);
      // BVC: the one above and 5 about a group.
      for (let i = 0; i < 5; i++) await consult(groupDetails, [people.cia]);
      await consult(emptyDetails, []); // nobody consulted
      // Another unit's consultation is not the school's to count; next month is outside the range.
      await reposAs(db, people.bo, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      clock.advance(31 * day);
      await consult(emptyDetails, [people.bo]);
      clock.advance(-31 * day);

      const raw = await reportsFor(db, maja, 'stats', clock).statistics(['2026-03'], clock.now());
      assert.deepEqual(
        [...raw.consulteeUnits.entries()].map(([subject, m]) => [subject, Object.fromEntries(m)]),
        [
          ['individual', { [units.social]: 5, [units.bvc]: 1 }],
          ['group', { [units.social]: 2, [units.bvc]: 5 }],
        ],
      );
      const report = publishStatistics('2026-03', '2026-03', raw);
      assert.deepEqual(report.consulteeUnits, [
        { unitId: units.bvc, subject: 'individual', cases: '<5' },
        { unitId: units.bvc, subject: 'group', cases: 5 },
        { unitId: units.social, subject: 'individual', cases: 5 },
        { unitId: units.social, subject: 'group', cases: '<5' },
      ]);
      assert.ok(!JSON.stringify(report).includes(both), 'no case id in the statistics');
    });

    it('statistics: a month is the Swedish calendar month — a case raised at 00:30 on 1 April in Stockholm (22:30 UTC on 31 March) counts in April', async () => {
      const anna = reposAs(db, people.anna, clock);
      const at = async (iso: string) => {
        clock.advance(new Date(iso).getTime() - clock.now().getTime());
        await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      };
      await at('2026-03-01T00:30:00.000+01:00'); // the first minutes of March: in March
      await at('2026-03-31T23:30:00.000+02:00'); // the last minutes of March (summer time): in March
      await at('2026-04-01T00:30:00.000+02:00'); // 22:30 UTC on 31 March: in April
      await at('2026-04-30T23:59:00.000+02:00'); // the end of April: in April
      await at('2026-05-01T00:00:00.000+02:00'); // May: outside the range
      const raw = await reportsFor(db, maja, 'stats', clock).statistics(['2026-03', '2026-04'], clock.now());
      assert.deepEqual(Object.fromEntries([...raw.consultations.entries()].map(([m, c]) => [m, c.anonymous])), {
        '2026-03': 2,
        '2026-04': 2,
      });
      const april = await reportsFor(db, maja, 'stats', clock).statistics(['2026-04'], clock.now());
      assert.deepEqual([...april.consultations.keys()], ['2026-04']);
      assert.equal(april.consultations.get('2026-04')?.anonymous, 2);
    });
  });
}
