/**
 * The routed worry reaches the named person exactly once (issue 14): across a restart (a new runner
 * on the same database, after a first delivery attempt failed) on both engines, and with two app
 * instances racing on one PostgreSQL.
 */
import assert from 'node:assert/strict';
import { raiseAnonymousConsultation } from '../../src/app/raise-consultation';
import type { PersonalNotice, Recipient } from '../../src/app/follow-up-ports';
import type { Database } from '../../src/storage/database';
import { JobError } from '../../src/domain/errors';
import { Outbox } from '../../src/storage/outbox';
import { hurryNoticesFor } from '../../src/storage/personal-conversations';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { PostgresDatabase } from '../../src/storage/postgres-database';
import { dbKinds, openTestDatabase, postgresServerUrl } from '../support/databases';
import { followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { contextAs, emptyDetails, FakeClock, people, seedWorld, units } from '../support/world';

const run = (db: Database, clock: FakeClock, notifier: RecordingNotifier, name: string, jitter?: () => number) =>
  runOutboxOnce(new Outbox(db, clock, jitter ? { jitter } : {}), followUpHandlers(db, clock, notifier, name), name, {
    limit: 50,
  });

const raiseAtSchool = async (db: Database, clock: FakeClock) =>
  (
    await raiseAnonymousConsultation(
      await contextAs(db, people.eve, clock),
      { ...emptyDetails, ageBand: '6-9' },
      units.school,
    )
  ).kase.id;

const worryNotices = (n: RecordingNotifier) => n.sent.filter((s) => s.notice.kind === 'worry.received');

/** The first delivery fails as if the process died mid-way (a retryable failure); later ones work. */
class FailsFirst extends RecordingNotifier {
  failed = false;
  override async send(to: Recipient, notice: PersonalNotice): Promise<{ activityId: string }> {
    if (!this.failed) {
      this.failed = true;
      throw new JobError('RecipientUnreachable', true, 'connector unavailable');
    }
    return super.send(to, notice);
  }
}

for (const kind of dbKinds) {
  describe(`the routed worry across a restart [${kind}]`, function () {
    this.timeout(30_000);
    let db: Database;
    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    afterEach(async () => db?.close());

    it("a worry raised at the school reaches the school's named person once, delivered by the instance after the restart", async () => {
      const clock = new FakeClock();
      const caseId = await raiseAtSchool(db, clock);
      const before = new FailsFirst();
      await run(db, clock, before, 'before-restart');
      assert.equal(worryNotices(before).length, 0, 'the first attempt failed');
      // A new runner (the restarted app) on the same database, after the retry delay.
      clock.advance(10 * 60_000);
      const after = new RecordingNotifier();
      await run(db, clock, after, 'after-restart');
      await run(db, clock, after, 'after-restart');
      clock.advance(60 * 60_000);
      await run(db, clock, after, 'after-restart');
      assert.deepEqual(
        worryNotices(after).map((s) => [s.to.objectId, s.notice.caseId]),
        [[people.anna.objectId, caseId]],
      );
    });

    it("once the named person's personal chat becomes known, a worry that could not reach them is due at once", async () => {
      const clock = new FakeClock();
      const caseId = await raiseAtSchool(db, clock);
      // Unreachable on the first try, and the retry a whole backoff away (the jitter's full ceiling).
      await run(db, clock, new FailsFirst(), 'worker', () => 1);
      const tenant = people.anna.tenantId;
      assert.equal(await hurryNoticesFor(db, tenant, people.bo.objectId, clock.now()), 0, 'nothing waits for Bo');
      assert.equal(await hurryNoticesFor(db, tenant, people.anna.objectId, clock.now()), 1);
      const notifier = new RecordingNotifier();
      await run(db, clock, notifier, 'worker');
      assert.deepEqual(
        worryNotices(notifier).map((s) => [s.to.objectId, s.notice.caseId]),
        [[people.anna.objectId, caseId]],
        'delivered without the clock moving',
      );
      assert.equal(await hurryNoticesFor(db, tenant, people.anna.objectId, clock.now()), 0, 'a sent worry stays sent');
    });
  });
}

describe('the routed worry with two app instances [postgres]', function () {
  this.timeout(60_000);
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

  it('ten worries raised at the school: each reaches the named person exactly once', async () => {
    const clock = new FakeClock();
    const cases: string[] = [];
    for (let i = 0; i < 10; i++) cases.push(await raiseAtSchool(first, clock));
    const notifier = new RecordingNotifier();
    for (let round = 0; round < 3; round++)
      await Promise.all([
        run(first, clock, notifier, 'first-a'),
        run(first, clock, notifier, 'first-b'),
        run(second, clock, notifier, 'second-a'),
        run(second, clock, notifier, 'second-b'),
      ]);
    const perCase = cases.map(
      (id) =>
        worryNotices(notifier).filter((s) => s.notice.caseId === id && s.to.objectId === people.anna.objectId).length,
    );
    assert.deepEqual(
      perCase,
      cases.map(() => 1),
    );
  });
});
