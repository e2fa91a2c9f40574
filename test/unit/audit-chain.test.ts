import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  auditHash,
  genesisHash,
  verifyChain,
  type AuditAction,
  type AuditOutcome,
  type AuditRow,
} from '../../src/domain/audit';

const UNIT = 'school-1';
type Unsigned = Omit<AuditRow, 'hash'>;

const actions: readonly AuditAction[] = ['case.create', 'case.read', 'consent.record', 'plan.write', 'case.stage'];
const outcomes: readonly AuditOutcome[] = ['success', 'success', 'denied', 'invalid', 'success'];

/** Builds a well-formed chain of `n` rows for UNIT. */
function buildChain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq += 1) {
    const unsigned: Unsigned = {
      orgUnitId: UNIT,
      seq,
      id: `event-${seq}`,
      at: new Date(Date.UTC(2026, 2, 1, 9, 0, seq)),
      actorTenantId: 'tenant-1',
      actorObjectId: `object-${seq % 2}`,
      action: actions[(seq - 1) % actions.length] ?? 'case.read',
      caseId: seq === 3 ? null : 'case-1',
      outcome: outcomes[(seq - 1) % outcomes.length] ?? 'success',
      requestId: `req-${seq}`,
      prevHash,
    };
    const row: AuditRow = { ...unsigned, hash: auditHash(unsigned) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

const headOf = (rows: readonly AuditRow[]): { seq: number; hash: string } => {
  const last = rows[rows.length - 1];
  assert.ok(last);
  return { seq: last.seq, hash: last.hash };
};

const at = (rows: readonly AuditRow[], index: number): AuditRow => {
  const row = rows[index];
  assert.ok(row, `no row at ${index}`);
  return row;
};

function sign(row: Unsigned): AuditRow {
  return { ...row, hash: auditHash(row) };
}

function unsign(row: AuditRow): Unsigned {
  return Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'hash')) as unknown as Unsigned;
}

