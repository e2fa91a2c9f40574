import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { Repositories } from '../app/ports';
import { AccessScope } from './access-scope';
import { PgAssessmentRepository } from './assessment-repository';
import { PgCaseRepository } from './case-repository';
import { PgConsentRepository } from './consent-repository';
import { PgConsultationRequestRepository } from './consultation-request-repository';
import type { Database } from './database';
import { PgDraftRepository } from './draft-repository';
import { PgFollowUpRepository } from './follow-up-repository';
import { PgFrozenConsultationRepository } from './frozen-consultation-repository';
import { PgHandoverRepository } from './handover-repository';
import { PgHistoryRepository } from './history-repository';
import { PgJobRepository } from './job-repository';
import { PgLensRepository } from './lens-repository';
import { PgMeetingRepository } from './meeting-repository';
import { PgPartyRepository } from './party-repository';
import { PgPlanRepository } from './plan-repository';
import { PgVoiceRepository } from './voice-repository';

/** The only door to case data: repositories built for one actor and one request. */
export function repositoriesFor(db: Database, actor: Actor, requestId: string, clock: Clock): Repositories {
  const scope = new AccessScope(db, actor, requestId, clock);
  return {
    cases: new PgCaseRepository(scope),
    parties: new PgPartyRepository(scope),
    consents: new PgConsentRepository(scope),
    assessments: new PgAssessmentRepository(scope),
    meetings: new PgMeetingRepository(scope),
    plans: new PgPlanRepository(scope),
    drafts: new PgDraftRepository(scope),
    followUps: new PgFollowUpRepository(scope),
    handovers: new PgHandoverRepository(scope),
    history: new PgHistoryRepository(scope),
    jobs: new PgJobRepository(scope),
    consultationRequests: new PgConsultationRequestRepository(scope),
    frozenConsultations: new PgFrozenConsultationRepository(scope),
    lenses: new PgLensRepository(scope),
    voices: new PgVoiceRepository(scope),
  };
}
