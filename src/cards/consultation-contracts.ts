/** The data contracts of the anonymous consultation's cards (consulting others, the request, the outcome). */
import type { Choice, FormState, Texts } from './contracts';

/** Invite consultees to an anonymous consultation. */
export interface ConsultCard extends FormState<'consultees' | 'consultationFunction'> {
  readonly t: Texts;
  readonly caseId: string;
  readonly people: readonly Choice[];
  readonly functions: readonly Choice[];
  readonly notice: string;
  readonly consulted: readonly string[];
}

/** Record how an anonymous consultation ended. */
export interface OutcomeCard extends FormState<'outcome'> {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly outcomes: readonly Choice[];
}

/** A member of a consultation function: take the consultation, or see who took it. */
export interface ConsultationOfferCard {
  readonly t: Texts;
  readonly requestId: string;
  readonly taken: boolean;
}
