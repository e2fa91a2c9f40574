/**
 * Decision 0007 end to end: the app (on PostgreSQL, with Azurite as the anchor store) seals its
 * audit rows in its worker loop; `npm run audit:verify` (the script, as a process) reports the log
 * intact against the anchored, signed checkpoints, and names a tail deletion once the database owner
 * deletes rows; the log reviewer's export over HTTP carries inclusion proofs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { leafHash, verifyInclusion } from '../../src/domain/merkle';
import { startApp, type RunningApp } from '../../src/http/app';
import type { Database } from '../../src/storage/database';
import { repositoriesFor } from '../../src/storage/repositories';
import { testAzurite } from '../support/audit-trail';
import { openPostgresTestDatabase } from '../support/databases';
import { persona } from '../support/personas';
import { freePort } from '../support/net';

const bo = persona('Bo Ek');
const eva = persona('Eva Strand');
const root = path.resolve(__dirname, '..', '..');

function auditVerify(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'audit-verify.ts'), '--full'],
      { cwd: root, env: { ...process.env, ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('audit trail end to end (app on PostgreSQL, anchor in Azurite, npm run audit:verify)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let db: Database & { readonly url: string };
  let env: NodeJS.ProcessEnv;
  let caseId: string;

  before(async () => {
    db = await openPostgresTestDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-audit-'));
    const azurite = await testAzurite();
    env = {
      DATABASE_URL: db.url,
      DATA_DIR: dir,
      AUDIT_ANCHOR: azurite.connectionString,
      AUDIT_ANCHOR_CONTAINER: `e2e-${process.pid}`,
      DEV_AUTH: 'true',
      LOG_LEVEL: 'silent',
    };
    app = await startApp(loadConfig({ ...env, PORT: String(await freePort()) }), pino({ level: 'silent' }), {
      sealIntervalMs: 50,
    });
    const repos = repositoriesFor(app.db, bo, 'seed', { now: () => new Date() });
    caseId = (
      await repos.cases.createCase({
        kind: 'anonymous',
        details: { worryAreas: ['trygghet'], observations: '', tried: '' },
      })
    ).id;
    for (let i = 0; i < 3; i++) await repos.cases.getCase(caseId);
    // The worker loop seals within a few passes.
    for (let i = 0; i < 400; i++) {
      const left = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)',
      );
      if (left.rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  it('seals in the worker loop, and the log reviewer export carries inclusion proofs', async () => {
    const sealed = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_seal');
    assert.ok((sealed.rows[0]?.n ?? 0) >= 4);
    const q = `caseId=${caseId}&from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
    const r = await fetch(`${app.url}/api/tab/audit-export?${q}`, {
      headers: { 'x-samsyn-dev-persona': eva.objectId },
    });
    assert.equal(r.status, 200);
    const rows = (
      (await r.json()) as {
        rows: {
          proof: {
            leaf: string;
            leafIndex: number;
            path: string[];
            checkpoint: { treeSize: number; rootHash: string };
          } | null;
        }[];
      }
    ).rows;
    const proved = rows.filter((row) => row.proof !== null);
    assert.ok(proved.length >= 4);
    for (const { proof: p } of proved) {
      assert.ok(
        p &&
          verifyInclusion(
            leafHash(p.leaf),
            p.leafIndex,
            p.checkpoint.treeSize,
            p.path.map((h) => Buffer.from(h, 'hex')),
            Buffer.from(p.checkpoint.rootHash, 'hex'),
          ),
      );
    }
  });

  it('npm run audit:verify says intact, and names a tail deletion by the database owner', async () => {
    await app.close(); // the sealer stops; what it sealed stays
    const intact = await auditVerify(env);
    assert.equal(intact.code, 0, intact.out);
    assert.match(intact.out, /audit log intact: \d+ sealed rows/);
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_seal DISABLE TRIGGER USER');
      await tx.query(
        'DELETE FROM audit_log WHERE id IN (SELECT audit_id FROM audit_seal WHERE leaf_index >= (SELECT max(leaf_index) - 1 FROM audit_seal))',
      );
      await tx.query('DELETE FROM audit_seal WHERE leaf_index >= (SELECT max(leaf_index) - 1 FROM audit_seal)');
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_seal ENABLE TRIGGER USER');
    });
    const broken = await auditVerify(env);
    assert.equal(broken.code, 1, broken.out);
    assert.match(broken.out, /tail-deleted/);
  });
});
