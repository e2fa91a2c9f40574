// Wellbeing wheels and the five questions, as plain data. An organisation picks or adds a wheel
// by configuration (config/wheels/*.json); nothing here knows a particular wheel.
import type { InformationCategory } from './consent';

/** The eight SHANARRI wellbeing indicators (GIRFEC). Every area of every wheel maps to one of them. */
export const shanarriAreas = [
  'safe',
  'healthy',
  'achieving',
  'nurtured',
  'active',
  'respected',
  'responsible',
  'included',
] as const;

export type ShanarriArea = (typeof shanarriAreas)[number];

export type LocalizedText = { sv: string; en: string };

export type WheelArea = {
  /** Stable lowercase kebab-case id; stored with assessments, so never renamed. */
  id: string;
  label: LocalizedText;
  description: LocalizedText;
  /** The SHANARRI indicator this area corresponds to, for cross-wheel statistics. */
  shanarri: ShanarriArea;
  /** True for the area(s) about the child's safety, where a worry may call for an orosanmälan. */
  safety: boolean;
  /**
   * The consent information category the area's content belongs to: a unit of another agency sees
   * the area only when its consent covers this category (domain/disclosure.ts).
   */
  category: InformationCategory;
};

export type Wheel = {
  id: string;
  name: LocalizedText;
  /** Where the area list and wording come from. */
  source: string;
  areas: WheelArea[];
};

export type Question = {
  id: string;
  text: LocalizedText;
};

export type QuestionSet = {
  source: string;
  /** The order used when an organisation configures none. */
  defaultOrder: string[];
  questions: Question[];
  /** What a consulted professional answers beyond the questions in an anonymous consultation (ids: `adviceIds`). */
  advice?: AdviceQuestion[];
};

/** The advice a consultation asks of the professionals it consults (issue 17): stored with the answers. */
export const adviceIds = ['next-steps', 'unit-support'] as const;
export type AdviceQuestion = { id: (typeof adviceIds)[number]; text: LocalizedText };

/** The ids of the wheel's areas. */
export function areaIds(wheel: Wheel): string[] {
  return wheel.areas.map((a) => a.id);
}

export function areaById(wheel: Wheel, id: string): WheelArea | undefined {
  return wheel.areas.find((area) => area.id === id);
}

export function safetyAreaIds(wheel: Wheel): string[] {
  return wheel.areas.filter((area) => area.safety).map((area) => area.id);
}

/**
 * Explains why `order` is not a permutation of `ids`, or returns undefined when it is.
 * Shared by the config schema and by `orderedQuestions`.
 */
export function questionOrderProblem(ids: readonly string[], order: readonly string[]): string | undefined {
  const known = new Set(ids);
  const unknown = order.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    return `unknown question id(s): ${unknown.join(', ')}`;
  }
  const duplicates = order.filter((id, index) => order.indexOf(id) !== index);
  if (duplicates.length > 0) {
    return `question id(s) listed more than once: ${[...new Set(duplicates)].join(', ')}`;
  }
  const listed = new Set(order);
  const missing = ids.filter((id) => !listed.has(id));
  if (missing.length > 0) {
    return `missing question id(s): ${missing.join(', ')}`;
  }
  return undefined;
}

/**
 * The questions in the given order (e.g. Sörmland's q2, q1, q3, q4, q5), or in the set's default
 * order. Throws when the order is not a permutation of the question ids.
 */
export function orderedQuestions(set: QuestionSet, order: readonly string[] = set.defaultOrder): Question[] {
  const ids = set.questions.map((question) => question.id);
  const problem = questionOrderProblem(ids, order);
  if (problem !== undefined) {
    throw new Error(`Question order [${order.join(', ')}] is not a permutation of [${ids.join(', ')}]: ${problem}`);
  }
  const byId = new Map(set.questions.map((question) => [question.id, question]));
  return order.map((id) => byId.get(id)).filter((question): question is Question => question !== undefined);
}
