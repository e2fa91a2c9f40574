/**
 * The SIP minimum (samordnad individuell plan): what a child's plan must say to be labelled a SIP in
 * an agency's copy. The content the law asks of the plan (HSL 2017:30 16 kap. 4 §; the social services
 * act's provision on the coordinated individual plan, SFS 2001:453 2 kap. 7 §): which interventions are
 * needed, which each agency answers for, who has the overall responsibility — drawn up with the
 * child's and guardians' consent and, where possible, together with them; SKR's guidance adds the
 * follow-up date. "Coordinated" means more than one agency takes part.
 *
 * Judged on the copy a party receives (the plan as its unit may see it): a criterion whose parts are
 * withheld from that copy is missing from it, and says so (`withheld`).
 */
import type { Consent } from './consent';
import { consentInForce } from './consent';
import type { PlanContent } from './plan';

export interface SipCriterion {
  readonly id: string;
  /** Where the requirement comes from. */
  readonly source: string;
  /** The plan fields it is judged on (a field withheld from the copy makes the criterion unjudgeable there). */
  readonly fields: readonly string[];
  readonly met: (plan: PlanContent, consents: readonly Consent[], at: Date) => boolean;
}

const filled = (s: string) => s.trim() !== '';

/** The SIP minimum, in the order the export lists it. */
export const sipCriteria: readonly SipCriterion[] = [
  {
    id: 'interventions',
    source: 'HSL 16 kap. 4 § p. 1; SFS 2001:453 2 kap. 7 § p. 1',
    fields: ['plan.actions'],
    met: (p) => p.actions.length > 0,
  },
  {
    id: 'responsibleAgency',
    source: 'HSL 16 kap. 4 § p. 2–3; SFS 2001:453 2 kap. 7 § p. 2–3',
    fields: ['plan.actions'],
    met: (p) => p.actions.length > 0 && p.actions.every((a) => filled(a.what) && filled(a.who) && a.orgUnitId !== ''),
  },
  {
    id: 'severalAgencies',
    source: 'HSL 16 kap. 4 § (coordination between agencies)',
    fields: ['plan.actions'],
    met: (p) => new Set(p.actions.map((a) => a.orgUnitId).filter((u) => u !== '')).size >= 2,
  },
  {
    id: 'overallResponsibility',
    source: 'HSL 16 kap. 4 § p. 4; SFS 2001:453 2 kap. 7 § p. 4',
    fields: ['plan.leadProfessional'],
    met: (p) => p.leadProfessional !== null && p.leadProfessional.orgUnitId !== '',
  },
  {
    id: 'followUp',
    source: 'SKR, Använd SIP (follow-up date)',
    fields: ['plan.followUpDate'],
    met: (p) => p.followUpDate !== null && filled(p.followUpDate),
  },
  {
    id: 'participation',
    source: 'HSL 16 kap. 4 § (drawn up together with the individual); Barnkonventionen art. 12',
    fields: ['plan.needs', 'plan.goals', 'plan.childsWishForLead'],
    met: (p) =>
      filled(p.childsWishForLead) ||
      p.needs.some((n) => filled(n.childView) || filled(n.guardianView)) ||
      p.goals.some((g) => filled(g.inChildsWords)),
  },
  {
    id: 'consent',
    source: 'HSL 16 kap. 4 §; SFS 2001:453 2 kap. 7 § (with the individual’s consent)',
    fields: [],
    met: (_p, consents, at) => consents.some((c) => consentInForce(c, at)),
  },
];

export interface SipAssessment {
  readonly met: boolean;
  /** The criteria this copy does not meet; `withheld`: a part it is judged on is withheld from the copy. */
  readonly missing: readonly { readonly criterion: string; readonly withheld: boolean }[];
}

/** Does this copy of the plan meet the SIP minimum (`withheldFields`: the plan fields kept from it)? */
export function assessSip(
  plan: PlanContent,
  consents: readonly Consent[],
  at: Date,
  withheldFields: readonly string[],
): SipAssessment {
  const missing = sipCriteria
    .filter((c) => !c.met(plan, consents, at))
    .map((c) => ({ criterion: c.id, withheld: c.fields.some((f) => withheldFields.includes(f)) }));
  return { met: missing.length === 0, missing };
}
