/** The data contracts of the anonymous consultation's cards (consulting others, the request, the outcome). */
import type { Choice, FormState, NameCheck, Texts } from './contracts';

/** Invite consultees to an anonymous consultation. */
export interface ConsultCard extends FormState<'suggested' | 'consultees' | 'consultationFunction'> {
  readonly t: Texts;
  readonly caseId: string;
  readonly people: readonly Choice[];
  /** The suggested units' named persons (when no consultation function is suggested), a ticked checklist. */
  readonly suggestedPeople: readonly Choice[];
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

/** A group consultation (issue 17, item 3): the group only from lists, free text guarded. */
export const groupConsultationFields = [
  'unit',
  'groupSetting',
  'groupSize',
  'groupAgeBand',
  'worryAreas',
  'observations',
  'tried',
  'action1',
  'action2',
  'action3',
] as const;
export type GroupConsultationField = (typeof groupConsultationFields)[number];

export interface GroupConsultationCard extends FormState<GroupConsultationField> {
  readonly t: Texts;
  /** The group's preschool, school or leisure-time centre (its named person gets the consultation). */
  readonly units: readonly Choice[];
  readonly settings: readonly Choice[];
  readonly sizes: readonly Choice[];
  readonly ageBands: readonly Choice[];
  readonly areas: readonly Choice[];
  readonly nameCheck: NameCheck;
}

/** The actions for the group of a group consultation. */
export const groupActionInputs = ['action1', 'action2', 'action3', 'action4', 'action5'] as const;
export type GroupActionInput = (typeof groupActionInputs)[number];

export interface GroupActionsCard extends FormState<GroupActionInput> {
  readonly t: Texts;
  readonly caseId: string;
  readonly version: number;
  readonly nameCheck: NameCheck;
}
