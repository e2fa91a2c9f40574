/** The anchor store's append blobs in Azurite: order, roll-over before the block limit, no interleaving. */
import assert from 'node:assert/strict';
import type { SignedCheckpoint } from '../../src/domain/checkpoint';
import { AnchorConflictError } from '../../src/storage/anchor-store';
import { freshAnchorStore } from '../support/audit-trail';

const checkpoint = (treeSize: number): SignedCheckpoint => ({
  treeSize,
  rootHash: String(treeSize % 10).repeat(64),
  at: new Date(Date.UTC(2026, 2, 2, 9, 0, treeSize)).toISOString(),
  keyId: 'k',
  signature: 's',
  proofFrom: treeSize - 1,
  consistency: [],
});

describe('audit anchor store (append blobs, Azurite)', function () {
  this.timeout(30_000);

  it('appends in order, rolls over to a new blob at the block limit, and reads back from a position', async () => {
    const store = await freshAnchorStore(2);
    assert.equal(await store.last(), null);
    let prev: SignedCheckpoint | null = null;
    for (let n = 1; n <= 5; n++) {
      await store.append(checkpoint(n), prev);
      prev = checkpoint(n);
    }
    assert.deepEqual(await store.last(), checkpoint(5));
    const all = await store.read();
    assert.deepEqual(
      all.map((a) => a.checkpoint.treeSize),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      all.map((a) => a.end.blob),
      [1, 1, 2, 2, 3],
      'two blocks per blob here (49,000 in use)',
    );
    const third = all[2];
    assert.ok(third);
    assert.deepEqual(
      (await store.read(third.end)).map((a) => a.checkpoint.treeSize),
      [4, 5],
    );
  });

  it('refuses an append that does not follow the latest anchored checkpoint', async () => {
    const store = await freshAnchorStore();
    await store.append(checkpoint(1), null);
    await store.append(checkpoint(2), checkpoint(1));
    await assert.rejects(store.append(checkpoint(3), checkpoint(1)), AnchorConflictError);
    await assert.rejects(store.append(checkpoint(3), null), AnchorConflictError);
    assert.deepEqual(
      (await store.read()).map((a) => a.checkpoint.treeSize),
      [1, 2],
    );
  });

  it('records where verification got to, and returns the latest record', async () => {
    const store = await freshAnchorStore();
    assert.equal(await store.lastVerified(), null);
    const position = {
      treeSize: 3,
      rootHash: 'ab',
      frontier: ['cd'],
      position: { blob: 1, offset: 10 },
      at: '2026-03-02T09:00:00.000Z',
    };
    await store.recordVerified(position);
    await store.recordVerified({ ...position, treeSize: 7 });
    assert.equal((await store.lastVerified())?.treeSize, 7);
  });
});
