/**
 * `npm run bench`: Samsyn against a frozen bare botbuilder baseline, in the same run on the same
 * machine. See bench/README.md for what is measured and how to read it. Not part of `npm test`.
 *
 *   npm run bench -- [--duration 10] [--connections 10,50] [--engines pglite,postgres]
 *                    [--rss-duration 60] [--warmup 3] [--graph-latency 50] [--co-edit-samples 20]
 *                    [--profile] [--tsx] [--out FILE]
 *
 * Samsyn runs as production runs it: compiled (`tsc -p tsconfig.build.json` at the start of every
 * run, lib/build.ts), `node dist/src/main.js`; the echo baseline is compiled with the same options
 * and run by plain `node` too. `--tsx` runs both from TypeScript through tsx instead (development).
 *
 * The baseline and Samsyn run at the same time as separate processes; each measurement point runs
 * the echo baseline, echo + INSERT (the targets' baseline) and Samsyn back to back, so that a
 * change in the machine's load during the run hits all three alike. The design's floor (the echo
 * with the card action's 8 statements in 3 round trips and no logic; on PostgreSQL also in one
 * round trip) is measured at each connection count after all of Samsyn's points.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConnectorStandIn } from '../test/support/connector-standin';
import { buildForBench, productionNodeArgs } from './lib/build';
import { tabBundleSize } from './lib/bundle';
import { measureCoEdit } from './lib/co-edit';
import { freshDatabase, type BenchDatabase, type Engine } from './lib/databases';
import { echoLoad } from './lib/echo';
import { measureGraphRoundTrips } from './lib/graph-round-trips';
import { runLoad, type LoadSpec } from './lib/load';
import { cpuSeconds, repoRoot, rssMb, startServer, stopServer, type Started } from './lib/processes';
import { summariseProfile } from './lib/profile';
import { evaluateTargets, printReport, type BenchResults, type EngineResults, type MeasuredLoad } from './lib/report';
import { setUpCases, WheelSaves } from './lib/samsyn';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const settings = {
  durationS: Number(option('duration', '10')),
  connections: option('connections', '10,50').split(',').map(Number),
  engines: option('engines', 'pglite,postgres').split(',') as Engine[],
  rssDurationS: Number(option('rss-duration', '60')),
  warmupS: Number(option('warmup', '3')),
  graphLatencyMs: Number(option('graph-latency', '50')),
  coEditSamples: Number(option('co-edit-samples', '20')),
  profile: process.argv.includes('--profile'),
  /** Samsyn and the baselines run as: the compiled JavaScript (as in production) or TypeScript through tsx. */
  runAs: process.argv.includes('--tsx') ? ('tsx' as const) : ('compiled' as const),
};
const out = path.resolve(repoRoot, option('out', 'bench/results/latest.json'));
const profileDir = path.join(repoRoot, '.tmp', 'bench-profiles');
const maxConnections = Math.max(...settings.connections);

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Runs one load and records the server's CPU time per request over it. */
async function measured(label: string, server: Started, spec: LoadSpec): Promise<MeasuredLoad> {
  const pid = server.child.pid ?? 0;
  const cpu0 = cpuSeconds(pid);
  const r = await runLoad(spec);
  const cpuMsPerRequest = Math.round((100_000 * (cpuSeconds(pid) - cpu0)) / Math.max(r.requests, 1)) / 100;
  log(
    `  ${label.padEnd(22)} ${String(spec.connections).padStart(3)} conns: ${r.reqPerSec.toFixed(0).padStart(5)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, CPU ${cpuMsPerRequest} ms/req${r.unexpected + r.errors + r.non2xx > 0 ? ` (unexpected ${r.unexpected}, errors ${r.errors}, non-2xx ${r.non2xx})` : ''}`,
  );
  return { ...r, cpuMsPerRequest };
}

const rssOf = (s: Started) => Math.round(rssMb(s.child.pid ?? 0));

/** The scripts the bench starts (compiled, or TypeScript through tsx with --tsx). */
interface Scripts {
  readonly samsyn: string;
  readonly echo: string;
  /** Node options production starts Samsyn with (package.json "start"), e.g. its heap cap. */
  readonly samsynNodeArgs: readonly string[];
}

