import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createVietnamCalendar } from '../calendar/vietnam-calendar';
import { vnInstant } from '../calendar/vn-time';
import { emptyCounts } from '../ioc/measures';
import type { CongsoError } from '../shared/errors';
import { ii06aCells, ii06aFigures } from './ii06a';
import { aggregateValues, applyReportEntry, compareReport, percentChange, type ReportIndicator } from './indicators';
import {
  checkPeriodOverride,
  checkPeriodRule,
  DECREE_CUTOFF_END_DAY,
  deadlinePassesAt,
  parseReportingPeriod,
  previousReportingPeriod,
  type ReportingPeriod,
  type ReportingPeriodKind,
  type ReportingPeriodOverride,
  ReportingPeriods,
  reportingPeriodHolding,
  reportingPeriodKinds,
  reportingPeriodsOfYear,
  samePeriodLastYear,
  submissionDeadline,
} from './periods';
import { governmentLevelOf, programmeSummary, targetProgress, workFileShares } from './programme';
import { reportingRate } from './rates';
import {
  nextReportStatus,
  type ReportAction,
  type ReportStatus,
  reportActions,
  reportActionsFrom,
  reportStatuses,
} from './state';

const calendar = createVietnamCalendar();
const periodsOfKind = reportingPeriodsOfYear;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as CongsoError).code;
  }
  return 'ok';
};

