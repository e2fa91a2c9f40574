/**
 * npm run audit:verify [-- --full] [-- --public-key <file>] [-- --seal-lag-ms <n>] [-- --print-public-key]
 *
 * Verifies the audit log against the signed checkpoints anchored outside the database (decision
 * 0007): signatures (ES256, the public key), consistency between consecutive checkpoints (RFC 9162),
 * every sealed row a leaf of the latest checkpoint, the database's checkpoint table, and rows not yet
 * sealed younger than the seal lag. Incremental from the last verified checkpoint (recorded in the
 * anchor store) unless --full. Also walks the hash chains of rows written before 0007.
 * Exit code 0 when intact, 1 when something is wrong (each finding named), 2 when it cannot run.
 * Uses the app's configuration (DATABASE_URL or PGlite in DATA_DIR, AUDIT_ANCHOR). The public key:
 * --public-key (a PEM or JWK file the log reviewers keep), else the Key Vault key's public half
 * (AUDIT_SIGNING_KEY_VAULT_KEY_ID, read with the managed identity or `az login`), else the key file's .pub.
 * --print-public-key prints that key as PEM (to hand to the reviewers) and stops.
 */
import { DefaultAzureCredential } from '@azure/identity';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config';
import { anchorStoreFor } from '../src/storage/anchor-store';
import { verifyAuditLog } from '../src/storage/audit-reader';
import { verifyAuditTrail } from '../src/storage/audit-verifier';
import { readPublicKey } from '../src/storage/checkpoint-signer';
import { keyVaultPublicKey } from '../src/storage/key-vault-signer';
import { openDatabase } from '../src/storage/open-database';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      'public-key': { type: 'string' },
      'seal-lag-ms': { type: 'string' },
      'print-public-key': { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const publicKey = values['public-key']
    ? readPublicKey(values['public-key'])
    : config.auditSigningKeyVaultKeyId
      ? (await keyVaultPublicKey(config.auditSigningKeyVaultKeyId, new DefaultAzureCredential())).publicKey
      : readPublicKey(`${config.auditSigningKeyFile}.pub`);
  if (values['print-public-key']) {
    process.stdout.write(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return 0;
  }
  if (config.auditAnchor === null) {
    console.error('AUDIT_ANCHOR is not set: there is no anchor store to verify against');
    return 2;
  }
  const anchor = anchorStoreFor(config.auditAnchor, () => new DefaultAzureCredential());
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const chains = await verifyAuditLog(db);
    const v = await verifyAuditTrail({
      db,
      anchor,
      publicKey,
      now: new Date(),
      full: values.full,
      ...(values['seal-lag-ms'] ? { sealLagMs: Number(values['seal-lag-ms']) } : {}),
    });
    const findings = [
      ...v.findings.map((f) => `${f.problem}: ${f.detail}`),
      ...(chains.firstBreak
        ? [
            `chain-broken: unit ${chains.firstBreak.orgUnitId}, row ${chains.firstBreak.seq}: ${chains.firstBreak.problem}`,
          ]
        : []),
    ];
    if (findings.length === 0) {
      console.log(
        `audit log intact: ${v.treeSize} sealed rows (${v.incremental ? 'incremental' : 'full'}: ${v.checkpointsChecked} checkpoint(s), ${v.leavesChecked} row(s) checked), ${v.unsealed} not sealed yet, ${chains.rows} pre-0007 chained row(s) (${db.kind})`,
      );
      return 0;
    }
    console.error('audit log BROKEN:');
    for (const f of findings) console.error(`  - ${f}`);
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
