/**
 * A strict reading of an ISO 8601 date or date-time sent by a client ("2026-12-01", "2026-12-01T08:00",
 * "2026-12-01T08:00:00+07:00", "…Z"). `new Date(text)` quietly rolls 2026-11-31 over to 1 December and
 * accepts many other shapes; here a date that is not on the calendar, a 25th hour or any other shape gives
 * an invalid Date (NaN), which the domain reports as a bad field. A date-time without an offset is read in
 * Vietnam time (UTC+7), as people write it; a date alone is the start of that day in Vietnam.
 */
const pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseInstant(text: string): Date {
  const m = pattern.exec(text.trim());
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return new Date(Number.NaN);
  if (hour > 23 || minute > 59 || second > 59) return new Date(Number.NaN);
  let offsetMinutes = 7 * 60;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
    if (oh > 14 || om > 59) return new Date(Number.NaN);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}
