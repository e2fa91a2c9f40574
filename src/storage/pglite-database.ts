import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root';
import { SentStatements, type Database, type QueryResult, type Sql, type Tx } from './database';

function readTemplate(): Blob | undefined {
  const root = projectRoot();
  const pkg = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  if (!fs.existsSync(pkg)) return undefined;
  const { version } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string };
  const file = path.join(root, '.cache', `pglite-template-${version}.tar.gz`);
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
}

type PgliteLike = Pick<PGlite, 'query' | 'transaction' | 'close'>;

function wrap(q: Pick<PGlite, 'query'>): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(text, [...params]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

/** The embedded default: PostgreSQL in WebAssembly, kept in a folder (or in memory). */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private closed = false;

  private constructor(private readonly db: PgliteLike) {}

  /**
   * Opens (or creates) the database in `dataDir`, or in memory for null. A new folder starts from
   * the template made at install time (scripts/prepare-pglite.mjs) when there is one.
   */
  static async open(dataDir: string | null): Promise<PgliteDatabase> {
    // PGlite's own start parameters plus a smaller buffer pool: PostgreSQL's default shared_buffers
    // (128 MB) lives in PGlite's WebAssembly memory, which never shrinks. With 32 MB, Samsyn's RSS
    // after the bench's 60 s of saves fell by about 110 MB at the same throughput; pages beyond it
    // are read from the data folder (bench/profile-findings.json, RSS on PGlite).
    const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
    if (dataDir === null) return new PgliteDatabase(await PGlite.create({ startParams }));
    fs.mkdirSync(dataDir, { recursive: true });
    const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    const template = fresh ? readTemplate() : undefined;
    return new PgliteDatabase(
      await PGlite.create(template ? { dataDir, loadDataDir: template, startParams } : { dataDir, startParams }),
    );
  }

  /** Opens a copy of a data-folder dump (fast start for tests). */
  static async fromDump(dump: File | Blob): Promise<PgliteDatabase> {
    return new PgliteDatabase(await PGlite.create({ loadDataDir: dump }));
  }

  query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return wrap(this.db).query<T>(text, params);
  }

  /**
   * In process there is no round trip to save: a statement sent runs in turn, before the next one.
   * Transactions wait their turn here, first come first served, and the next starts only after the
   * event loop has had a turn (setImmediate): PGlite runs a query without giving the event loop back,
   * so transactions queued back to back would run as one long chain of promise callbacks, and a
   * request that arrives meanwhile — on a new connection, above all — would wait for the whole queue
   * to drain, again and again (seconds at 50 concurrent saves; docs/benchmarks.md).
   */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    await before;
    try {
      return await this.run(fn);
    } finally {
      setImmediate(done);
    }
  }

  /** The transactions' queue: resolved when the last one queued has ended and the event loop has turned. */
  private turn: Promise<void> = Promise.resolve();

  private run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const sql = wrap(tx);
      const sent = new SentStatements();
      let last: Promise<unknown> = Promise.resolve();
      const inTurn = <R>(run: () => Promise<R>): Promise<R> => {
        const next = last.then(run, run);
        last = next.catch(() => undefined);
        return next;
      };
      try {
        const result = await fn({
          query: <R>(text: string, params?: readonly unknown[]) =>
            sent.waitFor(inTurn(() => sql.query<R>(text, params))),
          exec: (script: string) => sent.waitFor(inTurn(() => tx.exec(script).then(() => undefined))),
          send: (text: string, params?: readonly unknown[]) => sent.add(inTurn(() => sql.query(text, params))),
        });
        await sent.settle();
        return result;
      } catch (err) {
        await sent.drop();
        throw err;
      }
    });
  }

  async dump(): Promise<File | Blob> {
    return (this.db as PGlite).dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}
