/**
 * Property tests over many start instants and durations, drawn from a seeded generator (mulberry32):
 * the same seed gives the same cases on every run. A failing case prints its inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVietnamCalendar } from './vietnam-calendar';
import { dayNumberOf, dayStartMs, formatVnDateTime, MINUTE_MS, parseClock, vnInstant } from './vn-time';
import type { WorkingCalendar } from './working-calendar';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FROM = vnInstant('2023-12-01').getTime();
const TO = vnInstant('2028-01-31').getTime(); // published 2024-2026 and derived 2023, 2027, 2028

function generator(seed: number) {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  return {
    int,
    /** An instant in the test range, on a whole minute, biased towards interval boundaries. */
    minute(): number {
      const day = int(dayNumberOf(FROM), dayNumberOf(TO));
      const special = [0, 419, 420, 421, 689, 690, 691, 750, 809, 810, 811, 1019, 1020, 1021, 1439];
      const minuteOfDay = random() < 0.3 ? (special[int(0, special.length - 1)] as number) : int(0, 1439);
      return dayStartMs(day) + minuteOfDay * MINUTE_MS;
    },
    /** Any instant in the test range, to the millisecond. */
    instant(): number {
      return int(FROM, TO);
    },
  };
}

/** Reference implementation: walks minute by minute over the configured intervals. */
function naive(cal: WorkingCalendar) {
  const spans = cal.workingHours.map((i) => [parseClock(i.start), parseClock(i.end)] as const);
  const workingDays = new Map<number, boolean>();
  const isWorkingMinute = (t: number) => {
    const day = dayNumberOf(t);
    let working = workingDays.get(day);
    if (working === undefined) {
      working = cal.isWorkingDay(t);
      workingDays.set(day, working);
    }
    if (!working) return false;
    const m = (t - dayStartMs(day)) / MINUTE_MS;
    return spans.some(([s, e]) => m >= s && m < e);
  };
  return {
    /** The end of the `minutes`-th working minute at or after `start` (minute aligned). */
    addMinutes(start: number, minutes: number): number {
      let count = 0;
      for (let t = start; ; t += MINUTE_MS) {
        if (isWorkingMinute(t) && ++count === minutes) return t + MINUTE_MS;
      }
    },
    /** Working minutes in [a, b) (minute aligned, a <= b). */
    minutesBetween(a: number, b: number): number {
      let count = 0;
      for (let t = a; t < b; t += MINUTE_MS) if (isWorkingMinute(t)) count++;
      return count;
    },
  };
}

const vietnam = createVietnamCalendar();
const shortDay = createVietnamCalendar({
  workingHours: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '16:30' },
  ],
});

describe('addWorkingHours against a minute-by-minute reference', () => {
  for (const [name, cal] of [
    ['default hours', vietnam],
    ['07:30-11:30, 13:00-16:30', shortDay],
  ] as const) {
    it(`agrees for 400 starts and whole-minute durations up to 3 working days (${name})`, () => {
      const g = generator(20260217);
      const ref = naive(cal);
      // Durations in real working minutes: with the short day, 1 working hour = 56.25 real minutes.
      const perHour = cal.workingDayMinutes / 8;
      for (let i = 0; i < 400; i++) {
        const start = g.minute();
        const realMinutes = g.int(1, 3 * cal.workingDayMinutes);
        const hours = realMinutes / perHour;
        const got = cal.addWorkingHours(start, hours).getTime();
        const expected = ref.addMinutes(start, realMinutes);
        assert.equal(
          formatVnDateTime(got),
          formatVnDateTime(expected),
          `${formatVnDateTime(start)} + ${realMinutes} min`,
        );
        assert.equal(ref.minutesBetween(start, got), realMinutes);
      }
    });

    it(`workingHoursBetween agrees with the reference over 300 ranges up to 12 days (${name})`, () => {
      const g = generator(7);
      const ref = naive(cal);
      for (let i = 0; i < 300; i++) {
        const a = g.minute();
        const b = a + g.int(0, 12 * 1440) * MINUTE_MS;
        const real = cal.workingHoursBetween(a, b) * (cal.workingDayMinutes / 8);
        assert.ok(Math.abs(real - ref.minutesBetween(a, b)) < 1e-9, `${formatVnDateTime(a)} -> ${formatVnDateTime(b)}`);
      }
    });
  }
});