describe('audit hash chain', () => {
  describe('a well-formed chain', () => {
    const rows = buildChain(5);

    it('has seq 1..5, starts at genesis and links each prevHash to the previous hash', () => {
      assert.deepEqual(
        rows.map((r) => r.seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal(genesisHash, '0'.repeat(64));
      assert.equal(at(rows, 0).prevHash, genesisHash);
      for (let i = 1; i < rows.length; i += 1) assert.equal(at(rows, i).prevHash, at(rows, i - 1).hash);
      assert.equal(new Set(rows.map((r) => r.hash)).size, 5);
      for (const r of rows) assert.match(r.hash, /^[0-9a-f]{64}$/);
    });

    it('verifies (null) with the matching head', () => {
      assert.equal(verifyChain(UNIT, rows, headOf(rows)), null);
    });

    it('an empty chain with no head verifies', () => {
      assert.equal(verifyChain(UNIT, [], null), null);
    });
  });

  describe('tampering is detected', () => {
    it('an edited field (hash not recomputed) → hash-mismatch at that row', () => {
      const rows = buildChain(5);
      rows[2] = { ...at(rows, 2), outcome: 'denied' === at(rows, 2).outcome ? 'success' : 'denied' };
      assert.deepEqual(verifyChain(UNIT, rows, headOf(buildChain(5))), {
        orgUnitId: UNIT,
        seq: 3,
        problem: 'hash-mismatch',
      });
    });

    it('an edited actor (hash not recomputed) on the last row → hash-mismatch at 5', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows[4] = { ...at(rows, 4), actorObjectId: 'someone-else' };
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 5, problem: 'hash-mismatch' });
    });

    it('an edited field with its own hash recomputed → prev-hash-mismatch at the next row', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows[2] = sign({ ...unsign(at(rows, 2)), caseId: 'case-other' });
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 4, problem: 'prev-hash-mismatch' });
    });

    it('a deleted middle row → sequence-gap at the row after it', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows.splice(2, 1);
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 4, problem: 'sequence-gap' });
    });

    it('a deleted first row → sequence-gap at 2', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows.shift();
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 2, problem: 'sequence-gap' });
    });

    it('an inserted forged row with a recomputed own hash → sequence-gap at the displaced row', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      const forged = sign({
        ...unsign(at(rows, 2)),
        id: 'forged',
        requestId: 'req-forged',
        prevHash: at(rows, 1).hash,
        seq: 3,
      });
      rows.splice(2, 0, forged);
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 3, problem: 'sequence-gap' });
    });

    it('an inserted forged row with the later rows renumbered → prev-hash-mismatch at the first renumbered row', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      const forged = sign({
        ...unsign(at(rows, 2)),
        id: 'forged',
        requestId: 'req-forged',
        prevHash: at(rows, 1).hash,
        seq: 3,
      });
      const renumbered = rows.slice(2).map((r) => sign({ ...unsign(r), seq: r.seq + 1 }));
      const tampered = [...rows.slice(0, 2), forged, ...renumbered];
      assert.deepEqual(
        tampered.map((r) => r.seq),
        [1, 2, 3, 4, 5, 6],
      );
      assert.deepEqual(verifyChain(UNIT, tampered, head), { orgUnitId: UNIT, seq: 4, problem: 'prev-hash-mismatch' });
    });

    it('a deleted last row with the head unchanged → head-mismatch at the new last seq', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows.pop();
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 4, problem: 'head-mismatch' });
    });

    it('all rows deleted with the head unchanged → head-mismatch at 0', () => {
      const rows = buildChain(5);
      assert.deepEqual(verifyChain(UNIT, [], headOf(rows)), { orgUnitId: UNIT, seq: 0, problem: 'head-mismatch' });
    });

    it('rows present but no head → head-mismatch at the last seq', () => {
      assert.deepEqual(verifyChain(UNIT, buildChain(5), null), { orgUnitId: UNIT, seq: 5, problem: 'head-mismatch' });
    });

    it('head with the right seq but a wrong hash → head-mismatch', () => {
      const rows = buildChain(5);
      assert.deepEqual(verifyChain(UNIT, rows, { seq: 5, hash: 'f'.repeat(64) }), {
        orgUnitId: UNIT,
        seq: 5,
        problem: 'head-mismatch',
      });
    });

    it('head with the right hash but a wrong seq → head-mismatch', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      assert.deepEqual(verifyChain(UNIT, rows, { seq: 4, hash: head.hash }), {
        orgUnitId: UNIT,
        seq: 5,
        problem: 'head-mismatch',
      });
      assert.deepEqual(verifyChain(UNIT, rows, { seq: 6, hash: head.hash }), {
        orgUnitId: UNIT,
        seq: 5,
        problem: 'head-mismatch',
      });
    });

    it('reordered rows → sequence-gap at the first out-of-order row', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      const swapped = [at(rows, 0), at(rows, 2), at(rows, 1), at(rows, 3), at(rows, 4)];
      assert.deepEqual(verifyChain(UNIT, swapped, head), { orgUnitId: UNIT, seq: 3, problem: 'sequence-gap' });
      const reversed = [...rows].reverse();
      assert.deepEqual(verifyChain(UNIT, reversed, head), { orgUnitId: UNIT, seq: 5, problem: 'sequence-gap' });
    });

    it('reordered rows with seq and own hash rewritten → prev-hash-mismatch at the first moved row', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      const swapped = [at(rows, 0), at(rows, 2), at(rows, 1), at(rows, 3), at(rows, 4)].map((r, i) =>
        sign({ ...unsign(r), seq: i + 1 }),
      );
      assert.deepEqual(verifyChain(UNIT, swapped, head), { orgUnitId: UNIT, seq: 2, problem: 'prev-hash-mismatch' });
    });

    it('a first row not linked to genesis → prev-hash-mismatch at 1', () => {
      const rows = buildChain(5);
      const head = headOf(rows);
      rows[0] = sign({ ...unsign(at(rows, 0)), prevHash: '1'.repeat(64) });
      assert.deepEqual(verifyChain(UNIT, rows, head), { orgUnitId: UNIT, seq: 1, problem: 'prev-hash-mismatch' });
    });

    it('a break is reported for the organisation unit asked about', () => {
      const rows = buildChain(5);
      assert.deepEqual(verifyChain('other-unit', rows, null), {
        orgUnitId: 'other-unit',
        seq: 5,
        problem: 'head-mismatch',
      });
    });
  });

  describe('auditHash', () => {
    const base: Unsigned = unsign(at(buildChain(1), 0));

    it('is deterministic and independent of property order', () => {
      assert.equal(auditHash(base), auditHash({ ...base }));
      const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as Unsigned;
      assert.equal(auditHash(reordered), auditHash(base));
      assert.equal(auditHash({ ...base, at: new Date(base.at.getTime()) }), auditHash(base));
    });

    it('is SHA-256 over the sorted-key canonical JSON of every field but the hash', () => {
      const fields: Record<string, unknown> = { ...base, at: base.at.toISOString() };
      const canonical = JSON.stringify(
        Object.fromEntries(
          Object.keys(fields)
            .sort()
            .map((k) => [k, fields[k]]),
        ),
      );
      const expected = createHash('sha256').update(canonical, 'utf8').digest('hex');
      assert.equal(auditHash(base), expected);
    });

    it('ignores any `hash` property on its input', () => {
      const signed = sign(base);
      assert.equal(auditHash(signed), signed.hash);
      assert.equal(auditHash({ ...signed, hash: 'x' } as Unsigned), signed.hash);
    });

    const changes: { readonly [K in keyof Unsigned]-?: (row: Unsigned) => Unsigned[K] } = {
      orgUnitId: () => 'social-1',
      seq: (r) => r.seq + 1,
      id: () => 'event-other',
      at: (r) => new Date(r.at.getTime() + 1),
      actorTenantId: () => 'tenant-2',
      actorObjectId: () => 'object-other',
      action: (r) => (r.action === 'case.read' ? 'case.list' : 'case.read'),
      caseId: (r) => (r.caseId === null ? 'case-1' : null),
      outcome: (r) => (r.outcome === 'error' ? 'success' : 'error'),
      requestId: () => 'req-other',
      prevHash: () => 'a'.repeat(64),
    };

    it('the field list below covers every field of a row but hash', () => {
      assert.deepEqual(Object.keys(changes).sort(), Object.keys(base).sort());
    });

    for (const field of Object.keys(changes) as (keyof Unsigned)[]) {
      it(`changes when ${field} changes`, () => {
        const change = changes[field] as (row: Unsigned) => unknown;
        const changed = { ...base, [field]: change(base) } as Unsigned;
        assert.notDeepEqual(changed[field], base[field]);
        assert.notEqual(auditHash(changed), auditHash(base));
      });
    }

    it('distinguishes a null caseId from the string "null" and from an empty string', () => {
      const h = new Set([
        auditHash({ ...base, caseId: null }),
        auditHash({ ...base, caseId: 'null' }),
        auditHash({ ...base, caseId: '' }),
      ]);
      assert.equal(h.size, 3);
    });
  });
});
