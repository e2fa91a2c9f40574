/** npm run migrate — applies pending migrations to the configured database and exits. */
import { loadConfig } from '../src/config/config';
import { PgliteDatabase } from '../src/storage/pglite-database';
import { PostgresDatabase } from '../src/storage/postgres-database';
import { migrate } from '../src/storage/migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = config.databaseUrl ? PostgresDatabase.open(config.databaseUrl) : await PgliteDatabase.open(config.dataDir);
  try {
    const applied = await migrate(db);
    console.log(
      applied.length ? `applied migrations ${applied.join(', ')} (${db.kind})` : `database is up to date (${db.kind})`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
