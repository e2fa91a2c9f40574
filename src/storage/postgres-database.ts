import pg from 'pg';
import type { Database, QueryResult, Tx } from './database';

/** Real PostgreSQL through a connection pool (production, scale-out). */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  static open(connectionString: string, max = 10): PostgresDatabase {
    const pool = new pg.Pool({ connectionString, max });
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
    const tx: Tx = {
      async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
        const r = await client.query(text, [...params]);
        return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
      },
      async exec(script: string): Promise<void> {
        await client.query(script);
      },
    };
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
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
