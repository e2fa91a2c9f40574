/**
 * npm run dev — starts, for development:
 * - the Graph DEVELOPMENT STAND-IN (not Microsoft Graph) on https://127.0.0.1:5443 with a generated
 *   certificate the app trusts through NODE_EXTRA_CA_CERTS;
 * - Samsyn on the embedded default (PGlite in ./data), in local mode (no bot credentials, loopback
 *   only), Swedish forced (the Playground always reports en-US), Graph pointed at the stand-in;
 * - the meeting tab, built first (dist/web), in a normal browser at /tab/sidepanel?caseId=…,
 *   /tab/stage?caseId=… and /tab/personal, signed in as a development persona (DEV_AUTH);
 * - once it is ready, the Microsoft 365 Agents Playground on http://localhost:56150 with our
 *   development personas (playground/m365agentsplayground.yml: Anna Lind is the current user;
 *   PLAYGROUND_AS="David Holm" makes another of them the current user — the Playground has one).
 * - Azurite (the Azure Storage emulator) on a free loopback port, kept in <DATA_DIR>/azurite next to
 *   the database, as the audit log's anchor store (AUDIT_ANCHOR); the sealer signs checkpoints with
 *   a key generated in <DATA_DIR> on first run (decision 0007). `npm run audit:verify` needs the
 *   same AUDIT_ANCHOR: this script prints it.
 * - with PARTNER_TENANT=1, Region Exempel in its own tenant (decision 0008): BVC Lunda and BUP move to
 *   the partner tenant 00000000-0000-4000-8000-00000000b002 in a copy of the organisation configuration
 *   (.tmp/organisations.partner.json, listed in partnerTenants; ORG_CONFIG_FILE points at it), and the
 *   stand-in serves the region's own directory (seed/partner-directory.json: Cecilia Berg at BVC,
 *   Fredrik Ås at BUP) to that tenant's token. Their personas sign in to the tab as tenant B's people.
 * Ctrl-C stops all of them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startGraphStandIn } from '../tools/graph-standin/server';
import { DEVELOPMENT_DIRECTORY } from '../tools/graph-standin/directory';
import { PARTNER_DIRECTORY, PARTNER_TENANT_ID, writePartnerOrgConfig } from '../tools/graph-standin/partner-tenant';

/** Region Exempel's psychologist at BUP (tools/graph-standin/seed/partner-directory.json). */
const partnerPlaygroundPersona: PlaygroundPersona = {
  id: '29:dev-fredrik-as',
  name: 'Fredrik Ås',
  aadObjectId: '6f1c2d3e-0b01-4a5b-8c9d-000000000b01',
  email: 'fredrik.as@region.example',
  givenName: 'Fredrik',
  surname: 'Ås',
};
import { startAzurite } from './azurite';
import {
  developmentPersonaNames,
  directoryPersona,
  playgroundPersonasAs,
  type PlaygroundPersona,
} from './playground-personas';

const root = path.resolve(__dirname, '..');
const planTeamId = 'samsyn-dev-team';
const playgroundPort = 56150;
const port = process.env.PORT ?? '3978';
const appUrl = `http://127.0.0.1:${port}`;
const playgroundUrl = `http://localhost:${playgroundPort}`;

