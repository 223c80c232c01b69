/**
 * Builds catalogue procedures from the national portal's records: the detail page (all text fields) and the
 * one-line summary of the catalogue export. Pure: the caller reads the files.
 */

import {
  type ChannelTerms,
  deriveServiceMode,
  normalizeText,
  type ParseWarning,
  parseChannelTable,
  parseLegalBasis,
  parseLevels,
  parseRequiredDocuments,
  parseResults,
  splitList,
} from './parse';
import {
  buildStepTemplate,
  CHANNEL_LABELS,
  type Channel,
  channels as channelOrder,
  type Deadline,
  type Fee,
  type Procedure,
} from './procedure';

/** A detail record as crawled from the portal (field names as in the shared data). */
export interface PortalProcedureDetails {
  ma_thu_tuc: string;
  ten_thu_tuc: string;
  linh_vuc?: string;
  cap_thuc_hien?: string;
  loai_thu_tuc?: string;
  so_quyet_dinh?: string;
  doi_tuong_thuc_hien?: string;
  co_quan_thuc_hien?: string;
  co_quan_co_tham_quyen?: string;
  cach_thuc_thuc_hien?: string;
  thanh_phan_ho_so?: string;
  can_cu_phap_ly?: string;
  ket_qua_xu_ly?: string;
  detail_url?: string;
}

/** A row of the catalogue summary (dvcqg_tthc_2642_summary.csv). */
export interface PortalProcedureSummary {
  ma_thu_tuc: string;
  ten_thu_tuc: string;
  linh_vuc?: string;
  cap_thuc_hien?: string;
  loai_thu_tuc?: string;
  so_quyet_dinh?: string;
  doi_tuong_thuc_hien?: string;
  co_quan_thuc_hien?: string;
  /** Channels separated by "|": "Trực tuyến|Dịch vụ bưu chính|Trực tiếp". */
  kenh_nop?: string;
  thoi_han_truc_tiep?: string;
  thoi_han_truc_tuyen?: string;
  thoi_han_buu_chinh?: string;
  phi_le_phi_truc_tiep?: string;
  phi_le_phi_truc_tuyen?: string;
  /** "True" when the name mentions "toàn trình". */
  ten_mentions_toan_trinh?: string;
  detail_url?: string;
}

/** A warning with the source field it came from. */
export interface FieldWarning extends ParseWarning {
  field: string;
}

export interface ConvertedProcedure {
  procedure: Procedure;
  warnings: FieldWarning[];
}

const CODE = /^\d+\.\d{6}$/;

/** Why a record cannot become a procedure (null when it can). */
export function rejectReason(record: { ma_thu_tuc?: string; ten_thu_tuc?: string }): string | null {
  const code = normalizeText(record.ma_thu_tuc);
  if (!CODE.test(code)) return `invalid code "${code}"`;
  if (normalizeText(record.ten_thu_tuc) === '') return 'missing name';
  return null;
}

function tag(field: string, warnings: ParseWarning[]): FieldWarning[] {
  return warnings.map((w) => ({ field, ...w }));
}

function agenciesText(...candidates: (string | undefined)[]): string {
  for (const c of candidates) {
    const t = normalizeText(c);
    if (t !== '' && !/^không có thông tin$/i.test(t)) return t;
  }
  return '';
}

/** The deadline the step template is built from: counter first, then online, then postal. */
function templateDeadline(deadlines: Partial<Record<Channel, Deadline>>): Deadline | undefined {
  return deadlines.counter ?? deadlines.online ?? deadlines.postal;
}

function assemble(
  base: Omit<Procedure, 'channels' | 'deadlines' | 'fees' | 'serviceMode' | 'steps'>,
  rows: ChannelTerms[],
  serviceTexts: string[],
): Procedure {
  const deadlines: Partial<Record<Channel, Deadline>> = {};
  const fees: Partial<Record<Channel, Fee>> = {};
  for (const row of rows) {
    deadlines[row.channel] = row.deadline;
    fees[row.channel] = row.fee;
  }
  const offered = channelOrder.filter((c) => rows.some((r) => r.channel === c));
  const deadline = templateDeadline(deadlines);
  const procedure: Procedure = {
    ...base,
    channels: offered,
    deadlines,
    fees,
    serviceMode: deriveServiceMode(offered, serviceTexts),
    steps: buildStepTemplate(deadline ?? { amount: 0, unit: 'none' }),
  };
  return procedure;
}

