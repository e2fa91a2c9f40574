import assert from 'node:assert/strict';
import {
  caseKinds,
  caseStages,
  formatCaseReference,
  nextStage,
  type CaseKind,
  type CaseStage,
  type StageChange,
} from '../../src/domain/case';
import { DomainError } from '../../src/domain/errors';

// ---- Helpers ----------------------------------------------------------------------------------

type Outcome = { readonly stage: CaseStage } | { readonly field: string; readonly detail: string | undefined };

function run(kind: CaseKind, from: CaseStage, change: StageChange): Outcome {
  try {
    return { stage: nextStage(kind, from, change) };
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, 'Invalid');
    return { field: err.field ?? '<none>', detail: err.detail };
  }
}

function assertInvalid(fn: () => unknown, field: string, detail: string | undefined): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError);
    assert.equal(err.code, 'Invalid');
    assert.equal(err.field, field);
    assert.equal(err.detail, detail);
    return true;
  });
}

const label = (kind: CaseKind, from: CaseStage, change: string): string => `${kind}: ${from} --${change}-->`;

// ---- Expected tables, written out by hand --------------------------------------------------------
//
// Cell codes for `advance` (columns in the order of STAGES below):
//   'ok'      → the case moves to the column's stage
//   'skip'    → Invalid(field 'stage', detail = the column's stage)  (not a permitted next stage)
//   'closed'  → Invalid(field 'stage', detail 'closed')              (nothing leaves 'closed')
//   'consent' → Invalid(field 'stage', detail 'consent-required')    (anonymous cannot go multi-agency)

const STAGES = ['consultation', 'mapping', 'collaboration', 'plan-active', 'follow-up', 'closed'] as const;
type Cell = 'ok' | 'skip' | 'closed' | 'consent';

const advanceTable: Readonly<Record<CaseKind, Readonly<Record<CaseStage, readonly Cell[]>>>> = {
  //                   consultation mapping    collaboration plan-active follow-up  closed
  consented: {
    consultation: ['skip', 'ok', 'skip', 'skip', 'skip', 'skip'],
    mapping: ['skip', 'skip', 'ok', 'skip', 'skip', 'skip'],
    collaboration: ['skip', 'skip', 'skip', 'ok', 'skip', 'skip'],
    'plan-active': ['skip', 'skip', 'skip', 'skip', 'ok', 'skip'],
    'follow-up': ['skip', 'skip', 'skip', 'ok', 'skip', 'skip'],
    closed: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed'],
  },
  anonymous: {
    consultation: ['skip', 'ok', 'skip', 'skip', 'skip', 'skip'],
    mapping: ['skip', 'skip', 'consent', 'skip', 'skip', 'skip'],
    collaboration: ['skip', 'skip', 'skip', 'consent', 'skip', 'skip'],
    'plan-active': ['skip', 'skip', 'skip', 'skip', 'consent', 'skip'],
    'follow-up': ['skip', 'skip', 'skip', 'consent', 'skip', 'skip'],
    closed: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed'],
  },
};

// Step-down and close (with a non-empty reason), per kind × from. Same for both kinds.
//   'mapping' / 'closed' → the resulting stage; 'from' → Invalid('stage', from); 'closed!' → Invalid('stage','closed')
const stepDownTable: Readonly<Record<CaseStage, 'mapping' | 'from' | 'closed!'>> = {
  consultation: 'from',
  mapping: 'from',
  collaboration: 'mapping',
  'plan-active': 'mapping',
  'follow-up': 'mapping',
  closed: 'closed!',
};
const closeTable: Readonly<Record<CaseStage, 'closed' | 'closed!'>> = {
  consultation: 'closed',
  mapping: 'closed',
  collaboration: 'closed',
  'plan-active': 'closed',
  'follow-up': 'closed',
  closed: 'closed!',
};

function expectedAdvance(cell: Cell, to: CaseStage): Outcome {
  switch (cell) {
    case 'ok':
      return { stage: to };
    case 'skip':
      return { field: 'stage', detail: to };
    case 'closed':
      return { field: 'stage', detail: 'closed' };
    case 'consent':
      return { field: 'stage', detail: 'consent-required' };
  }
}

