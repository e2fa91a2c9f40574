/**
 * The one registry of card fixtures (cards/*.fixture.json), shared by the card tests: each fixture
 * is imported as a JSON module and passed through `fixture()`, whose parameter type is the
 * template's contract (src/cards/contracts.ts): a fixture missing a field, or with a field the
 * contract does not know, fails `npm run typecheck`.
 */
import assert from 'node:assert/strict';
import { cards, type ConsultationCard } from '../../src/cards/contracts';
import { render, type AdaptiveCard, type CardTemplate } from '../../src/cards/render';

import caseListFixture from '../../cards/case-list.fixture.json';
import caseListEmptyFixture from '../../cards/case-list.empty.fixture.json';
import caseSummaryFixture from '../../cards/case-summary.fixture.json';
import caseSummaryPersonalFixture from '../../cards/case-summary.personal.fixture.json';
import caseSummaryConsentedFixture from '../../cards/case-summary.consented.fixture.json';
import consentListFixture from '../../cards/consent-list.fixture.json';
import consentListEmptyFixture from '../../cards/consent-list.empty.fixture.json';
import consentFixture from '../../cards/consent.fixture.json';
import consentErrorFixture from '../../cards/consent.error.fixture.json';
import consultationFixture from '../../cards/consultation.fixture.json';
import consultationConsentedFixture from '../../cards/consultation.consented.fixture.json';
import consultationErrorFixture from '../../cards/consultation.error.fixture.json';
import fiveQuestionsFixture from '../../cards/five-questions.fixture.json';
import fiveQuestionsErrorFixture from '../../cards/five-questions.error.fixture.json';
import helpFixture from '../../cards/help.fixture.json';
import messageFixture from '../../cards/message.fixture.json';
import messageErrorFixture from '../../cards/message.error.fixture.json';
import messageConsentFixture from '../../cards/message.consent.fixture.json';
import meetingFixture from '../../cards/meeting.fixture.json';
import meetingErrorFixture from '../../cards/meeting.error.fixture.json';
import planFixture from '../../cards/plan.fixture.json';
import closeCaseFixture from '../../cards/close-case.fixture.json';
import unitChoiceFixture from '../../cards/unit-choice.fixture.json';
import consultFixture from '../../cards/consult.fixture.json';
import outcomeFixture from '../../cards/outcome.fixture.json';
import consultationOfferFixture from '../../cards/consultation-offer.fixture.json';
import closeCaseErrorFixture from '../../cards/close-case.error.fixture.json';
import planChannelFixture from '../../cards/plan-channel.fixture.json';
import familyPdfLinkFixture from '../../cards/family-pdf-link.fixture.json';
import consentSheetLinkFixture from '../../cards/consent-sheet-link.fixture.json';
import planChannelHiddenFixture from '../../cards/plan-channel.hidden.fixture.json';
import planErrorFixture from '../../cards/plan.error.fixture.json';
import wheelFixture from '../../cards/wheel.fixture.json';
import wheelErrorFixture from '../../cards/wheel.error.fixture.json';
import followUpFixture from '../../cards/follow-up.fixture.json';
import followUpReminderFixture from '../../cards/follow-up-reminder.fixture.json';
import handoverFixture from '../../cards/handover.fixture.json';
import handoverOfferFixture from '../../cards/handover-offer.fixture.json';
import worryReceivedFixture from '../../cards/worry-received.fixture.json';
import caseSummaryGroupFixture from '../../cards/case-summary.group.fixture.json';
import consultationFromGroupFixture from '../../cards/consultation.from-group.fixture.json';
import groupConsultationFixture from '../../cards/group-consultation.fixture.json';
import groupConsultationErrorFixture from '../../cards/group-consultation.error.fixture.json';
import groupActionsFixture from '../../cards/group-actions.fixture.json';
import groupActionsNamesFixture from '../../cards/group-actions.names.fixture.json';

// ---------------------------------------------------------------------------------------------
// Type-level contract check
// ---------------------------------------------------------------------------------------------

/** A JSON import widens string literals to `string`: this is the contract as JSON can state it. */
export type AsJson<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer E)[]
        ? readonly AsJson<E>[]
        : { readonly [K in keyof T]: AsJson<T[K]> };

/** Every key of A that the contract E does not have becomes `never`, so extra fields fail too. */
type NoExtraKeys<A, E> = A extends readonly (infer AE)[]
  ? E extends readonly (infer EE)[]
    ? readonly NoExtraKeys<AE, EE>[]
    : A
  : A extends object
    ? E extends object
      ? { readonly [K in keyof A]: K extends keyof E ? NoExtraKeys<A[K], E[K]> : never }
      : A
    : A;

export interface Fixture {
  /** Template name, e.g. 'consent-list' (cards/consent-list.json). */
  readonly template: string;
  /** File name in cards/, e.g. 'consent-list.empty.fixture.json'. */
  readonly file: string;
  readonly render: () => AdaptiveCard;
}

/**
 * Ties a fixture to its template's contract at compile time. `narrow` turns what JSON can state
 * into the contract where the contract has literal types (checked at run time); without literal
 * types the JSON shape is the contract shape.
 */
export function fixture<T, A extends AsJson<T>>(
  template: CardTemplate<T>,
  file: string,
  data: A & NoExtraKeys<A, AsJson<T>>,
  narrow: (data: AsJson<T>) => T = (d) => d as unknown as T,
): Fixture {
  return { template: template.name, file, render: () => render(template, narrow(data)) };
}

