import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OfficialDayKind } from './calendar-types';
import { OFFICIAL_DAYS_OFF, OFFICIAL_SCHEDULE_YEARS } from './official-days-off';
import { dateKeyToDayNumber, weekdayOfDayNumber } from './vn-time';

const weekday = (date: string) => weekdayOfDayNumber(dateKeyToDayNumber(date));
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;
const KINDS: readonly OfficialDayKind[] = [
  'statutory_holiday',
  'compensatory_day_off',
  'swapped_day_off',
  'makeup_workday',
  'weekend_in_break',
];

describe('official days off (generated from vn_official_days_off_2024_2026.csv)', () => {
  it('has the 67 rows of 2024-2026, sorted by date, one per date', () => {
    assert.equal(OFFICIAL_DAYS_OFF.length, 67);
    assert.deepEqual(OFFICIAL_SCHEDULE_YEARS, [2024, 2025, 2026]);
    for (let i = 1; i < OFFICIAL_DAYS_OFF.length; i++) {
      assert.ok((OFFICIAL_DAYS_OFF[i - 1]?.date ?? '') < (OFFICIAL_DAYS_OFF[i]?.date ?? ''));
    }
    const perYear = (y: string) => OFFICIAL_DAYS_OFF.filter((d) => d.date.startsWith(y)).length;
    assert.deepEqual([perYear('2024'), perYear('2025'), perYear('2026')], [19, 21, 27]);
  });

  it('uses the normalised kinds (compensatory_day_off_nghi_bu -> compensatory_day_off)', () => {
    for (const d of OFFICIAL_DAYS_OFF) assert.ok(KINDS.includes(d.kind), `${d.date} ${d.kind}`);
    const compensatory = OFFICIAL_DAYS_OFF.filter((d) => d.kind === 'compensatory_day_off').map((d) => d.date);
    assert.deepEqual(compensatory, ['2024-02-13', '2024-02-14', '2026-04-27']);
  });

  it('puts make-up days and weekend-in-break days on weekends, swapped days off on weekdays', () => {
    for (const d of OFFICIAL_DAYS_OFF) {
      if (d.kind === 'makeup_workday' || d.kind === 'weekend_in_break') assert.ok(isWeekend(d.date), d.date);
      if (d.kind === 'swapped_day_off' || d.kind === 'compensatory_day_off') assert.ok(!isWeekend(d.date), d.date);
    }
    const makeup = OFFICIAL_DAYS_OFF.filter((d) => d.kind === 'makeup_workday').map((d) => d.date);
    const swapped = OFFICIAL_DAYS_OFF.filter((d) => d.kind === 'swapped_day_off').map((d) => d.date);
    assert.deepEqual(makeup, ['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22']);
    assert.deepEqual(swapped, ['2024-04-29', '2025-05-02', '2026-01-02', '2026-08-31']);
  });

  it('gives one compensatory day per statutory holiday on a weekend, each year', () => {
    for (const year of ['2024', '2025', '2026']) {
      const ofYear = OFFICIAL_DAYS_OFF.filter((d) => d.date.startsWith(year));
      const onWeekend = ofYear.filter((d) => d.kind === 'statutory_holiday' && isWeekend(d.date)).length;
      const compensatory = ofYear.filter((d) => d.kind === 'compensatory_day_off').length;
      assert.equal(compensatory, onWeekend, year);
    }
  });

  it('has the 11 statutory holidays each year (1/1, 5 Tết days, 10/3 lunar, 30/4, 1/5, 2/9 + 1)', () => {
    for (const year of ['2024', '2025', '2026']) {
      const statutory = OFFICIAL_DAYS_OFF.filter((d) => d.date.startsWith(year) && d.kind === 'statutory_holiday');
      assert.equal(statutory.length, 11, year);
      assert.equal(statutory.filter((d) => d.occasion === 'tet_nguyen_dan').length, 5, year);
    }
  });

  it('lists Tết Bính Ngọ 2026 as nine days off, Saturday 14/2 to Sunday 22/2', () => {
    const tet = OFFICIAL_DAYS_OFF.filter((d) => d.occasion === 'tet_nguyen_dan' && d.date.startsWith('2026'));
    assert.deepEqual(
      tet.map((d) => `${d.date.slice(5)} ${d.kind}`),
      [
        '02-14 weekend_in_break',
        '02-15 weekend_in_break',
        '02-16 statutory_holiday',
        '02-17 statutory_holiday',
        '02-18 statutory_holiday',
        '02-19 statutory_holiday',
        '02-20 statutory_holiday',
        '02-21 weekend_in_break',
        '02-22 weekend_in_break',
      ],
    );
    assert.equal(tet[3]?.lunarDate, 'Mùng 1 Tết Bính Ngọ');
  });
});
