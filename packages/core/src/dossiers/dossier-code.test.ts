import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vnInstant } from '../calendar/vn-time';
import { dossierDayKey, formatDossierCode, isValidDossierCode, parseDossierCode } from './dossier-code';

const H56 = '000.00.00.H56';

describe('formatDossierCode', () => {
  it('writes <agency code>-<YYMMDD>-<NNNN> with the Vietnam date', () => {
    assert.equal(formatDossierCode(H56, vnInstant('2024-03-15', '10:00'), 1), '000.00.00.H56-240315-0001');
    assert.equal(formatDossierCode('000.17.22.H56', vnInstant('2026-12-31', '07:00'), 42), '000.17.22.H56-261231-0042');
    assert.equal(formatDossierCode(' 000.00.00.h56 ', vnInstant('2024-03-15'), 1), '000.00.00.H56-240315-0001');
  });

  it('changes the day at midnight Vietnam time (17:00 UTC)', () => {
    // 23:59 Vietnam = 16:59 UTC on the same day; 00:01 Vietnam = 17:01 UTC of the day before.
    assert.equal(formatDossierCode(H56, new Date('2024-03-14T16:59:00Z'), 7), '000.00.00.H56-240314-0007');
    assert.equal(formatDossierCode(H56, new Date('2024-03-14T17:01:00Z'), 1), '000.00.00.H56-240315-0001');
    assert.equal(dossierDayKey(H56, new Date('2024-03-14T16:59:59.999Z')), '000.00.00.H56-240314');
    assert.equal(dossierDayKey(H56, new Date('2024-03-14T17:00:00Z')), '000.00.00.H56-240315');
    assert.equal(dossierDayKey(H56, new Date('2024-12-31T17:00:00Z')), '000.00.00.H56-250101');
  });

  it('widens the sequence to 5 digits after 9999, up to 99999', () => {
    const day = vnInstant('2024-03-15', '10:00');
    assert.equal(formatDossierCode(H56, day, 9999), '000.00.00.H56-240315-9999');
    assert.equal(formatDossierCode(H56, day, 10_000), '000.00.00.H56-240315-10000');
    assert.equal(formatDossierCode(H56, day, 99_999), '000.00.00.H56-240315-99999');
    for (const bad of [0, -1, 1.5, 100_000, Number.NaN]) {
      assert.throws(() => formatDossierCode(H56, day, bad), RangeError, String(bad));
    }
  });

  it('refuses bad agency codes and dates outside 2000-2099', () => {
    assert.throws(() => formatDossierCode('H56', vnInstant('2024-03-15'), 1), RangeError);
    assert.throws(() => formatDossierCode('000.17.00.H56', vnInstant('2024-03-15'), 1), RangeError);
    assert.throws(() => formatDossierCode(H56, vnInstant('2100-01-01'), 1), RangeError);
  });
});

describe('parseDossierCode', () => {
  it('reads a good code, normalised', () => {
    assert.deepEqual(parseDossierCode('000.00.00.H56-240315-0001'), {
      ok: true,
      value: {
        code: '000.00.00.H56-240315-0001',
        agencyCode: H56,
        date: '2024-03-15',
        sequence: 1,
        dayKey: '000.00.00.H56-240315',
      },
    });
    const lower = parseDossierCode(' 000.17.22.h56-240229-10000 ');
    assert.ok(lower.ok);
    assert.deepEqual(
      [lower.value.code, lower.value.date, lower.value.sequence],
      ['000.17.22.H56-240229-10000', '2024-02-29', 10_000],
    );
  });

  it('round-trips with formatDossierCode', () => {
    for (const seq of [1, 9, 10, 999, 1000, 9999, 10_000, 99_999]) {
      const code = formatDossierCode(H56, vnInstant('2025-07-01', '08:00'), seq);
      const parsed = parseDossierCode(code);
      assert.ok(parsed.ok, code);
      assert.equal(parsed.value.sequence, seq);
      assert.equal(parsed.value.dayKey, dossierDayKey(H56, vnInstant('2025-07-01', '08:00')));
    }
  });

  it('names the problem of a bad code', () => {
    const problem = (code: string) => {
      const r = parseDossierCode(code);
      return r.ok ? 'ok' : r.problem;
    };
    const cases: [string, string][] = [
      ['', 'format'],
      ['000.00.00.H56', 'format'],
      ['000.00.00.H56-240315', 'format'],
      ['000.00.00.H56-240315-001', 'format'],
      ['000.00.00.H56-240315-123456', 'format'],
      ['000.00.00.H56-2403150-0001', 'format'],
      ['000.00.00.H56_240315_0001', 'format'],
      ['000.00.00.H56-240315-0001-1', 'format'],
      ['00.00.00.H56-240315-0001', 'agency_code'],
      ['000.17.00.H56-240315-0001', 'agency_code'],
      ['000.00.00.H00-240315-0001', 'agency_code'],
      ['000.00.00.H56-240230-0001', 'date'],
      ['000.00.00.H56-250229-0001', 'date'],
      ['000.00.00.H56-241301-0001', 'date'],
      ['000.00.00.H56-240000-0001', 'date'],
      ['000.00.00.H56-240315-0000', 'sequence'],
      ['000.00.00.H56-240315-01234', 'sequence'],
      ['000.00.00.H56-240315-00000', 'sequence'],
      ['000.00.00.H56-240229-0001', 'ok'],
    ];
    for (const [code, expected] of cases) assert.equal(problem(code), expected, code);
    assert.equal(isValidDossierCode('000.00.00.H56-240315-0001'), true);
    assert.equal(isValidDossierCode(42 as unknown as string), false);
  });
});
