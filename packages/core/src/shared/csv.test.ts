import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsvRecords, parseCsvRows } from './csv';

test('CSV: quotes, doubled quotes, commas and newlines in fields, CRLF, BOM, blank lines', () => {
  const text =
    '\uFEFFma,ten\r\n1.001193,"Thủ tục đăng ký khai sinh, lưu động"\r\n\r\n"2","Nói ""xin chào""\nxuống dòng"\n';
  assert.deepEqual(parseCsvRows(text), [
    ['ma', 'ten'],
    ['1.001193', 'Thủ tục đăng ký khai sinh, lưu động'],
    ['2', 'Nói "xin chào"\nxuống dòng'],
  ]);
  assert.deepEqual(parseCsvRecords('a,b\n1\n'), [{ a: '1', b: '' }]);
  assert.deepEqual(parseCsvRecords(''), []);
  assert.deepEqual(parseCsvRows('x,"unterminated'), [['x', 'unterminated']]);
});
