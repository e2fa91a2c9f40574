/**
 * Retention (gallring): when a case must be deleted. An anonymous consultation goes after a time
 * without activity; a consented case goes a period after it was closed (measured from its last
 * activity, which is its closing or later). Open consented cases are never deleted by these rules.
 * The periods are the organisation's (its records-management plan); these defaults apply when the
 * configuration names none.
 */
import type { CaseKind, CaseStage } from './case';

export interface RetentionPeriod {
  /** Days without activity after which an anonymous consultation is deleted. */
  readonly anonymousInactiveDays: number;
  /** Days after closing (last activity) after which a closed consented case is deleted. */
  readonly closedCaseDays: number;
}

export const defaultRetention: RetentionPeriod = { anonymousInactiveDays: 90, closedCaseDays: 5 * 365 };

export interface RetentionRules {
  readonly defaults: RetentionPeriod;
  /** Per organisation unit (the case's owning unit), overriding the defaults field by field. */
  readonly perUnit: ReadonlyMap<string, Partial<RetentionPeriod>>;
}

export const defaultRetentionRules: RetentionRules = { defaults: defaultRetention, perUnit: new Map() };

export function retentionPeriodFor(rules: RetentionRules, orgUnitId: string): RetentionPeriod {
  return { ...rules.defaults, ...rules.perUnit.get(orgUnitId) };
}

export type RetentionReason = 'anonymous-inactive' | 'closed-expired';

export interface RetentionCandidate {
  readonly kind: CaseKind;
  readonly stage: CaseStage;
  /** The latest write to the case or any of its records (reads do not count). */
  readonly lastActivityAt: Date;
}

const dayMs = 86_400_000;

/** Why the case is due for deletion at `now`, or null. Due means strictly more than the period has passed. */
export function retentionDue(c: RetentionCandidate, period: RetentionPeriod, now: Date): RetentionReason | null {
  const idle = now.getTime() - c.lastActivityAt.getTime();
  if (c.kind === 'anonymous') return idle > period.anonymousInactiveDays * dayMs ? 'anonymous-inactive' : null;
  if (c.stage === 'closed') return idle > period.closedCaseDays * dayMs ? 'closed-expired' : null;
  return null;
}
