import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCongsoError } from '../shared/errors';
import type { DayEntry, Instant } from './calendar-types';
import { createVietnamCalendar } from './vietnam-calendar';
import { formatVnDateTime, vnInstant } from './vn-time';
import { WorkingCalendar } from './working-calendar';

const cal = createVietnamCalendar();
const at = (date: string, time = '00:00') => vnInstant(date, time);
const fmt = (t: Instant) => formatVnDateTime(t);
/** Due instant, formatted, of `hours` working hours from `date time`. */
const due = (date: string, time: string, hours: number, c: WorkingCalendar = cal) =>
  fmt(c.addWorkingHours(at(date, time), hours));
const rejects = (fn: () => unknown) => assert.throws(fn, (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED');

const dates = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 86_400_000) out.push(fmt(t).slice(0, 10));
  return out;
};

describe('WorkingCalendar: working days', () => {
  it('works Monday to Friday and rests on Saturday and Sunday by default', () => {
    assert.deepEqual(
      dates('2026-03-02', '2026-03-08').map((d) => cal.isWorkingDay(d)),
      [true, true, true, true, true, false, false],
    );
  });

  it('is off for all of Tết 2026, Saturday 14/2 to Sunday 22/2', () => {
    assert.equal(cal.isWorkingDay('2026-02-13'), true);
    for (const d of dates('2026-02-14', '2026-02-22')) assert.equal(cal.isWorkingDay(d), false, d);
    assert.equal(cal.isWorkingDay('2026-02-23'), true);
    const info = cal.getDay('2026-02-17');
    assert.deepEqual(info, {
      date: '2026-02-17',
      weekday: 2,
      working: false,
      provisional: false,
      entry: {
        date: '2026-02-17',
        kind: 'statutory_holiday',
        source: 'official',
        occasion: 'tet_nguyen_dan',
        nameVi: 'Nghỉ Tết Nguyên đán',
      },
    });
  });

  it('follows the 30/4-1/5 breaks with their swapped days and make-up Saturdays', () => {
    // 2024: 27/4-1/5 off (29/4 swapped), Saturday 4/5 worked.
    assert.deepEqual(
      dates('2024-04-26', '2024-05-05').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, false, true, true, true, false],
    );
    // 2025: Saturday 26/4 worked, 30/4-4/5 off (2/5 swapped).
    assert.deepEqual(
      dates('2025-04-25', '2025-05-05').map((d) => cal.isWorkingDay(d)),
      [true, true, false, true, true, false, false, false, false, false, true],
    );
    // 2026: Giỗ Tổ on Sunday 26/4 -> Monday 27/4 off; 30/4-3/5 off, no swap.
    assert.deepEqual(
      dates('2026-04-24', '2026-05-04').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, true, true, false, false, false, false, true],
    );
    assert.equal(cal.getDay('2026-04-27').entry?.kind, 'compensatory_day_off');
    assert.equal(cal.getDay('2025-05-02').entry?.kind, 'swapped_day_off');
    assert.equal(cal.getDay('2025-04-26').entry?.kind, 'makeup_workday');
  });

  it('follows the 2/9 breaks of 2024, 2025 and 2026', () => {
    assert.deepEqual(
      dates('2024-08-30', '2024-09-04').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, true],
    );
    assert.deepEqual(
      dates('2025-08-29', '2025-09-03').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, true],
    );
    // 2026: Saturday 22/8 worked for Monday 31/8; 29/8-2/9 off.
    assert.equal(cal.isWorkingDay('2026-08-22'), true);
    assert.equal(cal.isWorkingDay('2026-08-23'), false);
    assert.deepEqual(
      dates('2026-08-28', '2026-09-03').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, false, true],
    );
  });

  it('follows the 2026 New Year swap: Friday 2/1 off, Saturday 10/1 worked', () => {
    assert.deepEqual(
      dates('2025-12-31', '2026-01-05').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, true],
    );
    assert.equal(cal.isWorkingDay('2026-01-10'), true);
    assert.equal(cal.isWorkingDay('2026-01-11'), false);
  });

  it('reads the Vietnam date of an instant (UTC+7)', () => {
    // Sunday 23:30 UTC is Monday 06:30 in Vietnam.
    const mondayEarly = new Date('2026-03-08T23:30:00Z');
    assert.equal(cal.isWorkingDay(mondayEarly), true);
    assert.equal(cal.nextWorkingInstant(mondayEarly).toISOString(), '2026-03-09T00:00:00.000Z');
    // Monday 2026-02-16 17:30 UTC is Tuesday 17/2 00:30 in Vietnam: Mùng 1 Tết.
    assert.equal(cal.getDay(new Date('2026-02-16T17:30:00Z')).date, '2026-02-17');
  });

  it('lists the resolved entries of a period, derived ones included', () => {
    assert.deepEqual(
      cal.listEntries('2026-02-13', '2026-02-23').map((e) => e.date),
      dates('2026-02-14', '2026-02-22'),
    );
    assert.deepEqual(
      cal.listEntries('2027-02-01', '2027-02-28').map((e) => `${e.date} ${e.source}`),
      dates('2027-02-05', '2027-02-11').map((d) => `${d} derived`),
    );
  });
});

