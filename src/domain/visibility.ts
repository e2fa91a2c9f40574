/**
 * The golden rule: a party sees what is necessary, relevant and proportionate. Everyone who is a
 * party sees the opaque reference and who takes part; child identity, assessments and the plan
 * reach another organisation unit only while a consent covers it.
 */
import type { CaseKind, CaseParty } from './case';
import { consentCovers, type Consent } from './consent';

export interface CaseView {
  readonly reference: true;
  readonly participants: true;
  readonly identity: boolean;
  readonly assessments: boolean;
  readonly plan: boolean;
}

export function viewFor(
  kase: { readonly kind: CaseKind; readonly orgUnitId: string },
  party: Pick<CaseParty, 'orgUnitId'>,
  consents: readonly Consent[],
  at: Date,
): CaseView {
  const ownUnit = party.orgUnitId === kase.orgUnitId;
  if (ownUnit) {
    return { reference: true, participants: true, identity: kase.kind === 'consented', assessments: true, plan: true };
  }
  if (kase.kind === 'anonymous') {
    // An anonymous consultation identifies nobody: consulted professionals see its content.
    return { reference: true, participants: true, identity: false, assessments: true, plan: true };
  }
  const covered = consentCovers(consents, party.orgUnitId, at);
  return { reference: true, participants: true, identity: covered, assessments: covered, plan: covered };
}
