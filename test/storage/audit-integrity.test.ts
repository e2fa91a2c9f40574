/**
 * The audit log is append-only; the hash chains written before decision 0007 still detect an edited,
 * deleted or inserted row (the sealer verifies them before they become leaves: audit-seal.test.ts).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { auditHash } from '../../src/domain/audit';
import { readAuditRows, verifyAuditLog } from '../../src/storage/audit-reader';
import type { Database } from '../../src/storage/database';
import { writeChainedRows } from '../support/audit-trail';
import { dbKinds, openTestDatabase } from '../support/databases';
import { emptyDetails, FakeClock, people, reposAs, seedWorld, units } from '../support/world';

for (const kind of dbKinds) {
  describe(`audit log integrity [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      // Rows as writers chained them before 0007: five in the school's chain, one in social services'.
      await writeChainedRows(db, units.school, 5);
      await writeChainedRows(db, units.social, 1);
      // Rows written since are not chained and are not part of these chains.
      await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
    });
    afterEach(async () => db?.close());

    async function tamper(sql: string, params: unknown[] = []): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
        await tx.query(sql, params);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      });
    }

    it('an untouched log verifies', async () => {
      const report = await verifyAuditLog(db);
      assert.equal(report.firstBreak, null);
      assert.equal(report.rows, 6);
      assert.equal(report.chains, 2);
    });

    it('refuses UPDATE and DELETE through the append-only trigger', async () => {
      await assert.rejects(db.query("UPDATE audit_log SET outcome = 'success'"), /append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log'), /append-only/);
    });

    it('detects an edited row', async () => {
      await tamper("UPDATE audit_log SET outcome = 'denied' WHERE org_unit_id = $1 AND seq = 3", [units.school]);
      assert.deepEqual((await verifyAuditLog(db)).firstBreak, {
        orgUnitId: units.school,
        seq: 3,
        problem: 'hash-mismatch',
      });
    });

    it('detects a deleted row in the middle', async () => {
      await tamper('DELETE FROM audit_log WHERE org_unit_id = $1 AND seq = 2', [units.school]);
      assert.deepEqual((await verifyAuditLog(db)).firstBreak, {
        orgUnitId: units.school,
        seq: 3,
        problem: 'sequence-gap',
      });
    });

    it('detects a deleted last row', async () => {
      await tamper('DELETE FROM audit_log WHERE org_unit_id = $1 AND seq = 5', [units.school]);
      assert.equal((await verifyAuditLog(db)).firstBreak?.problem, 'head-mismatch');
    });

    it('detects an inserted row, even one with a correct hash of its own', async () => {
      const rows = (await readAuditRows(db)).filter((r) => r.orgUnitId === units.school);
      const second = rows[1];
      assert.ok(second);
      // Renumber the tail to make room, then insert a forged row that hashes correctly on its own.
      await tamper('UPDATE audit_log SET seq = seq + 100 WHERE org_unit_id = $1 AND seq > 2', [units.school]);
      await tamper('UPDATE audit_log SET seq = seq - 99 WHERE org_unit_id = $1 AND seq > 100', [units.school]);
      const forged = { ...second, id: randomUUID(), seq: 3, prevHash: second.hash, action: 'case.read' as const };
      const hash = auditHash(forged);
      await tamper(
        `INSERT INTO audit_log (org_unit_id, seq, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, prev_hash, hash, xid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL)`,
        [
          forged.orgUnitId,
          forged.seq,
          forged.id,
          forged.at,
          forged.actorTenantId,
          forged.actorObjectId,
          forged.action,
          forged.caseId,
          forged.outcome,
          forged.requestId,
          forged.prevHash,
          hash,
        ],
      );
      assert.deepEqual((await verifyAuditLog(db)).firstBreak, {
        orgUnitId: units.school,
        seq: 4,
        problem: 'prev-hash-mismatch',
      });
    });
  });
}

describe('audit rows under concurrent writers [postgres]', function () {
  let db: Database;
  before(async () => {
    db = await openTestDatabase('postgres');
    await seedWorld(db);
  });
  after(async () => db?.close());

  it('every attempt gets its own row, without a per-unit lock (decision 0007)', async () => {
    const clock = new FakeClock();
    const kase = await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        reposAs(db, i % 2 ? people.anna : people.eve, clock)
          .cases.getCase(kase.id)
          .catch(() => undefined),
      ),
    );
    const school = (await readAuditRows(db)).filter((r) => r.orgUnitId === units.school);
    assert.equal(school.length, 41);
    assert.equal(new Set(school.map((r) => r.seq)).size, 41);
    assert.equal(new Set(school.map((r) => r.id)).size, 41);
    assert.equal((await db.query('SELECT 1 FROM audit_head')).rowCount, 0, 'no chain head is taken');
  });
});
