/**
 * A small migration runner: numbered SQL files, applied in order, each recorded with a checksum.
 * A shipped migration is never edited: a changed checksum stops the start with a clear message.
 * Two instances starting at once are serialised by an advisory lock.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';
import type { Database, Tx } from './database';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export const migrationsDir = path.join(projectRoot(), 'src', 'storage', 'migrations');

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((file, index) => {
    const version = Number(file.slice(0, 4));
    if (version !== index + 1)
      throw new Error(`migration ${file}: expected number ${index + 1}, numbers must be consecutive`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

const migrationLockKey = 4_274_117;

/**
 * The role the app runs as on PostgreSQL (decision 0007): it may read and write the data, append to
 * the audit tables and nothing more. It owns nothing, so it cannot ALTER a table or disable a
 * trigger, and it has no TRUNCATE, UPDATE or DELETE on the audit tables. The migration role (the
 * owner) keeps those rights. Production logs in as a member of this role (docs/operations.md).
 */
export const runtimeRole = 'samsyn_runtime';
const auditTables = ['audit_log', 'audit_head', 'audit_seal', 'audit_checkpoint'];

async function grantRuntimeRole(tx: Tx): Promise<void> {
  await tx.exec(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${runtimeRole}') THEN CREATE ROLE ${runtimeRole} NOLOGIN; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$;
  GRANT USAGE ON SCHEMA public TO ${runtimeRole};
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${runtimeRole};
  REVOKE UPDATE, DELETE, TRUNCATE ON ${auditTables.join(', ')} FROM ${runtimeRole};
  REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${runtimeRole};
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${runtimeRole};`);
}

/**
 * Applies pending migrations; returns the versions applied now. When everything is applied it
 * changes nothing (no DDL), so the runtime role, which may not create tables, can start the app.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = loadMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    const exists =
      (await tx.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t")).rows[0]?.t != null;
    if (!exists) {
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
    }
    const applied = new Map(
      (
        await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')
      ).rows.map((r) => [r.version, r.checksum]),
    );
    const done: number[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum)
          throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      done.push(m.version);
    }
    if (done.length > 0 && db.kind === 'postgres') await grantRuntimeRole(tx);
    return done;
  });
}

/** True when every known migration is applied (for /readyz). */
export async function migrationsApplied(
  db: Database,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<boolean> {
  const r = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM schema_migrations WHERE version = ANY($1::int[])',
    [migrations.map((m) => m.version)],
  );
  return r.rows[0]?.n === migrations.length;
}
