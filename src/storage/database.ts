/** One small interface over PGlite and PostgreSQL: same SQL, same migrations on both. */
export interface QueryResult<T> {
  readonly rows: T[];
  readonly rowCount: number;
}

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Tx extends Sql {
  /** Runs a script of several statements inside the transaction (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Sends a statement whose result nobody needs (a SAVEPOINT, the audit rows) without waiting for it:
   * on PostgreSQL it goes on the wire with the next statement (pipelined), saving a round trip. Its
   * failure surfaces at the next statement that is waited on, or fails the commit.
   */
  send(text: string, params?: readonly unknown[]): void;
}

/**
 * The statements sent and not yet waited on, in order. `settle` waits for them and throws the first
 * failure; `drop` waits for them and forgets any failure (the transaction is being rolled back).
 */
export class SentStatements {
  private pending: Promise<unknown>[] = [];

  add(statement: Promise<unknown>): void {
    statement.catch(() => undefined);
    this.pending.push(statement);
  }

  async settle(): Promise<void> {
    for (const statement of this.pending.splice(0)) await statement;
  }

  /** A statement waited for: those sent before it settle first (their failure is its failure). */
  async waitFor<R>(statement: Promise<R>): Promise<R> {
    this.add(statement);
    await this.settle();
    return statement;
  }

  async drop(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
  }
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
