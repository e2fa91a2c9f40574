/**
 * The tab's side of the anonymity guard on an anonymous consultation: a 422 IdentifyingData puts the
 * server's redacted text into the form (only the identifying part replaced, the rest kept, still
 * unsaved); a 422 NamesToConfirm shows the question and a button that saves with the confirmation.
 */
import { fluentButton } from './dom';
import { setStatus } from './fields';
import { setValue } from './form-state';
import type { AreaView } from './types';

interface Redacted {
  readonly answers: Record<string, string>;
  readonly areas: Record<string, AreaView>;
}

export interface GuardBody {
  readonly error?: string;
  readonly message?: string;
  readonly redacted?: unknown;
}

/** Puts the redacted text of one part (the answers, or one area) into its controls. */
function applyRedacted(part: string, questionIds: readonly string[], redacted: Redacted): void {
  if (part === 'questions') {
    for (const id of questionIds) setValue(`my-q-${id}`, redacted.answers[id] ?? '', false);
    return;
  }
  const area = redacted.areas[part];
  for (const f of ['strengths', 'worries', 'childView'] as const) setValue(`my-${part}-${f}`, area?.[f] ?? '', false);
}

/**
 * Handles a refusal by the guard; true when it was one. `confirm` saves again with the names confirmed;
 * `confirmLabel` is the button's text.
 */
export function handleGuardReply(
  status: number,
  body: GuardBody,
  ui: {
    part: string;
    statusId: string;
    questionIds: readonly string[];
    confirmLabel: string;
    confirm: () => void;
    /** Puts the redacted text back into the form (default: an assessment part's controls). */
    apply?: (redacted: unknown) => void;
  },
): boolean {
  if (status !== 422 || (body.error !== 'IdentifyingData' && body.error !== 'NamesToConfirm')) return false;
  document.getElementById(`${ui.part}-confirm-names`)?.remove();
  if (body.error === 'IdentifyingData' && body.redacted)
    (ui.apply ?? ((r) => applyRedacted(ui.part, ui.questionIds, r as Redacted)))(body.redacted);
  setStatus(ui.statusId, body.message ?? '', 'error');
  if (body.error === 'NamesToConfirm') {
    const button = fluentButton({ id: `${ui.part}-confirm-names`, onclick: ui.confirm }, ui.confirmLabel);
    document.getElementById(ui.statusId)?.after(button);
  }
  return true;
}
