/** The outbox on both engines: idempotent enqueue, leases, retries with backoff, the runner and its loop. */
import { JobError } from '../../src/domain/errors';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/domain/ports';
import type { Database } from '../../src/storage/database';
import { Outbox } from '../../src/storage/outbox';
import { backoffDelayMs, defaultBackoff } from '../../src/storage/outbox-backoff';
import { LeaseLostError, type NewOutboxJob } from '../../src/storage/outbox-job';
import {
  runOutboxOnce,
  startOutboxLoop,
  type OutboxHandlers,
  type OutboxRunEvent,
} from '../../src/storage/outbox-runner';
import { PostgresDatabase } from '../../src/storage/postgres-database';
import { dbKinds, openTestDatabase, postgresServerUrl } from '../support/databases';
import { FakeClock } from '../support/world';

const minute = 60_000;
const caseId = '0b6a3f5e-7c1d-4e2a-9f00-00000000c0de';
const leaseLost = (err: unknown) => err instanceof LeaseLostError;

const probe = (n: number, extra: Partial<NewOutboxJob> = {}): NewOutboxJob => ({
  kind: 'probe',
  orgUnitId: 'test-skola',
  caseId,
  idempotencyKey: `probe:${n}`,
  payload: { meetingId: `m-${n}` },
  ...extra,
});

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function jobCount(db: Database, where = 'true'): Promise<number> {
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_job WHERE ${where}`);
  return r.rows[0]?.n ?? -1;
}

/** An outbox whose first claim fails, as when the database connection drops. */
class FirstClaimFails extends Outbox {
  private claims = 0;
  override claim(workerId: string, leaseMs: number, limit?: number) {
    return ++this.claims === 1 ? Promise.reject(new Error('connection reset')) : super.claim(workerId, leaseMs, limit);
  }
}

describe('outbox backoff', () => {
  it('is exponential from 1 s, capped at 5 min, with the jitter drawing below the ceiling', () => {
    const at = (attempts: number, draw: number) => backoffDelayMs(attempts, { ...defaultBackoff, jitter: () => draw });
    assert.deepEqual(
      [1, 2, 3, 4].map((a) => at(a, 0.5)),
      [500, 1_000, 2_000, 4_000],
    );
    assert.equal(at(9, 0.999_999), 255_999);
    assert.equal(at(10, 0.999_999), 299_999);
    assert.equal(at(1_000, 0.5), 150_000);
    assert.equal(at(5, 0), 0);
  });
});

for (const kind of dbKinds) {
  describe(`outbox [${kind}]`, function () {
    let db: Database;
    let clock: FakeClock;
    let outbox: Outbox;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      clock = new FakeClock();
      outbox = new Outbox(db, clock, { jitter: () => 0.5 });
    });
    afterEach(async () => db?.close());

    it('enqueues a key once; a second enqueue returns the first job unchanged', async () => {
      const first = await outbox.enqueue(db, probe(1));
      const again = await outbox.enqueue(db, probe(1, { payload: { meetingId: 'other' } }));
      assert.deepEqual(again, { id: first.id, created: false });
      assert.equal(first.created, true);
      assert.equal(await jobCount(db), 1);
      const job = await outbox.get(first.id);
      assert.deepEqual(job && [job.state, job.attempts, job.maxAttempts, job.payload, job.runAfter.toISOString()], [
        'pending',
        0,
        10,
        { meetingId: 'm-1' },
        clock.now().toISOString(),
      ]);
    });

    it('enqueues atomically with the caller: a rolled-back transaction leaves no job', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await outbox.enqueue(tx, probe(1));
          throw new Error('use case failed');
        }),
        /use case failed/,
      );
      assert.equal(await jobCount(db), 0);
      const committed = await db.transaction((tx) => outbox.enqueue(tx, probe(1)));
      assert.equal((await outbox.get(committed.id))?.state, 'pending');
    });

    it('gives each job to one worker; a leased job is not claimed again until the lease expires', async () => {
      for (let n = 1; n <= 3; n++) await outbox.enqueue(db, probe(n));
      const a = await outbox.claim('worker-a', minute, 2);
      const b = await outbox.claim('worker-b', minute, 5);
      assert.deepEqual([a.length, b.length], [2, 1]);
      assert.equal(new Set([...a, ...b].map((j) => j.id)).size, 3);
      assert.ok(
        a.every(
          (j) =>
            j.state === 'running' &&
            j.lockedBy === 'worker-a' &&
            j.attempts === 1 &&
            j.lockedUntil?.getTime() === clock.now().getTime() + minute,
        ),
      );
      assert.deepEqual(await outbox.claim('worker-c', minute, 5), []);

      clock.advance(minute - 1);
      assert.deepEqual(await outbox.claim('worker-c', minute, 5), []);
      clock.advance(1);
      const again = await outbox.claim('worker-c', minute, 5);
      assert.deepEqual(
        again.map((j) => [j.lockedBy, j.attempts]),
        [
          ['worker-c', 2],
          ['worker-c', 2],
          ['worker-c', 2],
        ],
      );
    });

    it('concurrent claims never hand out a job twice', async () => {
      for (let n = 1; n <= 30; n++) await outbox.enqueue(db, probe(n));
      const batches = await Promise.all(Array.from({ length: 8 }, (_, w) => outbox.claim(`worker-${w}`, minute, 5)));
      const ids = batches.flat().map((j) => j.id);
      assert.equal(ids.length, 30);
      assert.equal(new Set(ids).size, 30);
    });

    it('a worker that lost its lease may not save a result, complete or fail the job', async () => {
      const { id } = await outbox.enqueue(db, probe(1));
      await outbox.claim('worker-a', minute);
      await outbox.saveResult(id, 'worker-a', { eventId: 'evt-1' });
      clock.advance(minute);
      const [taken] = await outbox.claim('worker-b', minute);
      assert.deepEqual(
        taken && [taken.id, taken.attempts, taken.result],
        [id, 2, { eventId: 'evt-1' }],
        'the new worker sees what the first one created',
      );

      await assert.rejects(outbox.saveResult(id, 'worker-a', { eventId: 'evt-2' }), leaseLost);
      await assert.rejects(outbox.complete(id, 'worker-a'), leaseLost);
      await assert.rejects(outbox.fail(id, 'worker-a', 'Timeout', true), leaseLost);
      const job = await outbox.get(id);
      assert.deepEqual(job && [job.state, job.lockedBy, job.result], ['running', 'worker-b', { eventId: 'evt-1' }]);
      await outbox.complete(id, 'worker-b');
      assert.equal((await outbox.get(id))?.state, 'done');
      await assert.rejects(outbox.complete(id, 'worker-b'), leaseLost, 'a done job is held by nobody');
    });

    it('a retryable failure goes back to pending after the backoff; exhausted attempts fail the job', async () => {
      const { id } = await outbox.enqueue(db, probe(1, { maxAttempts: 3 }));
      await outbox.claim('w', minute);
      const first = await outbox.fail(id, 'w', 'Throttled', true);
      assert.deepEqual(
        [first.state, first.lastError, first.lockedBy, first.lockedUntil],
        ['pending', 'Throttled', null, null],
      );
      assert.equal(first.runAfter.getTime() - clock.now().getTime(), 500);

      clock.advance(499);
      assert.deepEqual(await outbox.claim('w', minute), []);
      clock.advance(1);
      assert.equal((await outbox.claim('w', minute))[0]?.attempts, 2);
      const second = await outbox.fail(id, 'w', 'Throttled', true);
      assert.equal(second.runAfter.getTime() - clock.now().getTime(), 1_000);

      clock.advance(1_000);
      await outbox.claim('w', minute);
      const last = await outbox.fail(id, 'w', 'Unavailable', true);
      assert.deepEqual([last.state, last.attempts, last.lastError], ['failed', 3, 'Unavailable']);
      clock.advance(10 * minute);
      assert.deepEqual(await outbox.claim('w', minute), []);
    });

    it('a non-retryable failure fails the job at once', async () => {
      const { id } = await outbox.enqueue(db, probe(1));
      await outbox.claim('w', minute);
      const job = await outbox.fail(id, 'w', 'Forbidden', false);
      assert.deepEqual([job.state, job.attempts, job.lastError], ['failed', 1, 'Forbidden']);
    });

    it('a job whose lease expires on its last attempt is failed, not claimed forever', async () => {
      const { id } = await outbox.enqueue(db, probe(1, { maxAttempts: 1 }));
      await outbox.claim('crashed', minute);
      clock.advance(minute);
      assert.deepEqual(await outbox.claim('w', minute), []);
      const job = await outbox.get(id);
      assert.deepEqual(job && [job.state, job.lastError, job.lockedBy], ['failed', 'LeaseExpired', null]);
    });

    it('claims due jobs in run_after order and lists a case’s jobs for progress', async () => {
      const later = await outbox.enqueue(db, probe(1, { runAfter: new Date(clock.now().getTime() + 5_000) }));
      clock.advance(1);
      const now = await outbox.enqueue(db, probe(2));
      clock.advance(1);
      await outbox.enqueue(db, probe(3, { caseId: null }));
      assert.deepEqual(
        (await outbox.claim('w', minute, 5)).map((j) => j.idempotencyKey),
        ['probe:2', 'probe:3'],
      );
      clock.advance(4_997);
      assert.deepEqual(await outbox.claim('w', minute, 5), []);
      clock.advance(1);
      assert.deepEqual(
        (await outbox.claim('w', minute, 5)).map((j) => j.id),
        [later.id],
      );
      assert.deepEqual(
        (await outbox.listForCase(caseId)).map((j) => j.id),
        [later.id, now.id],
      );
      assert.deepEqual(
        [await outbox.get('not-a-uuid'), await outbox.get(randomUUID()), await outbox.listForCase('x')],
        [null, null, []],
      );
    });

    it('runOutboxOnce runs the handler, stores its result before completing, and retries a handler that throws', async () => {
      const seen: string[] = [];
      let graphDown = true;
      const handlers: OutboxHandlers = {
        probe: async (job, ctx) => {
          seen.push(`${job.attempts}:${JSON.stringify(job.result)}`);
          if (job.result === null) await ctx.saveProgress({ eventId: 'evt-1' });
          if (graphDown)
            throw Object.assign(new Error('Graph said: Anna Skola is not found'), { code: 'ServiceUnavailable' });
          return { eventId: 'evt-1', channelId: 'ch-1' };
        },
      };
      const { id } = await outbox.enqueue(db, probe(1));
      assert.deepEqual(await runOutboxOnce(outbox, handlers, 'w', { limit: 5 }), {
        claimed: 1,
        done: 0,
        retried: 1,
        failed: 0,
        lost: 0,
        errors: 0,
      });
      const pending = await outbox.get(id);
      assert.deepEqual(pending && [pending.state, pending.lastError, pending.result], [
        'pending',
        'ServiceUnavailable',
        { eventId: 'evt-1' },
      ]);
      assert.equal((await runOutboxOnce(outbox, handlers, 'w')).claimed, 0, 'not before the backoff');

      graphDown = false;
      clock.advance(500);
      assert.equal((await runOutboxOnce(outbox, handlers, 'w')).done, 1);
      assert.deepEqual(seen, ['1:null', '2:{"eventId":"evt-1"}'], 'the retry saw the event the first attempt created');
      const done = await outbox.get(id);
      assert.deepEqual(done && [done.state, done.result], ['done', { eventId: 'evt-1', channelId: 'ch-1' }]);
    });

    it('runOutboxOnce fails unknown kinds and non-retryable errors at once, storing codes, never messages', async () => {
      const events: OutboxRunEvent[] = [];
      const handlers: OutboxHandlers = {
        probe: async () => {
          throw new JobError('Forbidden', false);
        },
        plain: async () => {
          throw new Error('Kim Andersson 070-123 45 67');
        },
      };
      const unknown = await outbox.enqueue(db, probe(1, { kind: 'constructor' }));
      const forbidden = await outbox.enqueue(db, probe(2));
      const plain = await outbox.enqueue(db, probe(3, { kind: 'plain' }));
      const summary = await runOutboxOnce(outbox, handlers, 'w', { limit: 5, onEvent: (e) => events.push(e) });
      assert.deepEqual(summary, { claimed: 3, done: 0, retried: 1, failed: 2, lost: 0, errors: 0 });
      const states = await Promise.all(
        [unknown, forbidden, plain].map(async ({ id }) => (await outbox.get(id))?.lastError),
      );
      assert.deepEqual(states, ['UnknownKind', 'Forbidden', 'Error']);
      assert.deepEqual(events.map((e) => [e.type, e.kind, e.code]).sort(), [
        ['failed', 'constructor', 'UnknownKind'],
        ['failed', 'probe', 'Forbidden'],
        ['retry', 'plain', 'Error'],
      ]);
      const stored = JSON.stringify((await db.query('SELECT * FROM outbox_job')).rows);
      assert.ok(!stored.includes('Kim') && !stored.includes('123 45 67'));
    });

    it('a handler whose job was taken over stops at its next saveProgress', async () => {
      const { id } = await outbox.enqueue(db, probe(1));
      let secondStep = false;
      const handlers: OutboxHandlers = {
        probe: async (_job, ctx) => {
          clock.advance(2 * minute);
          await outbox.claim('other', minute);
          await ctx.saveProgress({ eventId: 'evt-1' });
          secondStep = true;
        },
      };
      assert.deepEqual(await runOutboxOnce(outbox, handlers, 'w', { leaseMs: minute }), {
        claimed: 1,
        done: 0,
        retried: 0,
        failed: 0,
        lost: 1,
        errors: 0,
      });
      assert.equal(secondStep, false);
      const job = await outbox.get(id);
      assert.deepEqual(job && [job.state, job.lockedBy, job.result], ['running', 'other', null]);
    });

    it('the loop runs jobs, survives a failing claim, and stop() waits for the run in flight', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const started: string[] = [];
      const handlers: OutboxHandlers = {
        probe: async (job) => {
          started.push(job.idempotencyKey);
          if (job.idempotencyKey === 'probe:2') await gate;
          return { ok: true };
        },
      };
      const flaky = new FirstClaimFails(db, clock);
      const events: OutboxRunEvent[] = [];
      await outbox.enqueue(db, probe(1));
      const loop = startOutboxLoop(flaky, handlers, 'w', { intervalMs: 5, onEvent: (e) => events.push(e) });
      let stopped = false;
      try {
        await waitFor('the first job', async () => (await jobCount(db, `state = 'done'`)) === 1);
        assert.deepEqual(events, [{ type: 'error', code: 'Error' }]);
        await outbox.enqueue(db, probe(2));
        await waitFor('the second job to start', () => started.includes('probe:2'));
      } finally {
        const stopping = loop.stop().then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 30));
        assert.equal(stopped, false, 'stop() waits for the handler in flight');
        release();
        await stopping;
      }
      assert.equal(await jobCount(db, `state = 'done'`), 2);
      await outbox.enqueue(db, probe(3));
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(started, ['probe:1', 'probe:2'], 'nothing runs after stop()');
    });
  });
}

describe('outbox across instances [postgres]', function () {
  let first: Database;
  let second: Database;

  before(async () => {
    first = await openTestDatabase('postgres');
    const name = (await first.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
    const url = new URL(await postgresServerUrl());
    url.pathname = `/${name}`;
    second = PostgresDatabase.open(url.toString());
    await first.query('CREATE TABLE outbox_probe_effect (job_id uuid PRIMARY KEY, instance text NOT NULL)');
  });
  after(async () => {
    await second?.close();
    await first?.close();
  });

  it('two instances with two loops each run each of 200 jobs exactly once', async () => {
    const jobs = 200;
    const setup = new Outbox(first, systemClock);
    await first.transaction(async (tx) => {
      for (let n = 0; n < jobs; n++)
        await setup.enqueue(tx, {
          kind: 'effect',
          orgUnitId: 'test-skola',
          idempotencyKey: `effect:${n}`,
          payload: { n },
        });
    });
    const runs = new Map<string, number>();
    const events: OutboxRunEvent[] = [];
    const loops = [first, first, second, second].map((db, i) => {
      const instance = db === first ? 'first' : 'second';
      const handlers: OutboxHandlers = {
        effect: async (job) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 1));
          await db.query('INSERT INTO outbox_probe_effect (job_id, instance) VALUES ($1, $2)', [job.id, instance]);
          return { instance };
        },
      };
      return startOutboxLoop(new Outbox(db, systemClock), handlers, `${instance}-${i}`, {
        intervalMs: 5,
        limit: 5,
        leaseMs: minute,
        onEvent: (e) => events.push(e),
      });
    });
    try {
      await waitFor('all jobs done', async () => (await jobCount(first, `state = 'done'`)) === jobs);
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
    }
    assert.deepEqual(events, [], 'no retries, no unique violations, no lost leases');
    assert.equal(runs.size, jobs);
    assert.ok(
      [...runs.values()].every((n) => n === 1),
      'every handler ran exactly once',
    );
    const effects = await first.query<{ instance: string; n: number }>(
      'SELECT instance, count(*)::int AS n FROM outbox_probe_effect GROUP BY instance ORDER BY instance',
    );
    assert.equal(
      effects.rows.reduce((sum, r) => sum + r.n, 0),
      jobs,
    );
    assert.deepEqual(
      effects.rows.map((r) => r.instance),
      ['first', 'second'],
      'both instances took part',
    );
    assert.equal(await jobCount(first, `state <> 'done' OR attempts <> 1`), 0);
  });
});
