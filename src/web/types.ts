/**
 * The tab API's shapes, as the browser receives them: the types come from the one contract the
 * server uses (src/contracts/tab-api.ts), imported as types only (nothing of it enters the bundle).
 */
export type {
  AreaView,
  Assessment,
  CaseSummary,
  CaseView,
  FrozenConsultationSummary,
  FrozenConsultationView,
  LensContent,
  LensDefinition,
  LensesView,
  LensInput,
  Level,
  PlanAction,
  PlanContent,
  PlanDraft,
  PlanNeed,
  PlanView,
  VoiceDraft,
  VoiceRecord,
  VoiceView,
} from '../contracts/tab-api';
import type { Level } from '../contracts/tab-api';

export const levels: readonly Level[] = ['none', 'some', 'significant'];
