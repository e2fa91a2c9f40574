/**
 * The child's plan: one model for the GIRFEC child's plan, SIP and "Barnets plan". Plans are
 * versioned; a revision never erases history.
 */
import type { WorryLevel } from './assessment';
import { forbidden, invalid, notFound } from './errors';
import { isResponsible, type WriteRule } from './standing';

export interface PlanNeed {
  readonly areaId: string;
  readonly need: string;
  readonly childView: string;
  readonly guardianView: string;
  readonly level?: WorryLevel;
}

export interface PlanAction {
  readonly what: string;
  readonly who: string;
  readonly orgUnitId: string;
  readonly byWhen: string;
  readonly howWeWillKnow: string;
}

export interface PlanContent {
  readonly reason: string;
  readonly needs: readonly PlanNeed[];
  /** Goals, including the child's own words. */
  readonly goals: readonly { readonly goal: string; readonly inChildsWords: string }[];
  readonly actions: readonly PlanAction[];
  /** The child's wish for lead professional, recorded before the appointment. */
  readonly childsWishForLead: string;
  readonly leadProfessional: {
    readonly tenantId: string;
    readonly objectId: string;
    readonly displayName: string;
    readonly orgUnitId: string;
  } | null;
  readonly followUpDate: string | null;
  readonly disagreements: string;
  readonly consentId: string | null;
  readonly recipients: readonly string[];
}

export interface PlanVersion {
  readonly caseId: string;
  readonly version: number;
  readonly content: PlanContent;
  readonly agreed: boolean;
  readonly authorName: string;
  readonly createdAt: Date;
}

/** The problems that stop a plan from being agreed (SIP legal minimum and our own). */
export function planAgreementProblems(plan: PlanContent): string[] {
  const problems: string[] = [];
  if (plan.reason.trim() === '') problems.push('reason');
  if (plan.actions.length === 0) problems.push('actions');
  plan.actions.forEach((a, i) => {
    if (a.what.trim() === '' || a.who.trim() === '' || a.orgUnitId === '') problems.push(`actions.${i}`);
  });
  if (plan.childsWishForLead.trim() === '') problems.push('childsWishForLead');
  if (plan.leadProfessional === null) problems.push('leadProfessional');
  if (plan.followUpDate === null) problems.push('followUpDate');
  return problems;
}

/**
 * What a plan write must pass, on the case as it stands in the write's transaction: a plan belongs
 * to a consented case that is not closed and whose plan the writer may see whole (every category:
 * a partial writer would erase what is hidden from them); agreeing needs a
 * responsible party and a complete plan.
 */
export function planWriteRule(content: PlanContent, agreed: boolean): WriteRule {
  return (s) => {
    if (!s.view.plan) throw notFound();
    // A writer who sees only some categories would erase the parts hidden from them.
    if (s.view.categories !== 'all') throw forbidden();
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    if (s.kind !== 'consented') throw invalid('consent');
    if (agreed) {
      if (!isResponsible(s)) throw forbidden();
      const [problem] = planAgreementProblems(content);
      if (problem !== undefined) throw invalid(problem);
    }
  };
}
