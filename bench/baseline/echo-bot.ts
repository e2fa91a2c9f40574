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
 * BASELINE_SHAPE=design (added with issue 22; the default, `insert`, is unchanged) replaces the one
 * INSERT by the statements the card action's design allows, with none of Samsyn's logic around
 * them: one transaction of 8 statements in 3 round trips — BEGIN with a locked read and two reads;
 * a SAVEPOINT with the versioned UPDATE; the audit rows' INSERT with COMMIT — pipelined on
 * PostgreSQL as Samsyn's are. It is the floor of that design on the engine: what any
 * implementation of it costs before it validates, checks or renders anything. BASELINE_SHAPE=
 * design-one (PostgreSQL only) sends the same 8 statements in one round trip: the floor of any
 * design that does this work, even one that moved all of it into one server-side call.
 *
 * Environment: PORT (required), BASELINE_DB (none | pglite | postgres), BASELINE_SHAPE (insert |
 * design | design-one), DATA_DIR, DATABASE_URL.
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

/** Cases the design shape saves on: one per request in turn, more than there are connections. */
const designCases = 1000;
const designTables = [
  'CREATE TABLE IF NOT EXISTS echo_case (id int PRIMARY KEY, version int NOT NULL, data jsonb)',
  'CREATE TABLE IF NOT EXISTS echo_party (case_id int NOT NULL, party text NOT NULL)',
  `INSERT INTO echo_case SELECT g, 0, NULL FROM generate_series(0, ${designCases - 1}) g ON CONFLICT DO NOTHING`,
  `INSERT INTO echo_party SELECT g, p FROM generate_series(0, ${designCases - 1}) g, unnest(ARRAY['a', 'b', 'c']) p`,
];
/**
 * The design's 8 statements, by round trip, each with the parameters it takes (`designParams`): 0
 * none, 1 the case, 2 the case and the data, 3 the verb and the data.
 */
const designRoundTrips: readonly (readonly [string, 0 | 1 | 2 | 3])[][] = [
  [
    ['BEGIN', 0],
    ['SELECT * FROM echo_case WHERE id = $1 FOR UPDATE', 1],
    ['SELECT version, data FROM echo_case WHERE id = $1', 1],
    ['SELECT party FROM echo_party WHERE case_id = $1', 1],
  ],
  [
    ['SAVEPOINT save', 0],
    ['UPDATE echo_case SET version = version + 1, data = $2 WHERE id = $1 RETURNING version', 2],
  ],
  [
    ['INSERT INTO echo_action (verb, data) SELECT $1, $2 FROM generate_series(1, 5)', 3],
    ['COMMIT', 0],
  ],
];

function designParams(arity: 0 | 1 | 2 | 3, caseId: number, verb: string, data: string): unknown[] {
  if (arity === 0) return [];
  if (arity === 1) return [caseId];
  if (arity === 2) return [caseId, data];
  return [verb, data];
}

async function openStore(): Promise<{ insert: Insert | null; close(): Promise<void> }> {
  const kind = process.env.BASELINE_DB ?? 'none';
  const shape = process.env.BASELINE_SHAPE ?? 'insert';
  if (shape !== 'insert' && shape !== 'design' && shape !== 'design-one')
    throw new Error(`BASELINE_SHAPE must be insert, design or design-one, not ${shape}`);
  if (shape === 'design-one' && kind !== 'postgres') throw new Error('BASELINE_SHAPE=design-one is for PostgreSQL');
  if (kind === 'none') return { insert: null, close: async () => undefined };
  let nextCase = 0;
  const caseFor = () => nextCase++ % designCases;
  if (kind === 'postgres' && shape !== 'insert') {
    const roundTrips = shape === 'design-one' ? [designRoundTrips.flat()] : designRoundTrips;
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, pipeline: true } as pg.PoolConfig);
    await pool.query(createTable);
    for (const statement of designTables) await pool.query(statement);
    return {
      insert: async (verb, data) => {
        const [caseId, json] = [caseFor(), JSON.stringify(data)];
        const client = await pool.connect();
        try {
          for (const roundTrip of roundTrips)
            await Promise.all(
              roundTrip.map(([text, arity]) => client.query(text, designParams(arity, caseId, verb, json))),
            );
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
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
    if (shape === 'design') {
      for (const statement of designTables) await db.query(statement);
      // PGlite runs in this process: a "round trip" is a call, so the statements run one after another.
      return {
        insert: async (verb, data) => {
          const [caseId, json] = [caseFor(), JSON.stringify(data)];
          await db.transaction(async (tx) => {
            for (const [text, arity] of designRoundTrips.flat().slice(1, -1))
              await tx.query(text, designParams(arity, caseId, verb, json));
          });
        },
        close: () => db.close(),
      };
    }
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
