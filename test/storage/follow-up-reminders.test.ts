/**
 * Follow-up reminders are outbox jobs due at their own time (fake clock): the lead professional is
 * reminded the configured days before the follow-up date and on the day, exactly once each — across
 * a restart (a new runner on the same database) and across two instances on one PostgreSQL.
 */
import assert from 'node:assert/strict';
import { parseOrgConfig } from '../../src/config/org-config';
import type { Database } from '../../src/storage/database';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { syncOrgConfig } from '../../src/storage/organisations';
import { PostgresDatabase } from '../../src/storage/postgres-database';
import { readAuditRows } from '../../src/storage/audit-reader';
import { planInputOf } from '../../src/app/plan-input';
import { savePlan } from '../../src/app/save-plan';
import { queueFollowUpReminders } from '../../src/app/follow-up-reminders';
import { dbKinds, openTestDatabase, postgresServerUrl } from '../support/databases';
import { caseWithAgreedPlan, followUpHandlers, planWith, RecordingNotifier } from '../support/follow-up';
import { contextAs, FakeClock, people, reposAs, seedWorld, tenant, units, stageAs } from '../support/world';

/** One "instance": its own outbox, system store and handlers over a database connection. */
function instance(db: Database, clock: FakeClock, notifier: RecordingNotifier, name: string) {
  const handlers = followUpHandlers(db, clock, notifier, name);
  const outbox = new Outbox(db, clock);
  return { run: () => runOutboxOnce(outbox, handlers, name, { limit: 50 }) };
}

const at = (iso: string) => new Date(iso).getTime();

for (const kind of dbKinds) {
  describe(`follow-up reminders [${kind}]`, function () {
    let db: Database;
    let clock: FakeClock;
    let notifier: RecordingNotifier;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
      notifier = new RecordingNotifier();
    });
    afterEach(async () => db?.close());

    const moveTo = (iso: string) => clock.advance(at(iso) - clock.now().getTime());

    it('reminds the lead 7 days before and on the day at 08:00 Stockholm, once each across a restart', async () => {
      const { caseId, version, reference } = await caseWithAgreedPlan(db, clock, '2026-03-20');
      const jobs = await db.query<{ idempotency_key: string; run_after: Date }>(
        'SELECT idempotency_key, run_after FROM outbox_job WHERE kind = $1 ORDER BY run_after',
        ['followUp.remind'],
      );
      assert.deepEqual(
        jobs.rows.map((j) => [j.idempotency_key, j.run_after.toISOString()]),
        [
          [`followUp.remind:${caseId}:${version}:2026-03-20:before`, '2026-03-13T07:00:00.000Z'],
          [`followUp.remind:${caseId}:${version}:2026-03-20:due`, '2026-03-20T07:00:00.000Z'],
        ],
      );

      const first = instance(db, clock, notifier, 'first');
      await first.run();
      moveTo('2026-03-13T06:59:59Z');
      await first.run();
      assert.equal(notifier.sent.length, 0, 'nothing before its time');

      moveTo('2026-03-13T07:00:00Z');
      await first.run();
      assert.deepEqual(notifier.sent, [
        {
          to: { tenantId: tenant, objectId: people.anna.objectId },
          notice: { kind: 'followUp.reminder', caseId, reference, dueDate: '2026-03-20', when: 'before' },
        },
      ]);

      // A restart: a new runner (new worker id, new store) on the same database sends nothing again.
      const restarted = instance(db, clock, notifier, 'restarted');
      await restarted.run();
      moveTo('2026-03-19T12:00:00Z');
      await restarted.run();
      assert.equal(notifier.sent.length, 1);

      moveTo('2026-03-20T07:00:00Z');
      await restarted.run();
      await instance(db, clock, notifier, 'third').run();
      assert.deepEqual(
        notifier.sent.map((s) => s.notice.kind === 'followUp.reminder' && s.notice.when),
        ['before', 'due'],
      );
      const done = await db.query<{ state: string; n: number }>(
        'SELECT state, count(*)::int AS n FROM outbox_job WHERE kind = $1 GROUP BY state',
        ['followUp.remind'],
      );
      assert.deepEqual(done.rows, [{ state: 'done', n: 2 }]);
      const reads = (await readAuditRows(db, { caseId })).filter(
        (r) => r.actorTenantId === 'system' && r.action === 'plan.read',
      );
      assert.equal(reads.length, 2, 'each reminder read the case as the audited system actor');
    });

    it('agreeing the same version again queues nothing new; a newer version with another date replaces the reminders', async () => {
      const { caseId, version } = await caseWithAgreedPlan(db, clock, '2026-03-20');
      const again = await queueFollowUpReminders(await contextAs(db, people.anna, clock), {
        caseId,
        orgUnitId: units.school,
        version,
        followUpDate: '2026-03-20',
      });
      assert.equal(again, 0, 'the same case, version, date and kind is one job');
      const second = await savePlan(
        await contextAs(db, people.anna, clock),
        caseId,
        planInputOf(planWith('2026-04-03')),
        version,
        true,
      );
      assert.equal(second.kind === 'saved' && second.agreed, true);
      const keys = (
        await db.query<{ idempotency_key: string }>(
          'SELECT idempotency_key FROM outbox_job WHERE kind = $1 ORDER BY run_after, idempotency_key',
          ['followUp.remind'],
        )
      ).rows.map((r) => r.idempotency_key);
      assert.equal(keys.length, 4);

      const runner = instance(db, clock, notifier, 'w');
      moveTo('2026-03-20T07:00:00Z');
      await runner.run();
      assert.equal(notifier.sent.length, 0, 'the superseded version reminds of nothing');
      moveTo('2026-04-03T06:00:00Z');
      await runner.run();
      // Both are due by now and run in one batch, in either order.
      assert.deepEqual(
        notifier.sent
          .map((s) => (s.notice.kind === 'followUp.reminder' ? `${s.notice.dueDate} ${s.notice.when}` : ''))
          .sort(),
        ['2026-04-03 before', '2026-04-03 due'],
      );
    });

    it('a case that stepped down is not reminded', async () => {
      const { caseId } = await caseWithAgreedPlan(db, clock, '2026-03-20');
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.getCase(caseId);
      await stageAs(
        db,
        people.anna,
        clock,
        caseId,
        { type: 'step-down', reason: 'Stödet inom skolan räcker' },
        kase.version,
      );
      moveTo('2026-03-21T00:00:00Z');
      await instance(db, clock, notifier, 'w').run();
      assert.equal(notifier.sent.length, 0);
    });

    it('the number of days before is configured per organisation unit (config/organisations.json)', async () => {
      const config = parseOrgConfig(
        {
          orgUnits: [
            {
              id: units.school,
              name: 'Testskolan',
              authorityType: 'forskola-skola',
              tenantId: tenant,
              wheelId: 'behovskompassen',
              followUpReminderDays: 3,
            },
            {
              id: units.social,
              name: 'Socialtjänsten',
              authorityType: 'socialtjanst',
              tenantId: tenant,
              wheelId: 'behovskompassen',
            },
            { id: units.bvc, name: 'BVC', authorityType: 'bvc', tenantId: tenant, wheelId: 'shanarri' },
          ],
        },
        'test',
      );
      await syncOrgConfig(db, config);
      await caseWithAgreedPlan(db, clock, '2026-03-20');
      const jobs = await db.query<{ run_after: Date }>(
        'SELECT run_after FROM outbox_job WHERE kind = $1 ORDER BY run_after',
        ['followUp.remind'],
      );
      assert.deepEqual(
        jobs.rows.map((j) => j.run_after.toISOString()),
        ['2026-03-17T07:00:00.000Z', '2026-03-20T07:00:00.000Z'],
      );
      assert.throws(
        () => parseOrgConfig({ orgUnits: [{ ...config.orgUnits[0], followUpReminderDays: 0 }] }, 'bad'),
        /followUpReminderDays/,
      );
    });

    it('a reminder time already past is not queued (agreed the day before: only the reminder on the day)', async () => {
      moveTo('2026-03-19T10:00:00Z');
      await caseWithAgreedPlan(db, clock, '2026-03-20');
      const jobs = await db.query<{ idempotency_key: string }>(
        'SELECT idempotency_key FROM outbox_job WHERE kind = $1',
        ['followUp.remind'],
      );
      assert.deepEqual(
        jobs.rows.map((j) => j.idempotency_key.split(':').at(-1)),
        ['due'],
      );
    });
  });
}

