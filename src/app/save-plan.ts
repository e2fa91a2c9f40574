/**
 * Save or agree the child's plan — the one home of this use case, whichever door it comes through
 * (chat card, meeting tab). Saving stores a new version; agreeing — only by the lead professional the
 * plan names — appoints them, moves the case to "plan active", stores an agreed version, queues the
 * post in the plan channel and the follow-up reminders, and writes the history: all of it or none.
 */
import type { CaseStage } from '../domain/case';
import { childsWishedLead, leadNeedsReason } from '../domain/child-voice';
import { conflict, invalid } from '../domain/errors';
import { planAgreementProblems, planWriteRule, type PlanContent, type PlanVersion } from '../domain/plan';
import { areaIds } from '../domain/wheel';
import { addParty } from './add-party';
import { changeStage } from './change-stage';
import type { UseCaseContext } from './context';
import type { CardRef } from './external-ports';
import { queueFollowUpReminders } from './follow-up-reminders';
import { planContentFrom, type PlanInput } from './plan-input';
import { wheelFor } from './world';

export type SavePlanResult =
  /** Agreeing was asked for a plan that is not complete: nothing was stored. */
  | { readonly kind: 'incomplete'; readonly problems: readonly string[] }
  | { readonly kind: 'saved'; readonly version: PlanVersion; readonly agreed: boolean; readonly awaitsLead: boolean };

const path: readonly CaseStage[] = ['consultation', 'mapping', 'collaboration', 'plan-active'];

async function appointLead(ctx: UseCaseContext, caseId: string, plan: PlanContent, agreeing: boolean): Promise<void> {
  const lead = plan.leadProfessional;
  if (lead === null) return;
  const parties = await ctx.repos.parties.listParties(caseId);
  const party = parties.find((p) => p.objectId === lead.objectId && p.tenantId === lead.tenantId);
  if (!party) throw invalid('leadObjectId');
  const alreadyLead = parties.some((p) => p.objectId === lead.objectId && p.role === 'lead-professional');
  const isMe = lead.objectId === ctx.actor.objectId && lead.tenantId === ctx.actor.tenantId;
  // The group appoints the lead at the meeting (recorded by whoever saves the plan); the lead agreeing
  // their own plan takes the role too, so reminders and hand-overs find them as a party.
  if (!alreadyLead && (!isMe || agreeing)) await addParty(ctx, caseId, { ...party, role: 'lead-professional' });
}

async function moveToPlanActive(
  ctx: UseCaseContext,
  caseId: string,
  from: { stage: CaseStage; version: number },
): Promise<void> {
  let at = from;
  for (let i = path.indexOf(at.stage) + 1; i > 0 && i < path.length; i++) {
    const to = path[i];
    if (to === undefined) break;
    at = await changeStage(ctx, caseId, { type: 'advance', to }, at.version);
  }
}

/**
 * "Avvikelser från barnets önskemål ska endast ske av särskilda skäl": a plan that appoints another
 * lead than the one the child wished for (domain/child-voice.ts) needs the reason — Invalid naming
 * `leadReason` without one. The reason to record, or null when none is needed.
 */
async function reasonAgainstChildsWish(
  ctx: UseCaseContext,
  caseId: string,
  content: PlanContent,
  stored: PlanContent | null,
  input: PlanInput,
): Promise<string | null> {
  const wish = childsWishedLead(await ctx.repos.voices.getVoices(caseId));
  if (!leadNeedsReason(wish, content.leadProfessional, stored?.leadProfessional ?? null)) return null;
  const reason = (input.leadReason ?? '').trim();
  if (reason === '') throw invalid('leadReason');
  return reason;
}

export async function savePlan(
  ctx: UseCaseContext,
  caseId: string,
  input: PlanInput,
  expectedVersion: number,
  wantAgree: boolean,
  /** The card the person agreed on: the publish job updates it when the plan is posted. */
  card?: CardRef | null,
): Promise<SavePlanResult> {
  const { repos, actor, world } = ctx;
  return ctx.atomically(async () => {
    const kase = await repos.cases.getCase(caseId);
    const units = new Set(world.orgUnits.map((u) => u.id));
    const content = planContentFrom(
      input,
      await repos.parties.listParties(caseId),
      units,
      new Set(areaIds(wheelFor(world, kase.orgUnitId))),
    );
    if (wantAgree) {
      const problems = planAgreementProblems(content);
      if (problems.length > 0) return { kind: 'incomplete', problems };
    }
    const isLead =
      content.leadProfessional !== null &&
      content.leadProfessional.objectId === actor.objectId &&
      content.leadProfessional.tenantId === actor.tenantId;
    const agree = wantAgree && isLead;
    // A stale save changes nothing: the version is checked before the appointment and the stage move
    // (and again, atomically, when the version is stored).
    const current = await repos.plans.getCurrentPlan(caseId);
    if ((current?.version ?? 0) !== expectedVersion) throw conflict();
    const leadReason = await reasonAgainstChildsWish(ctx, caseId, content, current?.content ?? null, input);
    await appointLead(ctx, caseId, content, agree);
    if (agree) await moveToPlanActive(ctx, caseId, kase);
    const version = await repos.plans.savePlan(caseId, content, agree, expectedVersion, planWriteRule(content, agree));
    if (leadReason !== null)
      await repos.history.record(caseId, {
        type: 'lead.againstChildsWish',
        detail: { role: 'lead-professional', reason: leadReason, planVersion: version.version },
      });
    if (agree) {
      await repos.jobs.enqueue(caseId, {
        kind: 'plan.publish',
        key: `plan.publish:${caseId}:${version.version}`,
        payload: { caseId, version: version.version, ...(card ? { card } : {}) },
        coalesce: true,
      });
      await repos.history.record(caseId, { type: 'plan.agreed', detail: { version: version.version } });
      await queueFollowUpReminders(ctx, {
        caseId,
        orgUnitId: kase.orgUnitId,
        version: version.version,
        followUpDate: content.followUpDate,
      });
    }
    return { kind: 'saved', version, agreed: agree, awaitsLead: wantAgree && !isLead };
  });
}
