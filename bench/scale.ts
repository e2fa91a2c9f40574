/**
 * `npm run bench:scale`: growth, not absolute time (issue 22 item 5). Two PostgreSQL databases of the
 * bench's own (samsyn_bench_scale_small / _large, dropped at the end unless --keep), seeded in SQL:
 *
 *   small: 10 units × 1 year × 100 cases a year  =   1,000 cases,    10,000 audit rows
 *   large: 100 units × 10 years × 100 a year      = 100,000 cases, 1,000,000 audit rows
 *
 * Measured on each, in this process through the storage door: open case p99 (access check, read,
 * audit row), one unit's statistics for a year (median), and audit:verify — of 10,000 rows of an
 * empty log (small) and of 10,000 new rows on top of 1,000,000 already verified (large). Then the app
 * (compiled, as production) runs on the large database with its sealer and Azurite, and the seal lag
 * (commit → anchored checkpoint) p99 is taken under wheel saves. Targets: bench/README.md, issue 22.
 *
 *   npm run bench:scale -- [--load-duration 20] [--connections 50] [--open-samples 2000] [--tsx] [--keep]
 *                          [--sizes small,large] [--seal-lag-on large] [--out bench/results/scale-latest.json]
 * Not part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../scripts/azurite';
import { BlobAnchorStore } from '../src/storage/anchor-store';
import { FileKeySigner } from '../src/storage/checkpoint-signer';
import { startConnectorStandIn } from '../test/support/connector-standin';
import { buildForBench, productionNodeArgs } from './lib/build';
import { runLoad } from './lib/load';
import { repoRoot, startServer, stopServer } from './lib/processes';
import { AnchorWatch, openCase, timing, verifyIncremental, yearStatistics, type Timing } from './lib/scale-measure';
import {
  dropScaleDatabase,
  insertAuditRows,
  sealEverything,
  seedScaleDatabase,
  type ScaleSpec,
} from './lib/scale-seed';
import { printScaleReport, scaleTargets, type ScaleResults } from './lib/scale-report';
import { setUpCases, WheelSaves } from './lib/samsyn';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const settings = {
  loadDurationS: Number(option('load-duration', '20')),
  connections: Number(option('connections', '50')),
  openSamples: Number(option('open-samples', '2000')),
  statisticsRuns: Number(option('statistics-runs', '30')),
  verifyRuns: Number(option('verify-runs', '5')),
  sealIntervalMs: 1000,
  keep: process.argv.includes('--keep'),
  /** The sizes to run (both for the growth ratios) and the one the seal lag is measured on. */
  sizes: option('sizes', 'small,large').split(','),
  sealLagOn: option('seal-lag-on', 'large'),
  runAs: process.argv.includes('--tsx') ? ('tsx' as const) : ('compiled' as const),
};
const out = path.resolve(repoRoot, option('out', 'bench/results/scale-latest.json'));
const specs: readonly ScaleSpec[] = [
  { label: 'small', units: 10, years: 1, casesPerUnitYear: 100, auditRowsPerCase: 10 },
  { label: 'large', units: 100, years: 10, casesPerUnitYear: 100, auditRowsPerCase: 10 },
];

