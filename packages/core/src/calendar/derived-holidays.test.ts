import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCongsoError } from '../shared/errors';
import { deriveStatutoryDaysOff, type LunarToSolar, tetDate, vnLunarToSolar } from './derived-holidays';
import { type HolidayRules, LABOR_CODE_2019_RULES } from './holiday-rules';
import { OFFICIAL_DAYS_OFF } from './official-days-off';
import { dayNumberToDateKey } from './vn-time';

const brief = (year: number, rules?: HolidayRules) =>
  deriveStatutoryDaysOff(year, rules).map(
    (e) => `${e.date} ${e.kind === 'statutory_holiday' ? 'H' : 'C'} ${e.occasion}`,
  );

const officialBrief = (year: number) =>
  OFFICIAL_DAYS_OFF.filter(
    (d) => d.date.startsWith(String(year)) && (d.kind === 'statutory_holiday' || d.kind === 'compensatory_day_off'),
  ).map((d) => `${d.date} ${d.kind === 'statutory_holiday' ? 'H' : 'C'}`);

/** The official 2024 and 2025 Tết took two days before Mùng 1 and Mùng 1-3. */
const TWO_BEFORE_THREE_FROM: HolidayRules = {
  ...LABOR_CODE_2019_RULES,
  tet: { ...LABOR_CODE_2019_RULES.tet, daysBeforeNewYear: 2, daysFromNewYear: 3 },
};

describe('lunar calendar (@dqcai/vn-lunar, UTC+7)', () => {
  it('gives the known dates of Mùng 1 Tết', () => {
    assert.equal(tetDate(2023), '2023-01-22');
    assert.equal(tetDate(2024), '2024-02-10');
    assert.equal(tetDate(2025), '2025-01-29');
    assert.equal(tetDate(2026), '2026-02-17');
    assert.equal(tetDate(2027), '2027-02-06');
    assert.equal(tetDate(2028), '2028-01-26');
    // 2030: the new moon falls before midnight in UTC+7 but after it in UTC+8, so Vietnam's Tết is
    // one day before China's (3/2/2030): a check that the library computes for Vietnam.
    assert.equal(tetDate(2030), '2030-02-02');
  });

  it('gives Giỗ Tổ Hùng Vương (10/3 lunar) as in the official data', () => {
    assert.equal(dayNumberToDateKey(vnLunarToSolar(2024, 3, 10)), '2024-04-18');
    assert.equal(dayNumberToDateKey(vnLunarToSolar(2025, 3, 10)), '2025-04-07');
    assert.equal(dayNumberToDateKey(vnLunarToSolar(2026, 3, 10)), '2026-04-26');
    assert.equal(dayNumberToDateKey(vnLunarToSolar(2027, 3, 10)), '2027-04-16');
  });

  it('refuses a lunar day the month does not have, and years out of range', () => {
    // Month 12 of Quý Mão had 30 days (30 Chạp = 2024-02-09); month 12 of Ất Tỵ only 29.
    assert.equal(dayNumberToDateKey(vnLunarToSolar(2023, 12, 30)), '2024-02-09');
    assert.throws(
      () => vnLunarToSolar(2025, 12, 30),
      (e) => isCongsoError(e) && e.code === 'VALIDATION_FAILED',
    );
    assert.throws(
      () => vnLunarToSolar(2300, 1, 1),
      (e) => isCongsoError(e),
    );
    assert.throws(
      () => deriveStatutoryDaysOff(2026.5),
      (e) => isCongsoError(e),
    );
  });
});

