/**
 * npm run dev — starts Samsyn for development on the embedded default (PGlite in ./data), in
 * local mode (no bot credentials, loopback only), with readable logs; once it is ready, the
 * Microsoft 365 Agents Playground on http://localhost:56150 with our development personas
 * (playground/m365agentsplayground.yml: Anna Lind is the current user). Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
const port = env.PORT ?? '3978';
const playgroundPort = 56150;
const appUrl = `http://127.0.0.1:${port}`;
const playgroundUrl = `http://localhost:${playgroundPort}`;

const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], { cwd: root, env, stdio: 'inherit' });
let playground: ChildProcess | undefined;
let stopping = false;
console.log(`Samsyn (development) starting on ${appUrl} — /healthz, /readyz, /api/messages`);

async function answers(url: string, ok: (res: Response) => boolean): Promise<boolean> {
  for (let i = 0; i < 600 && !stopping; i++) {
    if (await fetch(url).then(ok, () => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function startPlayground(): Promise<void> {
  if (!(await answers(`${appUrl}/readyz`, (r) => r.status === 200)) || stopping) return;
  const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  playground = spawn(
    process.execPath,
    [cli, '-e', `${appUrl}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--conversation-id', 'samsyn-dev-personal-chat', '--disable-telemetry'],
    {
      cwd: root,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none', // it can't open a browser here
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(root, 'playground', 'm365agentsplayground.yml'),
      },
      stdio: 'inherit',
    },
  );
  playground.on('exit', (code) => {
    if (!stopping) console.error(`Agents Playground exited (code ${code}); Samsyn keeps running on ${appUrl}`);
  });
  if (await answers(`${playgroundUrl}/_debug/ping`, (r) => r.ok)) {
    console.log(`\nAgents Playground: ${playgroundUrl}  — open it in a browser and chat with Samsyn as Anna Lind (try "help").\n`);
  }
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  // SIGTERM for the app (it closes the database; a second SIGINT would kill it at once),
  // SIGINT for the Playground (it ignores SIGTERM at times).
  app.kill('SIGTERM');
  playground?.kill('SIGINT');
  setTimeout(() => {
    app.kill('SIGKILL');
    playground?.kill('SIGKILL');
  }, 12_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
app.on('exit', (code) => {
  stop();
  const done = () => process.exit(code ?? 0);
  if (playground && playground.exitCode === null && playground.signalCode === null) playground.once('exit', done);
  else done();
});
void startPlayground();
