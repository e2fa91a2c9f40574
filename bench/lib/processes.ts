/**
 * The processes a benchmark run starts: each in its own process (so its RSS and CPU time are its
 * own, read from /proc), in its own process group, stopped by PID. A compiled `.js` script runs in
 * plain `node` (as production does, lib/build.ts); a `.ts` script through tsx's loader in the same
 * process. Either way the PID is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../test/support/net';

export const repoRoot = path.resolve(__dirname, '..', '..');

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  /** Milliseconds from spawn to the first 200 from GET /readyz. */
  readonly readyMs: number;
  /** The last lines the process wrote (for failures). */
  output(): string;
}

export interface StartOptions {
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * Spawns `node <script>` (a `.js` file) or `node --import tsx <script>` (a `.ts` file) with PORT set
 * and waits for GET /readyz to answer 200.
 */
export async function startServer(options: StartOptions): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.script], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${options.script} exited (${child.exitCode ?? child.signalCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until)
      throw new Error(`${options.script}: not ready within ${options.timeoutMs ?? 60_000} ms:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url, readyMs: performance.now() - t0, output: () => log };
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the process has exited. */
export async function stopServer(started: Started, graceMs = 15_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in MB (VmRSS from /proc). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** User + system CPU time of a process in seconds (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}
