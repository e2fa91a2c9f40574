/**
 * The golden rule field by field. Every part of a case that describes the child carries an
 * information category, as data: each wheel area (config/wheels/*.json, `category`), each field of
 * the consultation, the five questions, the plan and the follow-up (config/field-categories.json).
 * A party sees a part when the categories its view holds (domain/visibility.ts) include the part's.
 *
 * Besides the six categories a field may be:
 * - `case`: about the collaboration, not the child (lead professional, follow-up date, recipients):
 *   seen by everyone who may see the case at all;
 * - `all-categories`: free text that may hold anything (the reason for the plan, what was seen):
 *   seen only by a view that holds every category.
 *
 * Hidden parts are removed (an empty text, an empty list, an area left out) before anything leaves
 * the storage door, so no door can show them.
 */
import type { AssessmentEntry } from './assessment';
import type { ConsultationDetails } from './case';
import { informationCategories, type InformationCategory } from './consent';
import type { FollowUp } from './follow-up';
import type { CaseLenses, LensContent } from './lens';
import type { PlanContent } from './plan';
import type { Wheel } from './wheel';

export type FieldCategory = InformationCategory | 'case' | 'all-categories';
export const fieldCategoryValues = [...informationCategories, 'case', 'all-categories'] as const;

/** The categories a view holds: all of them (own unit, anonymous case, or every category consented) or some. */
export type SeenCategories = 'all' | readonly InformationCategory[];

/** The category of each form field (config/field-categories.json). */
export interface FieldCategories {
  readonly consultation: {
    readonly ageBand: FieldCategory;
    readonly schoolYear: FieldCategory;
    readonly observations: FieldCategory;
    readonly tried: FieldCategory;
  };
  /** Per question id (q1..q5); a question not listed is `all-categories`. */
  readonly questions: Readonly<Record<string, FieldCategory>>;
  readonly plan: {
    readonly reason: FieldCategory;
    readonly goals: FieldCategory;
    readonly actions: FieldCategory;
    readonly childsWishForLead: FieldCategory;
    readonly disagreements: FieldCategory;
    readonly leadProfessional: FieldCategory;
    readonly followUpDate: FieldCategory;
    readonly recipients: FieldCategory;
  };
  /** Why a case stepped down or closed (free text on the case and in its history). */
  readonly stageReason: FieldCategory;
  /** The follow-up's levels per area follow their areas; its outcome and dates are `case`. */
  readonly followUp: {
    readonly actionResults: FieldCategory;
  };
  /**
   * Per lens id (config/lenses.json), per part (a triangle's side ids; a matrix's `placement` and
   * `notes`); a part not listed is `all-categories`.
   */
  readonly lenses?: Readonly<Record<string, Readonly<Record<string, FieldCategory>>>>;
  /**
   * The child's own voice (domain/child-voice.ts): the child's record and each guardian's; each area's
   * entry also needs its area's category. Not listed: the child's account and wishes, home and family.
   */
  readonly voice?: { readonly child: FieldCategory; readonly guardians: FieldCategory };
}

/** Wheel areas and form fields with their categories: what the storage door filters by. */
export interface CategoryCatalogue {
  readonly fields: FieldCategories;
  /**
   * The category of a wheel area: as the given wheel (the case's unit's) defines it; else as every
   * wheel that has an area of that id agrees; else `all-categories` (an unknown area stays hidden).
   */
  areaCategory(areaId: string, wheelId: string | null): FieldCategory;
}

export function categoryCatalogue(wheels: ReadonlyMap<string, Wheel>, fields: FieldCategories): CategoryCatalogue {
  return {
    fields,
    areaCategory(areaId, wheelId) {
      const own = wheelId === null ? undefined : wheels.get(wheelId)?.areas.find((a) => a.id === areaId);
      if (own !== undefined) return own.category;
      const found = new Set(
        [...wheels.values()].flatMap((w) => w.areas.filter((a) => a.id === areaId).map((a) => a.category)),
      );
      const [only] = [...found];
      return found.size === 1 && only !== undefined ? only : 'all-categories';
    },
  };
}

/** May a view holding `seen` see a part of category `needed`? */
export function sees(seen: SeenCategories, needed: FieldCategory): boolean {
  if (seen === 'all' || needed === 'case') return true;
  if (needed === 'all-categories') return informationCategories.every((c) => seen.includes(c));
  return seen.includes(needed);
}

/** The categories several views all hold (the plan-channel post: what every member may see). */
export function commonCategories(views: readonly SeenCategories[]): SeenCategories {
  const some = views.filter((v): v is readonly InformationCategory[] => v !== 'all');
  if (some.length === 0) return 'all';
  return informationCategories.filter((c) => some.every((v) => v.includes(c)));
}

/** A view that holds every category is the whole view. */
export function normaliseSeen(categories: readonly InformationCategory[]): SeenCategories {
  return informationCategories.every((c) => categories.includes(c))
    ? 'all'
    : informationCategories.filter((c) => categories.includes(c));
}

/** Where a case's parts are read: the categories a view holds, the catalogue, the case's wheel. */
export interface Disclosure {
  readonly seen: SeenCategories;
  readonly catalogue: CategoryCatalogue;
  readonly wheelId: string | null;
}

const seesArea = (d: Disclosure, areaId: string) => sees(d.seen, d.catalogue.areaCategory(areaId, d.wheelId));
const seesField = (d: Disclosure, category: FieldCategory) => sees(d.seen, category);
const keepAreas = <T>(d: Disclosure, areas: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(areas).filter(([id]) => seesArea(d, id)));

