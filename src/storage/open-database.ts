import type { Database } from './database';
import { migrate } from './migrate';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

/** PostgreSQL when a connection string is given, else embedded PGlite in `dataDir`. Migrated. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  const db = options.databaseUrl
    ? PostgresDatabase.open(options.databaseUrl)
    : await PgliteDatabase.open(options.dataDir);
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
