import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { assessSearch, clarifyingQuestion, closestFields } from './clarify';
import { buildCatalogIndex, searchCatalog, searchEntryOf } from './search';

// The real catalogue (the demo province's seed): questions are derived from its names and fields.
const catalogue = readFileSync(new URL('../../../db/seed-data/catalog/procedures.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const index = buildCatalogIndex(catalogue.map((p, i) => searchEntryOf(String(i), p)));
const assess = (q: string) => assessSearch(searchCatalog(index, q, { limit: 10 }).hits);
/** The first code left after answering the option whose Vietnamese label contains `answer`. */
const answer = (q: string, answerText: string) => {
  const option = assess(q).question?.options.find((o) => o.label.vi.includes(answerText));
  return option?.codes[0];
};

describe('when nothing fits, say so (calibrated)', () => {
  test('requests the catalogue does not answer are "none", not loose matches', () => {
    for (const q of ['điện thoại', 'dien thoai bi mat', 'đặt pizza', 'mật khẩu facebook', 'công thức nấu phở']) {
      assert.equal(assess(q).quality, 'none', q);
    }
  });
  test('the nearest fields come only from names holding a word of the query as typed', () => {
    // "thoại" is a letter away from "thoát" (hộ thoát nghèo): no field is near.
    assert.deepEqual(closestFields(searchCatalog(index, 'điện thoại', { limit: 10 }).hits), []);
    const hits = searchCatalog(index, 'hộ tịch', { limit: 10 }).hits;
    assert.ok(closestFields(hits).includes('Hộ tịch'));
  });
  test('everyday requests it answers are not "none"', () => {
    for (const q of ['khai sinh', 'báo tử cho ông', 'lam giam ho cho chau mo coi', 'đăg ky thuong tru', 'sổ đỏ']) {
      assert.notEqual(assess(q).quality, 'none', q);
    }
  });
});

describe('when the first results are close, ask a question that separates them', () => {
  test('a building permit: which grade of building (the commune issues houses and grades III–IV)', () => {
    const { quality, question } = assess('gia hạn giấy phép xây dựng');
    assert.equal(quality, 'close');
    assert.equal(question?.facet, 'building');
    assert.equal(answer('gia hạn giấy phép xây dựng', 'Nhà ở riêng lẻ'), '1.013227');
    assert.equal(answer('gia hạn giấy phép xây dựng', 'cấp đặc biệt'), '1.013233');
  });
  test('an identity card: for yourself or for a child', () => {
    assert.equal(assess('cấp thẻ căn cước').question?.facet, 'age');
    assert.equal(answer('cấp thẻ căn cước', 'bản thân'), '1.014061');
    assert.equal(answer('cấp thẻ căn cước', 'dưới 14'), '1.014062');
  });
  test('a judicial record: a person or an agency asking', () => {
    assert.equal(assess('lý lịch tư pháp').question?.facet, 'applicant');
    assert.equal(answer('lý lịch tư pháp', 'Cá nhân'), '3.000333');
  });
  test('a birth: first time or again', () => {
    assert.equal(assess('khai sinh').question?.facet, 'again');
    assert.equal(answer('khai sinh', 'Lần đầu'), '1.001193');
    assert.equal(answer('khai sinh', 'Làm lại'), '1.004884');
  });
  test('a foreign element separates the domestic procedure from its foreign case', () => {
    const entry = (code: string, name: string) => ({
      id: code,
      code,
      name,
      field: 'Hộ tịch',
      levels: ['commune'],
      serviceMode: 'full_online',
      implementingAgencies: '',
    });
    const q = clarifyingQuestion([
      entry('A', 'Thủ tục đăng ký kết hôn'),
      entry('B', 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài'),
    ]);
    assert.equal(q?.facet, 'foreign');
    assert.deepEqual(
      q?.options.map((o) => o.codes),
      [['A'], ['B']],
    );
  });
  test('a clear request is "good": no question', () => {
    assert.deepEqual(assess('xác nhận tình trạng hôn nhân'), { quality: 'good', question: null });
  });
});
