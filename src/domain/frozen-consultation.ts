/**
 * The anonymous phase of a consultation as it was when it became a consented case (issue 17). It
 * identified nobody, so a consultee of a unit the consent does not cover keeps it, read-only, and
 * sees nothing added after it (domain/visibility.ts `seesFrozenConsultation` decides who).
 */
import type { AssessmentContent } from './assessment';
import type { ConsultationDetails, ConsultationOutcome, PartyRole } from './case';

export interface FrozenConsultation {
  readonly caseId: string;
  readonly reference: string;
  /** The consultation's own unit (whose wheel and questions its entries were recorded with). */
  readonly orgUnitId: string;
  readonly takenAt: Date;
  readonly details: ConsultationDetails;
  readonly outcome: ConsultationOutcome | null;
  readonly participants: readonly {
    readonly displayName: string;
    readonly orgUnitId: string;
    readonly role: PartyRole;
  }[];
  /** Everyone's entries at the conversion: the five questions (a consultee's advice) and the wheel. */
  readonly assessments: readonly (AssessmentContent & {
    readonly authorName: string;
    readonly authorOrgUnitId: string;
    readonly updatedAt: Date;
  })[];
}

export interface FrozenConsultationSummary {
  readonly caseId: string;
  readonly reference: string;
  readonly takenAt: Date;
}