describe('WorkingCalendar: province entries', () => {
  const province = createVietnamCalendar({
    provinceEntries: [
      { date: '2026-03-09', kind: 'local_day_off', occasion: 'ngay_giai_phong_tinh', nameVi: 'Ngày giải phóng tỉnh' },
      { date: '2026-01-02', kind: 'makeup_workday', nameVi: 'Tỉnh không áp dụng hoán đổi' },
      { date: '2027-02-05', kind: 'makeup_workday', nameVi: 'Làm việc 29 Tết' },
      { date: '2026-03-14', kind: 'makeup_workday', nameVi: 'Làm bù' },
    ],
  });

  it('adds local days off and make-up days and overrides official and derived entries', () => {
    assert.equal(province.isWorkingDay('2026-03-09'), false);
    assert.equal(province.getDay('2026-03-09').entry?.source, 'province');
    assert.equal(province.isWorkingDay('2026-01-02'), true);
    assert.equal(province.getDay('2026-01-02').entry?.kind, 'makeup_workday');
    assert.equal(province.isWorkingDay('2027-02-05'), true);
    assert.equal(province.isWorkingDay('2027-02-08'), false); // still derived
    assert.equal(province.isWorkingDay('2026-03-14'), true); // a Saturday
    // The default calendar is unaffected.
    assert.equal(cal.isWorkingDay('2026-03-09'), true);
    assert.equal(cal.isWorkingDay('2026-01-02'), false);
  });

  it('counts deadlines over the province days', () => {
    // Friday 6/3 16:00 + 2 h: Saturday 7/3 off, Monday 9/3 local day off -> Tuesday 10/3 08:00.
    assert.equal(due('2026-03-06', '16:00', 2, province), '2026-03-10 08:00');
    assert.equal(due('2026-03-06', '16:00', 2), '2026-03-09 08:00');
    // Friday 13/3 16:00 + 2 h: Saturday 14/3 is a province make-up day.
    assert.equal(due('2026-03-13', '16:00', 2, province), '2026-03-14 08:00');
  });

  it('rejects two entries of the same source on one date', () => {
    const twice: DayEntry[] = [
      { date: '2026-03-09', kind: 'local_day_off', source: 'province' },
      { date: '2026-03-09', kind: 'makeup_workday', source: 'province' },
    ];
    rejects(() => new WorkingCalendar({ entries: twice }));
    rejects(() => new WorkingCalendar({ entries: [{ date: '2026-3-9', kind: 'local_day_off', source: 'province' }] }));
  });

  it('lets a lower-precedence entry come after a higher one in the list', () => {
    const c = new WorkingCalendar({
      entries: [
        { date: '2026-01-02', kind: 'makeup_workday', source: 'province' },
        { date: '2026-01-02', kind: 'swapped_day_off', source: 'official' },
      ],
    });
    assert.equal(c.isWorkingDay('2026-01-02'), true);
  });
});

