/**
 * Following up the child's plan: per action done / partly / not done with the evidence, per area
 * the new level; the result is a new plan version with the next follow-up date. Reminders go to
 * the lead professional some days before the date and on the day. An area that has not improved
 * over two follow-ups suggests widening the team (question 5 again).
 */
import { worryLevels, type WorryLevel } from './assessment';
import { shiftDate, stockholmToInstant } from './local-time';
import type { PlanContent } from './plan';
import { assertAnonymous } from './anonymous-content';
import { forbidden, invalid, notFound } from './errors';
import { requireResponsible, type WriteRule } from './standing';

export const actionStatuses = ['done', 'partly', 'not-done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const followUpOutcomes = ['continue', 'step-down', 'close'] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];

export interface ActionResult {
  /** The action's index in the reviewed plan version. */
  readonly action: number;
  readonly status: ActionStatus;
  readonly evidence: string;
}

export interface FollowUpRecord {
  readonly actionResults: readonly ActionResult[];
  /** Wheel area id → the level now. */
  readonly areaLevels: Readonly<Record<string, WorryLevel>>;
  /** The next follow-up (YYYY-MM-DD); required when the plan continues. */
  readonly nextFollowUpDate: string | null;
  readonly outcome: FollowUpOutcome;
  /** Why the case steps down or closes ('' when it continues). */
  readonly reason: string;
}

export interface FollowUp extends Omit<FollowUpRecord, 'nextFollowUpDate' | 'reason'> {
  readonly caseId: string;
  /** The plan version this follow-up created. */
  readonly planVersion: number;
  readonly reviewedVersion: number;
  readonly dueDate: string | null;
  readonly recordedByName: string;
  readonly recordedAt: Date;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** What stops a follow-up from being recorded (field names as in the card). */
export function followUpProblems(record: FollowUpRecord, reviewed: PlanContent, today: string): string[] {
  const problems: string[] = [];
  reviewed.actions.forEach((_, i) => {
    const results = record.actionResults.filter((r) => r.action === i);
    if (results.length !== 1 || !actionStatuses.includes(results[0]?.status as ActionStatus))
      problems.push(`action.${i}.status`);
  });
  record.actionResults.forEach((r) => {
    if (!Number.isInteger(r.action) || r.action < 0 || r.action >= reviewed.actions.length)
      problems.push(`action.${r.action}.status`);
  });
  for (const [area, level] of Object.entries(record.areaLevels))
    if (!worryLevels.includes(level)) problems.push(`level.${area}`);
  if (record.outcome === 'continue') {
    if (
      record.nextFollowUpDate === null ||
      !isoDate.test(record.nextFollowUpDate) ||
      stockholmToInstant(record.nextFollowUpDate, '00:00') === null
    )
      problems.push('nextFollowUp');
    else if (record.nextFollowUpDate <= today) problems.push('nextFollowUp');
  } else if (record.reason.trim() === '') problems.push('reason');
  return problems;
}

/** The new plan version's content: the levels per area updated, the next follow-up date set. */
export function revisedPlan(reviewed: PlanContent, record: FollowUpRecord): PlanContent {
  const needs = reviewed.needs.map((n) =>
    record.areaLevels[n.areaId] ? { ...n, level: record.areaLevels[n.areaId] } : n,
  );
  const known = new Set(needs.map((n) => n.areaId));
  const added = Object.entries(record.areaLevels)
    .filter(([area]) => !known.has(area))
    .map(([areaId, level]) => ({ areaId, need: '', childView: '', guardianView: '', level }));
  return {
    ...reviewed,
    needs: [...needs, ...added],
    followUpDate: record.outcome === 'continue' ? record.nextFollowUpDate : null,
  };
}

const rank: Readonly<Record<WorryLevel, number>> = { none: 0, some: 1, significant: 2 };

/**
 * Areas with worry that did not improve over the last two follow-ups: each of the two recorded a
 * level no better than the level before it (the plan's level before the first of them, when known).
 */
export function areasWithoutImprovement(baseline: PlanContent | null, followUps: readonly FollowUp[]): string[] {
  if (followUps.length < 2) return [];
  const ordered = [...followUps].sort((a, b) => a.planVersion - b.planVersion);
  const last = ordered.at(-1);
  const previous = ordered.at(-2);
  if (last === undefined || previous === undefined) return [];
  const before =
    ordered.at(-3)?.areaLevels ??
    Object.fromEntries((baseline?.needs ?? []).flatMap((n) => (n.level ? [[n.areaId, n.level]] : [])));
  return Object.entries(last.areaLevels)
    .filter(([area, level]) => {
      const prev = previous.areaLevels[area];
      if (level === 'none' || prev === undefined || rank[level] < rank[prev]) return false;
      const first = before[area];
      return first === undefined || rank[prev] >= rank[first];
    })
    .map(([area]) => area)
    .sort();
}

export const reminderKinds = ['before', 'due'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** Reminders are sent at this local (Stockholm) time on their day. */
export const reminderTimeOfDay = '08:00';

/**
 * When to remind for a follow-up date: `daysBefore` days before and on the day, at 08:00 in
 * Stockholm. Times already past are left out (a plan agreed the day before gets only the reminder
 * on the day), so re-agreeing a plan never sends a reminder for a moment that has gone.
 */
export function reminderTimes(dueDate: string, daysBefore: number, now: Date): { kind: ReminderKind; runAt: Date }[] {
  const times: { kind: ReminderKind; runAt: Date | null }[] = [
    { kind: 'before', runAt: stockholmToInstant(shiftDate(dueDate, -daysBefore), reminderTimeOfDay) },
    { kind: 'due', runAt: stockholmToInstant(dueDate, reminderTimeOfDay) },
  ];
  return times.flatMap((t) =>
    t.runAt !== null && t.runAt.getTime() > now.getTime() ? [{ kind: t.kind, runAt: t.runAt }] : [],
  );
}

/** The idempotency key of one reminder: one job per case, plan version, due date and kind. */
export function reminderKey(caseId: string, planVersion: number, dueDate: string, kind: ReminderKind): string {
  return `followUp.remind:${caseId}:${planVersion}:${dueDate}:${kind}`;
}

/**
 * What recording a follow-up must pass on the case as it stands: an open case whose plan the writer
 * may see, a responsible party, a complete record, and nothing identifying in an anonymous case.
 */
export function followUpWriteRule(record: FollowUpRecord, reviewed: PlanContent, today: string): WriteRule {
  return (s) => {
    if (!s.view.plan) throw notFound();
    if (s.stage === 'closed') throw invalid('stage', 'closed');
    requireResponsible(s);
    // The revised plan is written whole: a writer who sees only some categories would erase the rest.
    if (s.view.categories !== 'all') throw forbidden();
    const [problem] = followUpProblems(record, reviewed, today);
    if (problem !== undefined) throw invalid(problem);
    if (s.kind === 'anonymous')
      assertAnonymous({
        ...Object.fromEntries(record.actionResults.map((r) => [`action.${r.action}.evidence`, r.evidence])),
        reason: record.reason,
      });
  };
}
