/** The meeting's progress in words, as every card that shows it says it. */
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
