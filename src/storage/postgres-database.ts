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
      // A client whose rollback failed is not returned to the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
