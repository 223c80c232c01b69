import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogIndex, foldForSearch, searchCatalog } from './search';
import { sampleProcedures } from './search.fixtures';

const index = buildCatalogIndex(
  sampleProcedures.map((p) => ({
    id: p.code,
    ...p,
    implementingAgencies: p.levels.includes('commune') ? 'Ủy ban nhân dân cấp xã' : 'Sở',
  })),
);
const codes = (q: string, options = {}) =>
  searchCatalog(index, q, { limit: 5, ...options }).hits.map((h) => h.entry.code);

describe('catalogue search in citizens’ words', () => {
  test('folding: diacritics, đ, case, i/y, punctuation', () => {
    assert.equal(foldForSearch('Đăng Ký  Khai-sinh!'), 'dang ki khai sinh');
    assert.equal(foldForSearch('Đăng ký'.normalize('NFD')), 'dang ki');
  });
  test('"dang ky khai sinh" and "Đăng ký khai sinh" find Thủ tục đăng ký khai sinh first', () => {
    assert.equal(codes('dang ky khai sinh')[0], '1.001193');
    assert.equal(codes('Đăng ký khai sinh')[0], '1.001193');
    assert.equal(codes('ĐĂNG KÝ KHAI SINH'.normalize('NFD'))[0], '1.001193');
  });
  test('typos and i/y spelling: "dang ki khai sinhh"', () => {
    assert.equal(codes('dang ki khai sinhh')[0], '1.001193');
    assert.equal(codes('đăng kí kết hôn')[0], '1.000894');
  });
  test('citizens’ phrasing: "làm giấy khai sinh cho con" finds it near the top', () => {
    const found = codes('làm giấy khai sinh cho con');
    assert.ok(found.slice(0, 3).includes('1.001193'), found.join(','));
    assert.ok(codes('tôi muốn đăng ký khai sinh cho con').slice(0, 3).includes('1.001193'));
  });
  test('a rare word outweighs common ones; short syllables are not fuzzy (khai ≠ khám)', () => {
    assert.deepEqual(codes('khai tu').slice(0, 2).sort(), ['1.000656', '1.005461']);
    assert.equal(codes('xac nhan tinh trang hon nhan')[0], '1.004873');
  });
  test('the code finds the procedure', () => {
    assert.deepEqual(codes('1.001193'), ['1.001193']);
  });
  test('filters by level, field and service mode; empty query lists by name', () => {
    const all = searchCatalog(index, '', { limit: 100 });
    assert.equal(all.total, sampleProcedures.length);
    const hoTich = searchCatalog(index, 'dang ky', { field: 'Hộ tịch', limit: 100 }).hits;
    assert.ok(hoTich.length > 0 && hoTich.every((h) => h.entry.field === 'Hộ tịch'));
    assert.ok(
      searchCatalog(index, '', { level: 'commune', limit: 100 }).hits.every((h) => h.entry.levels.includes('commune')),
    );
    assert.equal(searchCatalog(index, 'khai sinh', { serviceMode: 'no_such_mode' }).total, 0);
  });
  test('nonsense finds nothing, and odd input does not throw', () => {
    assert.equal(searchCatalog(index, 'qwxz zzkq').total, 0);
    for (const q of ['%', "'; drop table --", '\u0000', 'a'.repeat(5000), '🙂 khai sinh']) searchCatalog(index, q);
    assert.equal(codes('🙂 khai sinh')[0]?.startsWith('1.') || codes('🙂 khai sinh')[0]?.startsWith('2.'), true);
  });
  test('paging', () => {
    const first = searchCatalog(index, 'dang ky', { limit: 2, offset: 0 });
    const second = searchCatalog(index, 'dang ky', { limit: 2, offset: 2 });
    assert.equal(first.total, second.total);
    assert.notDeepEqual(
      first.hits.map((h) => h.entry.code),
      second.hits.map((h) => h.entry.code),
    );
  });
});
