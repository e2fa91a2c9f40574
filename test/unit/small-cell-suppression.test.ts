/**
 * Small-cell suppression: every count under 5 is "<5", and no hidden value can be recovered from
 * what is published. The property is checked by an independent brute force: every table of
 * non-negative counts consistent with the published cells, totals and marks is enumerated, and each
 * hidden cell must take at least two values across them.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  suppressSmallCells,
  type CountTable,
  type PublishedCount,
  type PublishedTable,
} from '../../src/domain/small-cell-suppression';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function fits(p: PublishedCount, v: number): boolean {
  return p === '<5' ? v >= 0 && v <= 4 : p === '..' ? v >= 5 : p === v;
}

/** Every hidden position (inner or margin) mapped to the set of values it takes in consistent tables. */
function feasibleValues(t: CountTable, pub: PublishedTable): Map<string, Set<number>> {
  const rows = t.cells.length;
  const cols = t.cells[0]!.length;
  // '..' cells are searched in 5..(largest count + 2): a smaller space only makes the check stricter.
  const cap = Math.max(5, ...t.cells.flat()) + 2;
  const seen = new Map<string, Set<number>>();
  const note = (key: string, p: PublishedCount | undefined, v: number) => {
    if (p === '<5' || p === '..') {
      const s = seen.get(key) ?? new Set<number>();
      s.add(v);
      seen.set(key, s);
    }
  };
  const candidates = (p: PublishedCount) =>
    typeof p === 'number' ? [p] : p === '<5' ? [0, 1, 2, 3, 4] : Array.from({ length: cap - 4 }, (_, k) => k + 5);
  const grid: number[][] = [];
  const rowChoices = (i: number): number[][] => {
    let acc: number[][] = [[]];
    for (let j = 0; j < cols; j++)
      acc = acc.flatMap((prefix) => candidates(pub.cells[i]![j]!).map((v) => [...prefix, v]));
    return acc.filter((row) => (pub.rowTotals ? fits(pub.rowTotals[i]!, sum(row)) : true));
  };
  const walk = (i: number) => {
    if (i === rows) {
      const colSums = Array.from({ length: cols }, (_, j) => sum(grid.map((r) => r[j]!)));
      if (pub.columnTotals && !colSums.every((s, j) => fits(pub.columnTotals![j]!, s))) return;
      const total = sum(colSums);
      if (pub.total !== undefined && !fits(pub.total, total)) return;
      grid.forEach((row, r) => row.forEach((v, c) => note(`cell ${r},${c}`, pub.cells[r]![c], v)));
      grid.forEach((row, r) => note(`row ${r}`, pub.rowTotals?.[r], sum(row)));
      colSums.forEach((s, c) => note(`col ${c}`, pub.columnTotals?.[c], s));
      note('total', pub.total, total);
      return;
    }
    for (const row of rowChoices(i)) {
      // Prune: a column's partial sum must not pass a published column total.
      if (
        pub.columnTotals &&
        row.some(
          (v, j) =>
            typeof pub.columnTotals![j] === 'number' &&
            sum(grid.map((r) => r[j]!)) + v > (pub.columnTotals![j] as number),
        )
      )
        continue;
      grid.push(row);
      walk(i + 1);
      grid.pop();
    }
  };
  walk(0);
  return seen;
}

function hiddenPositions(pub: PublishedTable): string[] {
  const keys: string[] = [];
  const hidden = (p: PublishedCount | undefined) => p === '<5' || p === '..';
  pub.cells.forEach((row, r) => row.forEach((p, c) => hidden(p) && keys.push(`cell ${r},${c}`)));
  pub.rowTotals?.forEach((p, r) => hidden(p) && keys.push(`row ${r}`));
  pub.columnTotals?.forEach((p, c) => hidden(p) && keys.push(`col ${c}`));
  if (hidden(pub.total)) keys.push('total');
  return keys;
}

const smallish = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5, max: 9 }) },
);
const tables = fc
  .record({
    rows: fc.integer({ min: 1, max: 3 }),
    cols: fc.integer({ min: 1, max: 3 }),
    rowTotals: fc.boolean(),
    columnTotals: fc.boolean(),
  })
  .chain(({ rows, cols, rowTotals, columnTotals }) =>
    fc.record({
      cells: fc.array(fc.array(smallish, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      rowTotals: fc.constant(rowTotals),
      columnTotals: fc.constant(columnTotals),
    }),
  );

describe('small-cell suppression', () => {
  it('shows a month with 4 cases as "<5", and hides a partner cell so the total does not give it away', () => {
    // Months × (anonymous, consented), with row and column totals.
    const pub = suppressSmallCells({
      cells: [
        [4, 7],
        [9, 6],
        [8, 12],
      ],
      rowTotals: true,
      columnTotals: true,
    });
    assert.equal(pub.cells[0]![0], '<5');
    assert.equal(pub.rowTotals![0], 11, 'the month total is still published');
    assert.equal(pub.cells[0]![1], '..', 'otherwise 11 - 7 would reveal the 4');
    assert.equal(pub.columnTotals![0], 21);
    // In the anonymous column another cell is hidden as well, or 21 - 9 - 8 would reveal it.
    assert.equal(pub.cells.filter((r) => r[0] === '<5' || r[0] === '..').length, 2);
    assert.equal(pub.total, 46);
  });

  it('publishes a table without small cells unchanged', () => {
    const pub = suppressSmallCells({
      cells: [
        [5, 6],
        [7, 8],
      ],
      rowTotals: true,
      columnTotals: true,
    });
    assert.deepEqual(pub, {
      cells: [
        [5, 6],
        [7, 8],
      ],
      rowTotals: [11, 15],
      columnTotals: [12, 14],
      total: 26,
    });
  });

  it('a list with one small entry and a total hides a second entry', () => {
    const pub = suppressSmallCells({ cells: [[12], [3], [7], [30]], rowTotals: false, columnTotals: true });
    assert.deepEqual(
      pub.cells.map((r) => r[0]),
      [12, '<5', '..', 30],
    );
    assert.equal(pub.total, 52);
  });

  it('property: every count under 5 is hidden, published values are true, and no hidden value is recoverable', () => {
    fc.assert(
      fc.property(tables, (t) => {
        const pub = suppressSmallCells(t);
        t.cells.forEach((row, r) =>
          row.forEach((v, c) => {
            const p = pub.cells[r]![c]!;
            if (v < 5) assert.equal(p, '<5');
            else assert.ok(p === v || p === '..');
          }),
        );
        const feasible = feasibleValues(t, pub);
        for (const key of hiddenPositions(pub)) {
          const values = feasible.get(key);
          assert.ok(
            values && values.size >= 2,
            `${key} is recoverable in ${JSON.stringify(t)} → ${JSON.stringify(pub)}`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
