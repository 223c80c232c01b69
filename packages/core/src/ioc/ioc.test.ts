import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceMode } from '../catalog/procedure';
import { type DossierActionInput, SYSTEM_ACTOR } from '../dossiers/actions';
import { at, DEPT, DESK, DESK_CODE, Journey } from '../dossiers/dossier.fixtures';
import { formatDossierCode } from '../dossiers/dossier-code';
import {
  contributionDelta,
  contributionsOf,
  factOf,
  type IocDossierFact,
  isLateWhileOpen,
  isOpenAt,
  parseCellKey,
} from './facts';
import { emptyCounts, type IocCounts, iocMeasures } from './measures';
import { parsePeriod, periodOf, periodsEndingBetween } from './periods';
import { reasonOf } from './reasons';
import { type IocScheme, QD766_PORTAL_SCHEME, schemeFor } from './scheme';
import { pointsFor, scoreIndex } from './score';

type Step =
  | DossierActionInput['action']
  | DossierActionInput
  | [DossierActionInput['action'] | DossierActionInput, Date];

interface Row {
  id: string;
  what: string;
  start: Date;
  online?: boolean;
  serviceMode?: ServiceMode;
  documentsAsFiles?: boolean;
  /** A fee asked at filing and paid: online (the platform, confirmed by the installation) or at the counter. */
  fee?: 'paid_online' | 'paid_at_counter' | 'waived';
  /** A document taken from the data store, kept with the opening's documents. */
  reusedAtOpening?: boolean;
  /** The dossier's digitisation flags (columns set by digitising, the electronic return, a reuse). */
  flags?: { digitisedAt?: Date; resultElectronicAt?: Date; reusedDataAt?: Date };
  steps: Step[];
}

const withFile = (name: string): DossierActionInput => ({
  action: 'issue_result',
  results: [{ name, number: '12/GKS-UBND', fileId: `file-${name}` }],
});
const rate = (rating: 'very_satisfied' | 'satisfied' | 'not_satisfied'): DossierActionInput => ({
  action: 'rate',
  rating,
});
const MON = (time: string) => at('2026-03-02', time);

/** The fixed data set: every dossier of March 2026 in the province, with the facts that decide its count. */
const dataSet: Row[] = [
  {
    id: 'd01',
    what: 'counter, files, electronic result, very satisfied: early',
    start: MON('08:00'),
    documentsAsFiles: true,
    steps: ['forward', 'approve', withFile('kq1'), 'return_result', rate('very_satisfied')],
  },
  {
    id: 'd02',
    what: 'online (full online service) with a document from the data store, paper result, not satisfied: early',
    start: MON('08:00'),
    online: true,
    reusedAtOpening: true,
    steps: ['receive', 'forward', 'approve', 'issue_result', 'return_result', rate('not_satisfied')],
  },
  {
    id: 'd03',
    what: 'two supplement requests, done within a day: late; papers digitised at the counter, result returned electronic',
    start: MON('08:00'),
    flags: { digitisedAt: MON('08:05'), resultElectronicAt: MON('16:00') },
    steps: [
      'forward',
      'request_supplement',
      'submit_supplement',
      'request_supplement',
      'submit_supplement',
      'approve',
      'issue_result',
    ],
  },
  { id: 'd04', what: 'stopped by the leader: ended early', start: MON('08:00'), steps: ['forward', 'stop'] },
  {
    id: 'd05',
    what: 'refused after a proposal: ended early',
    start: MON('08:00'),
    steps: ['forward', 'propose_refusal', 'refuse'],
  },
  {
    id: 'd06',
    what: 'forwarded, never finished: in progress and late at the end of March',
    start: MON('08:00'),
    steps: ['forward'],
  },
  {
    id: 'd07',
    what: 'online on 30/3 with reused data (the flag), in progress within the deadline at the end of March',
    start: at('2026-03-30', '08:00'),
    online: true,
    flags: { reusedDataAt: at('2026-03-30', '08:00') },
    steps: ['receive'],
  },
  {
    id: 'd08',
    what: 'one supplement asked on 2/3, never brought: waiting, within the deadline',
    start: MON('08:00'),
    steps: ['request_supplement'],
  },
  { id: 'd09', what: 'withdrawn after the receipt: ended on time', start: MON('08:00'), steps: ['withdraw'] },
  {
    id: 'd10',
    what: 'online, refused at receipt: never received, counts nowhere',
    start: MON('08:00'),
    online: true,
    steps: ['refuse_receipt'],
  },
  {
    id: 'd11',
    what: 'offline procedure, result on 20/3 after a 5-day deadline, electronic result: late',
    start: MON('08:00'),
    serviceMode: 'offline',
    steps: ['forward', ['approve', at('2026-03-20', '08:00')], withFile('kq11')],
  },
  {
    id: 'd12',
    what: 'online on 30/3, the fee asked at filing and paid on the payment platform, then received: in progress',
    start: at('2026-03-30', '08:00'),
    online: true,
    fee: 'paid_online',
    steps: ['receive'],
  },
  {
    id: 'd13',
    what: 'counter on 30/3, the fee asked and paid in cash at the counter: in progress',
    start: at('2026-03-30', '08:00'),
    fee: 'paid_at_counter',
    steps: [],
  },
  {
    id: 'd14',
    what: 'counter on 30/3, the fee asked, then waived (an exemption proved): in progress, no fee to pay',
    start: at('2026-03-30', '08:00'),
    fee: 'waived',
    steps: [],
  },
];

