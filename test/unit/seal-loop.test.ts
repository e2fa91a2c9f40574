/**
 * The seal loop's log event names what failed without any row content: a database error by its
 * SQLSTATE and constraint (a bare "error" told an operator nothing), anything else by its name.
 */
import assert from 'node:assert/strict';
import { startSealLoop, type SealEvent, type SealerDeps } from '../../src/storage/audit-sealer';

function failingDeps(err: Error): SealerDeps {
  return {
    db: { transaction: () => Promise.reject(err) },
    signer: {},
    anchor: {},
    clock: { now: () => new Date() },
  } as unknown as SealerDeps;
}

async function firstEvent(err: Error): Promise<SealEvent> {
  let loop: ReturnType<typeof startSealLoop> | undefined;
  const event = await new Promise<SealEvent>((resolve) => {
    loop = startSealLoop(failingDeps(err), { intervalMs: 10_000, onEvent: resolve });
  });
  await loop?.stop();
  return event;
}

describe('audit seal loop: what a failed pass logs', () => {
  it('a database error by its SQLSTATE and constraint, not its message', async () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "audit_seal_pkey"'), {
      name: 'error',
      code: '23505',
      constraint: 'audit_seal_pkey',
      detail: 'Key (leaf_index)=(3) already exists.',
    });
    assert.deepEqual(await firstEvent(err), { type: 'error', code: '23505 audit_seal_pkey' });
  });

  it('any other error by its name', async () => {
    assert.deepEqual(await firstEvent(new TypeError('x')), { type: 'error', code: 'TypeError' });
  });
});
