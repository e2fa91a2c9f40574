/**
 * npm run dev — starts Samsyn for development on the embedded default (PGlite in ./data), in
 * local mode (no bot credentials, loopback only), with readable logs. Later issues add the Agents
 * Playground and the Graph stand-in here.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };

const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], { cwd: root, env, stdio: 'inherit' });

const port = env.PORT ?? '3978';
console.log(`Samsyn (development) starting on http://127.0.0.1:${port} — /healthz, /readyz, /api/messages`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => app.kill(signal));
}
app.on('exit', (code) => process.exit(code ?? 0));
