/**
 * Save the five questions or the wheel: both are parts of the contributor's own assessment entry.
 * The entry is versioned; the caller names the version it read, so a stale save is a Conflict.
 */
import type { AreaView, AssessmentEntry } from '../domain/assessment';
import type { Repositories } from './ports';

/** The entry as the caller read it in this turn (null: none stored yet). */
type Read = Pick<AssessmentEntry, 'answers' | 'areas' | 'version'> | null;

/**
 * The caller's own entry as stored at `expectedVersion`. The caller's own read of this turn is used
 * when it is of that version (one audited read fewer); otherwise it is read again. The save checks
 * `expectedVersion` in any case, so an entry changed since is a Conflict, never overwritten.
 */
async function mine(repos: Repositories, caseId: string, expectedVersion: number, read: Read | undefined) {
  if (read !== undefined && (read?.version ?? 0) === expectedVersion) return read ?? { answers: {}, areas: {} };
  return (await repos.assessments.getMyAssessment(caseId)) ?? { answers: {}, areas: {} };
}

export async function saveAnswers(repos: Repositories, caseId: string, answers: Record<string, string>, expectedVersion: number, read?: Read): Promise<AssessmentEntry> {
  const current = await mine(repos, caseId, expectedVersion, read);
  const saved = await repos.assessments.saveAssessment(caseId, { answers, areas: current.areas }, expectedVersion);
  await repos.drafts.deleteDraft('five-questions', caseId);
  return saved;
}

export async function saveWheel(repos: Repositories, caseId: string, areas: Record<string, AreaView>, expectedVersion: number, read?: Read): Promise<AssessmentEntry> {
  const current = await mine(repos, caseId, expectedVersion, read);
  const saved = await repos.assessments.saveAssessment(caseId, { answers: current.answers, areas }, expectedVersion);
  await repos.drafts.deleteDraft('wheel', caseId);
  return saved;
}
