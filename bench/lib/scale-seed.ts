/**
 * The scale bench's databases (issue 22 item 5): a PostgreSQL database of its own per size, seeded in
 * SQL (generate_series), with the audit rows sealed into the Merkle tree and anchored (Azurite) as
 * the app would have done over the years, and verified as a daily `audit:verify` would have.
 *
 * The model: every unit takes the same number of new cases a year; a bigger database has more units
 * and more years, not more cases per unit and year (a school does not get 100× the pupils). So a
 * unit's year of statistics is the same amount of data at either size, and whatever grows with the
 * whole database shows up as growth.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/domain/actor';
import { sealOnce, type SealerDeps } from '../../src/storage/audit-sealer';
import { verifyAuditTrail } from '../../src/storage/audit-verifier';
import type { BlobAnchorStore } from '../../src/storage/anchor-store';
import type { FileKeySigner } from '../../src/storage/checkpoint-signer';
import type { Database } from '../../src/storage/database';
import { openDatabase } from '../../src/storage/open-database';
import { replaceMembership, syncOrgConfig } from '../../src/storage/organisations';
import { parseOrgConfig } from '../../src/config/org-config';
import { repositoriesFor } from '../../src/storage/repositories';
import pg from 'pg';
import { postgresServer } from './databases';

export interface ScaleSpec {
  readonly label: string;
  readonly units: number;
  readonly years: number;
  readonly casesPerUnitYear: number;
  readonly auditRowsPerCase: number;
}

export const benchTenant = '22222222-2222-4222-8222-222222222222';
/** The last day of the seeded history; "a year's statistics" is the year before it. */
export const seededUntil = new Date('2026-12-01T00:00:00Z');

export const unitId = (u: number) => `bench-unit-${String(u).padStart(3, '0')}`;
const person = (kind: 'b' | 'c', u: number, roles: Actor['roles']): Actor => ({
  tenantId: benchTenant,
  objectId: `${kind.repeat(8)}-0000-4000-8000-${String(u).padStart(12, '0')}`,
  displayName: kind === 'b' ? `Bench Professional ${u}` : `Bench Manager ${u}`,
  orgUnitId: unitId(u),
  roles,
});
export const professionalOf = (u: number) => person('b', u, ['professional', 'named-person']);
export const managerOf = (u: number) => person('c', u, ['manager']);

export interface SeededDatabase {
  readonly name: string;
  readonly url: string;
  readonly db: Database;
  readonly cases: number;
  readonly auditRows: number;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropScaleDatabase(name: string): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Audit rows for the cases of units [fromUnit, toUnit): `perCase` reads each, by the unit's professional. */
export async function insertAuditRows(db: Database, fromUnit: number, toUnit: number, perCase: number, tag: string) {
  await db.query(
    `INSERT INTO audit_log (org_unit_id, id, at, actor_tenant_id, actor_object_id, action, case_id, outcome, request_id, hash)
     SELECT c.org_unit_id, gen_random_uuid(), c.created_at + k * interval '3 hours', $1,
            (SELECT p.object_id FROM case_party p WHERE p.case_id = c.id LIMIT 1),
            'case.read', c.id, 'success', $5 || '-' || k || '-' || c.reference, 'seeded'
       FROM child_case c CROSS JOIN generate_series(1, $4::int) k
      WHERE c.org_unit_id >= $2 AND c.org_unit_id < $3`,
    [benchTenant, unitId(fromUnit), unitId(toUnit), perCase, tag],
  );
}

/** Seals until nothing committed is left unsealed (the horizon is server-wide: a pass may seal less). */
export async function sealEverything(deps: SealerDeps): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    await sealOnce(deps);
    const left = await deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)',
    );
    if (left.rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('audit rows still unsealed');
}

/**
 * Creates `samsyn_bench_scale_<label>`, migrates it, and seeds: the units and their people, the
 * cases (created evenly over `years` up to `seededUntil`), each case's professional as its party,
 * and the audit rows in chunks of about 100,000 — each chunk sealed, anchored and verified (the
 * verified position recorded in the anchor store) before the next.
 */
