/** The job catalogue: every kind use cases can queue has a handler; a payload off its schema fails for good. */
import assert from 'node:assert/strict';
import { jobKinds } from '../../src/app/jobs';
import { DomainError } from '../../src/domain/errors';
import { jobHandlers } from '../../src/jobs/catalog';
import type { Database } from '../../src/storage/database';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { FollowUpJobStore } from '../../src/storage/follow-up-job-store';
import { openTestDatabase } from '../support/databases';
import { RecordingNotifier } from '../support/follow-up';
import { FakeClock } from '../support/world';

describe('job catalogue', () => {
  let db: Database;
  let clock: FakeClock;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
    clock = new FakeClock();
  });
  afterEach(async () => db?.close());

  const unusable = () => Promise.reject(new Error('not used in this test'));
  const allPorts = (notifier: RecordingNotifier) => {
    const store = new SystemStore(db, clock, 'test');
    return jobHandlers({
      store,
      calendar: {
        createMeetingEvent: unusable,
        findEventByTransactionId: unusable,
        freeSlots: unusable,
        setLobbyToOrganization: unusable,
      },
      channels: {} as never,
      poster: { post: unusable, update: unusable },
      config: { planTeamId: 'team', planChannelOnClose: 'archive' },
      clock,
      followUps: { store: new FollowUpJobStore(db, store), notifier },
    });
  };

  /** Handlers with no Graph and no personal messages. */
  const noPorts = () =>
    jobHandlers({
      store: new SystemStore(db, clock, 'test'),
      calendar: null,
      channels: null,
      poster: { post: unusable, update: unusable },
      config: { planTeamId: undefined, planChannelOnClose: 'archive' },
      clock,
    });

  it('has a handler for every job kind, and only for those', () => {
    assert.deepEqual(Object.keys(allPorts(new RecordingNotifier())).sort(), Object.keys(jobKinds).sort());
  });

  it('leaves out the kinds whose port is absent, so their jobs wait', () => {
    const handlers = noPorts();
    assert.equal('followUp.remind' in handlers, false);
    assert.equal('handover.offer' in handlers, false);
    assert.equal('meeting.createEvent' in handlers, true, 'without Graph the meeting job fails for good, saying so');
  });

  it('fails a job whose payload is off its schema for good (BadPayload), without calling the use case', async () => {
    const notifier = new RecordingNotifier();
    const outbox = new Outbox(db, clock);
    await outbox.enqueue(db, {
      kind: 'followUp.remind',
      orgUnitId: 'test-skola',
      caseId: null,
      idempotencyKey: 'bad-1',
      payload: { caseId: 'c', version: 1, dueDate: '2026-03-20', when: 'someday' },
    });
    const summary = await runOutboxOnce(outbox, allPorts(notifier), 'worker');
    assert.equal(summary.failed, 1);
    const row = (
      await db.query<{ state: string; last_error: string; attempts: number; max_attempts: number }>(
        "SELECT state, last_error, attempts, max_attempts FROM outbox_job WHERE idempotency_key = 'bad-1'",
      )
    ).rows[0];
    assert.deepEqual(row, {
      state: 'failed',
      last_error: 'BadPayload',
      attempts: 1,
      max_attempts: jobKinds['followUp.remind'].maxAttempts,
    });
    assert.equal(notifier.sent.length, 0);
  });

  it('without Graph, a meeting job fails for good with GraphNotConfigured; a retryable DomainError is retried', async () => {
    const outbox = new Outbox(db, clock);
    const handlers = noPorts();
    await outbox.enqueue(db, {
      kind: 'meeting.createEvent',
      orgUnitId: 'test-skola',
      caseId: null,
      idempotencyKey: 'm-1',
      payload: { meetingId: 'm' },
    });
    await outbox.enqueue(db, {
      kind: 'throttled',
      orgUnitId: 'test-skola',
      caseId: null,
      idempotencyKey: 't-1',
      payload: {},
    });
    await runOutboxOnce(
      outbox,
      {
        ...handlers,
        throttled: async () => Promise.reject(new DomainError('Unavailable', undefined, 'x', { retryable: true })),
      },
      'worker',
      { limit: 5 },
    );
    const rows = (
      await db.query<{ idempotency_key: string; state: string; last_error: string }>(
        'SELECT idempotency_key, state, last_error FROM outbox_job ORDER BY idempotency_key',
      )
    ).rows;
    assert.deepEqual(rows, [
      { idempotency_key: 'm-1', state: 'failed', last_error: 'GraphNotConfigured' },
      { idempotency_key: 't-1', state: 'pending', last_error: 'Unavailable' },
    ]);
  });
});

describe('outbox: one job per case and kind at a time', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
  });
  afterEach(async () => db?.close());

  it('two due plan.publish jobs of one case run one after the other, never together; other cases and kinds are not held back', async () => {
    const clock = new FakeClock();
    const outbox = new Outbox(db, clock);
    const caseA = '00000000-0000-4000-8000-00000000000a';
    const caseB = '00000000-0000-4000-8000-00000000000b';
    const queue = (kind: string, caseId: string, key: string) =>
      outbox.enqueue(db, { kind, orgUnitId: 'u', caseId, idempotencyKey: key, payload: { caseId } });
    await queue('plan.publish', caseA, 'a-1');
    await queue('plan.publish', caseA, 'a-2');
    await queue('plan.closeChannel', caseA, 'a-close');
    await queue('plan.publish', caseB, 'b-1');
    const first = await outbox.claim('w1', 60_000, 10);
    const keys = first.map((j) => j.idempotencyKey).sort();
    const firstOfA: string[] = keys.filter((k) => k === 'a-1' || k === 'a-2');
    assert.equal(firstOfA.length, 1, `one of case A's two publish jobs, got ${JSON.stringify(keys)}`);
    assert.deepEqual(
      keys.filter((k) => !firstOfA.includes(k)),
      ['a-close', 'b-1'],
    );
    assert.deepEqual(
      (await outbox.claim('w2', 60_000, 10)).map((j) => j.idempotencyKey),
      [],
      'the other waits while the first runs',
    );
    const running = first.find((j) => j.idempotencyKey === firstOfA[0]);
    if (!running) throw new Error('not claimed');
    await outbox.complete(running.id, 'w1');
    assert.deepEqual(
      (await outbox.claim('w2', 60_000, 10)).map((j) => j.idempotencyKey),
      [firstOfA[0] === 'a-1' ? 'a-2' : 'a-1'],
    );
  });
});
