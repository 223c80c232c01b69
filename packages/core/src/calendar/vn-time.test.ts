import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCongsoError } from '../shared/errors';
import {
  dateKeyToDayNumber,
  dayNumberOf,
  dayNumberToDateKey,
  formatVnDateTime,
  parseClock,
  vnDateKey,
  vnInstant,
  weekdayOfDayNumber,
  yearOfDayNumber,
} from './vn-time';

describe('Vietnam time (UTC+7, fixed offset)', () => {
  it('builds instants from a Vietnam date and time', () => {
    assert.equal(vnInstant('2026-02-13', '16:59').toISOString(), '2026-02-13T09:59:00.000Z');
    assert.equal(vnInstant('2026-01-01').toISOString(), '2025-12-31T17:00:00.000Z');
    assert.equal(vnInstant('2026-01-01', '24:00').toISOString(), '2026-01-01T17:00:00.000Z');
  });

  it('reads the Vietnam date of an instant across the UTC date line', () => {
    assert.equal(vnDateKey(new Date('2026-02-16T16:59:59.999Z')), '2026-02-16');
    assert.equal(vnDateKey(new Date('2026-02-16T17:00:00.000Z')), '2026-02-17');
    assert.equal(vnDateKey(Date.parse('2025-12-31T17:00:00Z')), '2026-01-01');
  });

  it('formats in Vietnam time, with seconds only when needed', () => {
    assert.equal(formatVnDateTime(new Date('2026-02-13T09:59:00Z')), '2026-02-13 16:59');
    assert.equal(formatVnDateTime(new Date('2026-02-13T09:59:30Z')), '2026-02-13 16:59:30');
    assert.equal(formatVnDateTime(new Date('2026-02-13T09:59:30.250Z')), '2026-02-13 16:59:30.250');
  });

  it('numbers days and weekdays (1970-01-01 was a Thursday)', () => {
    assert.equal(dateKeyToDayNumber('1970-01-01'), 0);
    assert.equal(weekdayOfDayNumber(0), 4);
    assert.equal(weekdayOfDayNumber(dateKeyToDayNumber('2026-02-17')), 2);
    assert.equal(weekdayOfDayNumber(dateKeyToDayNumber('1969-12-28')), 0);
    assert.equal(dayNumberToDateKey(dateKeyToDayNumber('2028-02-29')), '2028-02-29');
    assert.equal(yearOfDayNumber(dateKeyToDayNumber('2026-12-31')), 2026);
    assert.equal(dayNumberOf(vnInstant('2026-03-09', '00:00').getTime()), dateKeyToDayNumber('2026-03-09'));
    assert.equal(dayNumberOf(vnInstant('2026-03-09', '23:59').getTime()), dateKeyToDayNumber('2026-03-09'));
  });

  it('rejects malformed dates and clock times with VALIDATION_FAILED', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '2026-13-01', '', '2026-02-03T00:00']) {
      assert.throws(
        () => dateKeyToDayNumber(bad),
        (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED',
        bad,
      );
    }
    for (const bad of ['24:01', '07:60', '7:00', '07:00:00', 'noon']) {
      assert.throws(
        () => parseClock(bad),
        (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED',
        bad,
      );
    }
    assert.equal(parseClock('00:00'), 0);
    assert.equal(parseClock('13:30'), 810);
    assert.throws(
      () => vnDateKey(new Date(Number.NaN)),
      (e) => isCongsoError(e),
    );
  });
});
