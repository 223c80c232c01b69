#!/usr/bin/env node
/**
 * Generates `official-days-off.ts` (the official days off and make-up working days published by the
 * Government) from the CSV kept in the shared data folder.
 *
 * Usage (from the repository root):
 *
 *   node packages/core/src/calendar/generate-official-days-off.mjs <input.csv> [output.ts]
 *
 *   e.g. node packages/core/src/calendar/generate-official-days-off.mjs \
 *          /work/shared/data/holidays/vn_official_days_off_2024_2026.csv
 *
 * The output defaults to `official-days-off.ts` next to this script. The product never reads the CSV at
 * run time: it imports the generated module. This script is a development tool (it uses node:fs and is
 * not imported by the calendar's index.ts), so the "no node:*" rule of packages/core does not apply to it.
 *
 * Expected CSV columns (header row required, RFC 4180 quoting):
 *   year,date,weekday,weekday_vi,occasion,name_vi,kind,applies_to,lunar_date,source
 *
 * What the script checks (it fails on errors, prints warnings for rows that look inconsistent):
 *   - errors: malformed date, `year` different from the date's year, `weekday` different from the real
 *     weekday of the date, unknown kind or applies_to, the same date listed twice;
 *   - warnings: a make-up working day that is not on a weekend, a `weekend_in_break` row that is not on a
 *     weekend, a swapped/compensatory day off on a weekend, a statutory holiday on a weekend without a
 *     compensatory day of the same year, a year whose swapped days off and make-up days do not balance,
 *     a source column that cites a page about another occasion.
 *
 * Kind normalisation: the CSV spells the compensatory day off `compensatory_day_off_nghi_bu`; the
 * generated module uses `compensatory_day_off`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const KIND_MAP = {
  statutory_holiday: 'statutory_holiday',
  compensatory_day_off: 'compensatory_day_off',
  compensatory_day_off_nghi_bu: 'compensatory_day_off',
  swapped_day_off: 'swapped_day_off',
  makeup_workday: 'makeup_workday',
  weekend_in_break: 'weekend_in_break',
};

const APPLIES_TO_MAP = {
  'all employees (Labor Code)': 'all_employees',
  'public sector CBCCVC (private employers may apply by agreement)': 'public_sector',
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EXPECTED_HEADER = [
  'year',
  'date',
  'weekday',
  'weekday_vi',
  'occasion',
  'name_vi',
  'kind',
  'applies_to',
  'lunar_date',
  'source',
];

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, CRLF or LF line ends. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** A single-quoted TS string literal. */
function quote(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One array element, one property per line (the layout Biome would produce). */
function formatDay(day) {
  const props = Object.entries(day).map(([key, value]) => `    ${key}: ${quote(value)},`);
  return ['  {', ...props, '  },'].join('\n');
}

function main() {
  const [input, outputArg] = process.argv.slice(2);
  if (!input) {
    console.error('usage: generate-official-days-off.mjs <input.csv> [output.ts]');
    process.exit(2);
  }
  const output = outputArg ?? join(dirname(fileURLToPath(import.meta.url)), 'official-days-off.ts');
  const rows = parseCsv(readFileSync(input, 'utf8').replace(/^\uFEFF/, ''));
  const header = rows.shift() ?? [];
  if (header.join(',') !== EXPECTED_HEADER.join(',')) {
    throw new Error(`unexpected header: ${header.join(',')}`);
  }

  const errors = [];
  const warnings = [];
  const seen = new Set();
  const days = [];
  rows.forEach((cells, index) => {
    const line = index + 2;
    const r = Object.fromEntries(EXPECTED_HEADER.map((name, i) => [name, (cells[i] ?? '').trim()]));
    const where = `line ${line} (${r.date})`;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.date);
    if (!m) {
      errors.push(`${where}: malformed date`);
      return;
    }
    const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (utc.toISOString().slice(0, 10) !== r.date) errors.push(`${where}: not a calendar date`);
    if (r.year !== m[1]) errors.push(`${where}: year column ${r.year} differs from the date`);
    const weekday = WEEKDAYS[utc.getUTCDay()];
    if (r.weekday !== weekday) errors.push(`${where}: weekday column ${r.weekday}, real weekday ${weekday}`);
    const kind = KIND_MAP[r.kind];
    if (!kind) errors.push(`${where}: unknown kind ${r.kind}`);
    if (r.kind !== kind) warnings.push(`${where}: kind ${r.kind} normalised to ${kind}`);
    const appliesTo = APPLIES_TO_MAP[r.applies_to];
    if (!appliesTo) errors.push(`${where}: unknown applies_to ${r.applies_to}`);
    if (seen.has(r.date)) errors.push(`${where}: date listed twice`);
    seen.add(r.date);
    const weekend = weekday === 'Sat' || weekday === 'Sun';
    if (kind === 'makeup_workday' && !weekend) warnings.push(`${where}: make-up working day on a ${weekday}`);
    if (kind === 'weekend_in_break' && !weekend) warnings.push(`${where}: weekend_in_break on a ${weekday}`);
    if ((kind === 'swapped_day_off' || kind === 'compensatory_day_off') && weekend) {
      warnings.push(`${where}: ${kind} on a ${weekday} (it changes nothing)`);
    }
    if (
      /tet-nguyen-dan|nghi-tet-am-lich/.test(r.source) &&
      r.occasion !== 'tet_nguyen_dan' &&
      !/quoc-khanh/.test(r.source)
    ) {
      warnings.push(`${where}: occasion ${r.occasion} but the source cites a page about Tết: ${r.source}`);
    }
    const day = { date: r.date, kind, occasion: r.occasion, nameVi: r.name_vi, appliesTo };
    if (r.lunar_date) day.lunarDate = r.lunar_date;
    day.reference = r.source;
    days.push({ day, weekend, year: m[1] });
  });

  // Cross-row checks per year.
  const years = [...new Set(days.map((d) => d.year))];
  for (const year of years) {
    const ofYear = days.filter((d) => d.year === year);
    const count = (k) => ofYear.filter((d) => d.day.kind === k).length;
    const weekendHolidays = ofYear.filter((d) => d.day.kind === 'statutory_holiday' && d.weekend).length;
    if (weekendHolidays !== count('compensatory_day_off')) {
      warnings.push(
        `${year}: ${weekendHolidays} statutory holiday(s) on a weekend but ${count('compensatory_day_off')} compensatory day(s) off`,
      );
    }
    if (count('swapped_day_off') !== count('makeup_workday')) {
      warnings.push(
        `${year}: ${count('swapped_day_off')} swapped day(s) off but ${count('makeup_workday')} make-up working day(s)`,
      );
    }
  }

  for (const w of warnings) console.warn(`warning: ${w}`);
  if (errors.length > 0) {
    for (const e of errors) console.error(`error: ${e}`);
    process.exit(1);
  }

  days.sort((a, b) => (a.day.date < b.day.date ? -1 : 1));
  const body = days.map(({ day }) => formatDay(day)).join('\n');
  const ts = `// GENERATED FILE: do not edit by hand.
// Regenerate with: node packages/core/src/calendar/generate-official-days-off.mjs <vn_official_days_off_*.csv>
// Generated from ${input.split('/').pop()} (${days.length} rows).
import type { OfficialDayOff } from './calendar-types';

/** Official days off and make-up working days published by the Government, by date. */
export const OFFICIAL_DAYS_OFF: readonly OfficialDayOff[] = [
${body}
];

/** Calendar years for which the Government schedule is published (present in OFFICIAL_DAYS_OFF). */
export const OFFICIAL_SCHEDULE_YEARS: readonly number[] = [${years.join(', ')}];
`;
  writeFileSync(output, ts);
  console.log(`wrote ${days.length} rows for ${years.join(', ')} to ${output} (${warnings.length} warning(s))`);
}

main();