// ---- Tests ------------------------------------------------------------------------------------

describe('case stages (nextStage)', () => {
  it('the tables cover exactly the stages and kinds the domain defines', () => {
    assert.deepEqual([...caseStages], [...STAGES]);
    assert.deepEqual([...caseKinds].sort(), ['anonymous', 'consented']);
  });

  describe('full matrix kind × from × advance-to', () => {
    for (const kind of caseKinds) {
      for (const from of caseStages) {
        caseStages.forEach((to, column) => {
          const cell = advanceTable[kind][from][column];
          assert.ok(cell !== undefined);
          const expected = expectedAdvance(cell, to);
          it(`${label(kind, from, 'advance')} ${to} ⇒ ${JSON.stringify(expected)}`, () => {
            assert.deepEqual(run(kind, from, { type: 'advance', to }), expected);
          });
        });
      }
    }
  });

  describe('full matrix kind × from × step-down / close (with a reason)', () => {
    for (const kind of caseKinds) {
      for (const from of caseStages) {
        const down = stepDownTable[from];
        const expectedDown: Outcome =
          down === 'mapping' ? { stage: 'mapping' } : { field: 'stage', detail: down === 'from' ? from : 'closed' };
        it(`${label(kind, from, 'step-down')} ⇒ ${JSON.stringify(expectedDown)}`, () => {
          assert.deepEqual(run(kind, from, { type: 'step-down', reason: 'needs are met by the school' }), expectedDown);
        });

        const expectedClose: Outcome =
          closeTable[from] === 'closed' ? { stage: 'closed' } : { field: 'stage', detail: 'closed' };
        it(`${label(kind, from, 'close')} ⇒ ${JSON.stringify(expectedClose)}`, () => {
          assert.deepEqual(run(kind, from, { type: 'close', reason: 'no further worry' }), expectedClose);
        });
      }
    }
  });

  describe('allowed transitions, spelled out', () => {
    it('walks the forward chain of a consented case, including the follow-up loop', () => {
      let stage: CaseStage = 'consultation';
      const visited: CaseStage[] = [stage];
      for (const to of ['mapping', 'collaboration', 'plan-active', 'follow-up', 'plan-active', 'follow-up'] as const) {
        stage = nextStage('consented', stage, { type: 'advance', to });
        visited.push(stage);
      }
      assert.deepEqual(visited, [
        'consultation',
        'mapping',
        'collaboration',
        'plan-active',
        'follow-up',
        'plan-active',
        'follow-up',
      ]);
    });

    it('steps down to mapping from collaboration, plan-active and follow-up', () => {
      for (const from of ['collaboration', 'plan-active', 'follow-up'] as const) {
        assert.equal(nextStage('consented', from, { type: 'step-down', reason: 'single agency suffices' }), 'mapping');
      }
    });

    it('closes from every open stage, for both kinds', () => {
      for (const kind of caseKinds) {
        for (const from of ['consultation', 'mapping', 'collaboration', 'plan-active', 'follow-up'] as const) {
          assert.equal(nextStage(kind, from, { type: 'close', reason: 'done' }), 'closed');
        }
      }
    });

    it('an anonymous case may still move consultation → mapping', () => {
      assert.equal(nextStage('anonymous', 'consultation', { type: 'advance', to: 'mapping' }), 'mapping');
    });
  });

  describe('refusals', () => {
    it('refuses skipping a stage, naming the requested target', () => {
      assertInvalid(
        () => nextStage('consented', 'consultation', { type: 'advance', to: 'collaboration' }),
        'stage',
        'collaboration',
      );
      assertInvalid(
        () => nextStage('consented', 'mapping', { type: 'advance', to: 'plan-active' }),
        'stage',
        'plan-active',
      );
      assertInvalid(
        () => nextStage('consented', 'consultation', { type: 'advance', to: 'follow-up' }),
        'stage',
        'follow-up',
      );
    });

    it('refuses going backwards or staying put via advance', () => {
      assertInvalid(
        () => nextStage('consented', 'mapping', { type: 'advance', to: 'consultation' }),
        'stage',
        'consultation',
      );
      assertInvalid(() => nextStage('consented', 'mapping', { type: 'advance', to: 'mapping' }), 'stage', 'mapping');
    });

    it('refuses closing via advance (close needs a reason)', () => {
      assertInvalid(() => nextStage('consented', 'follow-up', { type: 'advance', to: 'closed' }), 'stage', 'closed');
    });

    it('refuses anything from closed, with detail "closed"', () => {
      for (const kind of caseKinds) {
        for (const to of caseStages) {
          assertInvalid(() => nextStage(kind, 'closed', { type: 'advance', to }), 'stage', 'closed');
        }
        assertInvalid(() => nextStage(kind, 'closed', { type: 'close', reason: 'again' }), 'stage', 'closed');
        assertInvalid(() => nextStage(kind, 'closed', { type: 'step-down', reason: 'back' }), 'stage', 'closed');
        // 'closed' wins over an empty reason.
        assertInvalid(() => nextStage(kind, 'closed', { type: 'close', reason: '' }), 'stage', 'closed');
      }
    });

    for (const reason of ['', ' ', '   ', '\t', '\n \t ']) {
      it(`refuses close and step-down with reason ${JSON.stringify(reason)} (field "reason", no detail)`, () => {
        for (const kind of caseKinds) {
          for (const from of ['consultation', 'mapping', 'collaboration', 'plan-active', 'follow-up'] as const) {
            assertInvalid(() => nextStage(kind, from, { type: 'close', reason }), 'reason', undefined);
            assertInvalid(() => nextStage(kind, from, { type: 'step-down', reason }), 'reason', undefined);
          }
        }
      });
    }

    it('refuses step-down from consultation and mapping, naming the current stage', () => {
      assertInvalid(
        () => nextStage('consented', 'consultation', { type: 'step-down', reason: 'x' }),
        'stage',
        'consultation',
      );
      assertInvalid(() => nextStage('consented', 'mapping', { type: 'step-down', reason: 'x' }), 'stage', 'mapping');
      assertInvalid(() => nextStage('anonymous', 'mapping', { type: 'step-down', reason: 'x' }), 'stage', 'mapping');
    });

    it('refuses an anonymous case advancing to collaboration: consent required', () => {
      assertInvalid(
        () => nextStage('anonymous', 'mapping', { type: 'advance', to: 'collaboration' }),
        'stage',
        'consent-required',
      );
    });

    it('a skipped stage is reported as such even for an anonymous case (skip checked before consent)', () => {
      assertInvalid(
        () => nextStage('anonymous', 'consultation', { type: 'advance', to: 'collaboration' }),
        'stage',
        'collaboration',
      );
    });

    it('the error is a DomainError with a stable message', () => {
      assert.throws(
        () => nextStage('consented', 'consultation', { type: 'close', reason: '' }),
        (err: unknown) => err instanceof DomainError && err.name === 'DomainError' && err.message === 'Invalid(reason)',
      );
    });
  });
});

describe('formatCaseReference', () => {
  it('pads the sequence to four digits', () => {
    assert.equal(formatCaseReference(2026, 42), '2026-0042');
    assert.equal(formatCaseReference(2026, 1), '2026-0001');
    assert.equal(formatCaseReference(2025, 999), '2025-0999');
    assert.equal(formatCaseReference(2026, 9999), '2026-9999');
  });

  it('does not truncate sequences beyond four digits', () => {
    assert.equal(formatCaseReference(2026, 12345), '2026-12345');
  });

  for (const sequence of [0, -1, -42, 1.5, 0.999, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`refuses sequence ${String(sequence)} with Invalid(sequence)`, () => {
      assertInvalid(() => formatCaseReference(2026, sequence), 'sequence', undefined);
    });
  }
});
