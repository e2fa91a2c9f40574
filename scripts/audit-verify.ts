/**
 * npm run audit:verify — walks every audit row of every organisation unit's hash chain and reports
 * the first break (an edited, deleted or inserted row). Exit code 0 when intact, 1 when broken.
 * Uses the same configuration as the app (DATABASE_URL, else PGlite in DATA_DIR).
 */
import { loadConfig } from '../src/config/config';
import { verifyAuditLog } from '../src/storage/audit-reader';
import { openDatabase } from '../src/storage/open-database';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await verifyAuditLog(db);
    if (report.firstBreak === null) {
      console.log(`audit log intact: ${report.rows} rows in ${report.chains} chain(s) (${db.kind})`);
      return 0;
    }
    const b = report.firstBreak;
    console.error(`audit log BROKEN: organisation unit ${b.orgUnitId}, row ${b.seq}: ${b.problem}`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
