/**
 * /readyz against real PostgreSQL: ready when the database answers and every migration is applied;
 * 503 "migrations pending" when a migration the code knows is missing; 503 "database unreachable"
 * when the server refuses connections, and ready again when it accepts them. /healthz (liveness)
 * stays 200 throughout, so the platform does not restart an instance for a database outage.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { freePort } from '../support/net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/http/app';
import { openPostgresTestDatabase, postgresServerUrl } from '../support/databases';

describe('readiness (/readyz) on PostgreSQL', function () {
  this.timeout(60_000);
  let db: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  let app: RunningApp;
  let dir: string;
  let dbName: string;

  /** Runs statements on the server's maintenance connection (not the app's database). */
  async function admin(...statements: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: await postgresServerUrl() });
    await client.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      await client.end();
    }
  }

  const readyz = async () => {
    const res = await fetch(`${app.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; database: string } };
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-readyz-'));
    db = await openPostgresTestDatabase();
    dbName = new URL(db.url).pathname.slice(1);
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DATABASE_URL: db.url }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 60_000 },
    );
  });
  after(async () => {
    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await app?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is ready with every migration applied', async () => {
    assert.deepEqual(await readyz(), { status: 200, body: { status: 'ready', database: 'postgres' } });
  });

  it('is 503 "migrations pending" while a migration the code knows is not applied', async () => {
    const removed = await db.query<{ version: number; name: string; checksum: string }>(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name, checksum',
    );
    const row = removed.rows[0];
    assert.ok(row);
    assert.deepEqual(await readyz(), { status: 503, body: { status: 'migrations pending', database: 'postgres' } });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200, 'liveness does not depend on migrations');
    await db.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      row.version,
      row.name,
      row.checksum,
    ]);
    assert.equal((await readyz()).status, 200);
  });

  it('is 503 "database unreachable" while the server refuses connections, and ready again after', async () => {
    await admin(
      `ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`,
    );
    assert.deepEqual(await readyz(), { status: 503, body: { status: 'database unreachable', database: 'postgres' } });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200, 'liveness does not depend on the database');
    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    assert.equal((await readyz()).status, 200, 'the pool reconnects');
  });
});
