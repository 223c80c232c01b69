import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyDue, vietnamDay } from './due';

const open = { status: 'processing' as const, finishedAt: null, outcome: null };

describe('classifyDue', () => {
  // 2026-03-10 09:00 in Vietnam = 02:00 UTC.
  const now = new Date('2026-03-10T02:00:00Z');

  it('is late once the due time has passed', () => {
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-10T01:59:00Z' }, now), 'late');
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-01T10:00:00Z' }, now), 'late');
  });

  it('is due today until the end of the Vietnam day, not the UTC day', () => {
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-10T10:00:00Z' }, now), 'today'); // 17:00 in Vietnam
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-10T16:59:00Z' }, now), 'today'); // 23:59 in Vietnam
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-10T17:00:00Z' }, now), 'on_time'); // 00:00 the next day
  });

  it('counts "today" from Vietnam midnight even when it is still yesterday in UTC', () => {
    const earlyMorning = new Date('2026-03-09T17:30:00Z'); // 00:30 on 10 March in Vietnam
    assert.equal(classifyDue({ ...open, dueAt: '2026-03-10T09:00:00Z' }, earlyMorning), 'today');
  });

  it('is paused while waiting for the applicant, finished with an outcome, ended without one', () => {
    const dueAt = '2026-03-01T10:00:00Z';
    assert.equal(classifyDue({ ...open, status: 'waiting_supplement', dueAt }, now), 'paused');
    assert.equal(classifyDue({ ...open, status: 'waiting_payment', dueAt }, now), 'paused');
    assert.equal(
      classifyDue({ status: 'processed', dueAt, finishedAt: dueAt, outcome: 'on_time' }, now),
      'finished_on_time',
    );
    assert.equal(classifyDue({ status: 'returned', dueAt, finishedAt: dueAt, outcome: 'late' }, now), 'finished_late');
    assert.equal(classifyDue({ status: 'withdrawn', dueAt, finishedAt: null, outcome: null }, now), 'ended');
    assert.equal(classifyDue({ status: 'receiving', dueAt: null, finishedAt: null, outcome: null }, now), 'none');
  });
});

describe('vietnamDay', () => {
  it('is the UTC+7 date', () => {
    assert.equal(vietnamDay(new Date('2026-03-09T16:59:59Z')), '2026-03-09');
    assert.equal(vietnamDay(new Date('2026-03-09T17:00:00Z')), '2026-03-10');
  });
});
