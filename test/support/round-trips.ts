/**
 * Counts the database round trips a piece of work makes. Every statement is listed, the transaction's
 * BEGIN and COMMIT (or ROLLBACK) included. A round trip starts with a statement whose answer is waited
 * for, sent when no statement of the work is on its way; statements sent before any answer came back
 * go on PostgreSQL's pipelined connection with it (reads sent together with the access check), as do
 * statements sent without waiting (`Tx.send`: a SAVEPOINT, the audit rows) and the BEGIN.
 */
import type { Database, QueryResult, Tx } from '../../src/storage/database';

export interface RoundTrips {
  /** Every statement sent since the last reset, in order (BEGIN/COMMIT as such). */
  readonly statements: string[];
  /** The statements whose answer was waited for. */
  readonly waited: string[];
  /** The round trips: batches of statements written before an answer to any of them came back. */
  readonly count: number;
  reset(): void;
}

export function countingDatabase(db: Database): { db: Database; trips: RoundTrips } {
  const statements: string[] = [];
  const waited: string[] = [];
  let count = 0;
  // A batch is open from its first waited statement until an answer to one of its statements comes back.
  let batchOpen = false;
  const note = (text: string, wait: boolean) => {
    const line = text.replace(/\s+/g, ' ').trim();
    statements.push(line);
    if (!wait) return;
    waited.push(line);
    if (!batchOpen) count++;
    batchOpen = true;
  };
  const answered = <R>(p: Promise<R>): Promise<R> =>
    p.finally(() => {
      batchOpen = false;
    });
  const countingTx = (tx: Tx): Tx => ({
    query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      note(text, true);
      return answered(tx.query<T>(text, params));
    },
    exec(script: string) {
      note(script, true);
      return answered(tx.exec(script));
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
      return answered(db.query<T>(text, params));
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
        batchOpen = false;
      }
    },
    close: () => db.close(),
  };
  return {
    db: wrapped,
    trips: {
      statements,
      waited,
      get count() {
        return count;
      },
      reset: () => {
        statements.splice(0);
        waited.splice(0);
        count = 0;
        batchOpen = false;
      },
    },
  };
}
