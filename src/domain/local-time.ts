/**
 * Times entered in Swedish local time (Europe/Stockholm) ↔ instants, through Luxon and the time-zone
 * data of the runtime's Intl. A wall-clock time can be missing (the spring change: 02:00–02:59 on the
 * last Sunday of March does not happen) or happen twice (the autumn change: 02:00–02:59 on the last
 * Sunday of October); `resolveStockholmTime` says which, so a form can refuse the first and explain
 * the second.
 */
import { DateTime } from 'luxon';

export const stockholmZone = 'Europe/Stockholm';

export type StockholmTime =
  /** The time exists once. */
  | { readonly status: 'exact'; readonly instant: Date }
  /** The time happens twice (clocks go back): the earlier one, with its UTC offset, is taken. */
  | { readonly status: 'ambiguous'; readonly instant: Date; readonly offset: string; readonly laterOffset: string }
  /** The time does not happen (clocks go forward). */
  | { readonly status: 'nonexistent' }
  /** Not a date (YYYY-MM-DD) and time (HH:MM) at all. */
  | { readonly status: 'invalid' };

/** `+02:00` for an instant's offset in Stockholm. */
const offsetOf = (dt: DateTime): string => dt.toFormat('ZZ');

export function resolveStockholmTime(date: string, time: string): StockholmTime {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return { status: 'invalid' };
  const [year, month, day, hour, minute] = [dm[1], dm[2], dm[3], tm[1], tm[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return { status: 'invalid' };
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone: stockholmZone });
  if (!local.isValid) return { status: 'invalid' };
  // Luxon moves a time in the spring gap forward; a wall clock that differs from the input was never shown.
  if (local.hour !== hour || local.minute !== minute || local.day !== day) return { status: 'nonexistent' };
  const possible = local.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  const [earlier, later] = possible;
  if (earlier !== undefined && later !== undefined) {
    return {
      status: 'ambiguous',
      instant: earlier.toJSDate(),
      offset: offsetOf(earlier),
      laterOffset: offsetOf(later),
    };
  }
  return { status: 'exact', instant: local.toJSDate() };
}

/**
 * The instant at which the clocks in Stockholm show `date` (YYYY-MM-DD) `time` (HH:MM): the earlier
 * one when it happens twice; null when it does not happen or is not a date and time.
 */
export function stockholmToInstant(date: string, time: string): Date | null {
  const r = resolveStockholmTime(date, time);
  return r.status === 'exact' || r.status === 'ambiguous' ? r.instant : null;
}

/**
 * For an instant whose Stockholm wall-clock time happens twice: which of the two it is and its UTC
 * offset; null for every other instant.
 */
export function stockholmOccurrence(
  instant: Date,
): { readonly occurrence: 'first' | 'second'; readonly offset: string } | null {
  const [date = '', time = ''] = formatStockholm(instant).split(' ');
  const r = resolveStockholmTime(date, time);
  if (r.status !== 'ambiguous') return null;
  const offset = offsetOf(DateTime.fromJSDate(instant, { zone: stockholmZone }));
  return { occurrence: offset === r.offset ? 'first' : 'second', offset };
}

/** "2026-03-10 09:00" as shown in Stockholm. */
export function formatStockholm(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: stockholmZone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The calendar date `days` days after `date` (YYYY-MM-DD; negative for before). */
export function shiftDate(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}