describe('reporting periods (NĐ 09/2019 cut-offs)', () => {
  test('every month of 2026: 15th of the month before → 14th, January from 15/12 of 2025', () => {
    const got = reportingPeriodsOfYear('month', 2026).map((p) => [p.key, p.cutoffStart, p.cutoffEnd]);
    assert.deepEqual(got, [
      ['2026-01', '2025-12-15', '2026-01-14'],
      ['2026-02', '2026-01-15', '2026-02-14'],
      ['2026-03', '2026-02-15', '2026-03-14'],
      ['2026-04', '2026-03-15', '2026-04-14'],
      ['2026-05', '2026-04-15', '2026-05-14'],
      ['2026-06', '2026-05-15', '2026-06-14'],
      ['2026-07', '2026-06-15', '2026-07-14'],
      ['2026-08', '2026-07-15', '2026-08-14'],
      ['2026-09', '2026-08-15', '2026-09-14'],
      ['2026-10', '2026-09-15', '2026-10-14'],
      ['2026-11', '2026-10-15', '2026-11-14'],
      ['2026-12', '2026-11-15', '2026-12-14'],
    ]);
  });

  test('quarters, halves, nine months and the year', () => {
    const rows = (kind: ReportingPeriodKind) =>
      reportingPeriodsOfYear(kind, 2026).map((p) => [p.key, p.cutoffStart, p.cutoffEnd, p.months.join(',')]);
    assert.deepEqual(rows('quarter'), [
      ['2026-Q1', '2025-12-15', '2026-03-14', '1,2,3'],
      ['2026-Q2', '2026-03-15', '2026-06-14', '4,5,6'],
      ['2026-Q3', '2026-06-15', '2026-09-14', '7,8,9'],
      ['2026-Q4', '2026-09-15', '2026-12-14', '10,11,12'],
    ]);
    assert.deepEqual(rows('half'), [
      ['2026-H1', '2025-12-15', '2026-06-14', '1,2,3,4,5,6'],
      ['2026-H2', '2026-06-15', '2026-12-14', '7,8,9,10,11,12'],
    ]);
    assert.deepEqual(rows('nine_months'), [['2026-9M', '2025-12-15', '2026-09-14', '1,2,3,4,5,6,7,8,9']]);
    assert.deepEqual(rows('year'), [['2026', '2025-12-15', '2026-12-14', '1,2,3,4,5,6,7,8,9,10,11,12']]);
  });

  test('labels in Vietnamese and English', () => {
    assert.deepEqual(parseReportingPeriod('quarter', '2026-Q3').label, { vi: 'Quý III năm 2026', en: 'Q3 2026' });
    assert.deepEqual(parseReportingPeriod('month', '2026-02').label, { vi: 'Tháng 02/2026', en: '2026-02' });
    assert.equal(parseReportingPeriod('half', '2026-H2').label.vi, '6 tháng cuối năm 2026');
  });

  test('keys are checked per kind', () => {
    for (const [kind, key] of [
      ['month', '2026-13'],
      ['month', '2026-Q1'],
      ['quarter', '2026-Q5'],
      ['half', '2026-H3'],
      ['nine_months', '2026'],
      ['year', '2026-01'],
      ['year', '1999'],
      ['month', ' 2026-01'],
    ] as const) {
      assert.equal(
        codeOf(() => parseReportingPeriod(kind, key)),
        'VALIDATION_FAILED',
        `${kind} ${key}`,
      );
    }
  });

  test('the period holding a date: across the year end the 15th of December opens the next year', () => {
    assert.equal(reportingPeriodHolding('month', '2026-12-14').key, '2026-12');
    assert.equal(reportingPeriodHolding('month', '2026-12-15').key, '2027-01');
    assert.equal(reportingPeriodHolding('month', '2026-12-31').key, '2027-01');
    assert.equal(reportingPeriodHolding('month', '2027-01-14').key, '2027-01');
    assert.equal(reportingPeriodHolding('month', '2027-01-15').key, '2027-02');
    assert.equal(reportingPeriodHolding('quarter', '2026-12-20').key, '2027-Q1');
    assert.equal(reportingPeriodHolding('half', '2026-06-15').key, '2026-H2');
    assert.equal(reportingPeriodHolding('year', '2026-12-15').key, '2027');
    assert.equal(reportingPeriodHolding('nine_months', '2026-09-14').key, '2026-9M');
    assert.equal(reportingPeriodHolding('nine_months', '2026-10-01').key, '2027-9M');
    // Every day of 2026 and 2027 is in exactly the month whose window holds it, and windows tile the days.
    for (const kind of reportingPeriodKinds.filter((k) => k !== 'nine_months')) {
      let d = new Date(Date.UTC(2025, 11, 15));
      while (d.getUTCFullYear() < 2028) {
        const key = d.toISOString().slice(0, 10);
        const p = reportingPeriodHolding(kind, key);
        assert.ok(p.cutoffStart <= key && key <= p.cutoffEnd, `${kind} ${key}`);
        d = new Date(d.getTime() + 86_400_000);
      }
    }
  });

  test('previous period and the same period last year, across the year end', () => {
    const prev = (kind: ReportingPeriodKind, key: string) =>
      previousReportingPeriod(parseReportingPeriod(kind, key)).key;
    const ly = (kind: ReportingPeriodKind, key: string) => samePeriodLastYear(parseReportingPeriod(kind, key)).key;
    assert.equal(prev('month', '2026-01'), '2025-12');
    assert.equal(prev('month', '2026-07'), '2026-06');
    assert.equal(prev('quarter', '2026-Q1'), '2025-Q4');
    assert.equal(prev('quarter', '2026-Q3'), '2026-Q2');
    assert.equal(prev('half', '2026-H1'), '2025-H2');
    assert.equal(prev('half', '2026-H2'), '2026-H1');
    assert.equal(prev('nine_months', '2026-9M'), '2025-9M');
    assert.equal(prev('year', '2026'), '2025');
    assert.equal(ly('month', '2026-01'), '2025-01');
    assert.equal(ly('quarter', '2026-Q4'), '2025-Q4');
    assert.equal(ly('half', '2026-H2'), '2025-H2');
    assert.equal(ly('year', '2026'), '2025');
  });

  test('deadlines: working days after the cut-off, never on a day off', () => {
    const due = (kind: ReportingPeriodKind, key: string, workingDays: number) =>
      submissionDeadline(parseReportingPeriod(kind, key), { workingDays }, calendar);
    // Cut-off Saturday 14/2/2026, Tết 14-22/2: two working days are Monday 23 and Tuesday 24.
    assert.equal(due('month', '2026-02', 2), '2026-02-24');
    // Cut-off Saturday 14/3/2026: Monday 16 and Tuesday 17.
    assert.equal(due('month', '2026-03', 2), '2026-03-17');
    // Cut-off Tuesday 14/4/2026.
    assert.equal(due('month', '2026-04', 2), '2026-04-16');
    // Year end: cut-off Monday 14/12/2026.
    assert.equal(due('year', '2026', 2), '2026-12-16');
    assert.equal(due('month', '2026-12', 2), '2026-12-16');
    // January 2027's window starts in 2026; its cut-off Thursday 14/1/2027 → Monday 18/1.
    assert.equal(due('month', '2027-01', 2), '2027-01-18');
    // Due the same day when 0 working days, moved to Tuesday 24/2 when the cut-off is a day off (Tết).
    assert.equal(due('month', '2026-04', 0), '2026-04-14');
    assert.equal(due('month', '2026-02', 0), '2026-02-23');
    // Five working days over Tết from Friday 13/2 (cut-off of nothing: a quarter's 14/3 is a Saturday).
    assert.equal(due('quarter', '2026-Q1', 5), '2026-03-20');
    assert.equal(due('half', '2026-H1', 2), '2026-06-16');
    assert.equal(due('nine_months', '2026-9M', 2), '2026-09-16');
    // The deadline passes at the start of the next day, Vietnam time.
    assert.equal(deadlinePassesAt('2026-02-24').toISOString(), '2026-02-24T17:00:00.000Z');
  });
});