const AGENCY_KIND: Record<string, string | null> = { [DESK]: null, [DEPT]: null };

function build(row: Row, index: number): IocDossierFact {
  const opening = {
    id: row.id,
    code: formatDossierCode(DESK_CODE, row.start, index + 1),
    documents: [
      {
        index: 0,
        name: 'Tờ khai',
        fileIds: row.documentsAsFiles ? ['file-tk'] : [],
        ...(row.reusedAtOpening
          ? {
              reused: [
                {
                  itemId: 'item-1',
                  kind: 'electronic_result' as const,
                  fileId: 'file-kq0',
                  sourceDossierId: 'd00',
                  sourceDossierCode: 'X',
                },
              ],
            }
          : {}),
      },
    ],
  };
  const journey = new Journey(row.start, opening, row.online ? 'submit_online' : 'receive');
  if (row.fee) {
    const by = row.fee === 'paid_online' ? { actor: SYSTEM_ACTOR } : {};
    journey.do({ action: 'request_payment', amount: 7000 }, by);
    if (row.fee === 'waived') {
      journey.do({ action: 'waive_payment', reason: 'Người cao tuổi', legalBasis: 'Điều 4 Thông tư 75/2022/TT-BTC' });
    } else {
      journey.do({ action: 'confirm_payment', reference: `HS${row.id}` }, by);
    }
  }
  for (const step of row.steps) {
    if (Array.isArray(step)) journey.do(step[0], { when: step[1] });
    else journey.do(step);
  }
  return factOf(journey.events, {
    procedureName: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    serviceMode: row.serviceMode ?? 'full_online',
    provinceOf: () => 'province',
    communeOf: (id) => AGENCY_KIND[id] ?? null,
    // The national portal accepted d01-d06 (their creation synced); the others not yet.
    portalSyncedAt: index < 6 ? new Date(row.start.getTime() + 60_000) : null,
    flags: {
      digitisedAt: row.flags?.digitisedAt ?? null,
      resultElectronicAt: row.flags?.resultElectronicAt ?? null,
      reusedDataAt: row.flags?.reusedDataAt ?? null,
    },
  });
}

const facts = dataSet.map(build);
const APRIL = at('2026-04-01');

/** The counters of one scope and period from the facts' contributions. */
function countsOf(all: IocDossierFact[], horizon: Date, scope: string, period: string): IocCounts {
  const counts = emptyCounts();
  for (const f of all) {
    for (const [key, n] of contributionsOf(f, horizon)) {
      const c = parseCellKey(key);
      if (`${c.scopeKind}|${c.scopeId}` === scope && `${c.periodKind}|${c.periodKey}` === period) {
        counts[c.measure] += n;
      }
    }
  }
  return counts;
}

