import pg from 'pg';
import { SentStatements, type Database, type QueryResult, type Tx } from './database';

/** Real PostgreSQL through a connection pool (production, scale-out). */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  static open(connectionString: string, max = 10): PostgresDatabase {
    // Pipeline mode: a statement is written to the connection at once, not after the previous one's
    // answer, so a transaction's BEGIN, SAVEPOINTs and audit rows ride with the statement after them.
    const pool = new pg.Pool({ connectionString, max, pipeline: true });
    // An idle client that loses its connection (e.g. a server restart) must not crash the process;
    // the pool discards it and the next query gets a fresh connection.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }

  async query<T>(text: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.pool.query(text, [...params]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // The pool listens for errors on idle clients only. A checked-out client whose connection is lost
    // (a server restart, a terminated backend) emits 'error', and an unheard 'error' ends the process.
    // Heard here: the statement in flight fails, the rollback fails, and the client is discarded below.
    let lost: Error | undefined;
    const onLost = (err: Error) => {
      lost = err;
    };
    client.on('error', onLost);
    // BEGIN goes out with the first statement; a failure of anything sent ahead surfaces before its answer.
    const sent = new SentStatements();
    const tx: Tx = {
      async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
        const r = await sent.waitFor(client.query(text, [...params]));
        return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
      },
      async exec(script: string): Promise<void> {
        await sent.waitFor(client.query(script));
      },
      send(text: string, params: readonly unknown[] = []): void {
        sent.add(client.query(text, [...params]));
      },
    };
    let broken: unknown;
    try {
      sent.add(client.query('BEGIN'));
      const result = await fn(tx);
      await sent.waitFor(client.query('COMMIT'));
      return result;
    } catch (err) {
      await sent.drop();
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackErr: unknown) => rollbackErr,
      );
      throw err;
    } finally {
      // A client whose connection was lost or whose rollback failed is not returned to the pool (it
      // keeps the listener: a late error on it is heard too).
      const discard = lost ?? (broken instanceof Error ? broken : undefined);
      if (discard === undefined) client.removeListener('error', onLost);
      client.release(discard);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
