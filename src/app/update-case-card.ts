/**
 * After a long operation's side effect (the meeting created, the plan posted), the job updates the
 * card the person acted on, so nobody has to press *Uppdatera*. The update is a courtesy: when it
 * fails, it is reported and the job stays done (its side effect is never repeated for it).
 */
import type { CardRef, CaseCardPort, CaseCardView } from './external-ports';

/** The case's opaque facts for its card (no child-identifying data), and the meeting when asked for. */
export interface CaseCardFacts extends Omit<CaseCardView, 'done'> {
  readonly meeting: { readonly startsAt: Date; readonly joinUrl: string | null; readonly status: string } | null;
}

export interface CaseCardStore {
  caseCardFor(of: { readonly caseId: string } | { readonly meetingId: string }): Promise<CaseCardFacts | null>;
}

export interface CaseCardDeps {
  readonly store: CaseCardStore;
  readonly cards: CaseCardPort;
  /** A failed update: logged by the caller (codes only), never thrown into the job. */
  readonly failed: (code: string) => void;
}

export type FinishedOperation =
  | { readonly kind: 'meeting.created'; readonly meetingId: string }
  | { readonly kind: 'plan.posted'; readonly caseId: string; readonly version: number };

/** Updates the card to say the operation finished; true when the card was updated. Never throws. */
export async function updateCaseCard(deps: CaseCardDeps, card: CardRef, op: FinishedOperation): Promise<boolean> {
  try {
    const facts = await deps.store.caseCardFor(op.kind === 'meeting.created' ? { meetingId: op.meetingId } : op);
    if (facts === null) return false;
    const { meeting, ...view } = facts;
    if (op.kind === 'meeting.created') {
      if (meeting === null || meeting.status !== 'created') return false;
      await deps.cards.update(card, {
        ...view,
        done: {
          kind: 'meeting.created',
          meetingId: op.meetingId,
          startsAt: meeting.startsAt,
          joinUrl: meeting.joinUrl,
        },
      });
    } else {
      await deps.cards.update(card, { ...view, done: { kind: 'plan.posted', version: op.version } });
    }
    return true;
  } catch (err) {
    deps.failed(err instanceof Error ? err.name : 'unknown');
    return false;
  }
}