describe('algebraic properties (2000 cases each)', () => {
  for (const [name, cal] of [
    ['default hours', vietnam],
    ['07:30-11:30, 13:00-16:30', shortDay],
  ] as const) {
    it(`workingHoursBetween(s, addWorkingHours(s, h)) = h, to the millisecond (${name})`, () => {
      const g = generator(1);
      for (let i = 0; i < 2000; i++) {
        const start = g.instant();
        const hours = i % 2 === 0 ? g.int(0, 60 * 8 * 60) / 60 : g.int(0, 4_000_000) / 1000;
        const dueAt = cal.addWorkingHours(start, hours);
        const back = cal.workingHoursBetween(start, dueAt);
        assert.equal(
          Math.round(back * cal.msPerWorkingHour),
          Math.round(hours * cal.msPerWorkingHour),
          `${formatVnDateTime(start)} + ${hours} h`,
        );
        assert.ok(dueAt.getTime() >= cal.nextWorkingInstant(start).getTime());
      }
    });

    it(`addWorkingHours is additive and monotone (${name})`, () => {
      const g = generator(2);
      for (let i = 0; i < 2000; i++) {
        const start = g.instant();
        const m1 = g.int(1, 20 * 480);
        const m2 = g.int(1, 20 * 480);
        const once = cal.addWorkingHours(start, (m1 + m2) / 60).getTime();
        const twice = cal.addWorkingHours(cal.addWorkingHours(start, m1 / 60), m2 / 60).getTime();
        assert.equal(once, twice, `${formatVnDateTime(start)} + ${m1} + ${m2} min`);
        assert.ok(cal.addWorkingHours(start, m1 / 60).getTime() < once);
      }
    });

    it(`workingHoursBetween is antisymmetric and additive over a middle point (${name})`, () => {
      const g = generator(3);
      for (let i = 0; i < 2000; i++) {
        const [a, c, b] = [g.instant(), g.instant(), g.instant()].sort((x, y) => x - y) as [number, number, number];
        const ab = cal.workingHoursBetween(a, b);
        assert.ok(Math.abs(ab + cal.workingHoursBetween(b, a)) < 1e-9);
        assert.ok(Math.abs(ab - cal.workingHoursBetween(a, c) - cal.workingHoursBetween(c, b)) < 1e-6);
        assert.ok(ab >= 0);
      }
    });
  }

  it('classifyOutcome matches the working time used against the allowed time', () => {
    const g = generator(4);
    for (let i = 0; i < 2000; i++) {
      const start = g.minute();
      const allowed = g.int(1, 15 * 480);
      const used = g.int(0, 15 * 480);
      const dueAt = vietnam.addWorkingHours(start, allowed / 60);
      const finished = vietnam.addWorkingHours(start, used / 60);
      const expected = used < allowed ? 'early' : used === allowed ? 'on_time' : 'late';
      assert.equal(vietnam.classifyOutcome(finished, dueAt), expected, `${formatVnDateTime(start)} ${used}/${allowed}`);
    }
  });

  it('extendForPause keeps the allowed working time: used before the pause + used after it', () => {
    const g = generator(5);
    for (let i = 0; i < 2000; i++) {
      const start = g.instant();
      const dueAt = vietnam.addWorkingHours(start, g.int(1, 30 * 480) / 60);
      const pauseStart = g.int(start, dueAt.getTime() - 1);
      const pauseEnd = pauseStart + g.int(0, 40 * 1440) * MINUTE_MS;
      const extended = vietnam.extendForPause(dueAt, pauseStart, pauseEnd);
      const before = vietnam.workingHoursBetween(start, pauseStart);
      const after = vietnam.workingHoursBetween(pauseEnd, extended);
      const allowed = vietnam.workingHoursBetween(start, dueAt);
      if (allowed - before > 1e-9) {
        assert.ok(
          Math.abs(before + after - allowed) < 1e-6,
          `${formatVnDateTime(start)} pause ${formatVnDateTime(pauseStart)}`,
        );
      } else {
        assert.equal(extended.getTime(), dueAt.getTime()); // nothing was left at the pause start
      }
      assert.ok(extended.getTime() >= dueAt.getTime());
    }
  });
});
