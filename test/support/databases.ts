/**
 * Test databases. The storage suites run on both engines:
 * - PGlite: each test database is a copy of one migrated template (fast, no initdb per test);
 * - PostgreSQL: DATABASE_URL / TEST_DATABASE_URL if set, else 127.0.0.1:5432 (trust, database
 *   `test`) if usable, else a private cluster started by scripts/pg-private-cluster.sh. Each test
 *   database is created for the run and dropped afterwards. No PostgreSQL means failure, not a skip.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/storage/database';
import { migrate } from '../../src/storage/migrate';
import { PgliteDatabase } from '../../src/storage/pglite-database';
import { PostgresDatabase } from '../../src/storage/postgres-database';

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: readonly DbKind[] = ['pglite', 'postgres'];

let template: Promise<File | Blob> | undefined;

async function pgliteTemplate(): Promise<File | Blob> {
  template ??= (async () => {
    const db = await PgliteDatabase.open(null);
    try {
      await migrate(db);
      return await db.dump();
    } finally {
      await db.close();
    }
  })();
  return template;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let server: Promise<string> | undefined;

/** The connection string of a PostgreSQL server the tests may create databases on. */
export function postgresServerUrl(): Promise<string> {
  server ??= (async () => {
    const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (configured) {
      if (await canConnect(configured)) return configured;
      throw new Error(`PostgreSQL at DATABASE_URL/TEST_DATABASE_URL is not reachable`);
    }
    const local = 'postgres://postgres@127.0.0.1:5432/test';
    if (await canConnect(local)) return local;
    const script = path.join(__dirname, '..', '..', 'scripts', 'pg-private-cluster.sh');
    const url = execFileSync('bash', [script], { encoding: 'utf8' }).trim();
    if (await canConnect(url)) return url;
    throw new Error(
      'no PostgreSQL could be had: not configured, not on 127.0.0.1:5432, and a private cluster did not start',
    );
  })();
  return server;
}

let printed = false;
let counter = 0;

async function createPostgresDatabase(): Promise<Database & { readonly url: string }> {
  const serverUrl = await postgresServerUrl();
  const name = `samsyn_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    if (!printed) {
      printed = true;
      const v = await admin.query<{ version: string }>('SELECT version()');
      console.log(`      [postgres] ${v.rows[0]?.version ?? 'unknown version'}`);
    }
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = PostgresDatabase.open(url.toString());
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    url: url.toString(),
    async close(): Promise<void> {
      await close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  });
}

/** A fresh, migrated PostgreSQL database and its URL (for app processes started by a test). */
export function openPostgresTestDatabase(): Promise<Database & { readonly url: string }> {
  return createPostgresDatabase();
}

/** A fresh, migrated database of the given kind. The caller closes it (after()). */
export async function openTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') return PgliteDatabase.fromDump(await pgliteTemplate());
  return createPostgresDatabase();
}