export function disclosedDetails(d: Disclosure, details: ConsultationDetails): ConsultationDetails {
  if (d.seen === 'all') return details;
  const f = d.catalogue.fields.consultation;
  const { ageBand, schoolYear, ...rest } = details;
  return {
    ...rest,
    ...(ageBand !== undefined && seesField(d, f.ageBand) ? { ageBand } : {}),
    ...(schoolYear !== undefined && seesField(d, f.schoolYear) ? { schoolYear } : {}),
    worryAreas: details.worryAreas.filter((id) => seesArea(d, id)),
    observations: seesField(d, f.observations) ? details.observations : '',
    tried: seesField(d, f.tried) ? details.tried : '',
  };
}

/** A stage change's reason (the case's close reason, a history event's `reason`), or '' when hidden. */
export function disclosedStageReason<T extends string | null>(d: Disclosure, reason: T): T | '' {
  return d.seen === 'all' || reason === null || sees(d.seen, d.catalogue.fields.stageReason) ? reason : '';
}

export function disclosedAssessment(d: Disclosure, entry: AssessmentEntry): AssessmentEntry {
  if (d.seen === 'all') return entry;
  const questions = d.catalogue.fields.questions;
  return {
    ...entry,
    answers: Object.fromEntries(
      Object.entries(entry.answers).filter(([q]) => seesField(d, questions[q] ?? 'all-categories')),
    ),
    areas: keepAreas(d, entry.areas),
  };
}

export function disclosedPlan(d: Disclosure, content: PlanContent): PlanContent {
  if (d.seen === 'all') return content;
  const f = d.catalogue.fields.plan;
  const show = (c: FieldCategory) => seesField(d, c);
  return {
    ...content,
    reason: show(f.reason) ? content.reason : '',
    needs: content.needs.filter((n) => seesArea(d, n.areaId)),
    goals: show(f.goals) ? content.goals : [],
    actions: show(f.actions) ? content.actions : [],
    childsWishForLead: show(f.childsWishForLead) ? content.childsWishForLead : '',
    disagreements: show(f.disagreements) ? content.disagreements : '',
    leadProfessional: show(f.leadProfessional) ? content.leadProfessional : null,
    followUpDate: show(f.followUpDate) ? content.followUpDate : null,
    recipients: show(f.recipients) ? content.recipients : [],
  };
}

export function disclosedFollowUp(d: Disclosure, followUp: FollowUp): FollowUp {
  if (d.seen === 'all') return followUp;
  const f = d.catalogue.fields.followUp;
  return {
    ...followUp,
    actionResults: seesField(d, f.actionResults) ? followUp.actionResults : [],
    areaLevels: keepAreas(d, followUp.areaLevels),
  };
}

/** The category of a lens's part (a side, the placement, the notes); `all-categories` when not configured. */
export function lensPartCategory(catalogue: CategoryCatalogue, lensId: string, part: string): FieldCategory {
  return catalogue.fields.lenses?.[lensId]?.[part] ?? 'all-categories';
}

function disclosedLens(d: Disclosure, lensId: string, content: LensContent): LensContent {
  const show = (part: string) => seesField(d, lensPartCategory(d.catalogue, lensId, part));
  if (content.kind === 'triangle')
    return { ...content, sides: Object.fromEntries(Object.entries(content.sides).filter(([side]) => show(side))) };
  return {
    ...content,
    placement: show('placement') ? content.placement : null,
    notes: show('notes') ? content.notes : {},
  };
}

/** A case's lenses: which are used is `case`; each lens's parts by their categories. */
export function disclosedLenses(d: Disclosure, lenses: CaseLenses): CaseLenses {
  if (d.seen === 'all') return lenses;
  return {
    ...lenses,
    content: Object.fromEntries(Object.entries(lenses.content).map(([id, c]) => [id, disclosedLens(d, id, c)])),
  };
}

/** What a view holding `seen` shows of a case of `wheel`: the wheel areas and the form fields beyond `case`. */
export interface VisibleParts {
  readonly everything: boolean;
  readonly areaIds: readonly string[];
  /**
   * Field keys such as `plan.goals`, `consultation.tried`, `questions.q3`,
   * `lenses.my-world-triangle.what-i-need`, in the catalogue's order.
   */
  readonly fields: readonly string[];
}

export function visibleParts(seen: SeenCategories, catalogue: CategoryCatalogue, wheel: Wheel): VisibleParts {
  const f = catalogue.fields;
  // A lens part is keyed `<lens id>.<part>` (a triangle's side, a matrix's placement or notes).
  const lensParts = Object.fromEntries(
    Object.entries(f.lenses ?? {}).flatMap(([lensId, parts]) =>
      Object.entries(parts).map(([part, category]) => [`${lensId}.${part}`, category] as const),
    ),
  );
  const groups: [string, Readonly<Record<string, FieldCategory>>][] = [
    ['consultation', f.consultation],
    ['questions', f.questions],
    ['plan', f.plan],
    ['followUp', f.followUp],
    ['lenses', lensParts],
  ];
  return {
    everything: seen === 'all',
    areaIds: wheel.areas.filter((a) => sees(seen, a.category)).map((a) => a.id),
    fields: groups.flatMap(([group, fields]) =>
      Object.entries(fields)
        .filter(([, category]) => category !== 'case' && sees(seen, category))
        .map(([field]) => `${group}.${field}`),
    ),
  };
}
