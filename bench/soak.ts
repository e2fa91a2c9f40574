/**
 * `npm run soak`: the real app process (src/main.ts, local mode, DEV_AUTH personas) under steady
 * mixed traffic for a while — bot messages (replies to a local Bot Connector stand-in), card actions
 * that save the wellbeing wheel and the five questions, and the tab API (case, saves, change poll) —
 * while the app's own RSS is sampled every 10 s. Fails (exit 1) on any error: a 5xx, a network
 * error, an unexpected status or card (a lost save shows as a conflict), a missing reply, an error
 * in the app's log, an unclean shutdown; or when RSS at the end is more than 10 % above RSS at
 * minute 2 (at a fifth of the duration for shorter runs; see sampleEveryS for how each is read).
 * Writes bench/results/soak-latest.json.
 *
 *   npm run soak -- [--duration 600] [--warmup 60] [--postgres] [--cases 4] [--pace 25]
 *
 * --duration: seconds of measured traffic; --warmup: seconds of the same traffic before it (the
 * process is still compiling and growing its heap: not a baseline), errors count there too; --postgres: PostgreSQL (DATABASE_URL, else 127.0.0.1:5432/test;
 * a database is created for the run and dropped) instead of PGlite; --cases: cases, each with two
 * lanes (a bot user and a tab user); --pace: milliseconds each lane waits between its requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Agent, setGlobalDispatcher } from 'undici';
import { loadOrgConfig } from '../src/config/org-config';
import { developmentMembers } from '../tools/graph-standin/in-process';
import type { Actor } from '../src/domain/actor';
import { systemClock } from '../src/domain/ports';
import { openDatabase } from '../src/storage/open-database';
import { replaceMembership, syncOrgConfig } from '../src/storage/organisations';
import { repositoriesFor } from '../src/storage/repositories';
import sv from '../src/i18n/sv.json';
import { startConnectorStandIn } from '../test/support/connector-standin';
import { freePort } from '../test/support/net';
import { productionNodeArgs } from './lib/build';

const root = path.resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    warmup: { type: 'string', default: '60' },
    postgres: { type: 'boolean', default: false },
    cases: { type: 'string', default: '4' },
    pace: { type: 'string', default: '25' },
  },
});
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const caseCount = Number(args.cases);
const paceMs = Number(args.pace);
if (!(durationS >= 10) || !(warmupS >= 0) || !(caseCount >= 1) || !(paceMs >= 0)) {
  console.error(
    'usage: npm run soak -- [--duration seconds ≥ 10] [--warmup seconds] [--postgres] [--cases n ≥ 1] [--pace ms]',
  );
  process.exit(2);
}
const baselineAtS = Math.min(120, durationS / 5);
/**
 * RSS is read every 2 s (printed every 10 s). A single reading swings with the garbage collector's
 * sawtooth (observed: 195 → 309 → 195 MB within a minute on PostgreSQL), far more than 10 %, so
 * "RSS at minute 2" and "RSS at the end" are each the lowest reading (what survives collection) in a
 * window of a minute (a fifth of the duration for short runs) from minute 2 and before the end.
 */
const sampleEveryS = 2;
const printEveryS = 10;
const windowS = Math.min(60, durationS / 5);
const allowedGrowth = 0.1;

const members = developmentMembers(loadOrgConfig().orgUnits);
const persona = (name: string): Actor => {
  const m = members.find((x) => x.displayName === name);
  if (!m) throw new Error(`persona ${name} missing from config/organisations.json`);
  return {
    tenantId: m.tenantId,
    objectId: m.objectId,
    displayName: m.displayName,
    orgUnitId: m.orgUnitId,
    roles: m.roles,
  };
};
const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

// ---- the database ----------------------------------------------------------------------------

interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

