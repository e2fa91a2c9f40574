/** A fresh PostgreSQL database per benchmark target (created for the run, dropped after), or a fresh PGlite folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type Engine = 'pglite' | 'postgres';

/** The server the bench creates its databases on (BENCH_POSTGRES_URL, else the local test server). */
export const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  /** Environment for the server process: DATA_DIR (PGlite) or DATABASE_URL (PostgreSQL). */
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(engine: Engine, label: string): Promise<BenchDatabase> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `samsyn-bench-${label}-`));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `samsyn_bench_${label.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${Date.now()}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
