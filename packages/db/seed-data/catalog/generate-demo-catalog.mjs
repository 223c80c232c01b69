#!/usr/bin/env node
/**
 * Generates the demo province's procedure catalogue (`procedures.jsonl`, `rejected.json`, `stats.json`) from the
 * national portal data kept in the shared data folder. A development tool: the product reads the generated
 * files, never the shared folder.
 *
 * Usage (from the repository root; tsx lets this script import the TypeScript parsers of packages/core):
 *
 *   node --import tsx packages/db/seed-data/catalog/generate-demo-catalog.mjs \
 *     /work/shared/data/procedures packages/db/seed-data/catalog
 *
 * Input files (in <procedures dir>):
 *   dvcqg_tthc_cap_xa_details.jsonl.gz      588 commune-level procedures with every text field
 *   dvcqg_tthc_key_procedures_details.json  18 common procedures with every text field
 *   dvcqg_tthc_2642_summary.csv             2,642 procedures, one line each (no documents)
 *
 * Output: (a) every procedure with details whose level includes "Cấp xã" (and the key procedures), parsed
 * with the catalogue parsers; (b) the province-level procedures ("Cấp tỉnh") of the summary that have no
 * details, with what the summary has. Long free text (procedure steps, conditions, fee explanations beyond
 * FEE_TEXT_MAX characters, document texts beyond DOCUMENT_TEXT_MAX) is dropped, and so is the step template
 * (rebuilt from the deadline on load). Records are validated with the full Procedure schema before slimming.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  catalogRecordSchema,
  procedureFromPortalDetails,
  procedureFromPortalSummary,
  rejectReason,
  validateProcedure,
} from '../../../core/src/catalog/index.ts';
import { parseCsvRecords } from '../../../core/src/shared/csv.ts';

const FEE_TEXT_MAX = 1000; // the fee schedule reads exemptions and their legal basis from it
const DOCUMENT_TEXT_MAX = 180;
const NOTE_MAX = 200;
const GROUP_MAX = 60;
const LEGAL_TITLE_MAX = 80;

const [inputDir, outputDir] = process.argv.slice(2);
if (!inputDir || !outputDir) {
  console.error('usage: node --import tsx generate-demo-catalog.mjs <shared procedures dir> <out dir>');
  process.exit(2);
}

const clip = (s, max) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Trims the free text the product does not need, keeps the structure. */
function slim(procedure) {
  for (const fee of Object.values(procedure.fees)) fee.text = clip(fee.text, FEE_TEXT_MAX);
  for (const d of Object.values(procedure.deadlines)) d.text = clip(d.text, 120);
  for (const doc of procedure.requiredDocuments) {
    doc.name = clip(doc.name, DOCUMENT_TEXT_MAX);
    if (doc.note) doc.note = clip(doc.note, NOTE_MAX);
    if (doc.group) doc.group = clip(doc.group, GROUP_MAX);
  }
  for (const r of procedure.results) r.name = clip(r.name, DOCUMENT_TEXT_MAX);
  for (const l of procedure.legalBasis) l.title = clip(l.title, LEGAL_TITLE_MAX);
  // The step template is rebuilt from the deadline when the catalogue is loaded (procedureFromCatalogRecord).
  // The portal's kind and page address are not used by the product.
  const { steps: _steps, kind: _kind, sourceUrl: _sourceUrl, ...record } = procedure;
  return record;
}

const details = gunzipSync(readFileSync(join(inputDir, 'dvcqg_tthc_cap_xa_details.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
const keyDetails = JSON.parse(readFileSync(join(inputDir, 'dvcqg_tthc_key_procedures_details.json'), 'utf8'));
const summary = parseCsvRecords(readFileSync(join(inputDir, 'dvcqg_tthc_2642_summary.csv'), 'utf8'));

const procedures = new Map();
const rejected = [];
const warningsByKind = {};
const warningsByField = {};
const stats = { fromDetails: 0, fromKeyDetails: 0, fromSummary: 0, documents: 0, results: 0, legalReferences: 0 };

function accept(source, record, converted) {
  const issues = validateProcedure(converted.procedure);
  if (issues.length > 0) {
    rejected.push({ source, code: record.ma_thu_tuc ?? '', reasons: issues });
    return false;
  }
  for (const w of converted.warnings) {
    warningsByKind[w.kind] = (warningsByKind[w.kind] ?? 0) + 1;
    const key = `${w.field}.${w.kind}`;
    warningsByField[key] = (warningsByField[key] ?? 0) + 1;
  }
  const p = slim(converted.procedure);
  stats.documents += p.requiredDocuments.length;
  stats.results += p.results.length;
  stats.legalReferences += p.legalBasis.length;
  procedures.set(p.code, p);
  return true;
}

function take(source, record, convert) {
  const reason = rejectReason(record);
  if (reason) {
    rejected.push({ source, code: record.ma_thu_tuc ?? '', reasons: [reason] });
    return false;
  }
  if (procedures.has(record.ma_thu_tuc.trim())) {
    rejected.push({ source, code: record.ma_thu_tuc, reasons: ['duplicate code (kept the first)'] });
    return false;
  }
  return accept(source, record, convert(record));
}

// (a) commune-level procedures with details.
for (const record of details) {
  if (take('cap_xa_details', record, procedureFromPortalDetails)) stats.fromDetails++;
}
// The 18 key procedures: details when not already in (a) and at the province or commune level.
for (const record of keyDetails) {
  if (procedures.has(record.ma_thu_tuc)) continue;
  if (!/Cấp tỉnh|Cấp xã/.test(record.cap_thuc_hien ?? '')) continue;
  if (take('key_procedures', record, procedureFromPortalDetails)) stats.fromKeyDetails++;
}
// (b) province-level procedures of the summary without details.
let summarySkipped = 0;
for (const row of summary) {
  if (!/Cấp tỉnh/.test(row.cap_thuc_hien ?? '')) continue;
  if (procedures.has(row.ma_thu_tuc)) {
    summarySkipped++;
    continue;
  }
  if (take('summary', row, procedureFromPortalSummary)) stats.fromSummary++;
}

for (const p of procedures.values()) {
  const check = catalogRecordSchema.safeParse(p);
  if (!check.success) throw new Error(`${p.code}: slimmed record is invalid: ${check.error.message}`);
}
const sorted = [...procedures.values()].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
const birth = procedures.get('1.001193');
if (!birth || birth.requiredDocuments.length === 0) {
  console.error('1.001193 (Thủ tục đăng ký khai sinh) is missing or has no documents');
  process.exit(1);
}

// JSON Lines: one procedure per line (CatalogRecord), so that a change to one procedure is a one-line diff.
writeFileSync(join(outputDir, 'procedures.jsonl'), `${sorted.map((p) => JSON.stringify(p)).join('\n')}\n`);
writeFileSync(join(outputDir, 'rejected.json'), `${JSON.stringify(rejected, null, 2)}\n`);
const countBy = (values) => {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
};
const sortObject = (o) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]));
const report = {
  written: sorted.length,
  ...stats,
  summaryRowsAlreadyDetailed: summarySkipped,
  rejected: rejected.length,
  serviceModes: sortObject(countBy(sorted.map((p) => p.serviceMode))),
  deadlineUnits: sortObject(countBy(sorted.flatMap((p) => Object.values(p.deadlines).map((d) => d.unit)))),
  warningsByKind: sortObject(warningsByKind),
  warningsByField: sortObject(warningsByField),
};
writeFileSync(join(outputDir, 'stats.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