async function benchEngine(
  engine: Engine,
  echo: Started,
  serviceUrl: string,
  scripts: Scripts,
): Promise<EngineResults> {
  const dbs: BenchDatabase[] = [];
  const servers: Started[] = [];
  const profileRun = path.join(profileDir, `${engine}-${Date.now()}`);
  let samsyn: Started | undefined;
  try {
    const insertDb = await freshDatabase(engine, 'echo');
    dbs.push(insertDb);
    const echoInsert = await startServer({ script: scripts.echo, env: { BASELINE_DB: engine, ...insertDb.env } });
    servers.push(echoInsert);
    const floorDb = await freshDatabase(engine, 'floor');
    dbs.push(floorDb);
    const floor = await startServer({
      script: scripts.echo,
      env: { BASELINE_DB: engine, BASELINE_SHAPE: 'design', ...floorDb.env },
    });
    servers.push(floor);
    // The same statements in one round trip: PostgreSQL only (PGlite has no round trips to save).
    let floorOne: Started | undefined;
    if (engine === 'postgres') {
      const floorOneDb = await freshDatabase(engine, 'floor_one');
      dbs.push(floorOneDb);
      floorOne = await startServer({
        script: scripts.echo,
        env: { BASELINE_DB: engine, BASELINE_SHAPE: 'design-one', ...floorOneDb.env },
      });
      servers.push(floorOne);
    }
    const samsynDb = await freshDatabase(engine, 'samsyn');
    dbs.push(samsynDb);
    log(`Samsyn on ${engine}: starting (fresh database; migrations run at start)`);
    samsyn = await startServer({
      script: scripts.samsyn,
      env: { ...samsynDb.env, LOG_LEVEL: 'warn' },
      nodeArgs: [...scripts.samsynNodeArgs, ...(settings.profile ? ['--cpu-prof', '--cpu-prof-dir', profileRun] : [])],
    });
    servers.push(samsyn);
    const spawnedAt = performance.now() - samsyn.readyMs;
    log(`  ready in ${Math.round(samsyn.readyMs)} ms; setting up ${maxConnections} cases`);
    const cases = await setUpCases(samsyn.url, serviceUrl, maxConnections);
    const wheel = new WheelSaves(samsyn.url, serviceUrl, cases);
    await wheel.check();
    if (settings.warmupS > 0) {
      await runLoad(echoLoad(echoInsert.url, serviceUrl, maxConnections, settings.warmupS));
      await runLoad(wheel.load(maxConnections, settings.warmupS));
      await wheel.resync();
    }
    const profileFromMs = performance.now() - spawnedAt;

    const points: EngineResults['points'] = {};
    for (const c of settings.connections) {
      points[c] = {
        echo: await measured('echo', echo, echoLoad(echo.url, serviceUrl, c, settings.durationS)),
        echoInsert: await measured(
          `echo + INSERT ${engine}`,
          echoInsert,
          echoLoad(echoInsert.url, serviceUrl, c, settings.durationS),
        ),
        samsyn: await measured(`Samsyn ${engine}`, samsyn, wheel.load(c, settings.durationS)),
      };
      await wheel.resync();
    }
    let rss: EngineResults['rss'] = null;
    if (settings.rssDurationS > 0) {
      log(`  ${settings.rssDurationS} s of wheel saves at ${maxConnections} connections, then RSS`);
      const before = rssOf(samsyn);
      const readings: number[] = [];
      const sampler = setInterval(() => readings.push(rssOf(samsyn as Started)), 1000);
      const load = await measured(
        `Samsyn ${engine}`,
        samsyn,
        wheel.load(maxConnections, settings.rssDurationS),
      ).finally(() => clearInterval(sampler));
      const after = rssOf(samsyn);
      readings.push(after);
      rss = {
        samsynMbBeforeLoad: before,
        samsynMbAfterLoad: after,
        samsynMbDuringLoad: { low: Math.min(...readings), high: Math.max(...readings) },
        echoInsertMb: rssOf(echoInsert),
        load,
      };
      log(
        `  RSS: Samsyn ${rss.samsynMbBeforeLoad} → ${rss.samsynMbAfterLoad} MB (${rss.samsynMbDuringLoad.low}–${rss.samsynMbDuringLoad.high} MB during the load); echo + INSERT ${rss.echoInsertMb} MB`,
      );
    }
    // The floors after all of Samsyn's loads: a floor's load right before Samsyn's left PostgreSQL slower
    // for it (p99 at 50 connections 1.1–1.6 s instead of 0.35 s in our runs).
    if (settings.warmupS > 0) {
      await runLoad(echoLoad(floor.url, serviceUrl, maxConnections, settings.warmupS));
      if (floorOne) await runLoad(echoLoad(floorOne.url, serviceUrl, maxConnections, settings.warmupS));
    }
    for (const c of settings.connections) {
      const point = points[c];
      if (point === undefined) continue;
      points[c] = {
        ...point,
        floor: await measured(`design floor ${engine}`, floor, echoLoad(floor.url, serviceUrl, c, settings.durationS)),
        ...(floorOne
          ? {
              floorOne: await measured(
                `floor 1 trip ${engine}`,
                floorOne,
                echoLoad(floorOne.url, serviceUrl, c, settings.durationS),
              ),
            }
          : {}),
      };
    }
    await stopServer(samsyn);
    let profile: EngineResults['profile'];
    const file = fs.existsSync(profileRun)
      ? fs.readdirSync(profileRun).find((f) => f.endsWith('.cpuprofile'))
      : undefined;
    if (file) profile = summariseProfile(path.join(profileRun, file), repoRoot, profileFromMs);
    return {
      samsynColdStartMs: Math.round(samsyn.readyMs),
      echoInsertColdStartMs: Math.round(echoInsert.readyMs),
      points,
      rss,
      saves: wheel.saved,
      unexpectedSamples: wheel.unexpectedSamples,
      ...(profile ? { profile } : {}),
    };
  } catch (err) {
    if (samsyn) log(`Samsyn's last output:\n${samsyn.output()}`);
    throw err;
  } finally {
    for (const s of servers) await stopServer(s);
    for (const db of dbs) await db.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const connector = await startConnectorStandIn();
  const serviceUrl = connector.url;
  log(`settings ${JSON.stringify(settings)}`);
  let scripts: Scripts = {
    samsyn: 'src/main.ts',
    echo: 'bench/baseline/echo-bot.ts',
    samsynNodeArgs: productionNodeArgs(repoRoot),
  };
  if (settings.runAs === 'compiled') {
    const build = buildForBench(repoRoot);
    scripts = build;
    log(
      `built ${build.samsyn} (tsc -p tsconfig.build.json) and ${build.echo} in ${build.ms} ms; Samsyn runs with package.json start's options: ${build.samsynNodeArgs.join(' ') || 'none'}`,
    );
  }
  const echo = await startServer({ script: scripts.echo, env: { BASELINE_DB: 'none' } });
  try {
    if (settings.warmupS > 0) await runLoad(echoLoad(echo.url, serviceUrl, maxConnections, settings.warmupS));
    const engines: BenchResults['engines'] = {};
    for (const engine of settings.engines) engines[engine] = await benchEngine(engine, echo, serviceUrl, scripts);
    const echoRssMb = rssOf(echo);
    log(`Graph round trips (stand-in latency ${settings.graphLatencyMs} ms)`);
    const graph = await measureGraphRoundTrips(settings.graphLatencyMs);
    let coEdit: BenchResults['coEditVisibility'] = 'not measured';
    if (settings.coEditSamples > 0 && settings.engines.includes('postgres')) {
      log(`Co-edit visibility (two app processes on one PostgreSQL, ${settings.coEditSamples} saves)`);
      coEdit = await measureCoEdit(settings.coEditSamples, scripts.samsyn);
    }
    const results: BenchResults = {
      at: new Date().toISOString(),
      code: codeUnderTest(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? '',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAverage1mAtEnd: Math.round(os.loadavg()[0] ?? 0),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings,
      echo: { coldStartMs: Math.round(echo.readyMs), rssMbAtEnd: echoRssMb },
      engines,
      graph,
      tabBundle: tabBundleSize(repoRoot),
      coEditVisibility: coEdit,
      targets: [],
      profileFindings: readFindings(),
      runSeconds: 0,
    };
    results.targets = evaluateTargets(results);
    results.runSeconds = Math.round((Date.now() - started) / 1000);
    printReport(results);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`written ${path.relative(repoRoot, out)} (${results.runSeconds} s)`);
  } finally {
    await stopServer(echo);
    await connector.close();
  }
}

/** The code measured: BENCH_COMMIT (describes a run on a copied snapshot) or the checkout's HEAD. */
function codeUnderTest(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench', 'config', 'cards'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }).trim() !== '';
    return `${head}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** What the profiles showed, written by hand after a `--profile` run (bench/profile-findings.json). */
function readFindings(): unknown {
  const file = path.join(repoRoot, 'bench', 'profile-findings.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : [];
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench failed:', err);
    process.exit(1);
  },
);