describe('WorkingCalendar: unpublished years (derived, provisional)', () => {
  it('derives Tết 2027 and its compensatory days', () => {
    assert.deepEqual(
      dates('2027-02-04', '2027-02-12').map((d) => cal.isWorkingDay(d)),
      [true, false, false, false, false, false, false, false, true],
    );
    const info = cal.getDay('2027-02-10');
    assert.equal(info.provisional, true);
    assert.equal(info.entry?.kind, 'compensatory_day_off');
    assert.equal(info.entry?.source, 'derived');
    assert.equal(info.entry?.provisional, true);
    // Thursday 4/2/2027 16:00 + 2 h -> Friday 12/2 08:00.
    assert.equal(due('2027-02-04', '16:00', 2), '2027-02-12 08:00');
  });

  it('derives the compensatory day of 1/5/2027 (Saturday) on Monday 3/5 and 2/9/2027 + 3/9', () => {
    assert.equal(due('2027-04-29', '16:00', 2), '2027-05-04 08:00');
    assert.equal(due('2027-09-01', '16:00', 2), '2027-09-06 08:00');
    assert.equal(cal.isWorkingDay('2027-04-16'), false); // Giỗ Tổ, Friday
  });

  it('derives years before the data too (2023: Sunday 1/1 -> Monday 2/1 off)', () => {
    assert.equal(cal.isWorkingDay('2023-01-02'), false);
    assert.equal(cal.isWorkingDay('2023-01-03'), true);
    assert.equal(cal.isProvisional('2023-06-01'), true);
  });

  it('tells which dates and ranges depend on an unpublished schedule', () => {
    assert.equal(cal.isProvisional('2026-12-31'), false);
    assert.equal(cal.isProvisional('2027-01-01'), true);
    assert.equal(cal.isProvisional('2027-06-15'), true); // an ordinary day: the Government may still swap it
    assert.equal(cal.isProvisional(at('2026-12-31', '23:59')), false);
    assert.equal(cal.isProvisional(new Date('2026-12-31T17:00:00Z')), true); // 1/1/2027 00:00 in Vietnam
    assert.equal(cal.getDay('2026-06-15').provisional, false);
    assert.equal(cal.getDay('2027-06-15').provisional, true);
    assert.deepEqual(cal.publishedYears(), [2024, 2025, 2026]);

    const received = at('2026-12-21', '09:00');
    const dueAt = cal.addWorkingDays(received, 10);
    assert.equal(fmt(dueAt), '2027-01-05 09:00'); // 1/1/2027 (derived) is off
    assert.equal(cal.isProvisionalBetween(received, dueAt), true);
    assert.equal(cal.isProvisionalBetween(at('2026-12-01'), at('2026-12-31', '17:00')), false);
    assert.equal(cal.isProvisionalBetween('2027-01-04', '2026-12-01'), true);
    assert.equal(cal.isProvisionalBetween('2025-01-01', '2026-12-31'), false);
  });

  it('does not derive for years declared published', () => {
    const c = createVietnamCalendar({ publishedYears: [2027] });
    assert.equal(c.isWorkingDay('2027-01-01'), true);
    assert.equal(c.isProvisional('2027-01-01'), false);
    assert.deepEqual(c.publishedYears(), [2024, 2025, 2026, 2027]);
    assert.equal(c.isWorkingDay('2028-01-03'), false); // 2028 is still derived
  });
});

