/**
 * Graph's dateTimeTimeZone values: wall-clock time plus a Windows or IANA time-zone name.
 * The stand-in stores instants in UTC and renders them in UTC or in the zone named by
 * `Prefer: outlook.timezone`, like Graph does. Only the Windows names below are known; IANA
 * names are accepted as they are.
 */
import { badRequest, isObject } from './protocol';

const WINDOWS_ZONES: Record<string, string> = {
  utc: 'UTC',
  'w. europe standard time': 'Europe/Berlin',
  'central europe standard time': 'Europe/Budapest',
  'central european standard time': 'Europe/Warsaw',
  'romance standard time': 'Europe/Paris',
  'gmt standard time': 'Europe/London',
  'fle standard time': 'Europe/Helsinki',
  'e. europe standard time': 'Europe/Chisinau',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'pacific standard time': 'America/Los_Angeles',
};

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export function ianaZone(timeZone: string): string | undefined {
  const mapped = WINDOWS_ZONES[timeZone.trim().toLowerCase()] ?? timeZone.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: mapped });
    return mapped;
  } catch {
    return undefined;
  }
}

function wallClockParts(instant: number, zone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

function offsetAt(instant: number, zone: string): number {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallClockParts(instant, zone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/** Parses a dateTimeTimeZone into a UTC instant (ms); throws Graph's 400 when it cannot. */
export function toInstant(value: unknown, property: string): number {
  if (!isObject(value) || typeof value['dateTime'] !== 'string' || typeof value['timeZone'] !== 'string') {
    throw badRequest(`'${property}' must be a dateTimeTimeZone with 'dateTime' and 'timeZone'.`, 'ErrorInvalidRequest');
  }
  const zone = ianaZone(value['timeZone']);
  if (!zone)
    throw badRequest(
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value['timeZone']}'.`,
      'TimeZoneNotSupportedException',
    );
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    value['dateTime'].trim(),
  );
  if (!match)
    throw badRequest(
      `Cannot convert the literal '${value['dateTime']}' to the expected type 'Edm.DateTimeOffset'.`,
      'ErrorInvalidRequest',
    );
  const [, year, month, day, hour, minute, second = '0', fraction = '0', offset] = match;
  const wall = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  if (offset === 'Z') return wall;
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    return wall - sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) * 60_000;
  }
  const guess = wall - offsetAt(wall, zone);
  return wall - offsetAt(guess, zone);
}

/** Renders an instant as Graph does: `2026-12-03T09:00:00.0000000` in the requested zone. */
export function fromInstant(instant: number, timeZone: string | undefined): DateTimeTimeZone {
  const name = timeZone && ianaZone(timeZone) ? timeZone : 'UTC';
  const zone = ianaZone(name) ?? 'UTC';
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallClockParts(instant, zone);
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return {
    dateTime: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.0000000`,
    timeZone: name,
  };
}