export async function seedScaleDatabase(
  spec: ScaleSpec,
  seal: { anchor: BlobAnchorStore; signer: FileKeySigner },
  log: (line: string) => void,
): Promise<SeededDatabase> {
  const name = `samsyn_bench_scale_${spec.label}`;
  await dropScaleDatabase(name);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  const units = Array.from({ length: spec.units }, (_, u) => u);
  await syncOrgConfig(
    db,
    parseOrgConfig(
      {
        orgUnits: units.map((u) => ({
          id: unitId(u),
          name: `Bench unit ${u}`,
          authorityType: 'forskola-skola',
          tenantId: benchTenant,
          wheelId: 'behovskompassen',
        })),
      },
      'scale bench',
    ),
  );
  await replaceMembership(
    db,
    benchTenant,
    units.flatMap((u) => [professionalOf(u), managerOf(u)].map((a) => ({ ...a, roles: [...a.roles], email: null }))),
  );
  // One case made the app's way gives the details and party roles every seeded case copies. Every
  // seeded case was active lately (updated now): what retention leaves, and what the app's own
  // retention sweep must not start deleting while the seal lag is measured.
  const clock = { now: () => new Date(seededUntil.getTime() - 86_400_000) };
  const template = await repositoriesFor(db, professionalOf(0), randomUUID(), clock).cases.createCase({
    kind: 'anonymous',
    details: { worryAreas: ['trygghet', 'halsa'], observations: 'Trött på morgonen.', tried: 'Samtal med mentor.' },
  });
  const perUnit = spec.years * spec.casesPerUnitYear;
  const t0 = performance.now();
  await db.query(
    `INSERT INTO child_case (id, org_unit_id, reference, kind, stage, details, version, created_at, updated_at)
     SELECT gen_random_uuid(), 'bench-unit-' || lpad(u::text, 3, '0'), 'B-' || u || '-' || i, t.kind, t.stage, t.details, 1, ts, now()
       FROM (SELECT kind, stage, details FROM child_case WHERE id = $1) t
      CROSS JOIN generate_series(0, $2::int - 1) u CROSS JOIN generate_series(0, $3::int - 1) i
      CROSS JOIN LATERAL (SELECT $4::timestamptz - ((i + 0.5) / $3::int) * $5::int * interval '365 days' AS ts) d`,
    [template.id, spec.units, perUnit, seededUntil, spec.years],
  );
  await db.query(
    `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
     SELECT c.id, c.org_unit_id, $2, 'bbbbbbbb-0000-4000-8000-' || lpad(substr(c.org_unit_id, 12)::int::text, 12, '0'),
            'Bench Professional', c.org_unit_id, p.role, c.created_at
       FROM child_case c CROSS JOIN (SELECT DISTINCT role FROM case_party WHERE case_id = $1) p
      WHERE c.org_unit_id LIKE 'bench-unit-%' AND c.id <> $1`,
    [template.id, benchTenant],
  );
  await db.query('ANALYZE');
  const cases = spec.units * perUnit + 1;
  log(`  ${spec.label}: ${cases} cases in ${Math.round(performance.now() - t0)} ms`);

  const deps: SealerDeps = { db, signer: seal.signer, anchor: seal.anchor, clock: { now: () => new Date() } };
  const unitsPerChunk = Math.max(1, Math.floor(100_000 / (perUnit * spec.auditRowsPerCase)));
  for (let u = 0; u < spec.units; u += unitsPerChunk) {
    const t = performance.now();
    await insertAuditRows(db, u, Math.min(spec.units, u + unitsPerChunk), spec.auditRowsPerCase, 'seed');
    await sealEverything(deps);
    const v = await verifyAuditTrail({ db, anchor: seal.anchor, publicKey: seal.signer.publicKey, now: new Date() });
    if (!v.ok) throw new Error(`seeded log does not verify: ${JSON.stringify(v.findings)}`);
    log(
      `  ${spec.label}: audit rows sealed and verified up to ${v.treeSize} (${Math.round(performance.now() - t)} ms)`,
    );
  }
  await db.query('ANALYZE');
  const auditRows = Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log')).rows[0]?.n);
  return { name, url: url.toString(), db, cases, auditRows };
}