describe('deriveStatutoryDaysOff (Labor Code 2019 Art. 111-112)', () => {
  it('derives 2027: Tết 5/2-9/2 with two compensatory days for Sat 6/2 and Sun 7/2, 1/5 on a Saturday', () => {
    assert.deepEqual(brief(2027), [
      '2027-01-01 H tet_duong_lich',
      '2027-02-05 H tet_nguyen_dan', // Fri, 29 Chạp (last day of Bính Ngọ)
      '2027-02-06 H tet_nguyen_dan', // Sat, Mùng 1
      '2027-02-07 H tet_nguyen_dan', // Sun
      '2027-02-08 H tet_nguyen_dan',
      '2027-02-09 H tet_nguyen_dan', // Tue, Mùng 4
      '2027-02-10 C tet_nguyen_dan', // for Sat 6/2
      '2027-02-11 C tet_nguyen_dan', // for Sun 7/2
      '2027-04-16 H gio_to_hung_vuong', // Fri
      '2027-04-30 H ngay_chien_thang', // Fri
      '2027-05-01 H quoc_te_lao_dong', // Sat
      '2027-05-03 C quoc_te_lao_dong', // Mon
      '2027-09-02 H quoc_khanh', // Thu
      '2027-09-03 H quoc_khanh', // Thu -> the day after
    ]);
    for (const e of deriveStatutoryDaysOff(2027)) {
      assert.equal(e.source, 'derived');
      assert.equal(e.provisional, true);
    }
    const compensatory = deriveStatutoryDaysOff(2027).find((e) => e.date === '2027-05-03');
    assert.equal(compensatory?.nameVi, 'Nghỉ bù Ngày Quốc tế Lao động');
  });

  it('derives 2028: 1/1 on a Saturday, 30/4 on a Sunday before the 1/5 holiday, 2/9 on a Saturday', () => {
    assert.deepEqual(brief(2028), [
      '2028-01-01 H tet_duong_lich', // Sat
      '2028-01-03 C tet_duong_lich', // Mon
      '2028-01-25 H tet_nguyen_dan', // Tue
      '2028-01-26 H tet_nguyen_dan', // Wed, Mùng 1
      '2028-01-27 H tet_nguyen_dan',
      '2028-01-28 H tet_nguyen_dan',
      '2028-01-29 H tet_nguyen_dan', // Sat, Mùng 4
      '2028-01-31 C tet_nguyen_dan', // Mon
      '2028-04-04 H gio_to_hung_vuong',
      '2028-04-30 H ngay_chien_thang', // Sun
      '2028-05-01 H quoc_te_lao_dong', // Mon
      '2028-05-02 C ngay_chien_thang', // Tue: Monday is already a holiday
      '2028-09-01 H quoc_khanh', // Fri: the day before a Saturday 2/9
      '2028-09-02 H quoc_khanh', // Sat
      '2028-09-04 C quoc_khanh', // Mon
    ]);
  });

  it('derives 2/9 on a Sunday (2029): 3/9 is the adjacent day and 4/9 the compensatory day', () => {
    const september = brief(2029).filter((s) => s.startsWith('2029-09'));
    assert.deepEqual(september, ['2029-09-02 H quoc_khanh', '2029-09-03 H quoc_khanh', '2029-09-04 C quoc_khanh']);
  });

  it('derives 2023 with the compensatory day of Sunday 1/1 on Monday 2/1', () => {
    const january = brief(2023).filter((s) => s.startsWith('2023-01'));
    assert.deepEqual(january, [
      '2023-01-01 H tet_duong_lich',
      '2023-01-02 C tet_duong_lich',
      '2023-01-21 H tet_nguyen_dan', // Sat, last day of Nhâm Dần
      '2023-01-22 H tet_nguyen_dan', // Sun, Mùng 1
      '2023-01-23 H tet_nguyen_dan',
      '2023-01-24 H tet_nguyen_dan',
      '2023-01-25 H tet_nguyen_dan',
      '2023-01-26 C tet_nguyen_dan',
      '2023-01-27 C tet_nguyen_dan',
    ]);
  });

  it('reproduces the published statutory and compensatory days of 2026 with the default rules', () => {
    assert.deepEqual(
      deriveStatutoryDaysOff(2026).map((e) => `${e.date} ${e.kind === 'statutory_holiday' ? 'H' : 'C'}`),
      officialBrief(2026),
    );
  });

  it('reproduces 2024 and 2025 when the Tết split is set to two days before and Mùng 1-3 (rules as data)', () => {
    for (const year of [2024, 2025]) {
      assert.deepEqual(
        deriveStatutoryDaysOff(year, TWO_BEFORE_THREE_FROM).map(
          (e) => `${e.date} ${e.kind === 'statutory_holiday' ? 'H' : 'C'}`,
        ),
        officialBrief(year),
        String(year),
      );
    }
    // With the default split the 2025 Tết differs from what was published (27/1-31/1).
    assert.deepEqual(
      brief(2025).filter((s) => s.includes('tet_nguyen_dan')),
      [
        '2025-01-28 H tet_nguyen_dan',
        '2025-01-29 H tet_nguyen_dan',
        '2025-01-30 H tet_nguyen_dan',
        '2025-01-31 H tet_nguyen_dan',
        '2025-02-01 H tet_nguyen_dan',
        '2025-02-03 C tet_nguyen_dan',
      ],
    );
  });

  it('follows the rules it is given: no compensatory days, an extra solar holiday, a lunar converter', () => {
    const rules: HolidayRules = {
      ...LABOR_CODE_2019_RULES,
      compensatoryDayOff: false,
      solar: [...LABOR_CODE_2019_RULES.solar, { key: 'van_hoa', nameVi: 'Ngày Văn hóa Việt Nam', month: 11, day: 24 }],
    };
    const days = brief(2027, rules);
    assert.ok(!days.some((s) => s.includes(' C ')));
    assert.ok(days.includes('2027-11-24 H van_hoa'));
    // A stand-in converter: Mùng 1 Tết on 10/2/2027, every other lunar date on 20/4/2027.
    const fixedLunar: LunarToSolar = (_year, month) =>
      Date.UTC(2027, month === 1 ? 1 : 3, month === 1 ? 10 : 20) / 86_400_000;
    const custom = deriveStatutoryDaysOff(2027, LABOR_CODE_2019_RULES, fixedLunar).map((e) => e.date);
    assert.ok(custom.includes('2027-02-09') && custom.includes('2027-02-13') && custom.includes('2027-04-20'));
  });
});
