/**
 * The family in the collaboration meeting (issue 18): guardians, and the child where age and maturity
 * allow, are invited by e-mail as external attendees — only those a consent in force names as having
 * consented. Their addresses are personal data: kept on the meeting only until the event exists, never
 * in a subject, a body, a card, a log line or an audit row.
 */
import { consentInForce, type Consent } from './consent';
import { invalid } from './errors';

/** One member of the family invited to a meeting (the address is blanked once the event exists). */
export interface FamilyInvitee {
  readonly kind: 'guardian' | 'child';
  /** The guardian's name as the consent records it; null for the child. */
  readonly name: string | null;
  readonly email: string;
}

/** Who of the family may be invited now: the guardians named in a consent in force, and the child when it consented. */
export interface InvitableFamily {
  readonly guardians: readonly string[];
  readonly child: boolean;
}

export function invitableFamily(consents: readonly Consent[], at: Date): InvitableFamily {
  const inForce = consents.filter((c) => consentInForce(c, at));
  const guardians: string[] = [];
  for (const giver of inForce.flatMap((c) => c.givenBy)) {
    const name = giver.name?.trim() ?? '';
    if (giver.kind === 'guardian' && name !== '' && !guardians.includes(name)) guardians.push(name);
  }
  return { guardians, child: inForce.some((c) => c.givenBy.some((g) => g.kind === 'child')) };
}

/** A plain e-mail address (one @, a dotted domain, no spaces or separators), at most 254 characters. */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/u.test(text);
}

/**
 * Inviting the family: each guardian named in a consent in force at most once, the child only when a
 * consent in force was given by the child too, every address well formed.
 */
export function checkFamilyInvitation(family: readonly FamilyInvitee[], consents: readonly Consent[], at: Date): void {
  const allowed = invitableFamily(consents, at);
  const seen = new Set<string>();
  for (const f of family) {
    if (!isEmailAddress(f.email)) throw invalid('family', 'email');
    const key = f.kind === 'child' ? 'child' : `guardian:${f.name ?? ''}`;
    if (seen.has(key)) throw invalid('family', 'twice');
    seen.add(key);
    if (f.kind === 'child' ? !allowed.child : !allowed.guardians.includes(f.name ?? ''))
      throw invalid('family', 'consent');
  }
}
