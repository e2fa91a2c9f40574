/**
 * Azurite (the Azure Storage emulator, an npm devDependency) for development and tests: the audit
 * anchor store's append blobs run against it with the same client code as in Azure. Azurite has no
 * immutability policies; the WORM policy is asserted on the Bicep (test/unit/infra-*.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account (published in its documentation; not a secret). */
const account = 'devstoreaccount1';
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts Azurite's blob service on a free loopback port; in memory when `location` is null. */
export async function startAzurite(options: {
  readonly location: string | null;
  readonly port?: number;
}): Promise<RunningAzurite> {
  const pkgFile = require.resolve('azurite/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
  const bin = path.join(path.dirname(pkgFile), pkg.bin['azurite-blob'] ?? 'dist/src/blob/main.js');
  const port = options.port ?? (await freePort());
  const args = [
    bin,
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(port),
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
  ];
  if (options.location === null) args.push('--inMemoryPersistence');
  else {
    fs.mkdirSync(options.location, { recursive: true });
    args.push('--location', options.location);
  }
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 1200 && !(await listening(port)); i++) {
    if (exited) throw new Error(`Azurite did not start: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!(await listening(port))) {
    child.kill('SIGKILL');
    throw new Error(`Azurite did not listen on ${port}: ${stderr.trim()}`);
  }
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};BlobEndpoint=http://127.0.0.1:${port}/${account};`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
