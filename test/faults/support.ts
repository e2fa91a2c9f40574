/**
 * Helpers for the crash tests: the connection string of a test database (so a second process can
 * open it), a Bot Connector stand-in that records the ids it answered with, and running the worker
 * child process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Database } from '../../src/storage/database';
import { postgresServerUrl } from '../support/databases';
import type { CrashPoint } from './crash-points';

/** The URL of a PostgreSQL test database made by openTestDatabase('postgres') (test/support/databases.ts). */
export async function postgresUrlOf(db: Database): Promise<string> {
  if (db.kind !== 'postgres') throw new Error('only a PostgreSQL database can be shared with another process');
  const name = (await db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name;
  if (!name) throw new Error('no current database');
  const url = new URL(await postgresServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export { startConnectorStandIn as startRecordingConnector, type ConnectorCall } from '../support/connector-standin';

export interface ChildEnv {
  readonly databaseUrl: string;
  readonly graphBaseUrl: string;
  readonly caPemPath: string;
  readonly planTeamId: string;
  readonly teamsAppId: string;
  readonly crashAt?: CrashPoint;
  readonly leaseMs?: number;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly ms: number;
}

const root = path.resolve(__dirname, '..', '..');
const running = new Set<ReturnType<typeof spawn>>();

/** Runs test/faults/worker-child.ts in a fresh Node process; killed after `timeoutMs`. */
export function runWorkerChild(env: ChildEnv, timeoutMs = 30_000): Promise<ChildExit> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker-child.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      GRAPH_BASE_URL: env.graphBaseUrl,
      NODE_EXTRA_CA_CERTS: env.caPemPath,
      PLAN_TEAM_ID: env.planTeamId,
      TEAMS_APP_ID: env.teamsAppId,
      ...(env.crashAt ? { CRASH_AT: env.crashAt } : {}),
      ...(env.leaseMs ? { LEASE_MS: String(env.leaseMs) } : {}),
    },
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => {
    output += `\n[crash test] worker child killed after ${timeoutMs} ms\n`;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      running.delete(child);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const exit = { code, signal, output, ms: Date.now() - started };
      if (process.env.CRASH_TEST_VERBOSE)
        console.log(
          `      [worker ${env.crashAt ?? 'retry'}] ${exit.ms} ms, code ${code}, signal ${signal}\n${output.replace(/^/gm, '        ')}`,
        );
      resolve(exit);
    });
  });
}

/** Kills worker children still running (a failed test's leftovers); each by its own pid. */
export function killWorkerChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
