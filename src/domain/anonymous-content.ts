/**
 * Applies the anonymity guard to everything free-text an anonymous case can hold. Field names are
 * the form input ids the user sees, so a refusal can name the field; the value is never repeated.
 */
import { checkAnonymity } from './anonymity-guard';
import type { AssessmentContent } from './assessment';
import type { ConsultationDetails } from './case';
import { DomainError, identifyingData } from './errors';
import type { PlanContent } from './plan';

export type TextFields = Record<string, string | undefined>;

/** The consultation's free text; a group consultation's actions are named as their inputs (`action1`, …). */
export function detailsFields(d: ConsultationDetails): TextFields {
  return {
    schoolYear: d.schoolYear,
    observations: d.observations,
    tried: d.tried,
    ...groupActionFields(d.groupActions ?? []),
  };
}

export function groupActionFields(actions: readonly string[]): TextFields {
  return Object.fromEntries(actions.map((a, i) => [`action${i + 1}`, a]));
}

export function assessmentFields(a: AssessmentContent): TextFields {
  const fields: TextFields = {};
  for (const [id, answer] of Object.entries(a.answers)) fields[`answer.${id}`] = answer;
  for (const [id, view] of Object.entries(a.areas)) {
    fields[`area.${id}.strengths`] = view.strengths;
    fields[`area.${id}.worries`] = view.worries;
    fields[`area.${id}.childView`] = view.childView;
  }
  return fields;
}

export function planFields(p: PlanContent): TextFields {
  const fields: TextFields = {
    reason: p.reason,
    childsWishForLead: p.childsWishForLead,
    disagreements: p.disagreements,
  };
  p.needs.forEach((n, i) =>
    Object.assign(fields, {
      [`needs.${i}.need`]: n.need,
      [`needs.${i}.childView`]: n.childView,
      [`needs.${i}.guardianView`]: n.guardianView,
    }),
  );
  p.goals.forEach((g, i) =>
    Object.assign(fields, { [`goals.${i}.goal`]: g.goal, [`goals.${i}.inChildsWords`]: g.inChildsWords }),
  );
  p.actions.forEach((a, i) =>
    Object.assign(fields, {
      [`actions.${i}.what`]: a.what,
      [`actions.${i}.who`]: a.who,
      [`actions.${i}.howWeWillKnow`]: a.howWeWillKnow,
    }),
  );
  return fields;
}

/** Every field holding what looks like identifying data, in order. */
export function identifyingFields(fields: TextFields): string[] {
  return checkAnonymity(fields).map((f) => f.field);
}

/** Throws IdentifyingData naming the first offending field. */
export function assertAnonymous(fields: TextFields): void {
  const [first] = identifyingFields(fields);
  if (first !== undefined) throw identifyingData(first);
}

export function isIdentifyingDataError(err: unknown): err is DomainError {
  return err instanceof DomainError && err.code === 'IdentifyingData';
}
