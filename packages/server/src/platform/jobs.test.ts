import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@congso/db/testing';
import { eachJob, type JobQueue, type JobRun, startJobQueue } from './jobs';

let db: TestDatabase;
let queue: JobQueue;
before(async () => {
  db = await createTestDatabase();
  queue = await startJobQueue(db.connection, { maintenance: true, retryDelaySeconds: 1 });
});
after(async () => {
  await queue?.stop();
  await db?.drop();
});

test('a batch settles job by job: the one that fails is retried alone, the others run once', async () => {
  const ids = Array.from({ length: 7 }, (_, i) => `n${i}`);
  for (const notificationId of ids) await queue.send(db.connection.db, 'notification.email', { notificationId });
  const runs = new Map<string, JobRun[]>();
  await queue.work(
    'notification.email',
    eachJob(async (data, run) => {
      const id = String(data.notificationId);
      runs.set(id, [...(runs.get(id) ?? []), run]);
      if (id === 'n3' && run.attempt === 1) throw new Error('550 mailbox unavailable');
    }),
  );
  const started = Date.now();
  while ((runs.get('n3')?.length ?? 0) < 2 || ids.some((id) => !runs.has(id))) {
    assert.ok(Date.now() - started < 60_000, `not all ran: ${JSON.stringify([...runs.keys()])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1_500)); // room for a wrong second run of the others to show
  for (const id of ids) {
    const attempts = (runs.get(id) ?? []).map((r) => r.attempt);
    assert.deepEqual(attempts, id === 'n3' ? [1, 2] : [1], id);
  }
});
