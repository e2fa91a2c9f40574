/**
 * PGlite opens with a 32 MB buffer pool (shared_buffers) instead of PostgreSQL's 128 MB: the pool
 * lives in PGlite's WebAssembly memory, which never shrinks (bench/profile-findings.json, RSS on
 * PGlite). The setting is a start parameter, so it holds for a new folder and for a reopened one,
 * and data larger than the pool is still all there after the pool has been cycled.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgliteDatabase } from '../../src/storage/pglite-database';

describe('PGlite buffer pool', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-pglite-memory-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sharedBuffers = async (db: PgliteDatabase) =>
    (await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers;

  it('a new folder and a reopened one run with shared_buffers 32MB; 48 MB of rows survive the smaller pool', async () => {
    const first = await PgliteDatabase.open(dir);
    try {
      assert.equal(await sharedBuffers(first), '32MB');
      await first.query('CREATE TABLE filler (id int PRIMARY KEY, body text NOT NULL)');
      // 6,000 rows of 8 kB each (stored uncompressed): about 48 MB, more than the pool holds.
      await first.query('ALTER TABLE filler ALTER COLUMN body SET STORAGE EXTERNAL');
      await first.query('INSERT INTO filler SELECT g, repeat(md5(g::text), 256) FROM generate_series(1, 6000) g');
    } finally {
      await first.close();
    }
    const again = await PgliteDatabase.open(dir);
    try {
      assert.equal(await sharedBuffers(again), '32MB');
      const r = await again.query<{ n: number; bytes: string; last: string }>(
        'SELECT count(*)::int AS n, sum(length(body))::text AS bytes, max(body) FILTER (WHERE id = 6000) AS last FROM filler',
      );
      assert.deepEqual(r.rows[0], {
        n: 6000,
        bytes: String(6000 * 8192),
        last: createHash('md5').update('6000').digest('hex').repeat(256),
      });
      const size = await again.query<{ mb: number }>("SELECT (pg_total_relation_size('filler') / 1048576)::int AS mb");
      assert.ok((size.rows[0]?.mb ?? 0) > 32, `the table takes ${size.rows[0]?.mb} MB, more than the pool`);
    } finally {
      await again.close();
    }
  });
});