function log(line: string): void {
  process.stderr.write(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = Math.round(os.loadavg()[0] ?? 0);
  log(`settings ${JSON.stringify(settings)}`);
  const azurite = await startAzurite({ location: null });
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-bench-scale-'));
  const keyFile = path.join(keyDir, 'audit-signing-key.pem');
  const signer = FileKeySigner.open(keyFile);
  const sizes: ScaleResults['sizes'] = {};
  let sealLag: ScaleResults['sealLag'] = null;
  try {
    for (const spec of specs.filter((x) => settings.sizes.includes(x.label))) {
      const container = `audit-scale-${spec.label}`;
      const anchor = await BlobAnchorStore.open({ connectionString: azurite.connectionString, container });
      log(`seeding ${spec.label}`);
      const seeded = await seedScaleDatabase(spec, { anchor, signer }, log);
      const { db } = seeded;
      try {
        const deps = { db, signer, anchor, clock: { now: () => new Date() } };
        let verify: Timing & { leavesChecked: number; treeSize: number };
        if (spec.label === 'small') {
          verify = await verifyIncremental(db, anchor, signer, settings.verifyRuns, true);
        } else {
          // 10,000 new rows (10 units' cases, one read each), sealed; then verify from the last verified checkpoint.
          await insertAuditRows(db, 0, 10, 1, 'new');
          await sealEverything(deps);
          verify = await verifyIncremental(db, anchor, signer, settings.verifyRuns, false);
        }
        log(`  verify: ${verify.leavesChecked} leaves checked of ${verify.treeSize}, median ${verify.p50Ms} ms`);
        const open = await openCase(db, settings.openSamples);
        log(`  open case: p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms`);
        const statistics = await yearStatistics(db, settings.statisticsRuns);
        log(`  a year's statistics (unit 0, ${statistics.consultations} cases): median ${statistics.p50Ms} ms`);
        await sealEverything(deps);
        sizes[spec.label] = { spec, cases: seeded.cases, auditRows: seeded.auditRows, open, statistics, verify };
        if (spec.label === settings.sealLagOn)
          sealLag = await measureSealLag(seeded.url, anchor, container, azurite.connectionString, keyFile, db).catch(
            (err: unknown) => ({
              error: err instanceof Error ? err.message : String(err),
              sealIntervalMs: settings.sealIntervalMs,
            }),
          );
      } finally {
        await db.close();
        if (!settings.keep) await dropScaleDatabase(seeded.name);
      }
    }
    const results: ScaleResults = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? '',
        node: process.version,
        loadAverage1m: { atStart: loadAtStart, atEnd: Math.round(os.loadavg()[0] ?? 0) },
      },
      settings,
      sizes,
      sealLag,
      targets: [],
      runSeconds: 0,
    };
    results.targets = scaleTargets(results);
    results.runSeconds = Math.round((Date.now() - started) / 1000);
    const report = printScaleReport(results);
    process.stdout.write(report);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(out.replace(/\.json$/, '.txt'), report);
    log(`written ${path.relative(repoRoot, out)} (${results.runSeconds} s)`);
  } finally {
    await azurite.stop();
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
}

/** The app on the large database with its sealer (every second) and Azurite; wheel saves; lag per audit row. */
async function measureSealLag(
  databaseUrl: string,
  anchor: BlobAnchorStore,
  container: string,
  connectionString: string,
  keyFile: string,
  db: Parameters<AnchorWatch['lags']>[0],
): Promise<NonNullable<ScaleResults['sealLag']>> {
  const connector = await startConnectorStandIn();
  const script =
    settings.runAs === 'compiled'
      ? buildForBench(repoRoot)
      : { samsyn: 'src/main.ts', samsynNodeArgs: productionNodeArgs(repoRoot) };
  const samsyn = await startServer({
    script: script.samsyn,
    nodeArgs: script.samsynNodeArgs,
    env: {
      DATABASE_URL: databaseUrl,
      AUDIT_ANCHOR: connectionString,
      AUDIT_ANCHOR_CONTAINER: container,
      AUDIT_SIGNING_KEY_FILE: keyFile,
      LOG_LEVEL: 'warn',
    },
  });
  const watch = new AnchorWatch(anchor);
  try {
    log(
      `seal lag: Samsyn on the ${settings.sealLagOn} database, ${settings.connections} connections × ${settings.loadDurationS} s of wheel saves`,
    );
    const wheel = new WheelSaves(
      samsyn.url,
      connector.url,
      await setUpCases(samsyn.url, connector.url, settings.connections),
    );
    await wheel.check();
    await wheel.resync();
    watch.start();
    const since = new Date();
    const load = await runLoad(wheel.load(settings.connections, settings.loadDurationS));
    const { rows, lagMs } = await watch.lags(db, since);
    const t = timing(lagMs);
    log(
      `  ${load.reqPerSec.toFixed(0)} req/s, p99 ${load.p99Ms} ms; ${rows} audit rows, seal lag p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms`,
    );
    return {
      ...t,
      maxMs: Math.max(...lagMs),
      rows,
      sealIntervalMs: settings.sealIntervalMs,
      load: {
        connections: settings.connections,
        durationS: settings.loadDurationS,
        reqPerSec: load.reqPerSec,
        p99Ms: load.p99Ms,
      },
    };
  } catch (err) {
    log(`Samsyn's last output:\n${samsyn.output()}`);
    throw err;
  } finally {
    await watch.stop();
    await stopServer(samsyn);
    await connector.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench:scale failed:', err);
    process.exit(1);
  },
);
