/**
 * The meeting card's family section (issue 18): the guardians named in the consent in force, and the
 * child when the child consented too, each with an e-mail input; the child only when the professional
 * confirms the child's age and maturity allow it. What is typed stays on the form (input values), is
 * checked here with the message by its field, and goes to the use case — never into card `data`, a
 * log line or the history.
 */
import type { FamilyEmailInput, FamilySection } from '../../cards/contracts';
import {
  invitableFamily,
  isEmailAddress,
  type FamilyInvitee,
  type InvitableFamily,
} from '../../domain/family-invitation';
import type { FieldErrors } from '../forms';
import type { Turn } from '../turn';

export const childEmailField = 'childEmail';
export const childTakesPartField = 'childTakesPart';
const guardianField = (index: number) => `familyEmail${index + 1}`;

/** Who of the family the consent in force lets the caller invite (nobody on an anonymous consultation). */
export async function invitable(turn: Turn, caseId: string, kind: 'anonymous' | 'consented'): Promise<InvitableFamily> {
  if (kind !== 'consented') return { guardians: [], child: false };
  return invitableFamily(await turn.repos.consents.listConsents(caseId), turn.clock.now());
}

export function familySection(
  turn: Turn,
  family: InvitableFamily,
  values: Readonly<Record<string, string>>,
  errors: FieldErrors,
): FamilySection {
  const input = (id: string, label: string): FamilyEmailInput => ({
    id,
    label,
    value: values[id] ?? '',
    error: errors[id] ?? '',
  });
  return {
    shown: family.guardians.length > 0 || family.child,
    guardians: family.guardians.map((name, i) => input(guardianField(i), turn.t('meeting.guardianEmail', { name }))),
    child: family.child,
    childTakesPart: values[childTakesPartField] === 'true' ? 'true' : 'false',
    childEmail: input(childEmailField, turn.t('meeting.childEmail')),
  };
}

/**
 * The family to invite from the submitted form, or the messages by field: a well-formed address per
 * filled input, no address twice, the child only with the confirmation. Empty inputs invite nobody.
 */
export function familyFromForm(
  turn: Turn,
  family: InvitableFamily,
  raw: Readonly<Record<string, string>>,
): { family: FamilyInvitee[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const invited: FamilyInvitee[] = [];
  const seen = new Set<string>();
  const take = (field: string, invitee: Omit<FamilyInvitee, 'email'>) => {
    const email = (raw[field] ?? '').trim();
    if (email === '') return;
    if (!isEmailAddress(email)) errors[field] = turn.t('validation.invalidEmail');
    else if (seen.has(email.toLowerCase())) errors[field] = turn.t('meeting.familyTwice');
    else {
      seen.add(email.toLowerCase());
      invited.push({ ...invitee, email });
    }
  };
  // An address for someone the consent in force does not name (withdrawn meanwhile, or a forged input) is refused.
  for (const [field, value] of Object.entries(raw)) {
    const n = /^familyEmail(\d+)$/.exec(field);
    const outside = n ? Number(n[1]) > family.guardians.length : field === childEmailField && !family.child;
    if (outside && value.trim() !== '') errors[field] = turn.t('meeting.familyNotCovered');
  }
  family.guardians.forEach((name, i) => take(guardianField(i), { kind: 'guardian', name }));
  if (family.child) {
    const email = (raw[childEmailField] ?? '').trim();
    if (email !== '' && raw[childTakesPartField] !== 'true')
      errors[childEmailField] = turn.t('meeting.childNotConfirmed');
    else take(childEmailField, { kind: 'child', name: null });
  }
  return { family: invited, errors };
}

/** "Eva Testsson, barnet": who of the family is invited, by name (never an address). */
export function familyInvitedText(
  turn: Turn,
  invited: readonly { readonly kind: 'guardian' | 'child'; readonly name: string | null }[],
): string {
  return invited.map((f) => (f.kind === 'child' ? turn.t('meeting.familyChild') : (f.name ?? ''))).join(', ');
}