/** Converts a portal detail record (all text fields) into a procedure. */
export function procedureFromPortalDetails(record: PortalProcedureDetails): ConvertedProcedure {
  const warnings: FieldWarning[] = [];
  const levels = parseLevels(record.cap_thuc_hien);
  const channelTable = parseChannelTable(record.cach_thuc_thuc_hien);
  const documents = parseRequiredDocuments(record.thanh_phan_ho_so);
  const results = parseResults(record.ket_qua_xu_ly);
  const legal = parseLegalBasis(record.can_cu_phap_ly);
  warnings.push(
    ...tag('cap_thuc_hien', levels.warnings),
    ...tag('cach_thuc_thuc_hien', channelTable.warnings),
    ...tag('thanh_phan_ho_so', documents.warnings),
    ...tag('ket_qua_xu_ly', results.warnings),
    ...tag('can_cu_phap_ly', legal.warnings),
  );
  const name = normalizeText(record.ten_thu_tuc);
  const base = {
    code: normalizeText(record.ma_thu_tuc),
    name,
    field: normalizeText(record.linh_vuc),
    levels: levels.value.length > 0 ? levels.value : (['other'] as Procedure['levels']),
    ...optional('kind', normalizeText(record.loai_thu_tuc)),
    ...optional('decisionNumber', normalizeText(record.so_quyet_dinh)),
    implementingAgencies: agenciesText(record.co_quan_thuc_hien, record.co_quan_co_tham_quyen),
    applicantKinds: splitList(record.doi_tuong_thuc_hien),
    legalBasis: legal.value,
    requiredDocuments: documents.value,
    results: results.value,
    ...optional('sourceUrl', normalizeText(record.detail_url)),
  };
  const serviceTexts = [name, ...channelTable.value.filter((r) => r.channel === 'online').map((r) => r.description)];
  return { procedure: assemble(base, channelTable.value, serviceTexts), warnings };
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Converts a summary row (no documents, results or legal basis) into a procedure. The summary's time and fee
 * columns are re-read through the channel-table parser, so glued cells ("120,000") are handled the same way.
 * The summary has no postal fee: postal channels get no fee.
 */
export function procedureFromPortalSummary(row: PortalProcedureSummary): ConvertedProcedure {
  const warnings: FieldWarning[] = [];
  const levels = parseLevels(row.cap_thuc_hien);
  warnings.push(...tag('cap_thuc_hien', levels.warnings));
  const offered = new Set(
    normalizeText(row.kenh_nop)
      .split('|')
      .map((s) => s.trim()),
  );
  const columns: Record<Channel, { time?: string; fee?: string }> = {
    counter: { time: row.thoi_han_truc_tiep, fee: row.phi_le_phi_truc_tiep },
    online: { time: row.thoi_han_truc_tuyen, fee: row.phi_le_phi_truc_tuyen },
    postal: { time: row.thoi_han_buu_chinh },
  };
  let table = 'Hình thức nộpThời gianPhí, lệ phíMô tả';
  for (const channel of channelOrder) {
    if (!offered.has(CHANNEL_LABELS[channel])) continue;
    const time = normalizeText(columns[channel].time) || 'Không có thông tin';
    const fee = normalizeText(columns[channel].fee) || 'Không có thông tin';
    table += `${CHANNEL_LABELS[channel]}${time}${fee}`;
  }
  const parsed = parseChannelTable(table);
  const rows = parsed.value.map((r) =>
    r.channel === 'postal' && !columns.postal.fee ? { ...r, fee: { amountVnd: null, text: '' } } : r,
  );
  warnings.push(
    ...tag(
      'summary',
      parsed.warnings.filter((w) => !(w.kind === 'fee_missing' && w.detail === 'Không có thông tin')),
    ),
  );
  const name = normalizeText(row.ten_thu_tuc);
  const base = {
    code: normalizeText(row.ma_thu_tuc),
    name,
    field: normalizeText(row.linh_vuc),
    levels: levels.value.length > 0 ? levels.value : (['other'] as Procedure['levels']),
    ...optional('kind', normalizeText(row.loai_thu_tuc)),
    ...optional('decisionNumber', normalizeText(row.so_quyet_dinh)),
    implementingAgencies: agenciesText(row.co_quan_thuc_hien),
    applicantKinds: splitList(row.doi_tuong_thuc_hien),
    legalBasis: [],
    requiredDocuments: [],
    results: [],
    ...optional('sourceUrl', normalizeText(row.detail_url)),
  };
  const serviceTexts = [name, row.ten_mentions_toan_trinh === 'True' ? 'toàn trình' : ''];
  return { procedure: assemble(base, rows, serviceTexts), warnings };
}
