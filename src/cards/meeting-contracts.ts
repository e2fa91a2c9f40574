/** The data contract of the meeting card (participants, time and the family section). */
import type { Choice, FormState, RemedyState, Texts } from './contracts';

export const meetingFields = ['suggested', 'invitees', 'slot', 'date', 'time', 'minutes'] as const;
export type MeetingField = (typeof meetingFields)[number];

/** One e-mail input of the meeting card's family section: its input id, label, what was typed and its message. */
export interface FamilyEmailInput {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error: string;
}

/**
 * The meeting card's family section (a consented case whose consent in force names guardians or the
 * child): one e-mail input per guardian named in it, and the child's only when the child consented.
 * What is typed is the input's value on the form only: never in an action's `data`.
 */
export interface FamilySection {
  readonly shown: boolean;
  readonly guardians: readonly FamilyEmailInput[];
  /** The child's toggle and e-mail input are shown (the child is among those who consented). */
  readonly child: boolean;
  readonly childTakesPart: string;
  readonly childEmail: FamilyEmailInput;
}

export interface MeetingCard extends FormState<MeetingField>, RemedyState {
  readonly t: Texts;
  readonly caseId: string;
  readonly people: readonly Choice[];
  /** The suggested units' named persons, a checklist ticked by `values.suggested` (empty: not shown). */
  readonly suggestedPeople: readonly Choice[];
  readonly slots: readonly Choice[];
  readonly family: FamilySection;
}