const consultationModes: readonly string[] = ['anonymous', 'consented'] satisfies readonly ConsultationCard['mode'][];
export function isConsultationMode(value: string): value is ConsultationCard['mode'] {
  return consultationModes.includes(value);
}
function consultation(data: AsJson<ConsultationCard>): ConsultationCard {
  const { mode, otherMode } = data;
  assert.ok(isConsultationMode(mode), `mode must be one of ${consultationModes.join(', ')}, got ${mode}`);
  assert.ok(
    isConsultationMode(otherMode),
    `otherMode must be one of ${consultationModes.join(', ')}, got ${otherMode}`,
  );
  return { ...data, mode, otherMode };
}

export const fixtures: readonly Fixture[] = [
  fixture(cards.help, 'help.fixture.json', helpFixture),
  fixture(cards.familyPdfLink, 'family-pdf-link.fixture.json', familyPdfLinkFixture),
  fixture(cards.consentSheetLink, 'consent-sheet-link.fixture.json', consentSheetLinkFixture),
  fixture(cards.message, 'message.fixture.json', messageFixture),
  fixture(cards.message, 'message.error.fixture.json', messageErrorFixture),
  fixture(cards.message, 'message.consent.fixture.json', messageConsentFixture),
  fixture(cards.consultation, 'consultation.fixture.json', consultationFixture, consultation),
  fixture(cards.consultation, 'consultation.consented.fixture.json', consultationConsentedFixture, consultation),
  fixture(cards.consultation, 'consultation.error.fixture.json', consultationErrorFixture, consultation),
  fixture(cards.consent, 'consent.fixture.json', consentFixture),
  fixture(cards.consent, 'consent.error.fixture.json', consentErrorFixture),
  fixture(cards.consentList, 'consent-list.fixture.json', consentListFixture),
  fixture(cards.consentList, 'consent-list.empty.fixture.json', consentListEmptyFixture),
  fixture(cards.fiveQuestions, 'five-questions.fixture.json', fiveQuestionsFixture),
  fixture(cards.fiveQuestions, 'five-questions.error.fixture.json', fiveQuestionsErrorFixture),
  fixture(cards.wheel, 'wheel.fixture.json', wheelFixture),
  fixture(cards.wheel, 'wheel.error.fixture.json', wheelErrorFixture),
  fixture(cards.caseSummary, 'case-summary.fixture.json', caseSummaryFixture),
  fixture(cards.caseSummary, 'case-summary.personal.fixture.json', caseSummaryPersonalFixture),
  fixture(cards.caseSummary, 'case-summary.consented.fixture.json', caseSummaryConsentedFixture),
  fixture(cards.caseList, 'case-list.fixture.json', caseListFixture),
  fixture(cards.caseList, 'case-list.empty.fixture.json', caseListEmptyFixture),
  fixture(cards.meeting, 'meeting.fixture.json', meetingFixture),
  fixture(cards.meeting, 'meeting.error.fixture.json', meetingErrorFixture),
  fixture(cards.plan, 'plan.fixture.json', planFixture),
  fixture(cards.plan, 'plan.error.fixture.json', planErrorFixture),
  fixture(cards.planChannel, 'plan-channel.fixture.json', planChannelFixture),
  fixture(cards.planChannel, 'plan-channel.hidden.fixture.json', planChannelHiddenFixture),
  fixture(cards.closeCase, 'close-case.fixture.json', closeCaseFixture),
  fixture(cards.closeCase, 'close-case.error.fixture.json', closeCaseErrorFixture),
  fixture(cards.followUp, 'follow-up.fixture.json', followUpFixture),
  fixture(cards.followUpReminder, 'follow-up-reminder.fixture.json', followUpReminderFixture),
  fixture(cards.handover, 'handover.fixture.json', handoverFixture),
  fixture(cards.handoverOffer, 'handover-offer.fixture.json', handoverOfferFixture),
  fixture(cards.worryReceived, 'worry-received.fixture.json', worryReceivedFixture),
  fixture(cards.unitChoice, 'unit-choice.fixture.json', unitChoiceFixture),
  fixture(cards.consult, 'consult.fixture.json', consultFixture),
  fixture(cards.outcome, 'outcome.fixture.json', outcomeFixture),
  fixture(cards.consultationOffer, 'consultation-offer.fixture.json', consultationOfferFixture),
  fixture(cards.caseSummary, 'case-summary.group.fixture.json', caseSummaryGroupFixture),
  fixture(cards.consultation, 'consultation.from-group.fixture.json', consultationFromGroupFixture, consultation),
  fixture(cards.groupConsultation, 'group-consultation.fixture.json', groupConsultationFixture),
  fixture(cards.groupConsultation, 'group-consultation.error.fixture.json', groupConsultationErrorFixture),
  fixture(cards.groupActions, 'group-actions.fixture.json', groupActionsFixture),
  fixture(cards.groupActions, 'group-actions.names.fixture.json', groupActionsNamesFixture),
];

// ---------------------------------------------------------------------------------------------
// Walking a card's JSON
// ---------------------------------------------------------------------------------------------

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in a JSON value, with its JSON pointer. */
export function* objectsIn(
  value: unknown,
  pointer = '',
): Generator<{ readonly pointer: string; readonly object: JsonObject }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* objectsIn(item, `${pointer}/${i}`);
  } else if (isObject(value)) {
    yield { pointer, object: value };
    for (const [key, item] of Object.entries(value))
      yield* objectsIn(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}
