/**
 * Record consent on a case. On an anonymous consultation the consent comes with the child's
 * identity and turns it into a consented case, keeping the mapping: identity enters only now.
 */
import type { ChildCase, ChildIdentity } from '../domain/case';
import type { Consent } from '../domain/consent';
import { invalid } from '../domain/errors';
import type { NewConsent, Repositories } from './ports';

export async function recordConsent(
  repos: Repositories,
  caseId: string,
  input: { consent: NewConsent; child: ChildIdentity | null },
): Promise<{ kase: ChildCase; converted: boolean }> {
  const kase = await repos.cases.getCase(caseId);
  if (kase.kind === 'anonymous') {
    if (input.child === null) throw invalid('childName');
    const converted = await repos.cases.convertToConsented(caseId, { child: input.child, consent: input.consent }, kase.version);
    await repos.drafts.deleteDraft('consent', caseId);
    return { kase: converted, converted: true };
  }
  await repos.consents.recordConsent(caseId, input.consent);
  await repos.drafts.deleteDraft('consent', caseId);
  return { kase, converted: false };
}

export async function withdrawConsent(repos: Repositories, caseId: string, consentId: string): Promise<Consent> {
  return repos.consents.withdrawConsent(caseId, consentId);
}
