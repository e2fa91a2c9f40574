/**
 * FROZEN BASELINE — the floor Samsyn is measured against (bench/run.ts). Do not change it together
 * with Samsyn: a change here moves every ratio and makes old results incomparable. If it must
 * change, say so in the commit and in bench/results/.
 *
 * A bare botbuilder bot: the same CloudAdapter (local mode: no app id, so no JWT check and no
 * outbound token, as Samsyn in local mode) behind the same restify with the same body parser. An
 * `adaptiveCard/action` invoke is answered inline with a small card; any other activity gets an
 * empty 200. No storage, unless BASELINE_DB asks for the informational second baseline: one INSERT
 * per invoke, awaited before answering (BASELINE_DB=pglite with DATA_DIR, or BASELINE_DB=postgres
 * with DATABASE_URL).
 *
 * Environment: PORT (required), BASELINE_DB (none | pglite | postgres), DATA_DIR, DATABASE_URL.
 * Prints `ready <url>` on stdout when listening; GET /readyz answers 200.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import pg from 'pg';
import restify from 'restify';

type Insert = (verb: string, data: unknown) => Promise<void>;

const createTable =
  'CREATE TABLE IF NOT EXISTS echo_action (id bigserial PRIMARY KEY, verb text NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())';
const insertRow = 'INSERT INTO echo_action (verb, data) VALUES ($1, $2)';

async function openStore(): Promise<{ insert: Insert | null; close(): Promise<void> }> {
  const kind = process.env.BASELINE_DB ?? 'none';
  if (kind === 'none') return { insert: null, close: async () => undefined };
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    await pool.query(createTable);
    return {
      insert: async (verb, data) => void (await pool.query(insertRow, [verb, JSON.stringify(data)])),
      close: () => pool.end(),
    };
  }
  if (kind === 'pglite') {
    const dataDir = process.env.DATA_DIR ?? '';
    if (dataDir === '') throw new Error('DATA_DIR is required for BASELINE_DB=pglite');
    // The same install-time template Samsyn starts a new folder from (scripts/prepare-pglite.mjs), if present.
    const version = (
      JSON.parse(fs.readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const template = path.resolve('.cache', `pglite-template-${version}.tar.gz`);
    const db = await PGlite.create(
      fs.existsSync(template) ? { dataDir, loadDataDir: new Blob([fs.readFileSync(template)]) } : { dataDir },
    );
    await db.query(createTable);
    return {
      insert: async (verb, data) => void (await db.query(insertRow, [verb, JSON.stringify(data)])),
      close: () => db.close(),
    };
  }
  throw new Error(`BASELINE_DB must be none, pglite or postgres, not ${kind}`);
}

function smallCard(verb: string) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `Saved (${verb.slice(0, 40)})`, wrap: true }],
  };
}

class EchoBot extends ActivityHandler {
  constructor(private readonly insert: Insert | null) {
    super();
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return { status: 200 };
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    if (this.insert) await this.insert(verb, action?.data ?? {});
    return {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: smallCard(verb) },
    };
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 1) throw new Error('PORT is required');
  const store = await openStore();
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
      MicrosoftAppType: 'MultiTenant',
    }),
  );
  const bot = new EchoBot(store.insert);
  const server = restify.createServer({ name: 'echo-baseline', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));
  server.get('/readyz', async (_req, res) => {
    res.send(200, { status: 'ready' });
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  process.stdout.write(`ready http://127.0.0.1:${port}\n`);
  const stop = () => {
    setTimeout(() => process.exit(0), 3_000).unref();
    server.close(() => {
      store.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error('echo baseline failed:', err);
  process.exit(1);
});
