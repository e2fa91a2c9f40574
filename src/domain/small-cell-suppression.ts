/**
 * Small-cell suppression for published statistics. Every count under 5 (0 included, as the brief
 * says "any cell under 5") is shown as "<5"; further cells are hidden ("..", secondary suppression)
 * until no hidden value can be worked out from what is published: the other cells, the row and
 * column totals and the grand total, and the knowledge that "<5" means 0–4 and ".." means 5 or more.
 *
 * The model: the table with its margins is a grid in which every row and every column sums to zero
 * once the totals are negated. Another table consistent with everything published differs by a
 * circulation, which splits into simple alternating cycles over hidden cells (conformal
 * decomposition). So a hidden cell is safe exactly when some alternating cycle through it can move
 * by one in either direction while every hidden cell stays inside what its mark allows. That is a
 * reachability question, answered by a breadth-first search per cell.
 */

export const smallCellThreshold = 5;

/** What a reader sees in a cell: the count, "<5" (under the threshold) or ".." (hidden so a small cell stays hidden). */
export type PublishedCount = number | '<5' | '..';

export interface CountTable {
  /** Inner cells, rows × columns; all non-negative integers, every row the same length. */
  readonly cells: readonly (readonly number[])[];
  /** Whether the row totals (one per row) are published. */
  readonly rowTotals: boolean;
  /** Whether the column totals (one per column) are published. */
  readonly columnTotals: boolean;
}

export interface PublishedTable {
  readonly cells: PublishedCount[][];
  /** Present when the table publishes row totals. */
  readonly rowTotals?: PublishedCount[];
  /** Present when the table publishes column totals. */
  readonly columnTotals?: PublishedCount[];
  /** Present when any totals are published. */
  readonly total?: PublishedCount;
}

type Mark = 'shown' | 'small' | 'secondary' | 'absent';

interface Grid {
  readonly rows: number;
  readonly cols: number;
  readonly value: number[][];
  readonly mark: Mark[][];
  /** +1 for inner rows/columns, -1 for the totals row/column: signed values sum to zero per line. */
  readonly rowSign: number[];
  readonly colSign: number[];
}

function lower(m: Mark): number {
  return m === 'secondary' ? smallCellThreshold : 0;
}
function upper(m: Mark): number {
  return m === 'small' ? smallCellThreshold - 1 : Number.POSITIVE_INFINITY;
}

/**
 * Whether hidden cell (r, c) can take another value: an alternating cycle through it exists along
 * which every hidden cell can move by one (in the sign pattern the cycle gives it) within its bounds.
 */
function hiddenCellMovable(g: Grid, r: number, c: number): boolean {
  const hidden = (i: number, j: number) => g.mark[i]![j] !== 'shown';
  const canMove = (i: number, j: number, ySign: number): boolean => {
    const dx = g.rowSign[i]! * g.colSign[j]! * ySign;
    const x = g.value[i]![j]!;
    const m = g.mark[i]![j]!;
    return dx > 0 ? x + 1 <= upper(m) : x - 1 >= lower(m);
  };
  for (const sigma of [1, -1]) {
    if (!canMove(r, c, sigma)) continue;
    // Edges leave column nodes with sign -sigma and row nodes with sign +sigma; find a path from
    // column c back to row r that does not use the cell itself.
    const seenRows = new Set<number>();
    const seenCols = new Set<number>([c]);
    let frontier: { kind: 'row' | 'col'; index: number }[] = [{ kind: 'col', index: c }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const node of frontier) {
        if (node.kind === 'col') {
          for (let i = 0; i < g.rows; i++) {
            if (i === r && node.index === c) continue;
            if (!hidden(i, node.index) || seenRows.has(i) || !canMove(i, node.index, -sigma)) continue;
            if (i === r) return true;
            seenRows.add(i);
            next.push({ kind: 'row', index: i });
          }
        } else {
          for (let j = 0; j < g.cols; j++) {
            if (!hidden(node.index, j) || seenCols.has(j) || !canMove(node.index, j, sigma)) continue;
            seenCols.add(j);
            next.push({ kind: 'col', index: j });
          }
        }
      }
      frontier = next;
    }
  }
  return false;
}

