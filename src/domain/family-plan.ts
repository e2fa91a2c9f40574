/**
 * The plan as the family reads it: built from ONE plan version (the current agreed one) and the
 * wheel's labels, nothing else — no consultation text, no assessments, no identity, no reference.
 * Who helps with what and by when, the child's own words, the wheel with the level per area, and
 * the lead professional's work contact.
 */
import type { WorryLevel } from './assessment';
import type { PlanVersion } from './plan';

export interface FamilyPlanInput {
  readonly plan: PlanVersion;
  /** The wheel of the case's unit: area ids and labels in the reader's language, in wheel order. */
  readonly wheel: readonly { readonly id: string; readonly label: string }[];
  readonly unitName: (orgUnitId: string) => string;
  /** The lead professional's work e-mail from configuration, if known. */
  readonly leadEmail: string | null;
}

export interface FamilyPlanView {
  readonly version: number;
  /** YYYY-MM-DD of the version. */
  readonly agreedOn: string;
  readonly reason: string;
  readonly goals: readonly { readonly goal: string; readonly inChildsWords: string }[];
  readonly actions: readonly {
    readonly what: string;
    readonly who: string;
    readonly unit: string;
    readonly byWhen: string;
    readonly howWeWillKnow: string;
  }[];
  readonly needs: readonly {
    readonly area: string;
    readonly need: string;
    readonly childView: string;
    readonly guardianView: string;
  }[];
  readonly wheel: readonly { readonly area: string; readonly level: WorryLevel | null }[];
  readonly lead: { readonly name: string; readonly unit: string; readonly email: string | null } | null;
  readonly followUpDate: string | null;
}

export function familyPlanView(input: FamilyPlanInput): FamilyPlanView {
  const { plan, wheel } = input;
  const c = plan.content;
  const label = (areaId: string) => wheel.find((a) => a.id === areaId)?.label ?? areaId;
  const levelOf = new Map(c.needs.map((n) => [n.areaId, n.level ?? null]));
  return {
    version: plan.version,
    agreedOn: plan.createdAt.toISOString().slice(0, 10),
    reason: c.reason,
    goals: c.goals.map((g) => ({ goal: g.goal, inChildsWords: g.inChildsWords })),
    actions: c.actions.map((a) => ({
      what: a.what,
      who: a.who,
      unit: input.unitName(a.orgUnitId),
      byWhen: a.byWhen,
      howWeWillKnow: a.howWeWillKnow,
    })),
    needs: c.needs.map((n) => ({
      area: label(n.areaId),
      need: n.need,
      childView: n.childView,
      guardianView: n.guardianView,
    })),
    wheel: wheel.map((a) => ({ area: a.label, level: levelOf.get(a.id) ?? null })),
    lead: c.leadProfessional
      ? {
          name: c.leadProfessional.displayName,
          unit: input.unitName(c.leadProfessional.orgUnitId),
          email: input.leadEmail,
        }
      : null,
    followUpDate: c.followUpDate,
  };
}
