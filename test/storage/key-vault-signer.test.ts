/**
 * Decision 0007 in production: checkpoints are signed in Key Vault (ES256, EC P-256) with the real
 * `@azure/keyvault-keys` client, against a local stand-in of Key Vault's keys REST API; the private
 * key stays in the stand-in and verification uses only the public key.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkpointMessage } from '../../src/domain/checkpoint';
import { verifyAuditTrail } from '../../src/storage/audit-verifier';
import { keyIdOf, verifyCheckpointSignature } from '../../src/storage/checkpoint-signer';
import type { Database } from '../../src/storage/database';
import { keyVaultPublicKey, KeyVaultSigner } from '../../src/storage/key-vault-signer';
import { freshAnchorStore, sealAll } from '../support/audit-trail';
import { dbKinds, openTestDatabase } from '../support/databases';
import { startKeyVaultStandIn, type KeyVaultStandIn } from '../support/key-vault-standin';
import { emptyDetails, FakeClock, people, reposAs, seedWorld } from '../support/world';

describe('checkpoint signing in Key Vault (stand-in of the keys REST API)', function () {
  this.timeout(60_000);
  let vault: KeyVaultStandIn;
  beforeEach(async () => (vault = await startKeyVaultStandIn()));
  afterEach(async () => vault?.close());

  it('signs the digest in the vault (POST {kid}/sign, ES256); the signature verifies with the public key only', async () => {
    const signer = new KeyVaultSigner(vault.keyId, vault.credential, vault.clientOptions);
    assert.throws(() => signer.keyId, /not reached the vault/);
    const message = checkpointMessage({ treeSize: 3, rootHash: 'ab'.repeat(32), at: '2026-12-03T07:00:00.000Z' });
    const signature = await signer.sign(message);
    assert.ok(verifyCheckpointSignature(vault.publicKey, message, signature), 'verifies with the vault key');
    assert.equal(signer.keyId, keyIdOf(vault.publicKey));
    assert.equal(Buffer.from(signature, 'base64').length, 64, 'raw r‖s');

    const signs = vault.requests.filter((r) => r.method === 'POST');
    assert.ok(signs.length >= 1);
    const last = signs.at(-1)!;
    assert.match(last.path, /^\/keys\/audit-signing-key\/[0-9a-f]{32}\/sign$/, 'signs with the exact version read');
    assert.match(
      last.apiVersion ?? '',
      /^(7\.\d+|\d{4}-\d\d-\d\d)$/,
      'an api-version (7.x, or the dated ones after it)',
    );
    assert.deepEqual(last.body, {
      alg: 'ES256',
      value: createHash('sha256').update(message).digest('base64url'),
    });
    assert.ok(
      vault.requests.some((r) => r.method === 'GET' && r.path.replace(/\/$/, '') === '/keys/audit-signing-key'),
      'the public key was read once by the unversioned id',
    );

    // A second signature reuses the key read: no second GET of the key.
    const gets = vault.requests.filter((r) => r.method === 'GET').length;
    assert.ok(verifyCheckpointSignature(vault.publicKey, message, await signer.sign(message)));
    assert.equal(vault.requests.filter((r) => r.method === 'GET').length, gets);
    assert.equal(
      (await signer.publicKeyPem()).trim(),
      vault.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim(),
    );
  });

  it('refuses a credential the vault does not accept, and tries again at the next signature', async () => {
    const refused = { getToken: () => Promise.resolve({ token: 'wrong', expiresOnTimestamp: Date.now() + 60_000 }) };
    const signer = new KeyVaultSigner(vault.keyId, refused, vault.clientOptions);
    await assert.rejects(signer.sign(Buffer.from('x')));
    await assert.rejects(signer.sign(Buffer.from('x')));
    assert.ok(vault.requests.filter((r) => r.method === 'GET').length >= 2, 'the key read is retried');
  });

  for (const kind of dbKinds) {
    it(`the sealer anchors checkpoints signed in the vault, and audit:verify accepts them with the vault's public key [${kind}]`, async () => {
      const db: Database = await openTestDatabase(kind);
      try {
        await seedWorld(db);
        const clock = new FakeClock();
        const anna = reposAs(db, people.anna, clock);
        const kase = await anna.cases.createCase({ kind: 'anonymous', details: emptyDetails });
        await anna.cases.getCase(kase.id);
        const anchor = await freshAnchorStore();
        const signer = new KeyVaultSigner(vault.keyId, vault.credential, vault.clientOptions);
        const sealed = await sealAll({ db, signer, anchor, clock });
        assert.equal(sealed.checkpoint?.keyId, keyIdOf(vault.publicKey));
        const anchored = await anchor.last();
        assert.ok(
          anchored && verifyCheckpointSignature(vault.publicKey, checkpointMessage(anchored), anchored.signature),
        );

        const { publicKey } = await keyVaultPublicKey(vault.keyId, vault.credential, vault.clientOptions);
        const report = await verifyAuditTrail({ db, anchor, publicKey, now: clock.now(), full: true });
        assert.deepEqual(report.findings, []);
        assert.equal(report.treeSize, sealed.checkpoint?.treeSize);
      } finally {
        await db.close();
      }
    });
  }
});
