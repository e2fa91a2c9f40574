/** The scale bench's results, its targets (issue 22) and the printed report. */
import type { Timing } from './scale-measure';
import type { ScaleSpec } from './scale-seed';

export interface SizeResults {
  readonly spec: ScaleSpec;
  readonly cases: number;
  readonly auditRows: number;
  readonly open: Timing;
  readonly statistics: Timing & { readonly consultations: number };
  readonly verify: Timing & { readonly leavesChecked: number; readonly treeSize: number };
}

export interface Target {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

export interface ScaleResults {
  readonly at: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly loadAverage1m: { readonly atStart: number; readonly atEnd: number };
  };
  readonly settings: Record<string, unknown> & { readonly sealIntervalMs: number };
  readonly sizes: Partial<Record<string, SizeResults>>;
  readonly sealLag:
    | (Timing & {
        readonly maxMs: number;
        readonly rows: number;
        readonly sealIntervalMs: number;
        readonly load: {
          readonly connections: number;
          readonly durationS: number;
          readonly reqPerSec: number;
          readonly p99Ms: number;
        };
      })
    | { readonly error: string; readonly sealIntervalMs: number }
    | null;
  targets: Target[];
  runSeconds: number;
}

const ratio = (large: number, small: number) => (small > 0 ? Math.round((large / small) * 100) / 100 : Infinity);

export function scaleTargets(r: ScaleResults): Target[] {
  const small = r.sizes.small;
  const large = r.sizes.large;
  const targets: Target[] = [];
  if (small && large) {
    const growth = (name: string, l: number, s: number, bound: number, unit: string) => {
      const x = ratio(l, s);
      targets.push({
        name,
        pass: x <= bound,
        detail: `${l} ${unit} vs ${s} ${unit} = ${x}× (target ≤ ${bound}×)`,
      });
    };
    growth('open case p99, 100,000 cases vs 1,000', large.open.p99Ms, small.open.p99Ms, 1.5, 'ms');
    growth(
      "a year's statistics (median), 100,000 cases vs 1,000",
      large.statistics.p50Ms,
      small.statistics.p50Ms,
      3,
      'ms',
    );
    growth(
      'incremental verify of 10,000 rows: on top of 1,000,000 vs an empty log (median)',
      large.verify.p50Ms,
      small.verify.p50Ms,
      1.5,
      'ms',
    );
  }
  if (r.sealLag && 'error' in r.sealLag) {
    targets.push({
      name: 'seal lag p99 (commit → anchored checkpoint) under wheel saves',
      pass: false,
      detail: `not measured to the end: ${r.sealLag.error} (target ≤ 2 × ${r.sealLag.sealIntervalMs} ms)`,
    });
  } else if (r.sealLag) {
    const bound = 2 * r.sealLag.sealIntervalMs;
    targets.push({
      name: `seal lag p99 (commit → anchored checkpoint) under ${r.sealLag.load.connections} connections of wheel saves`,
      pass: r.sealLag.p99Ms <= bound,
      detail: `${r.sealLag.p99Ms} ms over ${r.sealLag.rows} rows (p50 ${r.sealLag.p50Ms}, max ${r.sealLag.maxMs}) (target ≤ 2 × ${r.sealLag.sealIntervalMs} ms = ${bound} ms)`,
    });
  }
  return targets;
}

export function printScaleReport(r: ScaleResults): string {
  const lines: string[] = [];
  lines.push(
    `Samsyn scale benchmark ${r.at}: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, ${r.runSeconds} s, load average ${r.machine.loadAverage1m.atStart} at start, ${r.machine.loadAverage1m.atEnd} at end`,
    '',
    'size    units  years  cases     audit rows  open p50  open p99  stats p50  stats p99  verify 10k p50  (leaves checked / tree)',
  );
  for (const [label, s] of Object.entries(r.sizes)) {
    if (!s) continue;
    lines.push(
      [
        label.padEnd(7),
        String(s.spec.units).padEnd(6),
        String(s.spec.years).padEnd(6),
        String(s.cases).padEnd(9),
        String(s.auditRows).padEnd(11),
        `${s.open.p50Ms} ms`.padEnd(9),
        `${s.open.p99Ms} ms`.padEnd(9),
        `${s.statistics.p50Ms} ms`.padEnd(10),
        `${s.statistics.p99Ms} ms`.padEnd(10),
        `${s.verify.p50Ms} ms`.padEnd(15),
        `(${s.verify.leavesChecked} / ${s.verify.treeSize})`,
      ].join(' '),
    );
  }
  const small = r.sizes.small;
  const large = r.sizes.large;
  if (small && large)
    lines.push(
      '',
      `growth large/small: open case p99 ${ratio(large.open.p99Ms, small.open.p99Ms)}×, statistics ${ratio(large.statistics.p50Ms, small.statistics.p50Ms)}×, verify 10k ${ratio(large.verify.p50Ms, small.verify.p50Ms)}×`,
    );
  if (r.sealLag && !('error' in r.sealLag))
    lines.push(
      `seal lag under load (${r.settings.sealLagOn as string} database, ${r.sealLag.load.connections} connections, ${r.sealLag.load.durationS} s, ${Math.round(r.sealLag.load.reqPerSec)} req/s, request p99 ${r.sealLag.load.p99Ms} ms): p50 ${r.sealLag.p50Ms} ms, p99 ${r.sealLag.p99Ms} ms, max ${r.sealLag.maxMs} ms over ${r.sealLag.rows} audit rows; seal interval ${r.sealLag.sealIntervalMs} ms`,
    );
  lines.push('', 'targets:');
  for (const t of r.targets) lines.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
  return `${lines.join('\n')}\n`;
}