describe('WorkingCalendar: nextWorkingInstant', () => {
  const next = (date: string, time: string) => fmt(cal.nextWorkingInstant(at(date, time)));

  it('keeps an instant inside working hours and moves the others to the next interval start', () => {
    assert.equal(next('2026-03-09', '06:59'), '2026-03-09 07:00');
    assert.equal(next('2026-03-09', '07:00'), '2026-03-09 07:00');
    assert.equal(next('2026-03-09', '11:29'), '2026-03-09 11:29');
    assert.equal(next('2026-03-09', '11:30'), '2026-03-09 13:30');
    assert.equal(next('2026-03-09', '12:15'), '2026-03-09 13:30');
    assert.equal(next('2026-03-09', '13:30'), '2026-03-09 13:30');
    assert.equal(next('2026-03-09', '16:59'), '2026-03-09 16:59');
    assert.equal(next('2026-03-09', '17:00'), '2026-03-10 07:00');
    assert.equal(next('2026-03-09', '17:01'), '2026-03-10 07:00');
    assert.equal(next('2026-03-09', '23:59'), '2026-03-10 07:00');
    assert.equal(fmt(cal.nextWorkingInstant(at('2026-03-09', '11:29').getTime() + 59_999)), '2026-03-09 11:29:59.999');
  });

  it('skips days off: Sunday, Friday evening, Tết, year end', () => {
    assert.equal(next('2026-03-08', '10:00'), '2026-03-09 07:00'); // Sunday
    assert.equal(next('2026-03-06', '17:30'), '2026-03-09 07:00'); // Friday evening
    assert.equal(next('2026-02-13', '17:00'), '2026-02-23 07:00'); // before Tết
    assert.equal(next('2026-02-17', '09:00'), '2026-02-23 07:00'); // Mùng 1
    assert.equal(next('2024-12-31', '17:30'), '2025-01-02 07:00'); // 1/1/2025 is a Wednesday
    assert.equal(next('2025-12-31', '17:30'), '2026-01-05 07:00'); // 1/1 + swapped 2/1 + weekend
    assert.equal(next('2026-12-31', '17:30'), '2027-01-04 07:00'); // 1/1/2027 derived, Friday
    assert.equal(next('2026-01-09', '17:00'), '2026-01-10 07:00'); // make-up Saturday
  });
});

