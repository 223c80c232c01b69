import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addChoice, type ChoiceRow, LEARNING, learnedBoosts, learningKey } from './learning';
import { buildCatalogIndex, searchCatalog } from './search';
import { sampleProcedures } from './search.fixtures';

const index = buildCatalogIndex(sampleProcedures.map((p) => ({ id: p.code, ...p, implementingAgencies: '' })));

/** An in-memory store of the aggregated rows, as the database keeps them. */
function store() {
  const rows = new Map<string, ChoiceRow>();
  return {
    choose(query: string, code: string, at: Date) {
      const key = learningKey(index, query);
      rows.set(`${key}|${code}`, addChoice(rows.get(`${key}|${code}`), key, code, at));
    },
    boosts(query: string, at: Date) {
      const key = learningKey(index, query);
      return learnedBoosts(
        [...rows.values()].filter((r) => r.queryKey === key),
        at,
      );
    },
  };
}

const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000);
const first = (query: string, learned: Map<string, number>) =>
  searchCatalog(index, query, { limit: 3, learned }).hits[0]?.entry.code;

describe('learning from what people chose after a search', () => {
  test('close variants share a key: order, fillers and citizens’ phrasings do not matter', () => {
    assert.equal(learningKey(index, 'khai sinh lưu động'), learningKey(index, 'tôi muốn lưu động khai sinh'));
    assert.equal(learningKey(index, 'làm giấy khai sinh'), learningKey(index, 'đăng ký khai sinh'));
    assert.notEqual(learningKey(index, 'khai sinh'), learningKey(index, 'khai tử'));
  });

  test('a filler typed with other marks is a word of the request: "thẻ căn cước" keeps "thẻ" and "căn"', () => {
    assert.equal(learningKey(index, 'cấp thẻ căn cước'), 'can cap cuoc the');
    assert.equal(learningKey(index, 'cấp thẻ căn cước'), learningKey(index, 'tôi cần cấp thẻ căn cước'));
    // Without marks "can" and "the" may be "cần", "thế": they stay out of the key.
    assert.equal(learningKey(index, 'cap the can cuoc'), 'cap cuoc');
  });

  test('a stream of searches and choices raises what people choose for that query', () => {
    const s = store();
    // "đăng ký khai sinh" ranks the plain procedure first; people who typed "khai sinh lưu động" are looking for
    // the mobile one already, so take a query where the catalogue is ambiguous: "dang ky lai".
    const query = 'dang ky lai';
    const before = first(query, new Map());
    const wanted = '1.004884'; // Thủ tục đăng ký lại khai sinh
    assert.notEqual(before, wanted);
    for (let i = 0; i < 40; i++)
      s.choose(i % 4 === 0 ? 'đăng ký lại' : query, i % 5 === 0 ? (before ?? '') : wanted, day(i / 4));
    assert.equal(first(query, s.boosts(query, day(10))), wanted);
    assert.equal(first('đăng kí lại', s.boosts('đăng kí lại', day(10))), wanted, 'a close variant too');
    // Then a handful of clicks on something else (a mistake, or someone steering) moves nothing.
    assert.equal(s.boosts(query, day(10)).get(wanted), LEARNING.cap);
    for (let i = 0; i < LEARNING.minimumCount - 1; i++) s.choose(query, '1.005461', day(10));
    assert.equal(first(query, s.boosts(query, day(10))), wanted);
    assert.equal(s.boosts(query, day(10)).get('1.005461'), undefined, 'below the minimum: no boost of its own');
    assert.equal(s.boosts(query, day(10)).get(wanted), LEARNING.cap, 'the chosen one keeps its (capped) boost');
  });

  test('a handful of bad clicks moves nothing; the boost is capped and fades', () => {
    const s = store();
    const query = 'dang ky khai sinh';
    for (let i = 0; i < LEARNING.minimumCount - 1; i++) s.choose(query, '1.005461', day(0));
    assert.deepEqual([...s.boosts(query, day(0))], [], 'below the minimum count');
    assert.equal(first(query, s.boosts(query, day(0))), '1.001193');
    // Many clicks on an unrelated procedure: capped, so the name's own match still wins.
    for (let i = 0; i < 200; i++) s.choose(query, '1.005461', day(1));
    const boosts = s.boosts(query, day(1));
    assert.equal(boosts.get('1.005461'), LEARNING.cap);
    assert.equal(first(query, boosts), '1.001193');
    // Left alone, the count halves every half-life and falls below the minimum.
    assert.deepEqual([...s.boosts(query, day(1 + LEARNING.halfLifeDays * 6))], []);
  });
});