describe("the province's periods as data: rules per kind and periods set apart", () => {
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = vnInstant(from as never).getTime(); d <= vnInstant(to as never).getTime(); d += 86_400_000) {
      out.push(new Date(d + 7 * 3_600_000).toISOString().slice(0, 10));
    }
    return out;
  };
  /** Every day between two dates lies in exactly one window of a kind, and consecutive windows touch. */
  const assertTiles = (periods: ReportingPeriods, kind: ReportingPeriodKind, years: number[], everyDay = true) => {
    const all = years.flatMap((y) => periods.ofYear(kind, y));
    for (let i = 1; i < all.length; i += 1) {
      const [a, b] = [all[i - 1] as ReportingPeriod, all[i] as ReportingPeriod];
      assert.ok(a.cutoffStart <= a.cutoffEnd, `${a.key} ${a.cutoffStart}-${a.cutoffEnd}`);
      assert.equal(
        days(a.cutoffEnd, b.cutoffStart).length,
        2,
        `${a.key} ends ${a.cutoffEnd}, ${b.key} starts ${b.cutoffStart}`,
      );
    }
    const inner = all.slice(1, -1);
    const checked = everyDay
      ? days((inner[0] as ReportingPeriod).cutoffStart, (inner.at(-1) as ReportingPeriod).cutoffEnd)
      : inner.flatMap((p) => [p.cutoffStart, p.cutoffEnd]);
    for (const d of checked) {
      const p = periods.holding(kind, d);
      assert.ok(p.cutoffStart <= d && d <= p.cutoffEnd, `${kind} ${d} → ${p.key}`);
    }
  };

  test('no rule: the decree (the same windows as the decree functions)', () => {
    const periods = new ReportingPeriods();
    for (const kind of reportingPeriodKinds) {
      assert.deepEqual(periods.ofYear(kind, 2026), reportingPeriodsOfYear(kind, 2026));
    }
    assert.equal(periods.cutoffEndDayOf('month', '2026-05'), DECREE_CUTOFF_END_DAY);
    assert.equal(periods.ruleOf('month', '2026-05'), null);
  });

  test('a month rule "to the last day" from January 2027: December keeps the decree, January runs 15/12 → 31/1', () => {
    const periods = new ReportingPeriods([{ kind: 'month', fromPeriodKey: '2027-01', cutoffEndDay: 31 }]);
    const w = (key: string) => {
      const p = periods.parse('month', key);
      return [p.cutoffStart, p.cutoffEnd];
    };
    assert.deepEqual(w('2026-12'), ['2026-11-15', '2026-12-14']);
    assert.deepEqual(w('2027-01'), ['2026-12-15', '2027-01-31']);
    assert.deepEqual(w('2027-02'), ['2027-02-01', '2027-02-28']);
    assert.deepEqual(w('2028-02'), ['2028-02-01', '2028-02-29']);
    assert.deepEqual(w('2027-12'), ['2027-12-01', '2027-12-31']);
    assert.equal(periods.holding('month', '2026-12-20').key, '2027-01');
    assert.equal(periods.holding('month', '2027-01-31').key, '2027-01');
    assert.equal(periods.holding('month', '2027-02-01').key, '2027-02');
    assert.deepEqual(periods.ruleOf('month', '2027-06'), { kind: 'month', fromPeriodKey: '2027-01', cutoffEndDay: 31 });
    assertTiles(periods, 'month', [2026, 2027, 2028]);
    // Other kinds keep the decree.
    assert.equal(periods.parse('quarter', '2027-Q1').cutoffEnd, '2027-03-14');
  });

  test('a day past the end of a short month is its last day; a later rule replaces an earlier one from its period', () => {
    const periods = new ReportingPeriods([
      { kind: 'month', fromPeriodKey: '2026-02', cutoffEndDay: 30 },
      { kind: 'month', fromPeriodKey: '2026-06', cutoffEndDay: 20 },
    ]);
    assert.deepEqual(
      ['2026-01', '2026-02', '2026-03', '2026-05', '2026-06', '2026-07'].map((k) => {
        const p = periods.parse('month', k);
        return `${p.key} ${p.cutoffStart} ${p.cutoffEnd}`;
      }),
      [
        '2026-01 2025-12-15 2026-01-14',
        '2026-02 2026-01-15 2026-02-28',
        '2026-03 2026-03-01 2026-03-30',
        '2026-05 2026-05-01 2026-05-30',
        '2026-06 2026-05-31 2026-06-20',
        '2026-07 2026-06-21 2026-07-20',
      ],
    );
    assertTiles(periods, 'month', [2025, 2026, 2027]);
  });

  test('random rules of every kind: the windows still tile the days', () => {
    let seed = 20_261_208;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 40; round += 1) {
      for (const kind of reportingPeriodKinds.filter((k) => k !== 'nine_months')) {
        const rules = Array.from({ length: 1 + rand(3) }, () => {
          const year = 2025 + rand(3);
          const p = periodsOfKind(kind, year)[rand(periodsOfKind(kind, year).length)] as ReportingPeriod;
          return { kind, fromPeriodKey: p.key, cutoffEndDay: 1 + rand(31) };
        });
        const unique = [...new Map(rules.map((r) => [r.fromPeriodKey, r])).values()];
        // Each window touches the next; each window's first and last days are held by it.
        assertTiles(new ReportingPeriods(unique), kind, [2024, 2025, 2026, 2027, 2028], false);
      }
    }
  });

  test('a period set apart: its own window and deadline, the reason, and the rules around it unchanged', () => {
    const periods = new ReportingPeriods(
      [],
      [
        {
          kind: 'year',
          periodKey: '2026',
          cutoffStart: null,
          cutoffEnd: '2026-11-30',
          deadline: '2026-12-04',
          reason: 'Báo cáo sớm cho kỳ họp HĐND',
        },
      ],
    );
    const p = periods.parse('year', '2026');
    assert.deepEqual(
      [p.cutoffStart, p.cutoffEnd, p.deadline, p.adjustment],
      ['2025-12-15', '2026-11-30', '2026-12-04', 'Báo cáo sớm cho kỳ họp HĐND'],
    );
    // The period's deadline replaces every template's working days.
    assert.equal(submissionDeadline(p, { workingDays: 2 }, calendar), '2026-12-04');
    assert.equal(submissionDeadline(p, { workingDays: 10 }, calendar), '2026-12-04');
    // The next year is unchanged; a day the shortened window left uncovered belongs to the next period.
    assert.equal(periods.parse('year', '2027').cutoffStart, '2026-12-15');
    assert.equal(periods.holding('year', '2026-12-05').key, '2027');
    assert.equal(periods.holding('year', '2026-11-30').key, '2026');
    assert.equal(periods.parse('year', '2025').deadline, null);
    // Without its overrides, the same rules.
    assert.equal(periods.withoutOverrides().parse('year', '2026').cutoffEnd, '2026-12-14');
  });

  test('a rule as typed: a key of its kind and a day from 1 to 31', () => {
    assert.deepEqual(checkPeriodRule({ kind: 'quarter', fromPeriodKey: '2027-Q1', cutoffEndDay: 31 }), {
      kind: 'quarter',
      fromPeriodKey: '2027-Q1',
      cutoffEndDay: 31,
    });
    for (const [kind, key, d] of [
      ['quarter', '2027-01', 14],
      ['month', '2027-13', 14],
      ['month', '2027-01', 0],
      ['month', '2027-01', 32],
      ['month', '2027-01', 1.5],
    ] as const) {
      assert.equal(
        codeOf(() => checkPeriodRule({ kind, fromPeriodKey: key, cutoffEndDay: d })),
        'VALIDATION_FAILED',
        `${kind} ${key} ${d}`,
      );
    }
  });

  test('an override as typed: checked against its period, the working calendar and its own window', () => {
    const periods = new ReportingPeriods();
    const o = (patch: Partial<ReportingPeriodOverride>): ReportingPeriodOverride => ({
      kind: 'month',
      periodKey: '2026-02',
      cutoffStart: null,
      cutoffEnd: null,
      deadline: null,
      reason: 'Nghỉ Tết',
      ...patch,
    });
    const detail = (input: ReportingPeriodOverride) => {
      try {
        checkPeriodOverride(periods, input, calendar);
        return 'ok';
      } catch (e) {
        const err = e as CongsoError & { details?: { path: string; code: string }[] };
        return `${err.details?.[0]?.path}:${err.details?.[0]?.code}`;
      }
    };
    assert.equal(detail(o({ deadline: '2026-02-27' })), 'ok');
    assert.equal(detail(o({ cutoffEnd: '2026-02-28', deadline: '2026-03-03' })), 'ok');
    assert.equal(detail(o({ periodKey: '2026-Q1' })), 'periodKey:invalid_period');
    assert.equal(detail(o({ deadline: '2026-02-27', reason: '   ' })), 'reason:required');
    assert.equal(detail(o({})), 'deadline:required');
    assert.equal(detail(o({ cutoffStart: '2026-02-20', cutoffEnd: '2026-02-10' })), 'cutoffStart:after_end');
    // The window's start after the rules' end: checked against the end the override keeps.
    assert.equal(detail(o({ cutoffStart: '2026-02-20' })), 'cutoffStart:after_end');
    assert.equal(detail(o({ cutoffEnd: '2026-04-02' })), 'cutoffEnd:outside_period');
    assert.equal(detail(o({ cutoffEnd: '2026-01-31' })), 'cutoffEnd:outside_period');
    assert.equal(detail(o({ cutoffStart: '2024-12-01', cutoffEnd: '2026-02-14' })), 'cutoffEnd:outside_period');
    // Tết 2026 (14-22/2) and a Sunday are days off; a deadline before the cut-off is refused.
    assert.equal(detail(o({ deadline: '2026-02-18' })), 'deadline:day_off');
    assert.equal(detail(o({ deadline: '2026-03-01' })), 'deadline:day_off');
    assert.equal(detail(o({ cutoffEnd: '2026-02-28', deadline: '2026-02-26' })), 'deadline:before_cutoff');
    assert.equal(
      checkPeriodOverride(periods, o({ deadline: '2026-02-27', reason: '  Nghỉ Tết ' }), calendar).reason,
      'Nghỉ Tết',
    );
  });
});