describe('WorkingCalendar: addWorkingHours / addWorkingDays', () => {
  it('ends a full day at 17:00, not at 07:00 the next day', () => {
    assert.equal(due('2026-03-09', '07:00', 8), '2026-03-09 17:00');
    assert.equal(due('2026-03-09', '07:00', 16), '2026-03-10 17:00');
    assert.equal(due('2026-03-09', '07:00', 4.5), '2026-03-09 11:30');
    assert.equal(due('2026-03-09', '07:00', 4), '2026-03-09 11:00');
    assert.equal(due('2026-03-09', '13:30', 3.5), '2026-03-09 17:00');
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-09', '07:00'), 1)), '2026-03-09 17:00');
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-09', '09:00'), 1)), '2026-03-10 09:00');
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-09', '06:00'), 5)), '2026-03-13 17:00');
  });

  it('handles the lunch break: 11:29 vs 11:31', () => {
    assert.equal(due('2026-03-09', '11:29', 1), '2026-03-09 14:29');
    assert.equal(due('2026-03-09', '11:30', 1), '2026-03-09 14:30');
    assert.equal(due('2026-03-09', '11:31', 1), '2026-03-09 14:30');
    assert.equal(due('2026-03-09', '11:29', 0.5), '2026-03-09 13:59');
    assert.equal(due('2026-03-09', '11:00', 0.5), '2026-03-09 11:30');
  });

  it('handles the end of the day: 16:59 vs 17:01', () => {
    assert.equal(due('2026-03-10', '16:59', 1), '2026-03-11 07:59');
    assert.equal(due('2026-03-10', '17:01', 1), '2026-03-11 08:00');
    assert.equal(due('2026-03-06', '16:59', 1), '2026-03-09 07:59'); // Friday
    assert.equal(due('2026-02-13', '16:59', 1), '2026-02-23 07:59'); // Friday before Tết
    assert.equal(due('2026-03-10', '16:59', 1 / 60), '2026-03-10 17:00');
  });

  it('starts a dossier received on a Sunday on Monday 07:00', () => {
    assert.equal(due('2026-03-08', '10:00', 8), '2026-03-09 17:00');
    assert.equal(due('2026-03-08', '10:00', 5), '2026-03-09 14:00');
    assert.equal(due('2026-03-08', '10:00', 0), '2026-03-09 07:00');
  });

  it('counts fractional hours', () => {
    assert.equal(due('2026-03-09', '07:00', 0.5), '2026-03-09 07:30');
    assert.equal(due('2026-03-09', '07:00', 0.25), '2026-03-09 07:15');
    assert.equal(due('2026-03-09', '07:00', 0.1), '2026-03-09 07:06');
    assert.equal(due('2026-03-09', '07:00', 1 / 60), '2026-03-09 07:01');
    assert.equal(due('2026-03-09', '07:00', 1 / 3600), '2026-03-09 07:00:01');
    assert.equal(due('2026-03-09', '13:30', 4), '2026-03-10 07:30'); // half a day after noon
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-09', '09:00'), 0.5)), '2026-03-09 15:00');
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-09', '09:00'), 1.5)), '2026-03-10 15:00');
  });

  it('crosses Tết 2024, 2025 and 2026', () => {
    assert.equal(due('2024-02-07', '16:00', 2), '2024-02-15 08:00');
    assert.equal(due('2025-01-24', '16:00', 2), '2025-02-03 08:00');
    assert.equal(due('2026-02-12', '10:00', 24), '2026-02-24 10:00'); // 3 working days
  });

  it('crosses the 30/4 breaks and uses the make-up Saturdays', () => {
    assert.equal(due('2024-04-26', '16:00', 2), '2024-05-02 08:00');
    assert.equal(due('2024-05-03', '16:00', 2), '2024-05-04 08:00'); // Saturday 4/5 worked
    assert.equal(due('2025-04-25', '16:00', 2), '2025-04-26 08:00'); // Saturday 26/4 worked
    assert.equal(due('2025-04-29', '15:00', 8), '2025-05-05 15:00');
    assert.equal(due('2026-04-24', '16:00', 2), '2026-04-28 08:00'); // 25-27/4 off
    assert.equal(due('2026-04-29', '16:00', 2), '2026-05-04 08:00');
  });

  it('crosses 2/9 and the New Year', () => {
    assert.equal(due('2024-08-30', '16:00', 2), '2024-09-04 08:00');
    assert.equal(due('2025-08-29', '16:00', 2), '2025-09-03 08:00');
    assert.equal(due('2026-08-21', '16:00', 2), '2026-08-22 08:00'); // Saturday 22/8 worked
    assert.equal(due('2026-08-28', '16:00', 2), '2026-09-03 08:00');
    assert.equal(due('2026-01-09', '16:00', 2), '2026-01-10 08:00'); // Saturday 10/1 worked
    assert.equal(due('2025-12-31', '16:00', 2), '2026-01-05 08:00');
    assert.equal(due('2024-12-31', '16:00', 2), '2025-01-02 08:00');
  });

  it('computes a 60-working-day deadline day by day', () => {
    // From Monday 2/3/2026: 22 days in March, 20 in April (27/4 and 30/4 off), 1/5 off -> 27/5.
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-02', '07:00'), 60)), '2026-05-27 17:00');
    assert.equal(fmt(cal.addWorkingDays(at('2026-03-02', '09:00'), 60)), '2026-05-28 09:00');
    const started = Date.now();
    for (let i = 0; i < 200; i++) cal.addWorkingDays(at('2026-01-05', '09:00'), 250);
    assert.ok(Date.now() - started < 2000);
  });

  it('rejects negative, infinite and NaN durations and invalid instants', () => {
    rejects(() => cal.addWorkingHours(at('2026-03-09'), -1));
    rejects(() => cal.addWorkingHours(at('2026-03-09'), Number.NaN));
    rejects(() => cal.addWorkingHours(at('2026-03-09'), Number.POSITIVE_INFINITY));
    rejects(() => cal.addWorkingHours(new Date('not a date'), 1));
  });
});

