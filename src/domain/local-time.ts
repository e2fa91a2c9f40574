/** Times entered in Swedish local time (Europe/Stockholm) ↔ instants. */
const zone = 'Europe/Stockholm';

function wallClockOf(instant: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** The instant at which the clocks in Stockholm show `date` (YYYY-MM-DD) `time` (HH:MM). */
export function stockholmToInstant(date: string, time: string): Date | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const [y, mo, d, h, mi] = [dm[1], dm[2], dm[3], tm[1], tm[2]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const seen = wallClockOf(new Date(naive));
  const offset = Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h, seen.mi) - naive;
  const instant = new Date(naive - offset);
  const check = wallClockOf(instant);
  return check.d === d && check.mo === mo ? instant : null;
}

/** "2026-03-10 09:00" as shown in Stockholm. */
export function formatStockholm(instant: Date): string {
  const w = wallClockOf(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}`;
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}
