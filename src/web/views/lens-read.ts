/**
 * The case's lenses read-only: a My World Triangle's strengths and worries per side, a Resilience
 * Matrix drawn as a grid with the child's placement (and written out, so the picture is never the
 * only cue) and its notes per quadrant. Used by the stage and by the side panel.
 */
import type { TFunction } from 'i18next';
import { h, svg } from '../dom';
import type { LensContent, LensDefinition, LensesView } from '../types';

type Matrix = Extract<LensDefinition, { kind: 'matrix' }>;
type Triangle = Extract<LensDefinition, { kind: 'triangle' }>;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The placement in words: each axis's value with the end it leans to. */
export function placementText(t: TFunction, lens: Matrix, p: { x: number; y: number } | null): string {
  if (!p) return t('lens.notPlaced');
  const side = (v: number, a: Matrix['axes']['x']) => (v === 0 ? t('lens.middle') : v > 0 ? a.high : a.low);
  return t('lens.placedAt', {
    x: `${lens.axes.x.label} ${signed(p.x)} (${side(p.x, lens.axes.x)})`,
    y: `${lens.axes.y.label} ${signed(p.y)} (${side(p.y, lens.axes.y)})`,
  });
}

/** The matrix as a picture: the axes' ends labelled, the quadrants named, a dot where the child stands. */
export function matrixSvg(t: TFunction, lens: Matrix, p: { x: number; y: number } | null): SVGElement {
  const size = 300;
  const half = size / 2;
  const unit = (half - 30) / 2;
  const titleId = `matrix-title-${lens.id}`;
  const corner = (q: Matrix['quadrants'][number]) => ({
    x: q.x === 'high' ? half + 8 : 8,
    y: q.y === 'high' ? 22 : half + 22,
  });
  return svg(
    'svg',
    {
      viewBox: `0 0 ${size} ${size}`,
      role: 'img',
      'aria-labelledby': titleId,
      class: 'matrix',
      width: size,
      height: size,
    },
    svg('title', { id: titleId }, `${lens.name}: ${placementText(t, lens, p)}`),
    svg('rect', { x: 0, y: 0, width: size, height: size, class: 'matrix-frame' }),
    svg('line', { x1: half, y1: 0, x2: half, y2: size, class: 'matrix-axis' }),
    svg('line', { x1: 0, y1: half, x2: size, y2: half, class: 'matrix-axis' }),
    ...lens.quadrants.map((q) => svg('text', { ...corner(q), class: 'matrix-quadrant', 'font-size': 10 }, q.label)),
    svg('text', { x: half + 4, y: 12, class: 'matrix-end', 'font-size': 11 }, lens.axes.y.high),
    svg('text', { x: half + 4, y: size - 4, class: 'matrix-end', 'font-size': 11 }, lens.axes.y.low),
    svg('text', { x: 4, y: half - 4, class: 'matrix-end', 'font-size': 11 }, lens.axes.x.low),
    svg(
      'text',
      { x: size - 4, y: half - 4, class: 'matrix-end', 'text-anchor': 'end', 'font-size': 11 },
      lens.axes.x.high,
    ),
    p ? svg('circle', { cx: half + p.x * unit, cy: half - p.y * unit, r: 9, class: 'matrix-dot' }) : null,
  );
}

function triangleRead(t: TFunction, lens: Triangle, c: Extract<LensContent, { kind: 'triangle' }> | undefined) {
  return h(
    'dl',
    { class: 'lens-sides' },
    ...lens.sides.flatMap((side) => {
      const v = c?.sides[side.id];
      return [
        h('dt', {}, side.label),
        h(
          'dd',
          {},
          v?.strengths ? h('p', {}, h('strong', {}, `${t('lens.strengths')}: `), v.strengths) : null,
          v?.worries ? h('p', {}, h('strong', {}, `${t('lens.worries')}: `), v.worries) : null,
          !v ? h('p', { class: 'hint' }, t('lens.empty')) : null,
        ),
      ];
    }),
  );
}

function matrixRead(t: TFunction, lens: Matrix, c: Extract<LensContent, { kind: 'matrix' }> | undefined) {
  const placement = c?.placement ?? null;
  return h(
    'div',
    { class: 'lens-matrix' },
    matrixSvg(t, lens, placement),
    h('p', { class: 'placement' }, placementText(t, lens, placement)),
    h(
      'dl',
      { class: 'lens-notes' },
      ...lens.quadrants
        .filter((q) => c?.notes[q.id])
        .flatMap((q) => [h('dt', {}, q.label), h('dd', {}, c?.notes[q.id] ?? '')]),
    ),
  );
}

/** One lens as it stands (its heading at `level`). */
export function lensRead(t: TFunction, lens: LensDefinition, content: LensContent | undefined, level: 'h2' | 'h3') {
  return h(
    'section',
    { class: 'lens', 'data-lens': lens.id, 'aria-labelledby': `lens-read-${lens.id}` },
    h(level, { id: `lens-read-${lens.id}` }, lens.name),
    lens.kind === 'triangle'
      ? triangleRead(t, lens, content?.kind === 'triangle' ? content : undefined)
      : matrixRead(t, lens, content?.kind === 'matrix' ? content : undefined),
  );
}

/** The lenses the case uses, in the configured order. */
export function chosenLenses(v: LensesView): LensDefinition[] {
  return v.available.filter((l) => v.chosen.includes(l.id));
}