describe('WorkingCalendar: addCalendarDays', () => {
  const calendarDue = (date: string, time: string, days: number) => fmt(cal.addCalendarDays(at(date, time), days));

  it('is due at the end of the working day N calendar days later', () => {
    assert.equal(calendarDue('2026-03-02', '10:00', 3), '2026-03-05 17:00');
    assert.equal(calendarDue('2026-03-02', '10:00', 0), '2026-03-02 17:00');
    assert.equal(calendarDue('2026-03-02', '10:00', 30), '2026-04-01 17:00');
  });

  it('moves a due date that falls on a day off to the next working day', () => {
    assert.equal(calendarDue('2026-03-02', '10:00', 5), '2026-03-09 17:00'); // Saturday 7/3
    assert.equal(calendarDue('2026-02-02', '09:00', 15), '2026-02-23 17:00'); // 17/2, Mùng 1 Tết
    assert.equal(calendarDue('2026-04-20', '10:00', 10), '2026-05-04 17:00'); // 30/4
    assert.equal(calendarDue('2025-08-22', '10:00', 10), '2025-09-03 17:00'); // Monday 1/9
    assert.equal(calendarDue('2026-12-25', '10:00', 7), '2027-01-04 17:00'); // 1/1/2027 (derived), then the weekend
    assert.equal(calendarDue('2026-01-05', '09:00', 5), '2026-01-10 17:00'); // make-up Saturday counts
  });

  it('counts from the first working day when received after hours or on a day off', () => {
    assert.equal(calendarDue('2026-03-01', '10:00', 5), '2026-03-09 17:00'); // Sunday -> from Monday 2/3
    assert.equal(calendarDue('2026-03-02', '17:30', 5), '2026-03-09 17:00'); // from Tuesday 3/3 -> Sunday 8/3
    assert.equal(calendarDue('2026-03-02', '17:30', 2), '2026-03-05 17:00');
  });

  it('accepts whole non-negative days only', () => {
    rejects(() => cal.addCalendarDays(at('2026-03-02'), 1.5));
    rejects(() => cal.addCalendarDays(at('2026-03-02'), -1));
  });
});

describe('WorkingCalendar: workingHoursBetween', () => {
  const between = (a: [string, string], b: [string, string]) => cal.workingHoursBetween(at(...a), at(...b));

  it('measures working time only', () => {
    assert.equal(between(['2026-03-09', '07:00'], ['2026-03-09', '17:00']), 8);
    assert.equal(between(['2026-03-09', '11:00'], ['2026-03-09', '14:00']), 1);
    assert.equal(between(['2026-03-09', '12:00'], ['2026-03-09', '13:00']), 0);
    assert.equal(between(['2026-03-09', '18:00'], ['2026-03-10', '06:00']), 0);
    assert.equal(between(['2026-03-06', '00:00'], ['2026-03-10', '00:00']), 16);
    assert.equal(between(['2026-02-13', '16:00'], ['2026-02-23', '08:00']), 2);
    assert.equal(between(['2026-02-01', '00:00'], ['2026-03-01', '00:00']), 8 * 15); // 16-20/2 off
    assert.equal(cal.workingMinutesBetween(at('2026-03-09', '11:29'), at('2026-03-09', '13:31')), 2);
  });

  it('is negative when the end is before the start', () => {
    assert.equal(between(['2026-02-23', '08:00'], ['2026-02-13', '16:00']), -2);
    assert.equal(between(['2026-03-09', '10:00'], ['2026-03-09', '10:00']), 0);
  });
});

