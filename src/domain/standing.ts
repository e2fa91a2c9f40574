/**
 * Where a person stands in a case: what the case is (kind, stage, version), their roles in it, the
 * consents, and what the visibility rule lets them see. The storage door reads it with the access
 * check, in the same transaction as the call it guards; the writability rules below take it.
 */
import type { CaseKind, CaseStage, PartyRole } from './case';
import type { Consent } from './consent';
import type { CaseView } from './visibility';
import { forbidden } from './errors';

export interface CaseStanding {
  readonly caseId: string;
  /** The case's own unit. */
  readonly orgUnitId: string;
  readonly kind: CaseKind;
  readonly stage: CaseStage;
  readonly version: number;
  readonly myRoles: readonly PartyRole[];
  readonly consents: readonly Consent[];
  readonly view: CaseView;
  /** The wheel of the case's unit (its areas' information categories), when the unit is configured. */
  readonly wheelId: string | null;
}

/** A rule a write must pass, judged on the standing read (and locked) in the write's own transaction. */
export type WriteRule = (standing: CaseStanding) => void;

/** A rule that also decides something for the write (e.g. the stage a change leads to). */
export type Decide<T> = (standing: CaseStanding) => T;

/** Roles that carry responsibility for the case: they may change it, add parties and record consent. */
export function isResponsible(standing: Pick<CaseStanding, 'myRoles'>): boolean {
  return standing.myRoles.some((r) => r === 'discoverer' || r === 'named-person' || r === 'lead-professional');
}

/** Changes to who takes part and to the case's course are for the parties responsible for it. */
export const requireResponsible: WriteRule = (s) => {
  if (!isResponsible(s)) throw forbidden();
};
