/**
 * Decision 0007 on PostgreSQL: the app runs as a member of samsyn_runtime, which can write data and
 * append audit rows but cannot truncate, delete from or alter the audit tables, or disable their
 * triggers. The migration role (the owner) keeps those rights.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../src/storage/audit-writer';
import { runtimeRole } from '../../src/storage/migrate';
import { openDatabase } from '../../src/storage/open-database';
import type { Database } from '../../src/storage/database';
import pg from 'pg';
import { openPostgresTestDatabase, postgresServerUrl } from '../support/databases';
import { seedWorld, units } from '../support/world';

describe('the runtime role [postgres]', function () {
  this.timeout(60_000);
  let owner: Database & { readonly url: string };
  let app: Database;
  const login = `samsyn_rt_${process.pid}_${Date.now().toString(36)}`;

  before(async () => {
    owner = await openPostgresTestDatabase();
    await seedWorld(owner);
    await owner.query(`CREATE ROLE ${login} LOGIN IN ROLE ${runtimeRole}`);
    const url = new URL(owner.url);
    url.username = login;
    // The app's own start: migrations all applied, so it changes nothing and needs no DDL rights.
    app = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  });
  after(async () => {
    await app?.close();
    await owner?.close();
    const admin = new pg.Client({ connectionString: await postgresServerUrl() });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${login}`).finally(() => admin.end());
  });

  it('appends audit rows and reads them', async () => {
    await app.transaction((tx) =>
      appendAudit(tx, units.school, {
        id: randomUUID(),
        at: new Date(),
        actorTenantId: 't',
        actorObjectId: 'o',
        action: 'case.list',
        caseId: null,
        outcome: 'success',
        requestId: 'runtime',
      }),
    );
    assert.equal((await app.query("SELECT 1 FROM audit_log WHERE request_id = 'runtime'")).rowCount, 1);
  });

  for (const [what, sql] of [
    ['TRUNCATE', 'TRUNCATE audit_log'],
    ['DELETE', 'DELETE FROM audit_log'],
    ['UPDATE', "UPDATE audit_seal SET leaf_hash = 'x'"],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_log DISABLE TRIGGER USER'],
    ['ALTER TABLE', 'ALTER TABLE audit_checkpoint ADD COLUMN forged text'],
    ['DROP TABLE', 'DROP TABLE audit_checkpoint'],
  ] as const) {
    it(`cannot ${what} on the audit tables`, async () => {
      await assert.rejects(app.query(sql), /permission denied|must be owner/);
    });
  }

  it('the owner (migration role) keeps its rights: it can disable a trigger', async () => {
    await owner.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    });
  });
});
