/**
 * A long operation's progress in words, as every card that shows it says it: the meeting's creation
 * and the plan's post. ``Shows` names the operation a case card reports, so its per-user refresh
 * (case.refresh) reports it too.
 */
import { formatStockholm, stockholmOccurrence } from '../../domain/local-time';
import type { Turn } from '../turn';

/** What the card says of a meeting: creating…, created (at when; a time the autumn change repeats says which), or failed. */
export function meetingStatusText(t: Turn['t'], status: string, startsAt: Date): string {
  const text =
    status === 'created'
      ? t('meeting.created', { when: formatStockholm(startsAt) })
      : status === 'failed'
        ? t('meeting.failed')
        : t('meeting.creating');
  const twice = stockholmOccurrence(startsAt);
  const [date, time] = formatStockholm(startsAt).split(' ');
  return twice === null
    ? text
    : `${text} ${t('meeting.ambiguousTime', { date, time, offset: twice.offset, which: t(twice.occurrence === 'first' ? 'meeting.firstOccurrence' : 'meeting.secondOccurrence') })}`;
}

/** What a case card reports: nothing, a meeting's creation, or the plan's post. */
export type Shows =
  { readonly mode: '' } | { readonly mode: 'meeting'; readonly meetingId: string } | { readonly mode: 'plan' };

/** What the card says of the agreed plan's post: posted, being posted, not published, or its channel closed. */
export async function planStatusText(turn: Turn, caseId: string): Promise<{ message: string; pending: boolean }> {
  const p = await turn.repos.plans.getPublication(caseId);
  if (p.state === 'active' && p.postedVersion !== null)
    return { message: turn.t('plan.posted', { version: p.postedVersion }), pending: false };
  if (p.state === 'closed') return { message: turn.t('plan.closedChannel'), pending: false };
  const agreed = (await turn.repos.plans.getCurrentPlan(caseId))?.agreed === true;
  return { message: turn.t(agreed ? 'plan.publishing' : 'plan.notPublished'), pending: p.state !== 'active' };
}
