/**
 * An assessment entry is one contributor's view: answers to the five questions and, per wheel area,
 * a level with strengths, worries and the child's own view. The wheel is a conversation aid, not a score.
 */
import { assertAnonymous, assessmentFields } from './anonymous-content';
import { invalid, notFound } from './errors';
import type { WriteRule } from './standing';
export const worryLevels = ['none', 'some', 'significant'] as const;
export type WorryLevel = (typeof worryLevels)[number];

export interface AreaView {
  readonly level?: WorryLevel;
  readonly strengths: string;
  readonly worries: string;
  readonly childView: string;
}

export interface AssessmentContent {
  /** Question id (q1..q5) → answer. */
  readonly answers: Readonly<Record<string, string>>;
  /** Wheel area id → the contributor's view of it. */
  readonly areas: Readonly<Record<string, AreaView>>;
}

export interface AssessmentEntry extends AssessmentContent {
  readonly id: string;
  readonly caseId: string;
  readonly authorTenantId: string;
  readonly authorObjectId: string;
  readonly authorName: string;
  readonly authorOrgUnitId: string;
  /** Optimistic concurrency: a write names the version it read. */
  readonly version: number;
  readonly updatedAt: Date;
}

export const emptyAssessment: AssessmentContent = { answers: {}, areas: {} };

export { areasNeedingReportNotice } from './report-notice';

/**
 * What an assessment write must pass, on the case as it stands in the write's transaction: a case
 * that is not closed, whose assessments the writer may see, with nothing identifying in an anonymous
 * consultation, and only areas of the case's own wheel (or areas already in the entry, recorded with
 * another wheel before, which are kept as they were).
 */
export function assessmentWriteRule(content: AssessmentContent, allowedAreaIds: ReadonlySet<string>): WriteRule {
  return (s) => {
    if (!s.view.assessments) throw notFound();
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    const foreign = Object.keys(content.areas).find((id) => !allowedAreaIds.has(id));
    if (foreign !== undefined) throw invalid(`areas.${foreign}`);
    if (s.kind === 'anonymous') assertAnonymous(assessmentFields(content));
  };
}
