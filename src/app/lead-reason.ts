/**
 * The reason recorded when the plan appointed a lead other than the child's wish (save-plan.ts; its
 * history event names the plan version): the latest one, while the plan's lead is still not the one
 * the child wished for. A hand-over's reason (handover.ts) is about the person offered the role, not
 * the plan's lead, so it is not this. Shown with the plan in the tab and on the plan card. The voices
 * and the history come through the storage door, so a reader who may not see the wish or the reason
 * gets null.
 */
import { childsWishedLead, leadNeedsReason, type Voice } from '../domain/child-voice';
import type { PlanContent } from '../domain/plan';
import type { Repositories } from './ports';

export async function recordedLeadReason(
  repos: Pick<Repositories, 'history'>,
  caseId: string,
  plan: PlanContent | null,
  voices: readonly Voice[],
): Promise<string | null> {
  if (!plan || !leadNeedsReason(childsWishedLead(voices), plan.leadProfessional, null)) return null;
  const events = await repos.history.list(caseId);
  const reason = [...events]
    .reverse()
    .find((e) => e.type === 'lead.againstChildsWish' && typeof e.detail.planVersion === 'number')?.detail.reason;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : null;
}