describe('ioc: the QĐ 766 index by hand on a fixed data set', () => {
  it('classifies each dossier as worked out by hand', () => {
    const byHand: Record<string, [string | null, string]> = {
      //      outcome     reason (the drill-down's words)
      d01: ['early', 'Trước hạn: đã xử lý xong ngày 02/03/2026, hẹn trả 09/03/2026'],
      d02: ['early', 'Trước hạn: đã xử lý xong ngày 02/03/2026, hẹn trả 06/03/2026'],
      d03: ['late', 'Quá hạn: hai lần yêu cầu bổ sung (đã xử lý xong ngày 02/03/2026)'],
      d04: ['early', 'Trước hạn: dừng xử lý, từ chối ngày 02/03/2026, hẹn trả 09/03/2026'],
      d05: ['early', 'Trước hạn: dừng xử lý, từ chối ngày 02/03/2026, hẹn trả 09/03/2026'],
      d06: [null, 'Đang giải quyết'],
      d07: [null, 'Đang giải quyết'],
      d08: [null, 'Đang giải quyết'],
      d09: ['on_time', 'Đúng hạn: công dân rút hồ sơ ngày 02/03/2026, hẹn trả 09/03/2026'],
      d10: [null, 'Chưa được tiếp nhận'],
      d11: ['late', 'Quá hạn: quá ngày hẹn trả 09/03/2026 (đã xử lý xong ngày 20/03/2026)'],
      d12: [null, 'Đang giải quyết'],
      d13: [null, 'Đang giải quyết'],
      d14: [null, 'Đang giải quyết'],
    };
    for (const f of facts) {
      assert.deepEqual([f.outcome, reasonOf(f).vi], byHand[f.dossierId], f.dossierId);
    }
  });

  it('counts in progress at the end of March with its reason', () => {
    const end = at('2026-04-01');
    const open = facts
      .filter((f) => isOpenAt(f, end))
      .map((f) => [f.dossierId, isLateWhileOpen(f, end), reasonOf(f, end).vi]);
    assert.deepEqual(open, [
      ['d06', true, 'Đang giải quyết, quá hạn: quá ngày hẹn trả 09/03/2026'],
      ['d07', false, 'Đang giải quyết, trong hạn (hẹn trả 03/04/2026)'],
      ['d08', false, 'Đang chờ bổ sung từ 02/03/2026 (yêu cầu trong hạn)'],
      // Online: 4 working days from the receipt after the payment; counter: 5, the hour waiting for the fee added.
      ['d12', false, 'Đang giải quyết, trong hạn (hẹn trả 03/04/2026)'],
      ['d13', false, 'Đang giải quyết, trong hạn (hẹn trả 06/04/2026)'],
      ['d14', false, 'Đang giải quyết, trong hạn (hẹn trả 06/04/2026)'],
    ]);
  });

  it('adds up the province counters of March 2026 as worked out by hand', () => {
    const counts = countsOf(facts, APRIL, 'province|province', 'month|2026-03');
    const byHand: Partial<IocCounts> = {
      received: 13, // all but d10
      received_online: 3, // d02, d07, d12
      received_offline: 10,
      portal_synced: 6, // d01-d06
      full_online_eligible: 12, // all received but d11
      full_online: 3,
      fee_due: 2, // d12, d13 (d14's fee was waived)
      paid_online: 1, // d12 (d13 paid at the counter)
      finished: 7, // d01-d05, d09, d11
      finished_early: 4, // d01, d02, d04, d05
      finished_on_time: 1, // d09
      finished_late: 2, // d03, d11
      late_supplements: 1, // d03
      stopped: 2, // d04, d05
      withdrawn: 1, // d09
      rated: 2, // d01, d02
      rated_not_satisfied: 1, // d02
      results: 4, // d01, d02, d03, d11
      results_electronic: 3, // d01, d11 (result files), d03 (returned electronically: the flag)
      digitised: 2, // d01 (files and an electronic result), d03 (papers digitised and an electronic result)
      reused: 2, // d02 (a document from the data store at filing), d07 (the flag)
      open_end: 6, // d06, d07, d08, d12, d13, d14
      open_end_late: 1, // d06
    };
    assert.deepEqual(counts, { ...emptyCounts(), ...byHand });
    // The quarter and the year hold the same dossiers; the quarter's end (31/3) is sealed, the year's is not.
    assert.deepEqual(countsOf(facts, APRIL, 'province|province', 'quarter|2026-Q1'), counts);
    const year = countsOf(facts, APRIL, 'province|province', 'year|2026');
    assert.deepEqual(year, { ...counts, open_end: 0, open_end_late: 0 });
  });

  it('scores the index as worked out by hand, with "no data" where the platform cannot measure', () => {
    const index = scoreIndex(QD766_PORTAL_SCHEME, countsOf(facts, APRIL, 'province|province', 'month|2026-03'));
    const table = index.groups.flatMap((g) =>
      g.indicators.map((i) => [g.code, i.code, i.points, i.status, i.numerator, i.denominator, i.score]),
    );
    assert.deepEqual(table, [
      // group  code   pts  status             num  den  score
      ['CKMB', '1.1', 6, 'no_data', null, null, null],
      ['CKMB', '1.2', 4, 'no_data', null, null, null],
      ['CKMB', '1.3', 2, 'no_data', null, null, null],
      ['CKMB', '1.4', 6, 'scored', 6, 13, 2.77], // 6/13 synced × 6
      ['TDGQ', '2.1', 20, 'scored', 10, 13, 15.38], // (4 early + 1 on time + 6 open − 1 open late) / (7 ended + 6 open)
      ['CLGQ', '3.4', 12, 'scored', 3, 12, 3], // 3/12 × 12
      ['CLGQ', '3.3', 0, 'scored', 3, 13, null], // 3/13 online, followed only
      ['TTTT', '3.5', 2, 'no_data', null, null, null],
      ['TTTT', '3.5b', 2, 'no_data', null, null, null],
      ['TTTT', '3.6', 6, 'scored', 1, 2, 3], // d12 paid online of d12, d13 with a fee (d14 waived): 1/2 × 6
      ['MDSH', '4.1', 6, 'scored', 3, 4, 4.5], // 3/4 × 6
      ['MDSH', '4.2', 4, 'scored', 2, 4, 2], // 2/4 × 4
      ['MDSH', '4.3', 2, 'scored', 2, 13, 0.38], // 2/13 under the 80% threshold: (2/13) / 0.8 × 2
      ['MDSH', '4.4', 4, 'no_data', null, null, null],
      ['MDSH', '4.5b', 2, 'no_data', null, null, null],
      ['MDSH', '4.5a', 2, 'no_data', null, null, null],
      ['MDSH', '4.6', 2, 'no_data', null, null, null],
      ['MDHL', '5.1', 0, 'no_data', null, null, null],
      ['MDHL', '5.2', 6, 'no_data', null, null, null],
      ['MDHL', '5.3', 6, 'no_data', null, null, null],
      ['MDHL', '5.4', 6, 'scored', 4, 7, 3.81], // 1 − 2/7 late − 1/7 not satisfied = 4/7; 6 × (4/7) / 90%
    ]);
    assert.deepEqual(
      index.groups.map((g) => [g.code, g.points, g.measuredPoints, g.score]),
      [
        ['CKMB', 18, 6, 2.77],
        ['TDGQ', 20, 20, 15.38],
        ['CLGQ', 12, 12, 3],
        ['TTTT', 10, 6, 3],
        ['MDSH', 22, 12, 6.88],
        ['MDHL', 18, 6, 3.81],
      ],
    );
    assert.deepEqual([index.points, index.measuredPoints, index.score], [100, 62, 34.84]);
  });

  it('counts each dossier under its agency, and the field', () => {
    const dept = countsOf(facts, APRIL, `agency|${DEPT}`, 'month|2026-03');
    // Forwarded: d01, d03, d04, d05, d06, d11; d02 forwarded too (online). The rest stayed at the desk.
    assert.equal(dept.received, 7);
    assert.equal(countsOf(facts, APRIL, `agency|${DESK}`, 'month|2026-03').received, 6); // d07-d09, d12-d14
    assert.equal(countsOf(facts, APRIL, 'field|Hộ tịch', 'month|2026-03').received, 13);
  });
});

