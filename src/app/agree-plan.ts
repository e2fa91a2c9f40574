/**
 * Save or agree the child's plan. Saving stores a new (not agreed) version; agreeing — only by the
 * lead professional named in the plan — stores a new agreed version, moves the case to "plan
 * active" and queues the post in the plan channel (in the plan repository's transaction).
 */
import type { CaseStage } from '../domain/case';
import { conflict, invalid } from '../domain/errors';
import type { PlanContent, PlanVersion } from '../domain/plan';
import type { Repositories } from './ports';

export type PlanOutcome = { readonly version: PlanVersion; readonly agreed: boolean; readonly awaitsLead: boolean };

const path: readonly CaseStage[] = ['consultation', 'mapping', 'collaboration', 'plan-active'];

async function appointLead(repos: Repositories, caseId: string, plan: PlanContent, me: { tenantId: string; objectId: string }, agreeing: boolean): Promise<void> {
  const lead = plan.leadProfessional;
  if (lead === null) return;
  const parties = await repos.parties.listParties(caseId);
  const party = parties.find((p) => p.objectId === lead.objectId && p.tenantId === lead.tenantId);
  if (!party) throw invalid('lead');
  const alreadyLead = parties.some((p) => p.objectId === lead.objectId && p.role === 'lead-professional');
  const isMe = lead.objectId === me.objectId && lead.tenantId === me.tenantId;
  // The group appoints the lead at the meeting (recorded by whoever saves the plan); the lead agreeing
  // their own plan takes the role too, so reminders and hand-overs find them as a party.
  if (!alreadyLead && (!isMe || agreeing)) await repos.parties.addParty(caseId, { ...party, role: 'lead-professional' });
}

async function moveToPlanActive(repos: Repositories, caseId: string): Promise<void> {
  let kase = await repos.cases.getCase(caseId);
  for (let i = path.indexOf(kase.stage) + 1; i > 0 && i < path.length; i++) {
    const to = path[i];
    if (to === undefined) break;
    kase = await repos.cases.changeStage(caseId, { type: 'advance', to }, kase.version);
  }
}

export async function savePlan(repos: Repositories, caseId: string, plan: PlanContent, expectedVersion: number, me: { tenantId: string; objectId: string }, wantAgree: boolean): Promise<PlanOutcome> {
  const isLead = plan.leadProfessional !== null && plan.leadProfessional.objectId === me.objectId && plan.leadProfessional.tenantId === me.tenantId;
  const agree = wantAgree && isLead;
  // A stale save changes nothing: the version is checked before the appointment and the stage move
  // (and again, atomically, when the version is stored).
  if (((await repos.plans.getCurrentPlan(caseId))?.version ?? 0) !== expectedVersion) throw conflict();
  await appointLead(repos, caseId, plan, me, agree);
  if (agree) await moveToPlanActive(repos, caseId);
  const version = await repos.plans.savePlan(caseId, plan, agree, expectedVersion);
  return { version, agreed: agree, awaitsLead: wantAgree && !isLead };
}