describe('report state machine: every action from every status', () => {
  const expected: Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>> = {
    draft: { save: 'draft', submit: 'submitted' },
    submitted: { return: 'returned', approve: 'approved' },
    returned: { save: 'returned', submit: 'submitted' },
    approved: { lock: 'locked' },
    locked: {},
  };
  for (const status of reportStatuses) {
    for (const action of reportActions) {
      const want = expected[status][action];
      test(`${status} + ${action} → ${want ?? 'INVALID_STATE'}`, () => {
        if (want) assert.equal(nextReportStatus(status, action, { reason: 'Thiếu số liệu' }), want);
        else
          assert.equal(
            codeOf(() => nextReportStatus(status, action, { reason: 'x' })),
            'INVALID_STATE',
          );
      });
    }
  }
  test('a return needs a reason', () => {
    assert.equal(
      codeOf(() => nextReportStatus('submitted', 'return')),
      'VALIDATION_FAILED',
    );
    assert.equal(
      codeOf(() => nextReportStatus('submitted', 'return', { reason: '   ' })),
      'VALIDATION_FAILED',
    );
  });
  test('actions offered from each status', () => {
    assert.deepEqual(
      reportStatuses.map((s) => reportActionsFrom(s)),
      [['save', 'submit'], ['return', 'approve'], ['save', 'submit'], ['lock'], []],
    );
  });
});