describe('ioc: scoring rules', () => {
  it('linear and threshold scoring', () => {
    assert.equal(pointsFor(0.9149, 4, { kind: 'linear' }).toFixed(2), '3.66'); // REFERENCES: 91.49% → 3.66/4
    assert.equal(pointsFor(0.9706, 20, { kind: 'linear' }).toFixed(2), '19.41');
    assert.equal(pointsFor(0.85, 2, { kind: 'threshold', threshold: 0.8 }), 2);
    assert.equal(pointsFor(0.4, 2, { kind: 'threshold', threshold: 0.8 }), 1);
    assert.equal(pointsFor(0.81, 6, { kind: 'threshold', threshold: 0.9 }).toFixed(2), '5.40');
  });

  it('a zero denominator is "nothing to count", not a score', () => {
    const index = scoreIndex(QD766_PORTAL_SCHEME, emptyCounts());
    assert.equal(index.score, null);
    assert.equal(index.groups[1]?.indicators[0]?.status, 'nothing_to_count');
  });

  it('picks the scheme in force at a date', () => {
    const later: IocScheme = { ...QD766_PORTAL_SCHEME, id: 'next', validFrom: '2027-01-01' };
    const earlier: IocScheme = { ...QD766_PORTAL_SCHEME, validTo: '2026-12-31' };
    assert.equal(schemeFor('2022-07-31'), null);
    assert.equal(schemeFor('2026-03-01')?.id, 'qd766-dvcqg');
    assert.equal(schemeFor('2026-12-31', [earlier, later])?.id, 'qd766-dvcqg');
    assert.equal(schemeFor('2027-01-01', [earlier, later])?.id, 'next');
    const points = QD766_PORTAL_SCHEME.groups.map((g) => [g.points, g.indicators.reduce((s, i) => s + i.points, 0)]);
    assert.deepEqual(points, [
      [18, 18],
      [20, 20],
      [12, 12],
      [10, 10],
      [22, 22],
      [18, 18],
    ]);
  });
});

