/** The data contracts of the hand-over cards: the giver's form and the receiver's offer. */
import type { Choice, RemedyState, Texts } from './contracts';

export interface HandoverCard extends RemedyState {
  readonly t: Texts;
  readonly caseId: string;
  readonly roles: readonly Choice[];
  readonly people: readonly Choice[];
  readonly role: string;
  readonly receiver: string;
  /** Why the lead is not the one the child wished for (required then; domain/child-voice.ts). */
  readonly reason: string;
  readonly message: string;
  readonly formError: string;
  readonly pending: readonly string[];
}

/** The receiver's card: accept or decline the role. */
export interface HandoverOfferCard {
  readonly t: Texts;
  readonly caseId: string;
  readonly handoverId: string;
}
