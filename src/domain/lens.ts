/**
 * Optional GIRFEC lenses, chosen per case alongside the case's wheel: the My World Triangle (three
 * sides, strengths and worries per side) and the Resilience Matrix (a placement on two axes and a
 * short note per quadrant). The lenses are data (config/lenses.json); a case holds which lenses it
 * uses and one shared content per lens, versioned as a whole (a stale save is a Conflict).
 */
import { assertAnonymous, type TextFields } from './anonymous-content';
import { forbidden, invalid, notFound } from './errors';
import type { WriteRule } from './standing';
import type { LocalizedText } from './wheel';

export const lensKinds = ['triangle', 'matrix'] as const;
export type LensKind = (typeof lensKinds)[number];

/** A matrix placement runs from -2 to +2 on each axis (0: in the middle). */
export const matrixReach = 2;

export type TriangleSide = { id: string; label: LocalizedText; description: LocalizedText };

export type MatrixAxis = { label: LocalizedText; low: LocalizedText; high: LocalizedText };

export type MatrixQuadrant = { id: string; x: 'low' | 'high'; y: 'low' | 'high'; label: LocalizedText };

export type TriangleLens = {
  id: string;
  kind: 'triangle';
  name: LocalizedText;
  description: LocalizedText;
  sides: TriangleSide[];
};

export type MatrixLens = {
  id: string;
  kind: 'matrix';
  name: LocalizedText;
  description: LocalizedText;
  /** x: environment (adversity ↔ protective environment); y: the child (vulnerability ↔ resilience). */
  axes: { x: MatrixAxis; y: MatrixAxis };
  quadrants: MatrixQuadrant[];
};

export type Lens = TriangleLens | MatrixLens;

export type LensSet = { source: string; lenses: Lens[] };

export interface SideView {
  readonly strengths: string;
  readonly worries: string;
}

export interface TriangleContent {
  readonly kind: 'triangle';
  /** Side id → strengths and worries (a side with nothing written is left out). */
  readonly sides: Readonly<Record<string, SideView>>;
}

export interface MatrixContent {
  readonly kind: 'matrix';
  /** Where the child stands: x from adversity (-2) to protective environment (+2), y from vulnerability to resilience. */
  readonly placement: { readonly x: number; readonly y: number } | null;
  /** Quadrant id → a short note (empty notes are left out). */
  readonly notes: Readonly<Record<string, string>>;
}

export type LensContent = TriangleContent | MatrixContent;

/** A case's lenses: which are used, the content per lens id, and the version a write must name. */
export interface CaseLenses {
  readonly chosen: readonly string[];
  readonly content: Readonly<Record<string, LensContent>>;
  /** 0 while nothing is stored. */
  readonly version: number;
  readonly updatedAt: Date | null;
  readonly updatedByName: string | null;
}

export const noLenses: CaseLenses = { chosen: [], content: {}, version: 0, updatedAt: null, updatedByName: null };

/**
 * The parts of a lens that carry an information category (config/field-categories.json `lenses`):
 * a triangle's sides; a matrix's placement and its notes.
 */
export function lensParts(lens: Lens): string[] {
  return lens.kind === 'triangle' ? lens.sides.map((s) => s.id) : ['placement', 'notes'];
}

/** The part of a lens's content a text or a placement belongs to. */
export function partsOf(content: LensContent): string[] {
  if (content.kind === 'triangle') return Object.keys(content.sides);
  return [...(content.placement ? ['placement'] : []), ...(Object.keys(content.notes).length > 0 ? ['notes'] : [])];
}

/** Every free-text field of a lens's content, named as the tab names it: `<lens>.<side>.worries`, `<lens>.notes.<quadrant>`. */
export function lensFields(lensId: string, content: LensContent): TextFields {
  const fields: TextFields = {};
  if (content.kind === 'triangle') {
    for (const [side, v] of Object.entries(content.sides)) {
      fields[`${lensId}.${side}.strengths`] = v.strengths;
      fields[`${lensId}.${side}.worries`] = v.worries;
    }
  } else {
    for (const [quadrant, note] of Object.entries(content.notes)) fields[`${lensId}.notes.${quadrant}`] = note;
  }
  return fields;
}

/** The quadrant a placement falls in (null on an axis's middle, where it is in none). */
export function quadrantOf(lens: MatrixLens, placement: { x: number; y: number }): MatrixQuadrant | null {
  if (placement.x === 0 || placement.y === 0) return null;
  const x = placement.x > 0 ? 'high' : 'low';
  const y = placement.y > 0 ? 'high' : 'low';
  return lens.quadrants.find((q) => q.x === x && q.y === y) ?? null;
}

/** Choosing a case's lenses: a party who sees the case's mapping, on a case that is not closed. */
export const chooseLensesRule: WriteRule = (s) => {
  if (!s.view.assessments) throw notFound();
  if (s.stage === 'closed') throw invalid('stage', 'closed');
};

/**
 * Writing a lens's content: as choosing, and — as for the plan — only by a party who sees every
 * category (a partial view would erase what it cannot see); nothing identifying in an anonymous
 * consultation (the refusal names the field).
 */
export function lensContentWriteRule(lensId: string, content: LensContent): WriteRule {
  return (s) => {
    chooseLensesRule(s);
    if (s.view.categories !== 'all') throw forbidden();
    if (s.kind === 'anonymous') assertAnonymous(lensFields(lensId, content));
  };
}
