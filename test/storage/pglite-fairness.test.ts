/**
 * PGlite runs a query without giving the event loop back, so transactions queued back to back used to
 * run as one long chain of promise callbacks: a request arriving meanwhile (a new connection above all)
 * was not even read until the whole queue had drained — p99 of 2.5 s at 50 concurrent wheel saves
 * (docs/benchmarks.md). Transactions now take turns, first come first served, with the event loop
 * turning between them.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/storage/database';
import { openTestDatabase } from '../support/databases';

describe('PGlite: transactions take turns with the event loop', function () {
  this.timeout(60_000);
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
  });
  afterEach(async () => db.close());

  it('something waiting for the event loop runs after the first of 20 queued transactions, not after all', async () => {
    const order: string[] = [];
    const queued = Array.from({ length: 20 }, (_, i) =>
      db.transaction(async (tx) => {
        await tx.query('SELECT $1::int AS i', [i]);
        order.push(`tx ${i}`);
      }),
    );
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('event loop');
        resolve();
      }),
    );
    await Promise.all(queued);
    assert.equal(order.length, 21);
    assert.ok(order.indexOf('event loop') <= 2, order.join(', '));
    assert.deepEqual(
      order.filter((o) => o !== 'event loop'),
      Array.from({ length: 20 }, (_, i) => `tx ${i}`),
      'first come, first served',
    );
  });

  it('a failed transaction gives the turn to the next', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.query('SELECT 1/0');
    });
    const next = db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 2 AS n')).rows[0]?.n);
    await assert.rejects(failed);
    assert.equal(await next, 2);
  });
});