describe('follow-up reminders across two instances [postgres]', function () {
  let first: Database;
  let second: Database;

  before(async () => {
    first = await openTestDatabase('postgres');
    await seedWorld(first);
    const name = (await first.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
    const url = new URL(await postgresServerUrl());
    url.pathname = `/${name}`;
    second = PostgresDatabase.open(url.toString());
  });
  after(async () => {
    await second?.close();
    await first?.close();
  });

  it('two instances running at the same due time send exactly one reminder per case and due date', async () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const notifier = new RecordingNotifier();
    const cases: string[] = [];
    for (let i = 0; i < 12; i++) cases.push((await caseWithAgreedPlan(first, clock, '2026-03-20')).caseId);
    clock.advance(at('2026-03-13T07:00:00Z') - clock.now().getTime());
    const instances = [
      instance(first, clock, notifier, 'first-a'),
      instance(first, clock, notifier, 'first-b'),
      instance(second, clock, notifier, 'second-a'),
      instance(second, clock, notifier, 'second-b'),
    ];
    for (let round = 0; round < 3; round++) await Promise.all(instances.map((i) => i.run()));
    clock.advance(at('2026-03-20T07:00:00Z') - clock.now().getTime());
    for (let round = 0; round < 3; round++) await Promise.all(instances.map((i) => i.run()));

    const perCase = cases.map((id) =>
      notifier.sent
        .filter((s) => s.notice.caseId === id)
        .map((s) => (s.notice.kind === 'followUp.reminder' ? s.notice.when : '')),
    );
    assert.deepEqual(
      perCase,
      cases.map(() => ['before', 'due']),
    );
  });
});
