/**
 * What the scale bench measures on a seeded database (lib/scale-seed.ts): opening a case through the
 * storage door (access check + audit row, as every read), a unit's statistics for a year, the
 * incremental audit verification, and — with the app running on it — the seal lag under card actions.
 */
import { randomUUID } from 'node:crypto';
import type { BlobAnchorStore } from '../../src/storage/anchor-store';
import { verifyAuditTrail } from '../../src/storage/audit-verifier';
import type { FileKeySigner } from '../../src/storage/checkpoint-signer';
import type { Database } from '../../src/storage/database';
import { reportsFor } from '../../src/storage/report-repository';
import { repositoriesFor } from '../../src/storage/repositories';
import { managerOf, professionalOf, seededUntil } from './scale-seed';

const clock = { now: () => new Date() };

export interface Timing {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function timing(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { samples: ms.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

/** Opens `samples` random seeded cases, one after another, each as its unit's professional. */
export async function openCase(db: Database, samples: number, warmup = 200): Promise<Timing> {
  const picked = (
    await db.query<{ id: string; unit: number }>(
      `SELECT id, substr(org_unit_id, 12)::int AS unit FROM child_case
        WHERE org_unit_id LIKE 'bench-unit-%' ORDER BY random() LIMIT $1`,
      [samples + warmup],
    )
  ).rows;
  const ms: number[] = [];
  for (const [i, c] of picked.entries()) {
    const t = performance.now();
    const kase = await repositoriesFor(db, professionalOf(c.unit), randomUUID(), clock).cases.getCase(c.id);
    if (kase.id !== c.id) throw new Error('opened another case');
    if (i >= warmup) ms.push(performance.now() - t);
  }
  return timing(ms);
}

/** The twelve months before the seeded history ends, as the statistics page asks for a year. */
export function lastYear(): string[] {
  const months: string[] = [];
  for (let i = 12; i >= 1; i--) {
    const d = new Date(Date.UTC(seededUntil.getUTCFullYear(), seededUntil.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

/** Unit 0's statistics for a year, `runs` times (its manager). */
export async function yearStatistics(db: Database, runs: number): Promise<Timing & { consultations: number }> {
  const ms: number[] = [];
  let consultations = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    const s = await reportsFor(db, managerOf(0), randomUUID(), clock).statistics(lastYear(), seededUntil);
    if (i >= 3) ms.push(performance.now() - t);
    consultations = [...s.consultations.values()].reduce((n, c) => n + c.anonymous + c.consented + c.group, 0);
  }
  return { ...timing(ms), consultations };
}

/**
 * `audit:verify` from the last verified checkpoint (`fromScratch`: from an empty log), `runs` times,
 * without recording a new position so each run does the same work.
 */
export async function verifyIncremental(
  db: Database,
  anchor: BlobAnchorStore,
  signer: FileKeySigner,
  runs: number,
  fromScratch: boolean,
): Promise<Timing & { leavesChecked: number; treeSize: number }> {
  const ms: number[] = [];
  let leavesChecked = 0;
  let treeSize = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const v = await verifyAuditTrail({
      db,
      anchor,
      publicKey: signer.publicKey,
      now: new Date(),
      full: fromScratch,
      record: false,
    });
    ms.push(performance.now() - t);
    if (!v.ok) throw new Error(`verification found ${JSON.stringify(v.findings)}`);
    leavesChecked = v.leavesChecked;
    treeSize = v.treeSize;
  }
  return { ...timing(ms), leavesChecked, treeSize };
}

/**
 * Seal lag, commit → anchored checkpoint, for the audit rows written from `since`: the anchor store's
 * latest checkpoint is polled every `pollMs` (so a lag is over-stated by up to that), and each row's
 * lag is the first time a checkpoint covering its leaf was seen minus the row's time (taken just
 * before its INSERT, so the lag is over-stated by the rest of its transaction too).
 */
export class AnchorWatch {
  private readonly seen: { treeSize: number; at: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly anchor: BlobAnchorStore,
    private readonly pollMs = 50,
  ) {}

  start(): void {
    const tick = () => {
      this.polling = this.anchor.last().then(
        (c) => {
          const size = c?.treeSize ?? 0;
          if (size > (this.seen[this.seen.length - 1]?.treeSize ?? -1))
            this.seen.push({ treeSize: size, at: Date.now() });
          this.timer = setTimeout(tick, this.pollMs);
        },
        () => void (this.timer = setTimeout(tick, this.pollMs)),
      );
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Waits until every row written since `since` is sealed and a checkpoint covering it was seen. */
  async lags(db: Database, since: Date, timeoutMs = 90_000): Promise<{ rows: number; lagMs: number[] }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await db.query<{ at: Date; leaf: string | null }>(
        `SELECT a.at, s.leaf_index::text AS leaf FROM audit_log a LEFT JOIN audit_seal s ON s.audit_id = a.id WHERE a.at >= $1`,
        [since],
      );
      const top = this.seen[this.seen.length - 1]?.treeSize ?? 0;
      if (r.rows.every((x) => x.leaf !== null && Number(x.leaf) < top)) {
        const lagMs = r.rows.map((x) => {
          const cover = this.seen.find((s) => s.treeSize > Number(x.leaf));
          return (cover?.at ?? Date.now()) - x.at.getTime();
        });
        return { rows: r.rows.length, lagMs };
      }
      if (Date.now() > until) throw new Error('audit rows written under load were not all sealed and anchored in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
