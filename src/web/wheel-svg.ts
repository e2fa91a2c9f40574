/**
 * The wellbeing wheel as a picture: one segment per area, coloured by level, labelled in the
 * viewer's language. The level is also written under each label, so colour is never the only cue.
 */
import type { TFunction } from 'i18next';
import { svg } from './dom';
import type { Level } from './types';

export interface WheelArea {
  readonly id: string;
  readonly label: string;
  readonly level: Level | undefined;
}

const inner = 48;
const outer = 150;
const labelRadius = 172;

function point(r: number, angle: number): string {
  return `${(r * Math.cos(angle)).toFixed(2)} ${(r * Math.sin(angle)).toFixed(2)}`;
}

function segmentPath(a0: number, a1: number): string {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return [
    `M ${point(inner, a0)}`,
    `L ${point(outer, a0)}`,
    `A ${outer} ${outer} 0 ${large} 1 ${point(outer, a1)}`,
    `L ${point(inner, a1)}`,
    `A ${inner} ${inner} 0 ${large} 0 ${point(inner, a0)}`,
    'Z',
  ].join(' ');
}

export function wheelSvg(areas: readonly WheelArea[], t: TFunction, title: string): SVGElement {
  const titleId = `wheel-title-${Math.random().toString(36).slice(2, 8)}`;
  const n = Math.max(areas.length, 1);
  const step = (2 * Math.PI) / n;
  const start = -Math.PI / 2;
  const root = svg(
    'svg',
    { viewBox: '-260 -220 520 440', role: 'img', 'aria-labelledby': titleId, class: 'wheel' },
    svg('title', { id: titleId }, title),
  );
  areas.forEach((area, i) => {
    const a0 = start + i * step + 0.01;
    const a1 = start + (i + 1) * step - 0.01;
    const mid = (a0 + a1) / 2;
    const levelText = area.level ? t(`levels.${area.level}`) : t('tab.stage.noView');
    const x = labelRadius * Math.cos(mid);
    const y = labelRadius * Math.sin(mid);
    const anchor = Math.abs(Math.cos(mid)) < 0.2 ? 'middle' : Math.cos(mid) > 0 ? 'start' : 'end';
    root.append(
      svg(
        'path',
        { d: segmentPath(a0, a1), class: `segment level-${area.level ?? 'unknown'}`, 'data-area': area.id },
        svg('title', {}, `${area.label}: ${levelText}`),
      ),
      svg(
        'text',
        { x: x.toFixed(1), y: y.toFixed(1), 'text-anchor': anchor, class: 'wheel-label' },
        svg('tspan', { x: x.toFixed(1), dy: '0' }, area.label),
        svg('tspan', { x: x.toFixed(1), dy: '1.2em', class: 'wheel-level' }, levelText),
      ),
    );
  });
  return root;
}

const rank: Readonly<Record<Level, number>> = { none: 0, some: 1, significant: 2 };

/** The group's picture of an area: the highest level anyone (or the plan) gave it. */
export function highestLevel(levels: readonly (Level | undefined)[]): Level | undefined {
  let best: Level | undefined;
  for (const l of levels) if (l && (best === undefined || rank[l] > rank[best])) best = l;
  return best;
}
