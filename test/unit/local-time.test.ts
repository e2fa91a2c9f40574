/**
 * Swedish local time through Luxon, at the daylight-saving changes of 2026: on 29 March the clocks go
 * from 02:00 to 03:00 (02:00–02:59 does not exist), on 25 October from 03:00 back to 02:00
 * (02:00–02:59 happens twice; the earlier, summer-time one is taken). And the follow-up reminders,
 * due at 08:00 Stockholm, keep that wall-clock time across both changes.
 */
import assert from 'node:assert/strict';
import { reminderTimes } from '../../src/domain/follow-up';
import {
  formatStockholm,
  isCalendarDate,
  resolveStockholmTime,
  shiftDate,
  stockholmOccurrence,
  stockholmToInstant,
} from '../../src/domain/local-time';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('Stockholm local time at the daylight-saving changes', () => {
  it('refuses a time in the spring gap (2026-03-29 02:00–02:59) as one that does not exist', () => {
    for (const time of ['02:00', '02:30', '02:59'])
      assert.deepEqual(resolveStockholmTime('2026-03-29', time), { status: 'nonexistent' }, time);
    assert.equal(stockholmToInstant('2026-03-29', '02:30'), null, 'never silently moved to 01:30 or 03:30');
    assert.equal(iso(stockholmToInstant('2026-03-29', '01:59')), '2026-03-29T00:59:00.000Z', 'winter time, UTC+1');
    assert.equal(iso(stockholmToInstant('2026-03-29', '03:00')), '2026-03-29T01:00:00.000Z', 'summer time, UTC+2');
    assert.deepEqual(
      resolveStockholmTime('2026-03-28', '02:30'),
      { status: 'exact', instant: new Date('2026-03-28T01:30:00Z') },
      'the day before is ordinary',
    );
  });

  it('takes the earlier offset for an autumn time that happens twice (2026-10-25 02:00–02:59) and says which', () => {
    assert.deepEqual(resolveStockholmTime('2026-10-25', '02:30'), {
      status: 'ambiguous',
      instant: new Date('2026-10-25T00:30:00Z'),
      offset: '+02:00',
      laterOffset: '+01:00',
    });
    assert.equal(resolveStockholmTime('2026-10-25', '02:00').status, 'ambiguous');
    assert.equal(iso(stockholmToInstant('2026-10-25', '02:59')), '2026-10-25T00:59:00.000Z');
    assert.deepEqual(resolveStockholmTime('2026-10-25', '03:00'), {
      status: 'exact',
      instant: new Date('2026-10-25T02:00:00Z'),
    });
    assert.deepEqual(resolveStockholmTime('2026-10-25', '01:59'), {
      status: 'exact',
      instant: new Date('2026-10-24T23:59:00Z'),
    });
    assert.deepEqual(stockholmOccurrence(new Date('2026-10-25T00:30:00Z')), { occurrence: 'first', offset: '+02:00' });
    assert.deepEqual(stockholmOccurrence(new Date('2026-10-25T01:30:00Z')), { occurrence: 'second', offset: '+01:00' });
    assert.equal(stockholmOccurrence(new Date('2026-10-25T02:30:00Z')), null);
    assert.equal(formatStockholm(new Date('2026-10-25T00:30:00Z')), '2026-10-25 02:30');
    assert.equal(formatStockholm(new Date('2026-10-25T01:30:00Z')), '2026-10-25 02:30');
  });

  it('refuses what is not a date and a time', () => {
    for (const [date, time] of [
      ['2026-02-30', '09:00'],
      ['2026-13-01', '09:00'],
      ['2026-03-10', '24:00'],
      ['2026-03-10', '09:60'],
      ['10/3/2026', '09:00'],
      ['2026-03-10', '9:00'],
    ] as const) {
      assert.deepEqual(resolveStockholmTime(date, time), { status: 'invalid' }, `${date} ${time}`);
    }
    assert.ok(isCalendarDate('2028-02-29') && !isCalendarDate('2026-02-29') && !isCalendarDate('2026-2-1'));
  });

  it('counts calendar days, not 24-hour periods, across the changes', () => {
    assert.equal(shiftDate('2026-04-01', -7), '2026-03-25');
    assert.equal(shiftDate('2026-10-25', -7), '2026-10-18');
    assert.equal(shiftDate('2026-03-01', -1), '2026-02-28');
  });

  it('reminds at 08:00 Stockholm before and on the day, on both sides of each change', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const at = (dueDate: string, daysBefore: number) =>
      reminderTimes(dueDate, daysBefore, now).map((t) => [t.kind, t.runAt.toISOString()]);
    // Spring: before the change 08:00 is 07:00 UTC, after it 06:00 UTC — also on the change day itself.
    assert.deepEqual(at('2026-03-29', 7), [
      ['before', '2026-03-22T07:00:00.000Z'],
      ['due', '2026-03-29T06:00:00.000Z'],
    ]);
    assert.deepEqual(at('2026-04-02', 4), [
      ['before', '2026-03-29T06:00:00.000Z'],
      ['due', '2026-04-02T06:00:00.000Z'],
    ]);
    // Autumn: summer time (06:00 UTC) before, standard time (07:00 UTC) from the change day on.
    assert.deepEqual(at('2026-10-25', 7), [
      ['before', '2026-10-18T06:00:00.000Z'],
      ['due', '2026-10-25T07:00:00.000Z'],
    ]);
    assert.deepEqual(at('2026-10-28', 3), [
      ['before', '2026-10-25T07:00:00.000Z'],
      ['due', '2026-10-28T07:00:00.000Z'],
    ]);
    for (const [, runAt] of [...at('2026-03-29', 7), ...at('2026-10-25', 7)])
      assert.equal(formatStockholm(new Date(runAt ?? '')).slice(11), '08:00');
  });
});
