/**
 * The golden rule, decided once: what a party may see of a case is necessary, relevant and
 * proportionate. This is the one visibility rule; the storage door applies it to every read and
 * write (chat, tab, event streams, reports, PDFs, jobs that post to Teams), so no door decides its own.
 *
 * - A party of the case's own unit sees everything (identity only exists in a consented case).
 * - An anonymous consultation identifies nobody: a party of another unit sees its content.
 * - A consented case: a party of another unit sees it only while a consent in force covers that unit.
 *   Without one it sees nothing at all — `null`, which every door answers as NotFound, exactly as for
 *   a stranger (not even the reference or the participant list).
 *
 * New roles (e.g. consulted professionals) and finer parts (information categories) are added here.
 */
import type { CaseKind, PartyRole } from './case';
import { consentCovers, type Consent } from './consent';

/** The named parts of a case a party may see. */
export interface CaseView {
  readonly reference: true;
  readonly participants: true;
  /** The child's name, birth date or personnummer and guardians (consented cases only). */
  readonly identity: boolean;
  /** The consultation's own text: age band, school year, worry areas, what was seen and tried. */
  readonly consultation: boolean;
  readonly assessments: boolean;
  readonly plan: boolean;
}

export interface ViewedCase {
  readonly kind: CaseKind;
  readonly orgUnitId: string;
}

export interface Viewer {
  /** The unit the party acts for in this case. */
  readonly orgUnitId: string;
  readonly roles?: readonly PartyRole[];
}

const everything = (kind: CaseKind): CaseView => ({
  reference: true,
  participants: true,
  identity: kind === 'consented',
  consultation: true,
  assessments: true,
  plan: true,
});

/** What this party may see of the case at `at`; null when nothing (the case does not exist for them). */
export function viewFor(kase: ViewedCase, party: Viewer, consents: readonly Consent[], at: Date): CaseView | null {
  if (party.orgUnitId === kase.orgUnitId) return everything(kase.kind);
  if (kase.kind === 'anonymous') return everything('anonymous');
  return consentCovers(consents, party.orgUnitId, at) ? everything('consented') : null;
}

/** May a person acting for `orgUnitId` see the case at all (a party to add, a recipient to notify)? */
export function unitMaySee(kase: ViewedCase, orgUnitId: string, consents: readonly Consent[], at: Date): boolean {
  return viewFor(kase, { orgUnitId }, consents, at) !== null;
}