describe('WorkingCalendar: supplement pauses', () => {
  // Received Monday 9/2/2026 09:00, 5 working days: Mon 6 h, Tue-Fri 32 h, Monday 23/2 (after Tết) 2 h.
  const received = at('2026-02-09', '09:00');
  const dueAt = cal.addWorkingDays(received, 5);

  it('starts from the due instant before Tết', () => {
    assert.equal(fmt(dueAt), '2026-02-23 09:00');
  });

  it('counts the working time left at the request again from the resubmission, across Tết', () => {
    // Requested Wed 11/2 10:00: 5 + 8 + 8 + 2 = 23 h left. Resubmitted Tue 24/2 14:00:
    // Tue 3 h, Wed 8 h, Thu 8 h, Fri 27/2 4 h -> 11:00.
    assert.equal(cal.workingHoursBetween(at('2026-02-11', '10:00'), dueAt), 23);
    assert.equal(
      fmt(cal.extendForPause(dueAt, at('2026-02-11', '10:00'), at('2026-02-24', '14:00'))),
      '2026-02-27 11:00',
    );
  });

  it('does not count Tết twice when the pause spans it', () => {
    // Requested Fri 13/2 16:00 (3 h left), resubmitted online on Mùng 2 -> resumes Monday 23/2 07:00.
    assert.equal(
      fmt(cal.extendForPause(dueAt, at('2026-02-13', '16:00'), at('2026-02-18', '10:00'))),
      '2026-02-23 10:00',
    );
  });

  it('applies several pauses in order and merges overlapping ones', () => {
    const d = at('2026-03-13', '17:00'); // Friday
    // Pause 1: Mon 9/3 07:00 -> Mon 9/3 17:00 (one working day); pause 2: Wed 11/3 13:30 -> Thu 12/3 13:30.
    const twice = cal.extendForPauses(d, [
      { start: at('2026-03-11', '13:30'), end: at('2026-03-12', '13:30') },
      { start: at('2026-03-09', '07:00'), end: at('2026-03-09', '17:00') },
    ]);
    assert.equal(fmt(twice), '2026-03-17 17:00');
    const overlapping = cal.extendForPauses(d, [
      { start: at('2026-03-09', '07:00'), end: at('2026-03-09', '15:00') },
      { start: at('2026-03-09', '14:00'), end: at('2026-03-09', '17:00') },
    ]);
    assert.equal(fmt(overlapping), '2026-03-16 17:00');
  });

  it('leaves the due instant when the pause is outside working time or after the due instant', () => {
    const d = at('2026-03-10', '10:00');
    assert.equal(fmt(cal.extendForPause(d, at('2026-03-07', '10:00'), at('2026-03-08', '10:00'))), '2026-03-10 10:00');
    assert.equal(fmt(cal.extendForPause(d, at('2026-03-09', '11:40'), at('2026-03-09', '13:20'))), '2026-03-10 10:00');
    assert.equal(fmt(cal.extendForPause(d, at('2026-03-10', '10:00'), at('2026-03-12', '10:00'))), '2026-03-10 10:00');
    assert.equal(fmt(cal.extendForPauses(d, [])), '2026-03-10 10:00');
  });

  it('rejects a pause that ends before it starts', () => {
    rejects(() => cal.extendForPause(at('2026-03-10', '10:00'), at('2026-03-09', '10:00'), at('2026-03-09', '09:00')));
  });
});

describe('WorkingCalendar: classifyOutcome', () => {
  const dueMonday = at('2026-03-09', '17:00');

  it('is late after the due instant, even outside working hours', () => {
    assert.equal(cal.classifyOutcome(at('2026-03-09', '17:01'), dueMonday), 'late');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '17:05'), dueMonday), 'late');
    assert.equal(cal.classifyOutcome(at('2026-03-10', '07:00'), dueMonday), 'late');
  });

  it('is on time at the due minute, early before it', () => {
    assert.equal(cal.classifyOutcome(at('2026-03-09', '17:00'), dueMonday), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '17:00').getTime() + 59_000, dueMonday), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '16:59'), dueMonday), 'early');
    assert.equal(cal.classifyOutcome(at('2026-03-06', '10:00'), dueMonday), 'early');
  });

  it('is on time when no working minute was left (finished at lunch for a 13:30 due)', () => {
    const d = at('2026-03-09', '13:30');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '11:45'), d), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '11:30'), d), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '11:29'), d), 'early');
    // Due Monday 23/2 07:00 + nothing: finishing during Tết leaves no working time either.
    assert.equal(cal.classifyOutcome(at('2026-02-18', '10:00'), at('2026-02-23', '07:00')), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-02-18', '10:00'), at('2026-02-23', '09:00')), 'early');
  });

  it('with the working_day window, is on time on the due date', () => {
    const opts = { onTimeWindow: 'working_day' as const };
    assert.equal(cal.classifyOutcome(at('2026-03-09', '07:30'), dueMonday, opts), 'on_time');
    assert.equal(cal.classifyOutcome(at('2026-03-06', '16:59'), dueMonday, opts), 'early');
    assert.equal(cal.classifyOutcome(at('2026-03-09', '17:01'), dueMonday, opts), 'late');
  });

  it('classifies against a due date extended by a supplement pause', () => {
    const d = cal.addWorkingDays(at('2026-03-02', '09:00'), 3); // Thu 5/3 09:00
    const extended = cal.extendForPause(d, at('2026-03-03', '09:00'), at('2026-03-05', '09:00')); // +2 days
    assert.equal(fmt(extended), '2026-03-09 09:00');
    assert.equal(cal.classifyOutcome(at('2026-03-06', '09:00'), d), 'late');
    assert.equal(cal.classifyOutcome(at('2026-03-06', '09:00'), extended), 'early');
  });
});

