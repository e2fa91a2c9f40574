/**
 * The real app in its own process (src/main.ts, local mode: no bot credentials, loopback only), as
 * `npm start` runs it: a fault that would crash the process shows as an exit here, not as a failure
 * of the test runner. Its log is kept (the last lines) to explain a failure.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../support/net';

const root = path.resolve(__dirname, '..', '..');
const keptLines = 200;

export interface AppProcess {
  readonly url: string;
  readonly pid: number;
  /** Exit code or signal once the process has ended; null while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The last lines the app printed. */
  log(): string;
  /** Lines at level error (50) or above, or not JSON (e.g. a crash's stack trace). */
  errorLines(): string[];
  /** SIGTERM (graceful shutdown), SIGKILL if it has not ended within 15 s. */
  stop(): Promise<void>;
}

function levelOf(line: string): number {
  try {
    return Number((JSON.parse(line) as { level?: number }).level ?? 0);
  } catch {
    return 60;
  }
}

/** Starts src/main.ts with `env` on a free port and waits until /readyz answers 200. */
export async function startAppProcess(env: Record<string, string>, readyWithinMs = 180_000): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
  });
  const lines: string[] = [];
  const errors: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const ended = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line.slice(0, 500));
      if (lines.length > keptLines) lines.shift();
      if (levelOf(line) >= 50) errors.push(line.slice(0, 500));
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const app: AppProcess = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    exit: () => exit,
    log: () => lines.join('\n'),
    errorLines: () => [...errors],
    async stop() {
      if (exit !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await ended;
      clearTimeout(timer);
    },
  };
  const until = Date.now() + readyWithinMs;
  for (;;) {
    try {
      if ((await fetch(`${app.url}/readyz`)).status === 200) return app;
    } catch {
      // not listening yet
    }
    if (exit !== null || Date.now() > until) {
      await app.stop();
      throw new Error(`the app did not become ready (exit ${JSON.stringify(exit)}):\n${app.log()}`);
    }
    await sleep(100);
  }
}