const ind = (over: Partial<ReportIndicator> & { id: string }): ReportIndicator => ({
  code: over.id,
  nameVi: over.id,
  nameEn: over.id,
  unit: 'hồ sơ',
  valueType: 'integer',
  aggregation: 'sum',
  min: 0,
  max: null,
  source: null,
  required: true,
  ...over,
});
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';
const indicators = [
  ind({ id: A }),
  ind({ id: B, valueType: 'percent', aggregation: 'avg', min: null }),
  ind({ id: C, valueType: 'text', aggregation: 'none', required: false, min: null }),
  ind({ id: D, source: 'dossiers_received' }),
];

describe('entry validation', () => {
  test('values are typed and ranged; required only when submitting', () => {
    const v = applyReportEntry(indicators, {}, { [A]: { value: 12 } }, { complete: false });
    assert.deepEqual(v, { [A]: { value: 12, automatic: false, note: null } });
    const err = (() => {
      try {
        applyReportEntry(
          indicators,
          {},
          { [A]: { value: 1.5 }, [B]: { value: 101 }, [C]: { value: 3 } },
          { complete: true },
        );
      } catch (e) {
        return e as CongsoError;
      }
    })() as CongsoError;
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      (err.details as { path: string; code: string }[]).map((d) => [d.path, d.code]),
      [
        [`values.${A}`, 'integer'],
        [`values.${B}`, 'range'],
        [`values.${C}`, 'type'],
      ],
    );
    const range = (err.details as { message: { vi: string } }[])[1]?.message.vi;
    assert.equal(range, 'Giá trị phải từ 0 đến 100.');
    const missing = (() => {
      try {
        applyReportEntry(indicators, { [A]: { value: 3, automatic: false } }, {}, { complete: true });
      } catch (e) {
        return (e as CongsoError).details as { path: string; code: string }[];
      }
    })();
    assert.deepEqual(missing, [
      {
        path: `values.${B}`,
        code: 'required',
        message: { vi: 'Chỉ tiêu bắt buộc nhập.', en: 'This indicator is required.' },
      },
    ]);
    assert.equal(
      codeOf(() => applyReportEntry(indicators, {}, { [A]: { value: -1 } }, { complete: false })),
      'VALIDATION_FAILED',
    );
  });

  test('automatic and unknown indicators are refused', () => {
    for (const id of [D, '00000000-0000-4000-8000-0000000000ff']) {
      try {
        applyReportEntry(indicators, {}, { [id]: { value: 5 } }, { complete: false });
        assert.fail('accepted');
      } catch (e) {
        assert.equal(
          ((e as CongsoError).details as { code: string }[])[0]?.code,
          id === D ? 'automatic' : 'unknown_indicator',
        );
      }
    }
  });

  test('comparison with the previous period and last year', () => {
    assert.equal(percentChange(120, 100), 20);
    assert.equal(percentChange(90, 120), -25);
    assert.equal(percentChange(1, 3), -66.7);
    assert.equal(percentChange(5, 0), null);
    assert.equal(percentChange(5, null), null);
    const rows = compareReport(
      indicators.slice(0, 2),
      { [A]: { value: 120, automatic: false } },
      { [A]: { value: 100, automatic: false } },
      { [A]: { value: 150, automatic: false }, [B]: { value: 80, automatic: false } },
    );
    assert.deepEqual(rows, [
      {
        indicatorId: A,
        value: 120,
        automatic: false,
        previous: 100,
        lastYear: 150,
        changePrevious: 20,
        changeLastYear: -20,
      },
      {
        indicatorId: B,
        value: null,
        automatic: false,
        previous: null,
        lastYear: 80,
        changePrevious: null,
        changeLastYear: null,
      },
    ]);
  });

  test('aggregation rules', () => {
    const values = [10, 20, null, 35.5, 'x'];
    assert.equal(aggregateValues('sum', values), 65.5);
    assert.equal(aggregateValues('avg', values), 21.83);
    assert.equal(aggregateValues('max', values), 35.5);
    assert.equal(aggregateValues('min', values), 10);
    assert.equal(aggregateValues('none', values), null);
    assert.equal(aggregateValues('sum', [null]), null);
  });
});

