/**
 * The real process: `src/main.ts` on a new PGlite folder becomes ready, serves the bot endpoint on
 * loopback, refuses a broken configuration with a clear message, and shuts down cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/net';

const root = path.resolve(__dirname, '..', '..');

function start(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitReady(url: string, deadlineMs: number): Promise<Response> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('not ready in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));

describe('the app process', function () {
  this.timeout(60_000);
  let port: number;
  let url: string;
  let dataDir: string;

  before(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-start-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a new PGlite folder, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    const started = Date.now();
    const app = start({ PORT: String(port), DATA_DIR: dataDir });
    try {
      const ready = await waitReady(url, 45_000);
      console.log(`      ready after ${Date.now() - started} ms on a new PGlite folder`);
      assert.deepEqual(await ready.json(), { status: 'ready', database: 'pglite' });
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.ok(fs.existsSync(path.join(dataDir, 'PG_VERSION')), 'the database lives in DATA_DIR');
    } finally {
      app.kill('SIGTERM');
    }
    assert.equal(await exited(app), 0);
  });

  it('restarts on the same folder, migrations already applied', async () => {
    const app = start({ PORT: String(port), DATA_DIR: dataDir });
    try {
      await waitReady(url, 45_000);
    } finally {
      app.kill('SIGTERM');
    }
    assert.equal(await exited(app), 0);
  });

  it('refuses to start with a broken configuration and names the variable', async () => {
    const app = start({ PORT: 'not-a-port', DATA_DIR: dataDir, MicrosoftAppId: 'abc' });
    let stderr = '';
    app.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    assert.equal(await exited(app), 2);
    assert.match(stderr, /PORT/);
    assert.match(stderr, /MicrosoftAppId: must be the Entra application \(client\) id/);
  });
});
