import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBatcher, type Settled } from './batcher';

/** A run that waits until released, recording the batches it got. */
function gatedRun() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]): Promise<Settled<number>[]> => {
    batches.push(items);
    await new Promise<void>((r) => gates.push(r));
    return items.map((i) => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 }));
  };
  const releaseAll = () => {
    for (const g of gates.splice(0)) g();
  };
  return { run, batches, releaseAll };
}

const tick = () => new Promise((r) => setImmediate(r));

test('items that arrive together go together; those arriving while it runs form the next batch', async () => {
  const g = gatedRun();
  const b = createBatcher(g.run, { maxBatch: 100, maxInFlight: 1 });
  const first = [1, 2, 3].map((i) => b.submit(i));
  await tick();
  assert.deepEqual(g.batches, [[1, 2, 3]]);
  const second = [4, 5].map((i) => b.submit(i));
  await tick();
  assert.equal(g.batches.length, 1, 'waits while the only slot is busy');
  assert.equal(b.pending, 2);
  g.releaseAll();
  assert.deepEqual(await Promise.all(first), [10, 20, 30]);
  await tick();
  assert.deepEqual(g.batches[1], [4, 5]);
  g.releaseAll();
  assert.deepEqual(await Promise.all(second), [40, 50]);
  assert.equal(b.inFlight, 0);
});

test('a batch holds at most maxBatch items and at most maxInFlight batches run at once', async () => {
  const g = gatedRun();
  const b = createBatcher(g.run, { maxBatch: 3, maxInFlight: 2 });
  const all = Array.from({ length: 10 }, (_, i) => b.submit(i));
  await tick();
  assert.deepEqual(g.batches, [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  assert.equal(b.inFlight, 2);
  assert.equal(b.pending, 4);
  while (g.batches.length < 4 || b.inFlight > 0) {
    g.releaseAll();
    await tick();
  }
  assert.deepEqual(g.batches.slice(2), [[6, 7, 8], [9]]);
  assert.deepEqual(
    await Promise.all(all),
    Array.from({ length: 10 }, (_, i) => i * 10),
  );
});

test('each item gets its own answer; a run that throws fails its whole batch, and the next batch still runs', async () => {
  const g = gatedRun();
  const b = createBatcher(g.run, { maxBatch: 10, maxInFlight: 1 });
  const mixed = [b.submit(1), b.submit(-2), b.submit(3)];
  await tick();
  g.releaseAll();
  const settled = await Promise.allSettled(mixed);
  assert.deepEqual(
    settled.map((s) => s.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.match(String((settled[1] as PromiseRejectedResult).reason), /bad -2/);

  let calls = 0;
  const failing = createBatcher<number, number>(
    async (items) => {
      calls++;
      if (calls === 1) throw new Error('database gone');
      return items.map((i) => ({ ok: true, value: i }));
    },
    { maxBatch: 10, maxInFlight: 1 },
  );
  const lost = await Promise.allSettled([failing.submit(1), failing.submit(2)]);
  assert.ok(lost.every((s) => s.status === 'rejected' && /database gone/.test(String(s.reason))));
  assert.equal(await failing.submit(3), 3, 'the batcher goes on after a failed run');

  const syncThrow = createBatcher<number, number>(
    () => {
      throw new Error('thrown before any await');
    },
    { maxBatch: 10, maxInFlight: 1 },
  );
  await assert.rejects(syncThrow.submit(1), /thrown before any await/);
  assert.equal(syncThrow.inFlight, 0);
});

test('a lone item goes at once, without waiting for a timer', async () => {
  const b = createBatcher<number, number>(async (items) => items.map((i) => ({ ok: true, value: i + 1 })), {
    maxBatch: 10,
    maxInFlight: 1,
  });
  const started = performance.now();
  assert.equal(await b.submit(41), 42);
  assert.ok(performance.now() - started < 1_000);
});

test('with keys: an item whose key is in a running batch waits for the next; other keys run side by side', async () => {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const b = createBatcher<string, string>(
    async (items) => {
      batches.push(items);
      await new Promise<void>((r) => gates.push(r));
      return items.map((i) => ({ ok: true, value: i }));
    },
    { maxBatch: 10, maxInFlight: 3, keyOf: (item) => item.slice(0, 1) },
  );
  const first = [b.submit('a1'), b.submit('b1')];
  await tick();
  assert.deepEqual(batches, [['a1', 'b1']]);
  // a and b are running: a2 and b2 wait; c1 goes at once in a batch of its own.
  const later = [b.submit('a2'), b.submit('c1'), b.submit('b2')];
  await tick();
  assert.deepEqual(batches[1], ['c1']);
  assert.equal(b.pending, 2);
  (gates.shift() as () => void)();
  assert.deepEqual(await Promise.all(first), ['a1', 'b1']);
  await tick();
  assert.deepEqual(batches[2], ['a2', 'b2'], 'the waiting ones go together once their keys are free');
  for (const g of gates.splice(0)) g();
  await tick();
  for (const g of gates.splice(0)) g();
  assert.deepEqual(await Promise.all(later), ['a2', 'c1', 'b2']);
});
