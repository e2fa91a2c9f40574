import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/storage/database';
import { loadMigrations, migrate, migrationsApplied } from '../../src/storage/migrate';
import { dbKinds, openTestDatabase } from '../support/databases';

for (const kind of dbKinds) {
  describe(`migrations [${kind}]`, function () {
    let db: Database;
    beforeEach(async () => {
      db = await openTestDatabase(kind);
    });
    afterEach(async () => db?.close());

    it('are applied once, recorded, and a second run does nothing', async () => {
      assert.equal(await migrationsApplied(db), true);
      assert.deepEqual(await migrate(db), []);
      const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        r.rows.map((x) => x.version),
        loadMigrations().map((m) => m.version),
      );
    });

    it('refuse to start when a shipped migration was edited', async () => {
      const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
      await assert.rejects(migrate(db, edited), /was changed after it was applied/);
    });

    it('two concurrent runs apply a new migration once', async () => {
      const extra = [
        ...loadMigrations(),
        { version: 99, name: '0099_probe.sql', sql: 'CREATE TABLE probe_table (id int)', checksum: 'x' },
      ];
      const results = await Promise.all([migrate(db, extra), migrate(db, extra)]);
      assert.deepEqual(results.flat(), [99]);
    });
  });
}

describe('migration files', () => {
  it('must be numbered consecutively', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    fs.writeFileSync(path.join(dir, '0001_a.sql'), 'SELECT 1');
    fs.writeFileSync(path.join(dir, '0003_c.sql'), 'SELECT 1');
    assert.throws(() => loadMigrations(dir), /expected number 2/);
    fs.rmSync(dir, { recursive: true });
  });
});
