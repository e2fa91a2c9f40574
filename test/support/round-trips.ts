/**
 * Counts the database round trips a piece of work makes. Every statement is listed, the transaction's
 * BEGIN and COMMIT (or ROLLBACK) included; a round trip is a statement whose answer is waited for. A
 * statement sent without waiting (`Tx.send`: a SAVEPOINT, the audit rows) and the BEGIN go out on
 * PostgreSQL's pipelined connection with the next statement that is waited for, so they cost none.
 */
import type { Database, QueryResult, Tx } from '../../src/storage/database';

export interface RoundTrips {
  /** Every statement sent since the last reset, in order (BEGIN/COMMIT as such). */
  readonly statements: string[];
  /** The statements waited for: the round trips. */
  readonly waited: string[];
  reset(): void;
}

export function countingDatabase(db: Database): { db: Database; trips: RoundTrips } {
  const statements: string[] = [];
  const waited: string[] = [];
  const note = (text: string, wait: boolean) => {
    const line = text.replace(/\s+/g, ' ').trim();
    statements.push(line);
    if (wait) waited.push(line);
  };
  const countingTx = (tx: Tx): Tx => ({
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      note(text, true);
      return tx.query<T>(text, params);
    },
    exec(script: string) {
      note(script, true);
      return tx.exec(script);
    },
    send(text: string, params?: readonly unknown[]) {
      note(text, false);
      tx.send(text, params);
    },
  });
  const wrapped: Database = {
    get kind() {
      return db.kind;
    },
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      note(text, true);
      return db.query<T>(text, params);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      note('BEGIN', false);
      let committed = false;
      try {
        const result = await db.transaction((tx) => fn(countingTx(tx)));
        committed = true;
        return result;
      } finally {
        note(committed ? 'COMMIT' : 'ROLLBACK', true);
      }
    },
    close: () => db.close(),
  };
  return {
    db: wrapped,
    trips: {
      statements,
      waited,
      reset: () => {
        statements.splice(0);
        waited.splice(0);
      },
    },
  };
}
