/**
 * Record a follow-up of the child's plan: a new plan version with the statuses and levels (history
 * kept), reminders for the next date; a case that steps down or closes does so with the reason
 * given, and responsibility returns to the named person (the case repository ends the lead role).
 */
import { followUpProblems, type FollowUpRecord } from '../domain/follow-up';
import type { Repositories } from './ports';

export type FollowUpOutcomeResult = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly field: string };

export async function recordFollowUp(repos: Repositories, caseId: string, record: FollowUpRecord, expectedVersion: number, today: string): Promise<FollowUpOutcomeResult> {
  const current = (await repos.plans.listPlanVersions(caseId)).filter((v) => v.agreed).at(-1);
  if (current) {
    const [problem] = followUpProblems(record, current.content, today);
    if (problem !== undefined) return { ok: false, field: problem };
  }
  const { version } = await repos.followUps.recordFollowUp(caseId, record, expectedVersion);
  if (record.outcome !== 'continue') {
    const kase = await repos.cases.getCase(caseId);
    await repos.cases.changeStage(caseId, { type: record.outcome, reason: record.reason }, kase.version);
  }
  return { ok: true, version: version.version };
}
