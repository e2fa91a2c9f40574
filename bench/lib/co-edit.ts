/**
 * Co-edit visibility: how long from one participant's save on instance 1 until the other
 * participant, served by instance 2 on the same PostgreSQL, holds the new text — the path the
 * meeting tab takes: the event stream's "changed" on instance 2, then the refetch of the case.
 * (The browser's render adds a few milliseconds; test/browser shows the same path end to end.)
 */
import { loadOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';
import type { Actor } from '../../src/domain/actor';
import { systemClock } from '../../src/domain/ports';
import { PostgresDatabase } from '../../src/storage/postgres-database';
import { repositoriesFor } from '../../src/storage/repositories';
import { freshDatabase } from './databases';
import { buildForBench } from './build';
import { repoRoot, startServer, stopServer } from './processes';

export interface CoEditResult {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly method: string;
}

function persona(name: string): Actor {
  const m = developmentMembers(loadOrgConfig().orgUnits).find((x) => x.displayName === name);
  if (!m) throw new Error(name);
  return {
    tenantId: m.tenantId,
    objectId: m.objectId,
    displayName: m.displayName,
    orgUnitId: m.orgUnitId,
    roles: m.roles,
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** `script`: the app's entry point as the bench runs it (dist/src/main.js, or src/main.ts with --tsx). */
export async function measureCoEdit(samples: number, script: string): Promise<CoEditResult> {
  const anna = persona('Anna Lind');
  const bo = persona('Bo Ek');
  const database = await freshDatabase('postgres', 'coedit');
  const env = { ...database.env, DEV_AUTH: 'true', LOG_LEVEL: 'warn' };
  const [one, two] = await Promise.all([startServer({ script, env }), startServer({ script, env })]);
  const db = PostgresDatabase.open(database.env.DATABASE_URL as string);
  const controller = new AbortController();
  try {
    const repos = repositoriesFor(db, anna, 'bench', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });

    const stream = await fetch(`${two.url}/api/tab/cases/${kase.id}/events`, {
      headers: { 'x-samsyn-dev-persona': bo.objectId },
      signal: controller.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    const nextEvent = async (): Promise<string> => {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const name = /^event: (\w+)$/m.exec(frame)?.[1];
          if (name) return name;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += value;
      }
    };
    if ((await nextEvent()) !== 'ready') throw new Error('no ready event');

    const times: number[] = [];
    let version = 0;
    for (let i = 0; i < samples; i++) {
      const text = `Styrka ${i}`;
      const t0 = performance.now();
      const put = await fetch(`${one.url}/api/tab/cases/${kase.id}/assessment`, {
        method: 'PUT',
        headers: { 'x-samsyn-dev-persona': anna.objectId, 'content-type': 'application/json' },
        body: JSON.stringify({
          version,
          answers: {},
          areas: { trygghet: { level: 'some', strengths: text, worries: '', childView: '' } },
        }),
      });
      if (!put.ok) throw new Error(`save ${put.status}`);
      version = ((await put.json()) as { version: number }).version;
      for (;;) {
        if ((await nextEvent()) !== 'changed') continue;
        const view = await fetch(`${two.url}/api/tab/cases/${kase.id}`, {
          headers: { 'x-samsyn-dev-persona': bo.objectId },
        });
        if (JSON.stringify(await view.json()).includes(text)) break;
      }
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250)); // saves do not line up with the poll
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      samples,
      p50Ms: Math.round(percentile(sorted, 50)),
      p95Ms: Math.round(percentile(sorted, 95)),
      maxMs: Math.round(sorted.at(-1) ?? 0),
      method:
        'save on instance 1 → "changed" on instance 2\'s event stream → refetch on instance 2 holds the text; two app processes on one PostgreSQL',
    };
  } finally {
    controller.abort();
    await db.close();
    await Promise.all([stopServer(one), stopServer(two)]);
    await database.drop();
  }
}

if (require.main === module) {
  measureCoEdit(Number(process.argv[2] ?? 30), buildForBench(repoRoot).samsyn).then(
    (r) =>
      console.log(
        `co-edit visible on the other instance: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms over ${r.samples} saves (target ≤ 2000 ms)`,
      ),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
