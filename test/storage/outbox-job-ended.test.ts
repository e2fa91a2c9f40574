/** The runner reports every job's end (done or not) by kind, for the outbox metrics. */
import { JobError } from '../../src/domain/errors';
import assert from 'node:assert/strict';
import type { Database } from '../../src/storage/database';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce, type JobEnded } from '../../src/storage/outbox-runner';
import { openTestDatabase } from '../support/databases';
import { FakeClock } from '../support/world';

describe('outbox: every ended job is reported by kind and outcome', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
  });
  afterEach(async () => db?.close());

  it('reports done, retried and failed jobs once each', async () => {
    const outbox = new Outbox(db, new FakeClock(), { jitter: () => 0.5 });
    const job = (kind: string, n: number) => ({
      kind,
      orgUnitId: 'test-skola',
      caseId: null,
      idempotencyKey: `${kind}:${n}`,
      payload: {},
    });
    await outbox.enqueue(db, job('works', 1));
    await outbox.enqueue(db, job('flaky', 1));
    await outbox.enqueue(db, job('broken', 1));
    const ended: [string, JobEnded][] = [];
    const summary = await runOutboxOnce(
      outbox,
      {
        works: async () => undefined,
        flaky: async () => {
          throw new JobError('Throttled', true);
        },
        broken: async () => {
          throw new JobError('BadRequest', false);
        },
      },
      'worker',
      { limit: 10, onJobEnded: (kind, outcome) => ended.push([kind, outcome]) },
    );
    assert.equal(summary.claimed, 3);
    assert.deepEqual(ended.sort(), [
      ['broken', 'failed'],
      ['flaky', 'retried'],
      ['works', 'done'],
    ]);
  });
});
