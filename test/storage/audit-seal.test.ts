/**
 * Decision 0007: audit rows are sealed after their commit as leaves of an RFC 9162 Merkle tree, in
 * commit-safe order; checkpoints are signed (ES256) and anchored in append blobs (Azurite here);
 * `verifyAuditTrail` names each way an insider can tamper with the log.
 */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomUUID, verify as verifySignature } from 'node:crypto';
import { leafHash, verifyInclusion } from '../../src/domain/merkle';
import { reportsFor } from '../../src/storage/report-repository';
import { auditLeafHash } from '../../src/domain/audit';
import { checkpointMessage } from '../../src/domain/checkpoint';
import type { BlobAnchorStore } from '../../src/storage/anchor-store';
import { readAuditRows } from '../../src/storage/audit-reader';
import { appendAudit } from '../../src/storage/audit-writer';
import { sealLockKey, sealOnce, SealRefusedError, type SealerDeps } from '../../src/storage/audit-sealer';
import { verifyAuditTrail, type TamperProblem } from '../../src/storage/audit-verifier';
import { verifyCheckpointSignature, type FileKeySigner } from '../../src/storage/checkpoint-signer';
import type { Database, Sql } from '../../src/storage/database';
import { freshAnchorStore, freshSigner, sealAll, writeChainedRows } from '../support/audit-trail';
import { dbKinds, openTestDatabase } from '../support/databases';
import { emptyDetails, FakeClock, people, reposAs, seedWorld, units } from '../support/world';