describe('WorkingCalendar: configured working hours', () => {
  // 07:30-11:30 and 13:00-16:30: 7 h 30 of clock time per working day; 1 working hour = 56 min 15 s.
  const short = createVietnamCalendar({
    workingHours: [
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ],
  });

  it('keeps one working day = 8 working hours = the sum of the intervals', () => {
    assert.equal(short.workingDayMinutes, 450);
    assert.equal(short.msPerWorkingHour, 3_375_000);
    assert.equal(due('2026-03-09', '07:30', 8, short), '2026-03-09 16:30');
    assert.equal(due('2026-03-09', '07:30', 4, short), '2026-03-09 11:15');
    assert.equal(due('2026-03-09', '07:30', 1, short), '2026-03-09 08:26:15');
    assert.equal(fmt(short.addWorkingDays(at('2026-03-09', '10:00'), 1)), '2026-03-10 10:00');
    assert.equal(short.workingHoursBetween(at('2026-03-09', '07:30'), at('2026-03-09', '16:30')), 8);
    assert.equal(short.workingHoursBetween(at('2026-03-09', '07:00'), at('2026-03-10', '07:00')), 8);
    assert.equal(fmt(short.addCalendarDays(at('2026-03-09', '10:00'), 1)), '2026-03-10 16:30');
    assert.equal(fmt(short.nextWorkingInstant(at('2026-03-09', '16:30'))), '2026-03-10 07:30');
  });

  it('accepts a single interval without a lunch break', () => {
    const c = new WorkingCalendar({ workingHours: [{ start: '08:00', end: '17:00' }] });
    assert.equal(c.workingDayMinutes, 540);
    assert.equal(due('2026-03-09', '08:00', 4, c), '2026-03-09 12:30');
    assert.equal(due('2026-03-09', '12:00', 8, c), '2026-03-10 12:00');
  });

  it('rejects empty, reversed, overlapping and malformed intervals', () => {
    rejects(() => new WorkingCalendar({ workingHours: [] }));
    rejects(() => new WorkingCalendar({ workingHours: [{ start: '11:00', end: '07:00' }] }));
    rejects(() => new WorkingCalendar({ workingHours: [{ start: '07:00', end: '07:00' }] }));
    rejects(
      () =>
        new WorkingCalendar({
          workingHours: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        }),
    );
    rejects(() => new WorkingCalendar({ workingHours: [{ start: '7:00', end: '17:00' }] }));
  });

  it('reports a calendar with no working day in sight instead of looping', () => {
    const entries: DayEntry[] = [];
    for (let t = at('2026-01-01').getTime(); t <= at('2027-12-31').getTime(); t += 86_400_000) {
      entries.push({ date: fmt(t).slice(0, 10), kind: 'local_day_off', source: 'province' });
    }
    const closed = new WorkingCalendar({ entries });
    rejects(() => closed.nextWorkingInstant(at('2026-03-09', '10:00')));
  });
});