let app: ChildProcess;
let playground: ChildProcess | undefined;
let standIn: Awaited<ReturnType<typeof startGraphStandIn>> | undefined;
let azurite: Awaited<ReturnType<typeof startAzurite>> | undefined;
let stopping = false;

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
  // With a partner tenant, its professional is in the Playground's people picker too (in place of the
  // last listed user), so a meeting can invite him and he then works on the case in the tab.
  const partner = process.env.PARTNER_TENANT === '1';
  // Anyone of the development directory: the personas file's six, or another (replacing its current user).
  const as = process.env.PLAYGROUND_AS ?? 'Anna Lind';
  const persona = partner && as === partnerPlaygroundPersona.name ? partnerPlaygroundPersona : directoryPersona(as);
  if (persona === null)
    throw new Error(
      `PLAYGROUND_AS="${as}" is nobody in the development directory (${developmentPersonaNames().join(', ')})`,
    );
  const personas = playgroundPersonasAs(
    persona,
    path.join(root, '.tmp'),
    undefined,
    partner ? { listing: [partnerPlaygroundPersona] } : {},
  );
  playground = spawn(
    process.execPath,
    [
      cli,
      '-e',
      `${appUrl}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(playgroundPort),
      '--conversation-id',
      'samsyn-dev-personal-chat',
      '--disable-telemetry',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none', // it can't open a browser here
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: personas.file,
      },
      stdio: 'inherit',
    },
  );
  playground.on('exit', (code) => {
    if (!stopping) console.error(`Agents Playground exited (code ${code}); Samsyn keeps running on ${appUrl}`);
  });
  if (await answers(`${playgroundUrl}/_debug/ping`, (r) => r.ok)) {
    console.log(
      `\nAgents Playground: ${playgroundUrl}  — open it in a browser and chat with Samsyn as ${personas.currentUser.name} (try "help"; PLAYGROUND_AS="<name>" npm run dev to be another persona).\n`,
    );
  }
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  void standIn?.close();
  // Azurite stops after the app (it seals a last time while closing).
  if (app) app.once('exit', () => void azurite?.stop());
  else void azurite?.stop();
  // SIGTERM for the app (it closes the database; a second SIGINT would kill it at once),
  // SIGINT for the Playground (it ignores SIGTERM at times).
  app?.kill('SIGTERM');
  playground?.kill('SIGINT');
  setTimeout(() => {
    app?.kill('SIGKILL');
    playground?.kill('SIGKILL');
  }, 12_000).unref();
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build-web.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  const caPemPath = path.join(root, '.tmp', 'graph-standin-ca.pem');
  const partnerTenant = process.env.PARTNER_TENANT === '1';
  const partnerOrgFile = path.join(root, '.tmp', 'organisations.partner.json');
  if (partnerTenant) writePartnerOrgConfig(partnerOrgFile);
  standIn = await startGraphStandIn({
    ...(partnerTenant
      ? { partnerDirectories: [{ tenantId: PARTNER_TENANT_ID, directoryPath: PARTNER_DIRECTORY }] }
      : {}),
    port: Number(process.env.GRAPH_STANDIN_PORT ?? 5443),
    caPemPath,
    // The development directory: personas and the groups config/organisations.json names per unit.
    directoryPath: DEVELOPMENT_DIRECTORY,
    planTeamId,
    // New plan channels get the Playground team's channel id, so the bot's post shows in the Playground.
    sharedChannel: { handOutChannelIds: ['samsyn-dev-channel-samordning'] },
    logger: (line) => console.log(line),
  });
  console.log(
    `Graph DEVELOPMENT STAND-IN (not Microsoft Graph): ${standIn.url} — calendar and plan channels live here (${standIn.url}/_standin)`,
  );
  if (process.env.AUDIT_ANCHOR === undefined) {
    const dataDir = path.resolve(root, process.env.DATA_DIR ?? 'data');
    azurite = await startAzurite({
      location: path.join(dataDir, 'azurite'),
      ...(process.env.AZURITE_PORT ? { port: Number(process.env.AZURITE_PORT) } : {}),
    });
    console.log(
      `Azurite (audit anchor store) on 127.0.0.1:${azurite.port}; to verify: AUDIT_ANCHOR='${azurite.connectionString}' npm run audit:verify`,
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(azurite ? { AUDIT_ANCHOR: azurite.connectionString } : {}),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    DEFAULT_LOCALE: process.env.DEFAULT_LOCALE ?? 'sv',
    // The tab (in a normal browser) signs in as a development persona; loopback only.
    DEV_AUTH: process.env.DEV_AUTH ?? 'true',
    GRAPH_BASE_URL: process.env.GRAPH_BASE_URL ?? standIn.url,
    PLAN_TEAM_ID: process.env.PLAN_TEAM_ID ?? planTeamId,
    NODE_EXTRA_CA_CERTS: caPemPath,
    ...(partnerTenant ? { ORG_CONFIG_FILE: partnerOrgFile } : {}),
  };
  if (partnerTenant)
    console.log(
      `PARTNER_TENANT=1: Region Exempel's units (BVC Lunda, BUP) are in tenant ${PARTNER_TENANT_ID} (${partnerOrgFile}); the stand-in serves its own directory`,
    );
  app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  console.log(
    `Samsyn (development) starting on ${appUrl} — /healthz, /readyz, /api/messages; the tab: ${appUrl}/tab/personal`,
  );
  app.on('exit', (code) => {
    stop();
    // Wait for Azurite too: process.exit would leave it running, holding the data folder.
    const done = () => void (azurite?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
    if (playground && playground.exitCode === null && playground.signalCode === null) playground.once('exit', done);
    else done();
  });
  await startPlayground();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
main().catch((err: unknown) => {
  console.error('npm run dev failed to start:', err instanceof Error ? err.message : err);
  stop();
  process.exit(1);
});
