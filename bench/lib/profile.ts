/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per package, and
 * inclusive ("total") time of Samsyn's own functions, counting only the samples taken after
 * `skipMs` from the profile's start (to leave the start-up out).
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface HotFunction {
  readonly fn: string;
  readonly where: string;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly samples: number;
  readonly selfTop: HotFunction[];
  readonly selfByPackage: Record<string, number>;
  /** Samsyn's functions (src/, or dist/src/ when compiled) by inclusive time. */
  readonly samsynInclusiveTop: HotFunction[];
}

/** Samsyn's own code: src/ through tsx, dist/src/ compiled (positions are then the emitted JavaScript's). */
const isSamsyn = (where: string): boolean => where.startsWith('src/') || where.startsWith('dist/src/');

export function summariseProfile(file: string, root: string, skipMs = 0, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples?: number[];
    timeDeltas?: number[];
  };
  const hits = new Map<number, number>();
  let t = 0;
  let total = 0;
  (profile.samples ?? []).forEach((s, i) => {
    t += profile.timeDeltas?.[i] ?? 0;
    if (t / 1000 < skipMs) return;
    hits.set(s, (hits.get(s) ?? 0) + 1);
    total++;
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const where = (node: ProfileNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    return `${url.startsWith(root) ? path.relative(root, url) : url || '(native)'}:${node.callFrame.lineNumber + 1}`;
  };
  const pct = (n: number) => Math.round((1000 * n) / Math.max(total, 1)) / 10;

  const self = new Map<string, { fn: string; where: string; n: number }>();
  const byPackage: Record<string, number> = {};
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    const w = where(node);
    const fn = node.callFrame.functionName || '(anonymous)';
    const e = self.get(`${fn} ${w}`) ?? { fn, where: w, n: 0 };
    e.n += n;
    self.set(`${fn} ${w}`, e);
    const pkg =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(w)?.[1] ??
      (isSamsyn(w)
        ? 'src (Samsyn)'
        : w.startsWith('node:')
          ? 'node core'
          : w.startsWith('wasm://')
            ? 'wasm (PGlite)'
            : fn.startsWith('(')
              ? fn
              : 'other');
    byPackage[pkg] = (byPackage[pkg] ?? 0) + n;
  }

  // Inclusive time of src/ functions: each sample counts once per distinct src/ function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inclusive = new Map<string, { fn: string; where: string; n: number }>();
  for (const [id, n] of hits) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const w = where(node);
      if (!isSamsyn(w)) continue;
      const fn = node.callFrame.functionName || '(anonymous)';
      const key = `${fn} ${w}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = inclusive.get(key) ?? { fn, where: w, n: 0 };
      e.n += n;
      inclusive.set(key, e);
    }
  }
  const ranked = (m: Map<string, { fn: string; where: string; n: number }>) =>
    [...m.values()]
      .sort((a, b) => b.n - a.n)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, percent: pct(e.n) }));
  return {
    file: path.relative(root, file),
    samples: total,
    selfTop: ranked(self),
    selfByPackage: Object.fromEntries(
      Object.entries(byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, v]) => [k, pct(v)]),
    ),
    samsynInclusiveTop: ranked(inclusive),
  };
}