function buildGrid(t: CountTable): Grid {
  const rows = t.cells.length;
  const cols = t.cells[0]?.length ?? 0;
  for (const row of t.cells) {
    if (row.length !== cols) throw new Error('every row must have the same number of cells');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error('counts must be non-negative integers');
  }
  const rowSum = t.cells.map((row) => row.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: cols }, (_, j) => t.cells.reduce((a, row) => a + row[j]!, 0));
  const grand = rowSum.reduce((a, b) => a + b, 0);
  const value = [...t.cells.map((row, i) => [...row, rowSum[i]!]), [...colSum, grand]];
  const anyTotals = t.rowTotals || t.columnTotals;
  const markOf = (v: number, published: boolean): Mark =>
    !published ? 'absent' : v < smallCellThreshold ? 'small' : 'shown';
  const mark: Mark[][] = value.map((row, i) =>
    row.map((v, j) => {
      const totalRow = i === rows;
      const totalCol = j === cols;
      if (totalRow && totalCol) return markOf(v, anyTotals);
      if (totalRow) return markOf(v, t.columnTotals);
      if (totalCol) return markOf(v, t.rowTotals);
      return markOf(v, true);
    }),
  );
  return {
    rows: rows + 1,
    cols: cols + 1,
    value,
    mark,
    rowSign: [...Array.from({ length: rows }, () => 1), -1],
    colSign: [...Array.from({ length: cols }, () => 1), -1],
  };
}

/**
 * The cells to hide next so that hidden cell (r, c) can move: the cheapest rectangle through it
 * (cost: the counts newly hidden, margins last) that makes it movable; failing that, the smallest
 * published cell in its row or column, or anywhere.
 */
function secondaryCandidates(g: Grid, r: number, c: number): [number, number][] {
  const inner = (i: number, j: number) => i < g.rows - 1 && j < g.cols - 1;
  const cost = (i: number, j: number) =>
    g.mark[i]![j] === 'shown' ? g.value[i]![j]! + (inner(i, j) ? 0 : 1_000_000) : 0;
  let best: { cells: [number, number][]; cost: number } | null = null;
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < g.cols; j++) {
      if (i === r || j === c) continue;
      const corners: [number, number][] = [
        [r, j],
        [i, c],
        [i, j],
      ];
      const add = corners.filter(([a, b]) => g.mark[a]![b] === 'shown');
      const total = corners.reduce((s, [a, b]) => s + cost(a, b), 0);
      if (add.length === 0 || (best && best.cost <= total)) continue;
      for (const [a, b] of add) g.mark[a]![b] = 'secondary';
      const works = hiddenCellMovable(g, r, c);
      for (const [a, b] of add) g.mark[a]![b] = 'shown';
      if (works) best = { cells: add, cost: total };
    }
  }
  if (best) return best.cells;
  const line: [number, number][] = [];
  for (let j = 0; j < g.cols; j++) line.push([r, j]);
  for (let i = 0; i < g.rows; i++) line.push([i, c]);
  const everywhere: [number, number][] = [];
  for (let i = 0; i < g.rows; i++) for (let j = 0; j < g.cols; j++) everywhere.push([i, j]);
  for (const pool of [line, everywhere]) {
    const open = pool.filter(([i, j]) => g.mark[i]![j] === 'shown');
    open.sort(([i1, j1], [i2, j2]) => cost(i1, j1) - cost(i2, j2));
    if (open[0]) return [open[0]];
  }
  return [];
}

/** Suppresses small cells and enough others that none of them can be derived. */
export function suppressSmallCells(t: CountTable): PublishedTable {
  const g = buildGrid(t);
  for (;;) {
    let exposed: [number, number] | null = null;
    for (let i = 0; i < g.rows && !exposed; i++) {
      for (let j = 0; j < g.cols && !exposed; j++) {
        const m = g.mark[i]![j]!;
        if ((m === 'small' || m === 'secondary') && !hiddenCellMovable(g, i, j)) exposed = [i, j];
      }
    }
    if (!exposed) break;
    const picks = secondaryCandidates(g, exposed[0], exposed[1]);
    if (picks.length === 0) break; // Everything is hidden already: nothing published could give it away.
    for (const [i, j] of picks) g.mark[i]![j] = 'secondary';
  }
  const show = (i: number, j: number): PublishedCount => {
    const m = g.mark[i]![j]!;
    return m === 'small' ? '<5' : m === 'secondary' ? '..' : g.value[i]![j]!;
  };
  const rows = g.rows - 1;
  const cols = g.cols - 1;
  const out: { -readonly [K in keyof PublishedTable]: PublishedTable[K] } = {
    cells: Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => show(i, j))),
  };
  if (t.rowTotals) out.rowTotals = Array.from({ length: rows }, (_, i) => show(i, cols));
  if (t.columnTotals) out.columnTotals = Array.from({ length: cols }, (_, j) => show(rows, j));
  if (t.rowTotals || t.columnTotals) out.total = show(rows, cols);
  return out;
}