describe('Biểu II.06a from the counters', () => {
  test('a quarter: flows summed, in progress at the last month, carried over from the month before', () => {
    const m = (o: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...o });
    const before = m({ open_end: 4, open_end_late: 1 });
    const months = [
      m({
        received_online: 3,
        received_offline: 5,
        finished: 6,
        finished_early: 1,
        finished_on_time: 4,
        finished_late: 1,
        open_end: 6,
        open_end_late: 1,
      }),
      m({
        received_online: 2,
        received_offline: 1,
        finished: 4,
        finished_on_time: 3,
        finished_late: 1,
        open_end: 5,
        open_end_late: 2,
      }),
      m({
        received_online: 0,
        received_offline: 2,
        finished: 3,
        finished_early: 2,
        finished_on_time: 1,
        open_end: 4,
        open_end_late: 0,
      }),
    ];
    const f = ii06aFigures(months, before);
    // (3)=(4)+(5)+(6)=17; (7)=13; (11)=4: 17 = 13 + 4.
    assert.deepEqual(ii06aCells(f), [17, 5, 8, 4, 13, 3, 8, 2, 4, 4, 0]);
  });
});

describe('reporting rates', () => {
  test('due reports only; on time when first submitted before the day after the deadline', () => {
    const now = vnInstant('2026-03-20');
    const r = reportingRate(
      [
        { deadline: '2026-02-24', firstSubmittedAt: vnInstant('2026-02-24', '23:59') },
        { deadline: '2026-01-16', firstSubmittedAt: vnInstant('2026-01-17', '08:00') },
        { deadline: '2025-12-16', firstSubmittedAt: null },
        { deadline: '2026-03-17', firstSubmittedAt: vnInstant('2026-03-10') },
        { deadline: '2026-04-16', firstSubmittedAt: null },
      ],
      now,
    );
    assert.deepEqual(r, { due: 4, submitted: 3, onTime: 2, rate: 75, onTimeRate: 50 });
    assert.deepEqual(reportingRate([], now), { due: 0, submitted: 0, onTime: 0, rate: null, onTimeRate: null });
  });
});

