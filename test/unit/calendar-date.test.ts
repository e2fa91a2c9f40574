import assert from 'node:assert/strict';
import { isCalendarDate } from '../../src/domain/local-time';

describe('isCalendarDate (follow-up dates from cards and the tab)', () => {
  it('accepts real dates and refuses impossible or malformed ones', () => {
    for (const ok of ['2026-02-28', '2028-02-29', '2026-12-31']) assert.equal(isCalendarDate(ok), true, ok);
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-1-01', '20260301', '', '2026-03-01T00:00'])
      assert.equal(isCalendarDate(bad), false, bad);
  });
});