async function prepareStore(): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-soak-'));
  if (!args.postgres)
    return {
      kind: 'pglite',
      env: { DATA_DIR: dataDir },
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `samsyn_soak_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dispose: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Cases created by Anna with Bo as a participant, before the app starts (PGlite has one owner). */
async function seedCases(store: Store): Promise<string[]> {
  const db = await openDatabase({ databaseUrl: store.env.DATABASE_URL, dataDir: store.env.DATA_DIR ?? '' });
  try {
    await syncOrgConfig(db, loadOrgConfig());
    await replaceMembership(db, anna.tenantId, developmentMembers(loadOrgConfig().orgUnits));
    const ids: string[] = [];
    for (let i = 0; i < caseCount; i++) {
      const repos = repositoriesFor(db, anna, `soak-seed-${i}`, systemClock);
      const now = Date.now();
      const kase = await repos.cases.createCase({
        kind: 'consented',
        details: { worryAreas: ['trygghet'], observations: 'Soak', tried: '' },
        child: { name: `Soak Barn ${i}`, birthDate: '2015-04-12', guardians: [{ name: 'Vårdnadshavare' }] },
        consent: {
          givenBy: [{ kind: 'guardian', name: 'Vårdnadshavare' }],
          orgUnitIds: [bo.orgUnitId],
          informationCategories: ['home-family'],
          purpose: 'Samverkan',
          validFrom: new Date(now - 1000),
          validTo: new Date(now + 7 * 86_400_000),
        },
      });
      await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });
      ids.push(kase.id);
    }
    return ids;
  } finally {
    await db.close();
  }
}

// ---- the app process -------------------------------------------------------------------------

/** A pino line's level; anything else printed by the app counts as an error (50). */
function levelOf(line: string): number {
  try {
    return Number((JSON.parse(line) as { level?: number }).level ?? 0);
  } catch {
    return 50;
  }
}

interface App {
  readonly url: string;
  readonly child: ChildProcess;
  readonly logErrors: string[];
  exited: Promise<number | null>;
}

async function startAppProcess(env: Record<string, string>): Promise<App> {
  const port = await freePort();
  // Production's Node options (package.json "start", e.g. the heap cap), so memory is judged as it runs there.
  const child = spawn(
    process.execPath,
    [...productionNodeArgs(root), '--import', 'tsx', path.join(root, 'src', 'main.ts')],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DEV_AUTH: 'true', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logErrors: string[] = [];
  const watch = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      if (levelOf(line) >= 50) logErrors.push(line.slice(0, 300));
    }
  };
  child.stdout?.on('data', watch);
  child.stderr?.on('data', watch);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 180_000; // a loaded CI machine can take a while to compile and migrate
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`the app did not become ready (exit code ${child.exitCode}): ${logErrors.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, logErrors, exited };
}