describe('programme', () => {
  test('summary and target progress', () => {
    const s = programmeSummary(['done', 'done', 'implementing', 'proposed']);
    assert.deepEqual(s.text, { vi: '2 trên 4 dự án hoàn thành', en: '2 of 4 projects done' });
    assert.deepEqual(s.byStatus, { proposed: 1, appraisal: 0, design: 0, implementing: 1, done: 2 });
    assert.equal(targetProgress(80, 60), 75);
    assert.equal(targetProgress(80, 90), 100);
    assert.equal(targetProgress(80, null), null);
  });

  test('the level of an agency from the kinds on its path', () => {
    const table: [string[], string][] = [
      [['province'], 'province'],
      [['province', 'department'], 'province'],
      [['province', 'department', 'unit'], 'province'],
      [['province', 'district'], 'district'],
      [['province', 'district', 'unit'], 'district'],
      [['province', 'commune'], 'commune'],
      [['province', 'district', 'commune'], 'commune'],
      [['province', 'commune', 'unit'], 'commune'],
    ];
    for (const [kinds, level] of table) assert.equal(governmentLevelOf(kinds), level, kinds.join('/'));
  });

  test('work files handled online: overall and per level, null without a closed file', () => {
    // closed / online per agency: province 10/9 + 5/4, commune 8/4 + 2/2, no district file.
    const shares = workFileShares([
      { level: 'province', closed: 10, online: 9 },
      { level: 'province', closed: 5, online: 4 },
      { level: 'commune', closed: 8, online: 4 },
      { level: 'commune', closed: 2, online: 2 },
    ]);
    assert.deepEqual(shares, { all: 76, province: 86.7, district: null, commune: 60 });
    assert.deepEqual(workFileShares([]), { all: null, province: null, district: null, commune: null });
  });
});
