/**
 * Counts the database round trips a piece of work makes: every statement sent, including the
 * transaction's BEGIN and COMMIT (or ROLLBACK), which are round trips of their own on PostgreSQL.
 */
import type { Database, QueryResult, Tx } from '../../src/storage/database';

export interface RoundTrips {
  /** The statements sent since the last reset, in order (BEGIN/COMMIT as such). */
  readonly statements: string[];
  reset(): void;
}

export function countingDatabase(db: Database): { db: Database; trips: RoundTrips } {
  const statements: string[] = [];
  const note = (text: string) => statements.push(text.replace(/\s+/g, ' ').trim());
  const countingTx = (tx: Tx): Tx => ({
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      note(text);
      return tx.query<T>(text, params);
    },
    exec(script: string) {
      note(script);
      return tx.exec(script);
    },
  });
  const wrapped: Database = {
    get kind() {
      return db.kind;
    },
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      note(text);
      return db.query<T>(text, params);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      note('BEGIN');
      let committed = false;
      try {
        const result = await db.transaction((tx) => fn(countingTx(tx)));
        committed = true;
        return result;
      } finally {
        note(committed ? 'COMMIT' : 'ROLLBACK');
      }
    },
    close: () => db.close(),
  };
  return {
    db: wrapped,
    trips: {
      statements,
      reset: () => void statements.splice(0),
    },
  };
}