/** The app's resident set size (Linux /proc), in MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

// ---- traffic ---------------------------------------------------------------------------------

interface Stats {
  readonly latencies: Map<string, number[]>;
  readonly errors: string[];
  errorCount: number;
  messages: number;
}

const stats: Stats = { latencies: new Map(), errors: [], errorCount: 0, messages: 0 };

function fail(kind: string, detail: string): void {
  stats.errorCount++;
  if (stats.errors.length < 20) stats.errors.push(`${kind}: ${detail.slice(0, 300)}`);
}

async function timed(kind: string, run: () => Promise<Response>): Promise<{ status: number; text: string } | null> {
  const started = performance.now();
  try {
    const res = await run();
    const text = await res.text();
    const list = stats.latencies.get(kind) ?? [];
    list.push(performance.now() - started);
    stats.latencies.set(kind, list);
    if (res.status >= 500) fail(kind, `${res.status} ${text}`);
    return { status: res.status, text };
  } catch (err) {
    const cause =
      err instanceof Error && err.cause instanceof Error
        ? ` (${(err.cause as { code?: string }).code ?? ''} ${err.cause.message})`
        : '';
    fail(kind, `network: ${err instanceof Error ? err.message : String(err)}${cause}`);
    return null;
  }
}

function expect(
  kind: string,
  r: { status: number; text: string } | null,
  status: number,
  check?: (text: string) => string | null,
): void {
  if (r === null || r.status >= 500) return; // counted already
  if (r.status !== status) return fail(kind, `status ${r.status}, expected ${status}: ${r.text}`);
  const problem = check?.(r.text);
  if (problem) fail(kind, problem);
}

interface CaseView {
  questions: { id: string }[];
  wheel: { areas: { id: string }[] };
  assessments: { mine: boolean; version: number }[];
}

const levels = ['none', 'some', 'significant'] as const;
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** Anna in the bot: wheel and five-question saves (version tracked: a lost save is a conflict card), and chat messages. */
async function botLane(
  app: App,
  serviceUrl: string,
  caseId: string,
  lane: number,
  view: CaseView,
  stop: () => boolean,
): Promise<void> {
  let version = view.assessments.find((a) => a.mine)?.version ?? 0;
  const base = {
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:soak-anna-${lane}`, aadObjectId: anna.objectId, name: anna.displayName },
    recipient: { id: '28:samsyn' },
    conversation: { id: `a:soak-${lane}`, conversationType: 'personal', tenantId: anna.tenantId },
  };
  const post = (activity: object) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  const saved = (message: string) => (text: string) => {
    if (text.includes(sv.form.conflict)) return 'a conflict card: a save was lost or the version went astray';
    if (text.includes(sv.form.fixBelow)) return 'a validation card for a valid save';
    return text.includes(message) ? null : `no "${message}" in the answer: ${text.slice(0, 200)}`;
  };
  for (let i = 0; !stop(); i++) {
    const step = i % 4;
    if (step === 0 || step === 2) {
      const wheel = step === 0;
      const data: Record<string, unknown> = { caseId, version };
      if (wheel) {
        const area = pick(view.wheel.areas, i).id;
        Object.assign(data, {
          [`${area}.level`]: pick(levels, i),
          [`${area}.strengths`]: `Styrka ${i}`,
          [`${area}.worries`]: `Oro ${i}`,
          [`${area}.childView`]: `Syn ${i}`,
        });
      } else {
        for (const q of view.questions) data[q.id] = `Svar ${i} på ${q.id}`;
      }
      const verb = wheel ? 'wheel.submit' : 'questions.submit';
      const r = await timed(`card:${verb}`, () =>
        post({
          ...base,
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: `soak-${lane}-${i}`,
          value: { action: { type: 'Action.Execute', verb, data } },
        }),
      );
      expect(`card:${verb}`, r, 200, saved(wheel ? sv.wheel.saved : sv.questions.saved));
      if (r?.status === 200) version++;
    } else {
      const text = step === 1 ? 'mina ärenden' : 'hjälp';
      const r = await timed(`message:${text}`, () => post({ ...base, type: 'message', id: `soak-${lane}-${i}`, text }));
      expect(`message:${text}`, r, 200);
      stats.messages++;
    }
    if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
  }
}

/** Bo in the tab: the case, his own assessment saves (version tracked: 409 would be a lost save), the change poll, his cases. */
async function tabLane(app: App, caseId: string, view: CaseView, stop: () => boolean): Promise<void> {
  let version = view.assessments.find((a) => a.mine)?.version ?? 0;
  const call = (method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: { 'x-samsyn-dev-persona': bo.objectId, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  for (let i = 0; !stop(); i++) {
    const step = i % 4;
    if (step === 0) {
      expect('tab:GET case', await timed('tab:GET case', () => call('GET', `/api/tab/cases/${caseId}`)), 200);
    } else if (step === 1) {
      const area = pick(view.wheel.areas, i).id;
      const answers = Object.fromEntries(view.questions.map((q) => [q.id, `Tab ${i}`]));
      const body = {
        version,
        answers,
        areas: { [area]: { level: pick(levels, i), strengths: `S ${i}`, worries: `O ${i}`, childView: `B ${i}` } },
      };
      const r = await timed('tab:PUT assessment', () => call('PUT', `/api/tab/cases/${caseId}/assessment`, body));
      expect('tab:PUT assessment', r, 200, (text) =>
        (JSON.parse(text) as { version?: number }).version === version + 1
          ? null
          : `version ${text}, expected ${version + 1}`,
      );
      if (r?.status === 200) version++;
    } else if (step === 2) {
      expect(
        'tab:GET changes',
        await timed('tab:GET changes', () => call('GET', `/api/tab/cases/${caseId}/changes`)),
        200,
      );
    } else {
      expect('tab:GET cases', await timed('tab:GET cases', () => call('GET', '/api/tab/cases')), 200);
    }
    if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
  }
}

async function caseView(app: App, who: Actor, caseId: string): Promise<CaseView> {
  const res = await fetch(`${app.url}/api/tab/cases/${caseId}`, { headers: { 'x-samsyn-dev-persona': who.objectId } });
  if (res.status !== 200) throw new Error(`GET case as ${who.displayName}: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseView;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
const round = (n: number) => Math.round(n * 10) / 10;

// ---- the run ---------------------------------------------------------------------------------

async function main(): Promise<number> {
  // A connection per request: on a loaded machine the load generator's own timers run late, and a
  // kept-alive socket the server has just closed (its 5 s idle timeout) fails the next request on
  // the client's side; that race is not the app's error and would hide real ones in noise.
  setGlobalDispatcher(new Agent({ pipelining: 0 }));
  const store = await prepareStore();
  const connector = await startConnectorStandIn();
  let app: App | undefined;
  let replies = 0;
  try {
    const caseIds = await seedCases(store);
    const started = Date.now();
    app = await startAppProcess(store.env);
    const pid = app.child.pid ?? 0;
    console.log(
      `soak: ${warmupS} s warm-up + ${durationS} s on ${store.kind}, ${caseIds.length} cases × 2 lanes, pace ${paceMs} ms; app pid ${pid} ready in ${Date.now() - started} ms`,
    );

    const views = await Promise.all(
      caseIds.map(async (id) => ({
        id,
        anna: await caseView(app as App, anna, id),
        bo: await caseView(app as App, bo, id),
      })),
    );
    const t0 = Date.now() + warmupS * 1000;
    const stop = () => Date.now() >= t0 + durationS * 1000;

    const schedule = [
      ...new Set([
        0,
        ...Array.from({ length: Math.floor(durationS / sampleEveryS) }, (_, k) => (k + 1) * sampleEveryS),
        baselineAtS,
        durationS,
      ]),
    ].sort((a, b) => a - b);
    const samples: { atS: number; rssMb: number }[] = [{ atS: -warmupS, rssMb: rssMb(pid) }];
    const sampler = (async () => {
      for (const at of schedule) {
        const wait = t0 + at * 1000 - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const mb = rssMb(pid);
        samples.push({ atS: at, rssMb: mb });
        // Drain the stand-in's record (it is the load generator's memory, not the app's).
        replies += connector.calls.splice(0).filter((c) => c.method === 'POST').length;
        if (at % printEveryS === 0 || at === baselineAtS || at === durationS) {
          process.stdout.write(
            `  ${String(at).padStart(4)} s  RSS ${mb.toFixed(1)} MB  requests ${[...stats.latencies.values()].reduce((n, l) => n + l.length, 0)}  errors ${stats.errorCount}\n`,
          );
        }
      }
    })();

    await Promise.all(
      views.flatMap((v, lane) => [
        botLane(app as App, connector.url, v.id, lane, v.anna, stop),
        tabLane(app as App, v.id, v.bo, stop),
      ]),
    );
    await sampler;
    replies += connector.calls.splice(0).filter((c) => c.method === 'POST').length;
    if (replies !== stats.messages)
      fail('replies', `${stats.messages} messages but ${replies} replies reached the connector`);

    app.child.kill('SIGTERM');
    const code = await app.exited;
    if (code !== 0) fail('shutdown', `the app exited with ${code}`);
    for (const line of app.logErrors) fail('app log', line);

    const lowest = (from: number, to: number) =>
      Math.min(...samples.filter((s) => s.atS >= from && s.atS <= to).map((s) => s.rssMb));
    const highest = (from: number, to: number) =>
      Math.max(...samples.filter((s) => s.atS >= from && s.atS <= to).map((s) => s.rssMb));
    const baseline = lowest(baselineAtS, baselineAtS + windowS);
    const end = lowest(durationS - windowS, durationS);
    const growthPct = round(((end - baseline) / baseline) * 100);
    const memoryFlat = end <= baseline * (1 + allowedGrowth);
    const byKind = Object.fromEntries(
      [...stats.latencies.entries()].sort().map(([kind, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return [
          kind,
          {
            count: list.length,
            p50Ms: round(percentile(sorted, 50)),
            p99Ms: round(percentile(sorted, 99)),
            maxMs: round(sorted[sorted.length - 1] ?? 0),
          },
        ];
      }),
    );
    const total = Object.values(byKind).reduce((n, k) => n + k.count, 0);
    const pass = stats.errorCount === 0 && memoryFlat;
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
      settings: { durationS, warmupS, database: store.kind, cases: caseIds.length, lanes: caseIds.length * 2, paceMs },
      requests: { total, perSecond: round(total / (warmupS + durationS)), byKind },
      messages: { sent: stats.messages, repliesAtConnector: replies },
      errors: { count: stats.errorCount, first: stats.errors },
      rss: {
        rule: 'lowest reading in the window from baselineAtS vs the lowest in the window before the end',
        baselineAtS,
        windowS,
        baselineMb: baseline,
        endMb: end,
        growthPct,
        allowedGrowthPct: allowedGrowth * 100,
        flat: memoryFlat,
        peakMb: {
          baselineWindow: highest(baselineAtS, baselineAtS + windowS),
          endWindow: highest(durationS - windowS, durationS),
        },
        singleReadings: {
          atBaselineMb: samples.find((x) => x.atS === baselineAtS)?.rssMb,
          atEndMb: samples.find((x) => x.atS === durationS)?.rssMb,
        },
        sampleEveryS,
        samples,
      },
      pass,
    };
    const out = path.join(root, 'bench', 'results', 'soak-latest.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

    console.log(
      `\nsoak on ${store.kind}, ${warmupS} s warm-up + ${durationS} s: ${total} requests (${result.requests.perSecond}/s), ${stats.messages} messages, ${replies} replies, ${stats.errorCount} errors`,
    );
    for (const [kind, k] of Object.entries(byKind))
      console.log(
        `  ${kind.padEnd(26)} ${String(k.count).padStart(7)}  p50 ${k.p50Ms} ms  p99 ${k.p99Ms} ms  max ${k.maxMs} ms`,
      );
    console.log(
      `  RSS (lowest reading in ${windowS} s windows) from ${baselineAtS} s ${baseline} MB, before the end ${end} MB: ${growthPct >= 0 ? '+' : ''}${growthPct} % (limit +${allowedGrowth * 100} %) ${memoryFlat ? 'flat' : 'GROWING'}`,
    );
    for (const e of stats.errors) console.log(`  error: ${e}`);
    console.log(`${pass ? 'PASS' : 'FAIL'} — written to ${path.relative(root, out)}`);
    return pass ? 0 : 1;
  } finally {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    await connector.close();
    await store.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('soak failed to run:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
