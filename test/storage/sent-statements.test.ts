/**
 * Statements sent without waiting (`Tx.send`, src/storage/database.ts): on PostgreSQL's pipelined
 * connection they go out with the next statement; on both engines they run in order before it, and a
 * failure among them fails that statement — or the commit — and nothing of the transaction stays.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/storage/database';
import { dbKinds, openTestDatabase } from '../support/databases';

for (const kind of dbKinds) {
  describe(`statements sent without waiting [${kind}]`, function () {
    this.timeout(30_000);
    let db: Database;
    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await db.query('CREATE TABLE sent_probe (n integer PRIMARY KEY)');
    });
    afterEach(async () => db?.close());
    const stored = async () =>
      (await db.query<{ n: number }>('SELECT n FROM sent_probe ORDER BY n')).rows.map((r) => r.n);

    it('run in order before the next statement waited for, and commit with the transaction', async () => {
      const seen = await db.transaction(async (tx) => {
        tx.send('INSERT INTO sent_probe VALUES (1)');
        tx.send('SAVEPOINT probe');
        tx.send('INSERT INTO sent_probe VALUES (2)');
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sent_probe')).rows[0]?.n;
      });
      assert.equal(seen, 2);
      assert.deepEqual(await stored(), [1, 2]);
    });

    it('a failure among them fails the next statement with its own error, and the transaction is rolled back', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO sent_probe VALUES (1)');
          tx.send('INSERT INTO sent_probe VALUES (1)');
          await tx.query('SELECT 1');
        }),
        /duplicate key|sent_probe_pkey/,
      );
      assert.deepEqual(await stored(), []);
    });

    it('a failure sent last fails the commit: nothing is committed', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO sent_probe VALUES (1)');
          tx.send('INSERT INTO sent_probe VALUES (1)');
        }),
        /duplicate key|sent_probe_pkey/,
      );
      assert.deepEqual(await stored(), []);
      // The connection is usable afterwards.
      await db.transaction(async (tx) => tx.send('INSERT INTO sent_probe VALUES (3)'));
      assert.deepEqual(await stored(), [3]);
    });
  });
}
