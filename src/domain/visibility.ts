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
 * - With one, it sees the child's identity, and beyond identity exactly the information categories
 *   its unit's consents in force cover (`categories`; domain/disclosure.ts filters field by field).
 *
 * - A consultee of a unit no consent covers, once the consultation has become a consented case, sees
 *   nothing of the live case; it keeps the anonymous phase as it was at the conversion (a frozen
 *   snapshot — it identified nobody) and nothing added after it (`seesFrozenConsultation`).
 *
 * New roles (e.g. consulted professionals) are added here.
 */
import type { CaseKind, PartyRole } from './case';
import { consentCovers, consentInForce, type Consent, type InformationCategory } from './consent';
import { normaliseSeen, type SeenCategories } from './disclosure';

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
  /** The information categories whose parts the party sees ('all': every part). */
  readonly categories: SeenCategories;
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
  categories: 'all',
});

/** The categories the consents in force at `at` cover for a unit (none: the unit is not covered). */
export function coveredCategories(
  consents: readonly Consent[],
  orgUnitId: string,
  at: Date,
): readonly InformationCategory[] {
  const covering = consents.filter((c) => consentInForce(c, at) && c.orgUnitIds.includes(orgUnitId));
  return [...new Set(covering.flatMap((c) => c.informationCategories))];
}

/** What this party may see of the case at `at`; null when nothing (the case does not exist for them). */
export function viewFor(kase: ViewedCase, party: Viewer, consents: readonly Consent[], at: Date): CaseView | null {
  if (party.orgUnitId === kase.orgUnitId) return everything(kase.kind);
  if (kase.kind === 'anonymous') return everything('anonymous');
  if (!consentCovers(consents, party.orgUnitId, at)) return null;
  return { ...everything('consented'), categories: normaliseSeen(coveredCategories(consents, party.orgUnitId, at)) };
}

/** May a person acting for `orgUnitId` see the case at all (a party to add, a recipient to notify)? */
export function unitMaySee(kase: ViewedCase, orgUnitId: string, consents: readonly Consent[], at: Date): boolean {
  return viewFor(kase, { orgUnitId }, consents, at) !== null;
}

/**
 * Does this party read the frozen snapshot of the anonymous phase instead of the case: a consultee
 * whom the live case no longer shows anything, because it became a consented case whose consents in
 * force do not cover the consultee's unit (or no longer do)?
 */
export function seesFrozenConsultation(
  kase: ViewedCase,
  party: Viewer,
  consents: readonly Consent[],
  at: Date,
): boolean {
  return (
    kase.kind === 'consented' &&
    (party.roles ?? []).includes('consultee') &&
    viewFor(kase, party, consents, at) === null
  );
}
