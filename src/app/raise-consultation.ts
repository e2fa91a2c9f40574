/** Raise a consultation: anonymous (no identity at all) or as a consented case with its consent. */
import type { ChildCase, ChildIdentity, ConsultationDetails } from '../domain/case';
import type { NewConsent, Repositories } from './ports';

export function raiseAnonymousConsultation(repos: Repositories, details: ConsultationDetails): Promise<ChildCase> {
  return repos.cases.createCase({ kind: 'anonymous', details });
}

export async function raiseConsentedCase(
  repos: Repositories,
  input: { details: ConsultationDetails; child: ChildIdentity; consent: NewConsent },
): Promise<ChildCase> {
  const kase = await repos.cases.createCase({ kind: 'consented', ...input });
  await repos.drafts.deleteDraft('consultation', null);
  await repos.drafts.deleteDraft('consent', null);
  return kase;
}
