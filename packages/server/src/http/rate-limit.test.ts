import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowCounters } from './rate-limit';

describe('WindowCounters', () => {
  test('counts per key in fixed windows on the given clock, and takes a hit back', () => {
    let now = new Date('2026-11-23T02:00:00Z');
    const counters = new WindowCounters(() => now, 60_000);
    assert.deepEqual(counters.hit('a'), { count: 1, ttlMs: 60_000 });
    now = new Date(now.getTime() + 15_000);
    assert.deepEqual(counters.hit('a'), { count: 2, ttlMs: 45_000 });
    assert.deepEqual(counters.hit('b'), { count: 1, ttlMs: 60_000 });
    counters.unhit('a');
    assert.equal(counters.peek('a'), 1);
    now = new Date(now.getTime() + 45_000);
    assert.equal(counters.peek('a'), 0, 'the window is over');
    assert.deepEqual(counters.hit('a'), { count: 1, ttlMs: 60_000 });
    counters.unhit('zzz');
    assert.equal(counters.peek('zzz'), 0);
  });

  test('holds at most maxKeys windows, dropping those that started first', () => {
    let now = new Date('2026-11-23T02:00:00Z');
    const counters = new WindowCounters(() => now, 60_000, 3);
    for (const key of ['a', 'b', 'c']) {
      counters.hit(key);
      now = new Date(now.getTime() + 1_000);
    }
    counters.hit('a'); // a running window keeps its place: it is still the oldest
    counters.hit('d');
    assert.equal(counters.size, 3);
    assert.equal(counters.peek('a'), 0, 'the oldest window was dropped');
    assert.equal(counters.peek('b'), 1);
    assert.equal(counters.peek('d'), 1);
    for (let i = 0; i < 1_000; i++) counters.hit(`k${i}`);
    assert.equal(counters.size, 3);
  });
});
