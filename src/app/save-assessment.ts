/**
 * Save the five questions or the wheel: both are parts of the contributor's own assessment entry.
 * The entry is versioned; the caller names the version it read, so a stale save is a Conflict.
 */
import type { AreaView, AssessmentEntry } from '../domain/assessment';
import type { Repositories } from './ports';

async function mine(repos: Repositories, caseId: string) {
  return (await repos.assessments.getMyAssessment(caseId)) ?? { answers: {}, areas: {}, version: 0 };
}

export async function saveAnswers(repos: Repositories, caseId: string, answers: Record<string, string>, expectedVersion: number): Promise<AssessmentEntry> {
  const current = await mine(repos, caseId);
  const saved = await repos.assessments.saveAssessment(caseId, { answers, areas: current.areas }, expectedVersion);
  await repos.drafts.deleteDraft('five-questions', caseId);
  return saved;
}

export async function saveWheel(repos: Repositories, caseId: string, areas: Record<string, AreaView>, expectedVersion: number): Promise<AssessmentEntry> {
  const current = await mine(repos, caseId);
  const saved = await repos.assessments.saveAssessment(caseId, { answers: current.answers, areas }, expectedVersion);
  await repos.drafts.deleteDraft('wheel', caseId);
  return saved;
}