describe('ioc: periods and incremental contributions', () => {
  it('periods in Vietnam time', () => {
    const p = periodOf('month', new Date('2026-02-28T17:00:00Z')); // 00:00 on 1/3 in Vietnam
    assert.equal(p.key, '2026-03');
    assert.equal(p.start.toISOString(), '2026-02-28T17:00:00.000Z');
    assert.equal(parsePeriod('quarter', '2026-Q4').end.toISOString(), '2026-12-31T17:00:00.000Z');
    assert.throws(() => parsePeriod('month', '2026-13'), /VALIDATION_FAILED|not valid/);
    const ends = periodsEndingBetween(at('2026-02-15'), at('2026-04-01')).map((x) => x.key);
    assert.deepEqual(ends, ['2026-02', '2026-03', '2026-Q1']);
  });

  it('old contributions + the delta of each change = the new contributions', () => {
    const journey = new Journey(MON('08:00'), { id: 'x', code: formatDossierCode(DESK_CODE, MON('08:00'), 1) });
    const ctx = {
      procedureName: 'x',
      field: 'Hộ tịch',
      serviceMode: 'offline' as const,
      provinceOf: () => 'p',
      communeOf: () => null,
    };
    const totals = new Map<string, number>();
    let before: IocDossierFact | null = null;
    for (const step of ['forward', 'request_supplement', 'submit_supplement', 'approve', 'issue_result'] as const) {
      journey.do(step, { when: new Date(journey.now.getTime() + 10 * 86_400_000) });
      const after = factOf(journey.events, ctx);
      for (const [k, v] of contributionDelta(before, after, APRIL)) totals.set(k, (totals.get(k) ?? 0) + v);
      before = after;
    }
    // Horizon moved from 1/4 to 1/6 (two more sealed months).
    const june = at('2026-06-01');
    for (const [k, v] of contributionDelta(before, before, APRIL, june)) totals.set(k, (totals.get(k) ?? 0) + v);
    for (const [k, v] of totals) if (v === 0) totals.delete(k);
    assert.deepEqual([...totals].sort(), [...contributionsOf(before as IocDossierFact, june)].sort());
    assert.ok(iocMeasures.length > 0);
  });
});
