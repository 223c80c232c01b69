import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVnDateTime } from '../calendar/vn-time';
import { at, calendar, procedure } from './dossier.fixtures';
import { findTemplateStep, planSteps, stepDueAt, stepOutcome, stepUsedHours, validateStepTemplate } from './steps';

const fmt = (d: Date) => formatVnDateTime(d);

describe('planSteps', () => {
  it('chains the shares of the deadline from the start', () => {
    assert.deepEqual(
      planSteps(calendar, procedure.steps, at('2026-03-09', '07:00')).map((s) => [
        s.step,
        fmt(s.startsAt),
        fmt(s.dueAt),
      ]),
      [
        ['receive', '2026-03-09 07:00', '2026-03-09 11:00'],
        ['examine', '2026-03-09 11:00', '2026-03-12 11:00'],
        ['approve', '2026-03-12 11:00', '2026-03-12 17:00'],
        ['issue', '2026-03-12 17:00', '2026-03-13 11:00'],
        ['return', '2026-03-13 11:00', '2026-03-13 17:00'],
      ],
    );
  });

  it('starts at the next working instant and skips Tết', () => {
    const plan = planSteps(calendar, procedure.steps, at('2026-02-13', '17:30'));
    assert.equal(fmt(plan[0]?.startsAt as Date), '2026-02-23 07:00');
    assert.equal(fmt(plan[4]?.dueAt as Date), '2026-02-27 17:00'); // 40 h = 5 working days
  });
});

describe('stepDueAt, stepUsedHours, stepOutcome', () => {
  const start = at('2026-03-09', '09:00'); // Monday
  const pause = { start: at('2026-03-10', '07:00'), end: at('2026-03-11', '07:00') }; // all of Tuesday

  it('computes the due time, extended by pauses', () => {
    assert.equal(fmt(stepDueAt(calendar, start, 8)), '2026-03-10 09:00');
    assert.equal(fmt(stepDueAt(calendar, start, 8, [pause])), '2026-03-11 09:00');
    assert.equal(fmt(stepDueAt(calendar, start, 0.5)), '2026-03-09 09:30');
  });

  it('counts used working hours without the pauses, clipped to the step', () => {
    assert.equal(stepUsedHours(calendar, start, at('2026-03-11', '10:00')), 17);
    assert.equal(stepUsedHours(calendar, start, at('2026-03-11', '10:00'), [pause]), 9);
    const overlapping = [pause, { start: at('2026-03-10', '13:30'), end: at('2026-03-11', '08:00') }];
    assert.equal(stepUsedHours(calendar, start, at('2026-03-11', '10:00'), overlapping), 8);
    const before = [{ start: at('2026-03-08', '10:00'), end: at('2026-03-09', '10:00') }];
    assert.equal(stepUsedHours(calendar, start, at('2026-03-09', '12:00'), before), 1.5);
  });

  it('is early if used < allowed, on time if equal, late if more', () => {
    const step = { dueAt: stepDueAt(calendar, start, 8) }; // Tue 09:00
    assert.equal(stepOutcome(calendar, step, at('2026-03-10', '08:59')), 'early');
    assert.equal(stepOutcome(calendar, step, at('2026-03-10', '09:00')), 'on_time');
    assert.equal(stepOutcome(calendar, step, at('2026-03-10', '09:01')), 'late');
    assert.equal(stepOutcome(calendar, { dueAt: null }, at('2026-03-10', '09:01')), null);
  });
});

describe('template helpers', () => {
  it('finds the next step after a position', () => {
    const steps = procedure.steps;
    assert.equal(
      findTemplateStep(steps, -1, (s) => s.step === 'examine'),
      1,
    );
    assert.equal(
      findTemplateStep(steps, 1, (s) => s.step === 'examine'),
      null,
    );
    assert.equal(
      findTemplateStep(steps, 2, () => true),
      3,
    );
  });

  it('validates a template', () => {
    assert.deepEqual(validateStepTemplate(procedure.steps), []);
    assert.deepEqual(
      validateStepTemplate([
        { step: 'examine', hours: Number.NaN },
        { step: 'approve', role: 'mayor' as 'agency_leader', agencyId: ' ', hours: 4 },
      ]).map((i) => i.path),
      ['procedure.steps.0.hours', 'procedure.steps.1.role', 'procedure.steps.1.agencyId'],
    );
  });
});
