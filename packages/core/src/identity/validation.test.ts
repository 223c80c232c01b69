import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { childAgencyCode, parseAgencyCode } from './agency-code';
import { parseNationalId } from './national-id';
import { passwordProblem } from './password';
import { isValidTaxCode } from './tax-code';

describe('agency codes (Decision 20/2020/QĐ-TTg)', () => {
  const good: [string, number, string | null][] = [
    ['000.00.00.H56', 1, null],
    ['000.00.17.H56', 2, '000.00.00.H56'],
    ['000.17.22.H56', 3, '000.00.22.H56'],
    ['001.17.22.H56', 4, '000.17.22.H56'],
    ['000.00.00.G12', 1, null],
    [' 000.00.01.h59 ', 2, '000.00.00.H59'],
  ];
  for (const [code, level, parent] of good) {
    test(`accepts ${code.trim()} as level ${level}`, () => {
      const parsed = parseAgencyCode(code);
      assert.ok(parsed.ok);
      assert.equal(parsed.value.level, level);
      assert.equal(parsed.value.parentCode, parent);
      assert.equal(parsed.value.code, code.trim().toUpperCase());
    });
  }
  const bad: [string, string][] = [
    ['', 'format'],
    ['H56', 'format'],
    ['000.00.00.56', 'format'],
    ['000.00.00.HH6', 'format'],
    ['00.00.00.H56', 'format'],
    ['000.0.00.H56', 'format'],
    ['000.00.00.H56.', 'format'],
    ['000-00-00-H56', 'format'],
    ['000.00.00.H00', 'level1'],
    ['000.17.00.H56', 'gap'],
    ['001.00.00.H56', 'gap'],
    ['001.00.22.H56', 'gap'],
    ['000.00.00.H56\n', 'format'],
  ];
  for (const [code, problem] of bad) {
    test(`refuses ${JSON.stringify(code)} (${problem})`, () => {
      const parsed = parseAgencyCode(code.endsWith('\n') ? `${code}x` : code);
      assert.equal(parsed.ok, false);
      if (!parsed.ok && !code.endsWith('\n')) assert.equal(parsed.problem, problem);
    });
  }
  test('child codes go one level down and stay valid', () => {
    assert.equal(childAgencyCode('000.00.00.H59', 4), '000.00.04.H59');
    assert.equal(childAgencyCode('000.00.04.H59', 2), '000.02.04.H59');
    assert.equal(childAgencyCode('000.02.04.H59', 7), '007.02.04.H59');
    assert.throws(() => childAgencyCode('007.02.04.H59', 1), RangeError);
    assert.throws(() => childAgencyCode('000.00.00.H59', 100), RangeError);
    assert.throws(() => childAgencyCode('000.00.00.H59', 0), RangeError);
    for (let i = 1; i <= 99; i++) assert.ok(parseAgencyCode(childAgencyCode('000.00.00.H59', i)).ok);
  });
});

describe('citizen identity numbers (CCCD)', () => {
  test('accepts well-formed numbers and reads province, sex and birth year', () => {
    const a = parseNationalId('072090001234', 2026);
    assert.ok(a.ok);
    assert.deepEqual(a.value, { number: '072090001234', provinceCode: '072', sex: 'male', birthYear: 1990 });
    const b = parseNationalId('080 195 004 321', 2026);
    assert.ok(b.ok);
    assert.equal(b.value.sex, 'female');
    assert.equal(b.value.birthYear, 1995);
    const c = parseNationalId('079203000111', 2026);
    assert.ok(c.ok);
    assert.equal(c.value.birthYear, 2003);
  });
  const bad: [string, string][] = [
    ['07209000123', 'format'],
    ['0720900012345', 'format'],
    ['07209000123a', 'format'],
    ['', 'format'],
    ['072090001234'.replace('072', '003'), 'province'],
    ['099090001234', 'province'],
    ['000090001234', 'province'],
    ['072230001234', 'birth_year'],
    ['072990001234', 'birth_year'],
    ['072490001234', 'birth_year'],
  ];
  for (const [n, problem] of bad) {
    test(`refuses ${JSON.stringify(n)} (${problem})`, () => {
      const parsed = parseNationalId(n, 2026);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.equal(parsed.problem, problem);
    });
  }
  test('a child born this year is accepted, next year is not', () => {
    assert.ok(parseNationalId('072226000001', 2026).ok);
    assert.equal(parseNationalId('072227000001', 2026).ok, false);
  });
});

describe('tax codes', () => {
  test('accepts real check digits and branch suffixes', () => {
    assert.ok(isValidTaxCode('0100109106'));
    assert.ok(isValidTaxCode('0100233583'));
    assert.ok(isValidTaxCode('3909876544'));
    assert.ok(isValidTaxCode('0100109106-001'));
  });
  test('refuses wrong check digits and shapes', () => {
    for (const bad of [
      '0100109107',
      '010010910',
      '01001091066',
      '0100109106-000',
      '0100109106-01',
      'abcdefghij',
      '',
      '3901234560',
    ]) {
      assert.equal(isValidTaxCode(bad), false, bad);
    }
  });
});

describe('passwords', () => {
  test('needs 10+ characters with letters and digits, not containing the username', () => {
    assert.equal(passwordProblem('Congso@2026'), null);
    assert.equal(passwordProblem('short1'), 'too_short');
    assert.equal(passwordProblem('onlyletterslong'), 'too_simple');
    assert.equal(passwordProblem('12345678901'), 'too_simple');
    assert.equal(passwordProblem('admin2026xyz', 'admin'), 'too_simple');
    assert.equal(passwordProblem('Mậtkhẩu2026'), null, 'Vietnamese letters count as letters');
    assert.equal(passwordProblem(`a1${'x'.repeat(300)}`), 'too_long');
  });
});
