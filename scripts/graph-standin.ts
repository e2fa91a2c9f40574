/**
 * Runs the Graph DEVELOPMENT STAND-IN (not Microsoft Graph) until Ctrl+C.
 *
 *   npx tsx scripts/graph-standin.ts [--port 5443] [--ca .tmp/graph-standin-ca.pem]
 *                                    [--organisations config/organisations.json] [--team <PLAN_TEAM_ID>]
 *                                    [--no-dedup] [--quiet]
 *
 * PLAN_TEAM_ID and GRAPH_STANDIN_PORT are read from the environment when the flags are absent;
 * TEAMS_APP_ID, when set, is put in the app catalogue (as the externalId of an uploaded app).
 * Trust the printed CA file in clients, e.g. NODE_EXTRA_CA_CERTS=<ca file> for a Node process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGraphStandIn } from '../tools/graph-standin/server';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      ca: { type: 'string' },
      organisations: { type: 'string' },
      team: { type: 'string' },
      'no-dedup': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const organisations = values.organisations ?? path.join(root, 'config', 'organisations.json');
  const caPemPath = path.resolve(values.ca ?? path.join(root, '.tmp', 'graph-standin-ca.pem'));
  const planTeamId = values.team ?? process.env['PLAN_TEAM_ID'];
  const teamsAppId = process.env['TEAMS_APP_ID'];
  const standIn = await startGraphStandIn({
    port: Number(values.port ?? process.env['GRAPH_STANDIN_PORT'] ?? 5443),
    caPemPath,
    ...(fs.existsSync(organisations) ? { organisationsPath: organisations } : {}),
    ...(planTeamId ? { planTeamId } : {}),
    ...(teamsAppId ? { teamsAppId } : {}),
    dedupTransactionId: !values['no-dedup'],
    ...(values.quiet ? {} : { logger: (line: string) => console.log(line) }),
  });

  console.log('');
  console.log('Graph DEVELOPMENT STAND-IN - this is NOT Microsoft Graph.');
  console.log(`  GRAPH_BASE_URL=${standIn.url}`);
  console.log(`  CA certificate: ${caPemPath}   (e.g. NODE_EXTRA_CA_CERTS=${caPemPath})`);
  console.log(`  PLAN_TEAM_ID=${standIn.teamId}`);
  console.log(`  Admin (faults, request log, state): ${standIn.url}/_standin`);
  console.log(
    `  Users: ${standIn.users.map((user) => `${user.displayName} <${user.mail}> ${user.id}`).join('; ') || 'any (open directory)'}`,
  );

  const stop = (): void => {
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
