/**
 * The statutory holiday rules used to derive days off for years without a published Government schedule.
 * Data, not code: a province (or a later law) can pass its own `HolidayRules` to the calendar.
 *
 * Source: Labor Code 2019 (45/2019/QH14) Art. 112(1) (holidays) and Art. 111(3) (compensatory day off),
 * as summarised in data/holidays/vn_holiday_rules.json of the shared data folder.
 */

/** A holiday on a fixed solar (Gregorian) date. */
export interface SolarHolidayRule {
  key: string;
  nameVi: string;
  month: number;
  day: number;
  /**
   * One more day next to the holiday (2/9 + one adjacent day). `offsetByWeekday[w]` is -1 (the day before)
   * or +1 (the day after) when the holiday falls on weekday `w` (0 = Sunday ... 6 = Saturday).
   */
  adjacentDay?: {
    nameVi: string;
    offsetByWeekday: readonly [number, number, number, number, number, number, number];
  };
}

/** A holiday on a fixed lunar date (not in a leap month). */
export interface LunarHolidayRule {
  key: string;
  nameVi: string;
  lunarMonth: number;
  lunarDay: number;
}

/**
 * Tết Nguyên đán: `daysBeforeNewYear` days ending with the last day of the lunar year, then
 * `daysFromNewYear` days starting with Mùng 1 (the Labor Code fixes 5 days in total; the Prime Minister
 * chooses the split each year).
 */
export interface TetRule {
  key: string;
  nameVi: string;
  daysBeforeNewYear: number;
  daysFromNewYear: number;
}

export interface HolidayRules {
  /** Citation for the rules. */
  source: string;
  /** Weekly rest days, 0 = Sunday ... 6 = Saturday (Saturday and Sunday for the public sector). */
  weeklyRestDays: readonly number[];
  solar: readonly SolarHolidayRule[];
  lunar: readonly LunarHolidayRule[];
  tet: TetRule;
  /**
   * Art. 111(3): a holiday on a weekly rest day gives a compensatory day off on the next working day.
   * Several such holidays in a row give consecutive compensatory days after the whole break.
   */
  compensatoryDayOff: boolean;
  /** Prefix of the name of a compensatory day, followed by the holiday's name. */
  compensatoryNameVi: string;
}

/**
 * The Labor Code 2019 rules, with these defaults where the law leaves a yearly choice:
 *   - Tết: the last day of the lunar year (Giao thừa) plus Mùng 1 to Mùng 4 (the split used in 2026;
 *     2024 and 2025 took two days before and Mùng 1-3);
 *   - 2/9: the adjacent day follows the pattern python-holidays uses since 2021
 *     (Mon -> 3/9, Tue/Wed -> 1/9, Thu -> 3/9, Fri/Sat -> 1/9, Sun -> 3/9), which matches 2024-2026.
 */
export const LABOR_CODE_2019_RULES: HolidayRules = {
  source: 'Bộ luật Lao động 2019 (45/2019/QH14) Điều 112 khoản 1, Điều 111 khoản 3',
  weeklyRestDays: [0, 6],
  solar: [
    { key: 'tet_duong_lich', nameVi: 'Tết Dương lịch', month: 1, day: 1 },
    {
      key: 'ngay_chien_thang',
      nameVi: 'Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)',
      month: 4,
      day: 30,
    },
    { key: 'quoc_te_lao_dong', nameVi: 'Ngày Quốc tế Lao động', month: 5, day: 1 },
    {
      key: 'quoc_khanh',
      nameVi: 'Quốc khánh',
      month: 9,
      day: 2,
      adjacentDay: {
        nameVi: 'Quốc khánh (ngày liền kề)',
        //               Sun Mon Tue Wed Thu Fri Sat
        offsetByWeekday: [1, 1, -1, -1, 1, -1, -1],
      },
    },
  ],
  lunar: [{ key: 'gio_to_hung_vuong', nameVi: 'Giỗ Tổ Hùng Vương', lunarMonth: 3, lunarDay: 10 }],
  tet: { key: 'tet_nguyen_dan', nameVi: 'Tết Nguyên đán', daysBeforeNewYear: 1, daysFromNewYear: 4 },
  compensatoryDayOff: true,
  compensatoryNameVi: 'Nghỉ bù',
};