for (const kind of dbKinds) {
  describe(`audit trail: seal, sign, anchor, verify [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    let anchor: BlobAnchorStore;
    let signer: FileKeySigner;
    let deps: SealerDeps;
    const clock = new FakeClock();

    async function someActivity(reads = 4): Promise<string> {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      for (let i = 0; i < reads; i++) {
        await anna.cases.getCase(kase.id);
        clock.advance(1000);
      }
      await reposAs(db, people.bo, clock)
        .cases.getCase(kase.id)
        .catch(() => undefined);
      return kase.id;
    }

    const verify = (full = true) =>
      verifyAuditTrail({ db, anchor, publicKey: signer.publicKey, now: clock.now(), full });
    const problems = async (full = true): Promise<TamperProblem[]> =>
      (await verify(full)).findings.map((f) => f.problem);

    async function tamper(fn: (tx: Sql) => Promise<unknown>): Promise<void> {
      await db.transaction(async (tx) => {
        for (const t of ['audit_log', 'audit_head', 'audit_seal', 'audit_checkpoint'])
          await tx.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
        await fn(tx);
        for (const t of ['audit_log', 'audit_head', 'audit_seal', 'audit_checkpoint'])
          await tx.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
      });
    }

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      anchor = await freshAnchorStore();
      signer = freshSigner();
      deps = { db, signer, anchor, clock };
    });
    afterEach(async () => db?.close());

    it('seals committed rows as leaves, signs the checkpoint and anchors it outside the database', async () => {
      await someActivity();
      const rows = await readAuditRows(db);
      assert.equal(rows.length, 6);
      assert.ok(
        rows.every((r) => r.prevHash === null),
        'new rows are not chained',
      );
      const r = await sealAll(deps);
      assert.equal(r.sealed, 6);
      const anchored = await anchor.last();
      assert.deepEqual(anchored, r.checkpoint);
      assert.equal(anchored?.treeSize, 6);
      assert.ok(
        anchored && verifyCheckpointSignature(signer.publicKey, checkpointMessage(anchored), anchored.signature),
        'ES256 signature verifies',
      );
      const seals = await db.query<{ audit_id: string; leaf_hash: string }>(
        'SELECT audit_id, leaf_hash FROM audit_seal ORDER BY leaf_index',
      );
      assert.deepEqual(new Set(seals.rows.map((s) => s.audit_id)), new Set(rows.map((x) => x.id)));
      for (const s of seals.rows)
        assert.equal(s.leaf_hash, auditLeafHash(rows.find((x) => x.id === s.audit_id) as never).toString('hex'));
      assert.equal((await sealOnce(deps)).checkpoint, null, 'no new rows: no new checkpoint');
      await someActivity(1);
      const next = await sealAll(deps);
      assert.equal(next.checkpoint?.treeSize, 9);
      assert.equal(next.checkpoint?.proofFrom, 6);
      const report = await verify();
      assert.deepEqual(report.findings, []);
      assert.equal(report.treeSize, 9);
      assert.equal(report.checkpointsChecked, 2);
    });

    it('a checkpoint signed with another key is named', async () => {
      await someActivity();
      await sealAll(deps);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      assert.deepEqual(
        await verifyAuditTrail({ db, anchor, publicKey: other.publicKey, now: clock.now(), full: true }).then((v) =>
          v.findings.map((f) => f.problem),
        ),
        ['signature-invalid'],
      );
    });

    it('rows written before 0007 become the first leaves, in chain order, once their chains verify', async () => {
      const social = await writeChainedRows(db, units.social, 3);
      const school = await writeChainedRows(db, units.school, 2);
      await someActivity(1);
      await sealAll(deps);
      const order = (
        await db.query<{ audit_id: string }>('SELECT audit_id FROM audit_seal ORDER BY leaf_index')
      ).rows.map((r) => r.audit_id);
      // Chain order: by unit, then seq (test-skola < test-socialtjanst), then the new rows.
      assert.deepEqual(
        order.slice(0, 5),
        [...school, ...social].map((r) => r.id),
      );
      assert.equal(order.length, 5 + 3);
      assert.deepEqual(await problems(), []);
    });

    it('refuses to seal chained rows whose chain is broken', async () => {
      await writeChainedRows(db, units.school, 3);
      await tamper((tx) =>
        tx.query("UPDATE audit_log SET outcome = 'denied' WHERE org_unit_id = $1 AND seq = 2", [units.school]),
      );
      await assert.rejects(
        sealOnce(deps),
        (err: unknown) =>
          err instanceof SealRefusedError && err.code === 'chain-broken' && /test-skola.*row 2/.test(err.message),
      );
      assert.equal(await anchor.last(), null);
    });

    it('refuses TRUNCATE, UPDATE and DELETE on every audit table', async () => {
      await someActivity(1);
      await sealAll(deps);
      for (const t of ['audit_log', 'audit_head', 'audit_seal', 'audit_checkpoint']) {
        await assert.rejects(db.query(`TRUNCATE ${t}`), /append-only/, `TRUNCATE ${t}`);
        await assert.rejects(
          db
            .query(`DELETE FROM ${t}`)
            .then((r) =>
              t === 'audit_head' && r.rowCount === 0 ? Promise.reject(new Error('append-only (empty)')) : r,
            ),
          /append-only/,
          `DELETE ${t}`,
        );
      }
      await assert.rejects(db.query("UPDATE audit_log SET outcome = 'success'"), /append-only/);
    });

    describe('tampering is detected and named', () => {
      beforeEach(async () => {
        await someActivity();
        await sealAll(deps);
        await someActivity(3);
        await sealAll(deps);
        assert.deepEqual(await problems(), []);
      });

      it('truncation of the audit tables (triggers disabled by the owner)', async () => {
        await tamper((tx) => tx.query('TRUNCATE audit_log, audit_head, audit_seal, audit_checkpoint'));
        assert.ok((await problems()).includes('truncated'));
      });

      it('tail deletion (the last rows and their seals)', async () => {
        await tamper(async (tx) => {
          await tx.query('DELETE FROM audit_log WHERE id IN (SELECT audit_id FROM audit_seal WHERE leaf_index >= 8)');
          await tx.query('DELETE FROM audit_seal WHERE leaf_index >= 8');
        });
        const v = await verify();
        assert.deepEqual(
          v.findings.map((f) => [f.problem, f.leaf]),
          [['tail-deleted', 8]],
        );
      });

      it('whole-chain deletion (every row of one unit)', async () => {
        await tamper((tx) => tx.query('DELETE FROM audit_log WHERE org_unit_id = $1', [units.social]));
        assert.deepEqual(await problems(), ['rows-deleted']);
      });

      it('an edited row with every hash recomputed', async () => {
        const victim = (
          await db.query<{ id: string; leaf_index: string }>(
            "SELECT a.id, s.leaf_index::text FROM audit_log a JOIN audit_seal s ON s.audit_id = a.id WHERE a.outcome = 'denied' LIMIT 1",
          )
        ).rows[0];
        assert.ok(victim);
        await tamper(async (tx) => {
          await tx.query("UPDATE audit_log SET outcome = 'success' WHERE id = $1", [victim.id]);
          const row = (await readAuditRows(tx)).find((r) => r.id === victim.id);
          assert.ok(row);
          const leaf = auditLeafHash(row).toString('hex');
          await tx.query('UPDATE audit_log SET hash = $2 WHERE id = $1', [victim.id, leaf]);
          await tx.query('UPDATE audit_seal SET leaf_hash = $2 WHERE audit_id = $1', [victim.id, leaf]);
        });
        const v = await verify();
        assert.deepEqual(
          v.findings.map((f) => f.problem),
          ['row-edited'],
        );
        assert.ok((v.findings[0]?.leaf ?? -1) <= Number(victim.leaf_index));
      });

      it('an edited row whose hashes were not recomputed is named at its leaf', async () => {
        await tamper((tx) =>
          tx.query(
            "UPDATE audit_log SET action = 'case.list' WHERE id = (SELECT audit_id FROM audit_seal WHERE leaf_index = 4)",
          ),
        );
        assert.deepEqual(
          (await verify()).findings.map((f) => [f.problem, f.leaf]),
          [['row-edited', 4]],
        );
      });

      it('a replaced checkpoint table', async () => {
        const forger = freshSigner();
        await tamper(async (tx) => {
          await tx.query('DELETE FROM audit_checkpoint');
          await tx.query(
            `INSERT INTO audit_checkpoint (tree_size, root_hash, at, horizon, frontier, key_id, signature, proof_from, consistency)
             VALUES (9, $1, now(), '1', '{}', $2, $3, 0, '{}')`,
            ['ab'.repeat(32), forger.keyId, await forger.sign(Buffer.from('forged'))],
          );
        });
        assert.deepEqual(await problems(), ['checkpoint-table-replaced']);
      });

      it('a row inserted behind the seal, and rows left unsealed past the seal lag', async () => {
        await tamper((tx) =>
          tx.query(
            `INSERT INTO audit_log (org_unit_id, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, hash, xid)
             VALUES ($1, $2, $3, 'tenant', 'someone', 'case.read', NULL, 'success', 'forged', 'x', '3')`,
            [units.school, randomUUID(), clock.now()],
          ),
        );
        assert.deepEqual(await problems(), ['row-inserted']);
        clock.advance(120_000);
        assert.deepEqual(await problems(), ['row-inserted', 'seal-lag-exceeded']);
      });
    });

    it("the log reviewer's export carries, per row, an inclusion proof against a named, signed checkpoint", async () => {
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await bo.cases.getCase(kase.id);
      await reposAs(db, people.anna, clock)
        .cases.getCase(kase.id)
        .catch(() => undefined);
      await sealAll(deps);
      clock.advance(1000);
      await bo.cases.getCase(kase.id); // after the seal: no proof yet
      const rows = await reportsFor(db, people.lars, 'export-proof', clock).exportAudit({
        caseId: kase.id,
        from: new Date(clock.now().getTime() - 86_400_000),
        to: new Date(clock.now().getTime() + 1),
      });
      assert.equal(rows.length, 4);
      const pem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      for (const row of rows.slice(0, 3)) {
        const p = row.proof;
        assert.ok(p, 'a sealed row has a proof');
        assert.equal(p.checkpoint.treeSize, 3);
        assert.deepEqual(JSON.parse(p.leaf).requestId, row.requestId);
        // As docs/audit-log.md shows: the leaf is in the tree of the checkpoint, and the checkpoint is signed.
        const included = verifyInclusion(
          leafHash(p.leaf),
          p.leafIndex,
          p.checkpoint.treeSize,
          p.path.map((h) => Buffer.from(h, 'hex')),
          Buffer.from(p.checkpoint.rootHash, 'hex'),
        );
        const signed = verifySignature(
          'sha256',
          checkpointMessage(p.checkpoint),
          { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' },
          Buffer.from(p.checkpoint.signature, 'base64'),
        );
        assert.ok(included && signed);
        const forged = JSON.stringify({ ...JSON.parse(p.leaf), actorObjectId: 'someone-else' });
        assert.ok(
          !verifyInclusion(
            leafHash(forged),
            p.leafIndex,
            p.checkpoint.treeSize,
            p.path.map((h) => Buffer.from(h, 'hex')),
            Buffer.from(p.checkpoint.rootHash, 'hex'),
          ),
        );
      }
      assert.equal(rows[3]?.proof, null);
      assert.deepEqual(
        (await anchor.last())?.rootHash,
        rows[0]?.proof?.checkpoint.rootHash,
        'the named checkpoint is the anchored one',
      );
    });

    it('keeps sealing, proving and verifying once the tree grows past a power of ten (checkpoints 6, 10, 14)', async () => {
      // Found by hand in npm run dev: "ORDER BY tree_size" after "SELECT tree_size::text" sorted the
      // text ('6' > '14'), so the sealer re-sealed from an old checkpoint and failed every pass after.
      await someActivity();
      await sealAll(deps);
      await someActivity(2);
      await sealAll(deps);
      const caseId = await someActivity(2);
      const third = await sealAll(deps);
      assert.equal(third.checkpoint?.treeSize, 14);
      assert.equal((await anchor.last())?.treeSize, 14);
      const checkpoints = await db.query<{ n: string }>('SELECT tree_size::text AS n FROM audit_checkpoint');
      assert.deepEqual(
        checkpoints.rows.map((r) => Number(r.n)).sort((a, b) => a - b),
        [6, 10, 14],
      );
      const report = await verify(true);
      assert.deepEqual(report.findings, []);
      assert.equal(report.treeSize, 14);
      const rows = await reportsFor(db, people.lars, 'export-proof', clock).exportAudit({
        caseId,
        from: new Date(clock.now().getTime() - 86_400_000),
        to: new Date(clock.now().getTime() + 1),
      });
      assert.ok(
        rows.length > 0 && rows.every((r) => r.proof?.checkpoint.treeSize === 14),
        'proofs name the latest checkpoint',
      );
    });

    it('verifies incrementally from the position recorded in the anchor store', async () => {
      await someActivity();
      await sealAll(deps);
      const first = await verify(false);
      assert.equal(first.incremental, false);
      assert.equal(first.leavesChecked, 6);
      assert.equal((await anchor.lastVerified())?.treeSize, 6);
      await someActivity(2);
      await sealAll(deps);
      const second = await verify(false);
      assert.deepEqual(second.findings, []);
      assert.equal(second.incremental, true);
      assert.equal(second.leavesChecked, 4, 'only the leaves sealed since');
      assert.equal(second.treeSize, 10);
      // A row slipped in behind the seal, numbered as the log numbers rows, is among the rows read.
      const forged = randomUUID();
      await tamper((tx) =>
        tx.query(
          `INSERT INTO audit_log (org_unit_id, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, hash, xid)
           VALUES ($1, $2, $3, 'tenant', 'someone', 'case.read', NULL, 'success', 'forged', 'x', '3')`,
          [units.school, forged, clock.now()],
        ),
      );
      const slipped = await verify(false);
      assert.deepEqual(
        slipped.findings.map((f) => [f.problem, f.detail.includes(forged)]),
        [['row-inserted', true]],
      );
      // Old, already verified rows deleted: the sample of older leaves (all ten here) misses none.
      await tamper(async (tx) => {
        await tx.query('DELETE FROM audit_log WHERE id = $1', [forged]);
        await tx.query(
          'DELETE FROM audit_log WHERE id IN (SELECT audit_id FROM audit_seal WHERE leaf_index IN (5, 6))',
        );
      });
      const deleted = await verify(false);
      assert.deepEqual(
        deleted.findings.map((f) => [f.problem, f.leaf]),
        [['rows-deleted', 5]],
      );
      assert.equal(deleted.incremental, true);
    });

    it('an incremental run finds an old row edited without recomputing its seal', async () => {
      await someActivity();
      await sealAll(deps);
      assert.deepEqual((await verify(false)).findings, []);
      await tamper((tx) =>
        tx.query(
          "UPDATE audit_log SET action = 'case.list' WHERE id = (SELECT audit_id FROM audit_seal WHERE leaf_index = 3)",
        ),
      );
      const v = await verify(false);
      assert.equal(v.incremental, true);
      assert.deepEqual(
        v.findings.map((f) => [f.problem, f.leaf]),
        [['row-edited', 3]],
      );
    });
  });
}

describe('audit sealing order under concurrent transactions [postgres]', function () {
  this.timeout(60_000);
  let db: Database;
  let deps: SealerDeps;
  const clock = new FakeClock();
  before(async () => {
    db = await openTestDatabase('postgres');
    await seedWorld(db);
    deps = { db, signer: freshSigner(), anchor: await freshAnchorStore(), clock };
  });
  after(async () => db?.close());

  it('a row committed after the sealer read is never sealed before a row a still-running transaction holds', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedEarly = new Promise<void>((r) => (inserted = r));
    const anna = people.anna;
    const event = (requestId: string) => ({
      id: randomUUID(),
      at: clock.now(),
      actorTenantId: anna.tenantId,
      actorObjectId: anna.objectId,
      action: 'case.list' as const,
      caseId: null,
      outcome: 'success' as const,
      requestId,
    });
    // T1 inserts first (smaller xid, smaller seq) and stays open.
    const t1 = db.transaction(async (tx) => {
      await appendAudit(tx, units.school, event('t1'));
      inserted();
      await gate;
    });
    await insertedEarly;
    // T2 inserts and commits while T1 runs.
    await db.transaction((tx) => appendAudit(tx, units.school, event('t2')));
    const whileRunning = await sealOnce(deps);
    assert.equal(whileRunning.sealed, 0, 'T2 is committed, but T1 could still precede it: nothing is sealed');
    release();
    await t1;
    const after = await sealAll(deps);
    assert.equal(after.sealed, 2);
    const order = (
      await db.query<{ request_id: string }>(
        'SELECT a.request_id FROM audit_seal s JOIN audit_log a ON a.id = s.audit_id ORDER BY s.leaf_index',
      )
    ).rows.map((r) => r.request_id);
    assert.deepEqual(order, ['t1', 't2']);
  });

  it('only one sealer is active per database: while another holds the lock, a pass does nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const other = db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [sealLockKey]);
      locked();
      await gate;
    });
    await holding;
    await db.transaction((tx) =>
      tx.query(
        `INSERT INTO audit_log (org_unit_id, id, at, actor_tenant_id, actor_object_id, action, outcome, request_id, hash)
      VALUES ($1, $2, now(), 't', 'o', 'case.list', 'success', 'r', 'h')`,
        [units.school, randomUUID()],
      ),
    );
    assert.deepEqual(await sealOnce(deps), { ran: false, sealed: 0, checkpoint: null });
    release();
    await other;
    assert.equal((await sealAll(deps)).sealed, 1);
  });
});
