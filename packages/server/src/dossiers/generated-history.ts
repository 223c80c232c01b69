/**
 * A generated history of dossiers for the whole province (`congso seed --dossiers N --years Y`, and the demo's
 * older year on `npm start`): every commune's one-stop desk and every department (through the provincial
 * service centre or its own desk), the catalogue's procedures in a realistic mix, filings on working days at
 * the counter and any day online, a seasonal volume (the rush before Tết, the dip around it), supplements,
 * stops, refusals, withdrawals, fees paid, ratings. Each dossier is made by the demo history's `simulate`:
 * the core's own actions at times in the past, so due dates (working-time calendar, days off, Tết), late flags
 * and outcomes are what the core computes. Codes are gap-free per receiving agency and day, after whatever the
 * day's counter held.
 *
 * The service-quality index is counted on the way: each dossier's fact (core `factOf`) and its contributions
 * (`contributionsOf`) are summed in memory and written with the rows, so the counters equal what
 * `congso ioc rebuild` computes from the events. Everything is written with COPY in one transaction.
 * Deterministic: the same seed, options and `now` give the same history (ids included).
 */

import {
  type Actor,
  contributionsOf,
  createVietnamCalendar,
  dossierDayKey,
  factOf,
  formatDossierCode,
  type IocDossierFact,
  isPaidOnline,
  type OfficerRole,
  type Procedure,
  type ServiceMode,
  sealedHorizon,
  serviceModes,
} from '@congso/core';
import { type Connection, copyLine, copyTextArray, deferIndexes, dossierRecord, withBulkSession } from '@congso/db';
import { vietnamDate } from '../catalog/catalog-index';
import { loadAgencyPlaces } from '../ioc/ioc-upkeep';
import { type Desk, fateFor, generator, type Person, type Plan, type Random, simulate } from './demo-history';
import { deskProcedures, type Fate, familyNames, givenNames, middleNames, streets } from './demo-history.data';
import { snapshotProcedure } from './filing-writes';

const calendar = createVietnamCalendar();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Fields a commune's People's Committee handles (the catalogue's commune-level procedures in them). */
const communeFields = new Set([
  'Hộ tịch',
  'Chứng thực',
  'Đất đai',
  'Đăng ký, quản lý cư trú',
  'Người có công',
  'Thực hiện chính sách BHXH',
  'Nông nghiệp',
  'Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)',
  'Thủy lợi',
  'Lâm nghiệp',
]);

/** Which department handles a province-level field (by the department's short name). */
const departmentOfField: Record<string, string> = {
  'Công chứng': 'STP',
  'Luật sư': 'STP',
  'Trợ giúp pháp lý': 'STP',
  'Giám định tư pháp': 'STP',
  'Đấu giá tài sản': 'STP',
  'Thừa phát lại': 'STP',
  'Quản tài viên': 'STP',
  'Hòa giải thương mại': 'STP',
  'Trọng tài thương mại': 'STP',
  'Tư vấn pháp luật': 'STP',
  'Lý lịch tư pháp': 'STP',
  'Quốc tịch': 'STP',
  'Nuôi con nuôi': 'STP',
  'Đất đai': 'SNNMT',
  'Tài nguyên nước': 'SNNMT',
  'Địa chất và khoáng sản': 'SNNMT',
  'Thủy lợi': 'SNNMT',
  'Lâm nghiệp': 'SNNMT',
  'Thú y': 'SNNMT',
  'Trồng trọt và Bảo vệ thực vật': 'SNNMT',
  'Chăn nuôi': 'SNNMT',
  'Thủy sản': 'SNNMT',
  'Biển và hải đảo': 'SNNMT',
  'Nhà ở và công sở': 'SXD',
  'Hoạt động xây dựng': 'SXD',
  'Kinh doanh bất động sản': 'SXD',
  'Đường bộ': 'SXD',
  'Thành lập và hoạt động của doanh nghiệp': 'STC',
  'Đầu tư tại Việt nam': 'STC',
  'Hỗ trợ doanh nghiệp nhỏ và vừa': 'STC',
  'Chính sách': 'SNV',
};

/** Lunar new year's day (mùng 1 Tết), Vietnam dates: the volume dips around it and rushes before it. */
const tetDays = [
  '2020-01-25',
  '2021-02-12',
  '2022-02-01',
  '2023-01-22',
  '2024-02-10',
  '2025-01-29',
  '2026-02-17',
  '2027-02-06',
  '2028-01-26',
  '2029-02-13',
  '2030-02-03',
  '2031-01-23',
  '2032-02-11',
].map((d) => Date.parse(`${d}T00:00:00+07:00`));

/** Month factors (January first): year-end rush, quieter summer. */
const monthFactor = [1.0, 0.95, 1.1, 1.0, 1.0, 1.05, 0.95, 0.92, 1.05, 1.08, 1.12, 1.2];

/** How busy a Vietnam day (its midnight) is, relative to an ordinary working day. */
export function seasonalFactor(dayStart: number): number {
  let f = monthFactor[new Date(dayStart + 7 * HOUR).getUTCMonth()] ?? 1;
  for (const tet of tetDays) {
    const d = Math.round((dayStart - tet) / DAY);
    if (d >= -21 && d <= -3) f *= 1.35;
    else if (d >= -2 && d <= 7) f *= 0.2;
    else if (d >= 8 && d <= 21) f *= 0.85;
  }
  return f;
}

export interface GenerateHistoryOptions {
  dossiers: number;
  years: number;
  seed?: number;
  now: Date;
  /** Nothing is filed at or after this instant (default `now`). */
  until?: Date;
  /** Every dossier ends (the demo's older year: the officers' queues keep only the recent history's work). */
  finishedOnly?: boolean;
  /** Dossiers written per COPY round (default 5,000). */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratedHistoryReport {
  dossiers: number;
  events: number;
  people: number;
  officers: number;
  cells: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  finished: number;
  finishedLate: number;
  openLate: number;
  supplements: number;
  paid: number;
  /** Of which paid online (through the payment platform). */
  paidOnline: number;
  rated: number;
  from: string;
  until: string;
  /**
   * Milliseconds spent making dossiers (core actions), counting (facts, contributions), encoding, writing, and
   * building the indexes and checking the foreign keys after the rows (0 when they were kept during the load).
   */
  timings: {
    load: number;
    simulate: number;
    count: number;
    encode: number;
    write: number;
    indexes: number;
    total: number;
  };
}

interface Proc {
  versionId: string;
  data: Procedure;
  snapshot: Plan['procedure']['snapshot'];
  online: boolean;
  postal: boolean;
  fee: number | undefined;
  serviceMode: ServiceMode;
}

interface GenDesk {
  desk: Desk;
  procs: Proc[];
  cumulative: Float64Array;
  onlineProcs: Proc[];
  onlineCumulative: Float64Array;
}

const finishedFates = new Set<Fate>(['returned', 'rated', 'refused', 'stopped', 'withdrawn', 'denied']);

/** A picker over weights (binary search on the running sums). */
function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i] as number;
    out[i] = s;
  }
  return out;
}
function pickIndex(cumulative: Float64Array, r: number): number {
  const target = r * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A version-4 UUID from the seeded generator (ids are part of the deterministic history). */
function uuidFrom(random: Random): string {
  const hex = (n: number) => (Math.floor(n * 4_294_967_296) >>> 0).toString(16).padStart(8, '0');
  const a = hex(random.next());
  const b = hex(random.next());
  const c = hex(random.next());
  const d = hex(random.next());
  const variant = ((Number.parseInt(c.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

/** Citizen number `i` of the generated population: a valid, unique national ID (never a demo one). */
function citizenAt(seed: number, i: number, year: number, id: string): Person & { username: string } {
  const random = generator((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const age = random.int(18, 80);
  const birthYear = year - age;
  const sex = random.chance(0.5) ? 'male' : 'female';
  const century = birthYear >= 2000 ? 2 : 0;
  const sexDigit = century + (sex === 'female' ? 1 : 0);
  // Unique by construction: the province prefix and serial come from i (serials 7xxxxx are the demo's).
  const j = i % 800_000;
  const serial = j < 600_000 ? 100_000 + j : 800_000 + (j - 600_000);
  const prefix = ['072', '080', '074', '070', '079', '075', '077', '086'][Math.floor(i / 800_000) % 8] as string;
  const nationalId = `${prefix}${sexDigit}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
  return {
    id,
    kind: 'citizen',
    active: true,
    agencyId: null,
    roles: [],
    username: nationalId,
    fullName: `${random.pick(familyNames)} ${random.pick(middleNames[sex])} ${random.pick(givenNames[sex])}`,
    nationalId,
    phone: `09${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
    email: null,
    address: `Số ${random.int(1, 250)} đường ${random.pick(streets)}, tỉnh Tây Ninh`,
  };
}

interface AgencyInfo {
  id: string;
  code: string;
  kind: string;
  parentId: string | null;
  shortName: string;
  adminUnitCode: string | null;
}

const staffRoles: [key: 'clerk' | 'head' | 'specialist' | 'leader' | 'documentClerk', OfficerRole, string][] = [
  ['clerk', 'one_stop_clerk', 'motcua'],
  ['head', 'department_head', 'truongphong'],
  ['specialist', 'specialist', 'chuyenvien'],
  ['leader', 'agency_leader', 'lanhdao'],
  ['documentClerk', 'document_clerk', 'vanthu'],
];

const peopleColumns = [
  'id',
  'kind',
  'username',
  'full_name',
  'national_id',
  'phone',
  'email',
  'agency_id',
  'roles',
  'created_at',
  'updated_at',
] as const;
const dossierColumns = [
  'id',
  'code',
  'procedure_version_id',
  'procedure_code',
  'procedure_name',
  'receiving_agency_id',
  'applicant_id',
  'applicant',
  'lookup_secret',
  'channel',
  'submitted_at',
  'status',
  'version',
  'current_agency_id',
  'assignee_id',
  'received_at',
  'due_at',
  'finished_at',
  'outcome',
  'state',
  'created_at',
  'updated_at',
  'paid_online_at',
] as const;
const eventColumns = ['dossier_id', 'version', 'action', 'at', 'actor_id', 'event'] as const;
const factColumns = [
  'dossier_id',
  'province_id',
  'agency_id',
  'commune_id',
  'field',
  'received_at',
  'ended_at',
  'due_at',
  'waiting_since',
  'late_flag',
  'fact',
] as const;

/** The marker of a generated history in the audit trail (a second run on the same database is refused). */
export const GENERATED_HISTORY_AUDIT = 'seed.generated_history';

export class HistoryAlreadyGenerated extends Error {}

/**
 * Generates and writes the history. Needs the demo province and its catalogue (`congso seed` loads them).
 */
export async function generateHistory(
  connection: Connection,
  options: GenerateHistoryOptions,
): Promise<GeneratedHistoryReport> {
  const t0 = performance.now();
  const timings = { load: 0, simulate: 0, count: 0, encode: 0, write: 0, indexes: 0, total: 0 };
  const seed = options.seed ?? 1;
  const now = options.now;
  const until = options.until ?? now;
  const total = Math.max(0, Math.floor(options.dossiers));
  const fromDay = Date.parse(`${vietnamDate(new Date(until.getTime() - options.years * 365.25 * DAY))}T00:00:00+07:00`);
  const random = generator(seed);
  const idRandom = generator((seed * 7919 + 17) >>> 0);

  const places = await loadAgencyPlaces(connection.db);
  return withBulkSession(connection, async (session) => {
    // ---- What exists: the province, its agencies, staff, the catalogue in force, the counters' horizon.
    const [marker] = await session.query(`select 1 from audit_events where action = $1 limit 1`, [
      GENERATED_HISTORY_AUDIT,
    ]);
    if (marker) throw new HistoryAlreadyGenerated('a generated history is already in this database');
    const [province] = await session.query<{ value: { rootAgencyCode: string } }>(
      `select value from settings where key = 'province'`,
    );
    if (!province) throw new Error('the demo province is not loaded (run `congso seed` first)');
    const agencyRows = await session.query<AgencyInfo & { parent_id: string | null; short_name: string }>(
      `select id, code, kind, parent_id, short_name, admin_unit_code as "adminUnitCode" from agencies
        where valid_to is null order by code`,
    );
    const agencies = agencyRows.map((a) => ({ ...a, parentId: a.parent_id, shortName: a.short_name }));
    const root = agencies.find((a) => a.code === province.value.rootAgencyCode && a.parentId === null);
    if (!root) throw new Error('the province agency is missing');
    const on = vietnamDate(now);
    const versionRows = await session.query<{ id: string; data: Procedure }>(
      `select id, data from procedure_versions where valid_from <= $1 and (valid_to is null or valid_to >= $1)
        order by code`,
      [on],
    );
    if (versionRows.length === 0) throw new Error('the catalogue is empty (run `congso seed` first)');
    const staffRows = await session.query<{ id: string; username: string; agency_id: string; roles: string[] }>(
      `select id, username, agency_id, roles from people where kind = 'officer' and active and agency_id is not null
        order by username`,
    );
    const counterRows = await session.query<{ day_key: string; last: string | number }>(
      `select day_key, last from dossier_code_counters`,
    );
    const sequences = new Map(counterRows.map((r) => [r.day_key, Number(r.last)]));
    await session.query(`insert into ioc_state (id) values (1) on conflict (id) do nothing`);
    const [state] = await session.query<{ horizon: Date | string | null }>(
      `select horizon from ioc_state where id = 1 for update`,
    );
    let horizon = state?.horizon ? new Date(state.horizon) : null;
    if (!horizon) {
      horizon = sealedHorizon(now);
      await session.query(`update ioc_state set horizon = $1 where id = 1`, [horizon.toISOString()]);
    }

    // ---- Into a dossier book smaller than the history (a new or demo database), the tables' secondary indexes
    // and foreign keys are dropped and put back after the rows (built by one sort each, checked by one join).
    const [book] = await session.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from dossiers limit $1) x`,
      [Math.max(1, total)],
    );
    const restoreIndexes =
      (book?.n ?? 0) < total ? await deferIndexes(session, ['dossiers', 'dossier_events', 'ioc_facts']) : null;

    // ---- Procedures by desk.
    const procByCode = new Map<string, Proc>();
    for (const row of versionRows) {
      const data = row.data;
      const snapshot = snapshotProcedure(data, row.id);
      // Procedures without a usable deadline cannot be filed (the core refuses them): left out of the mix.
      const usable = (h: number | undefined) =>
        h === undefined || (h > 0 && (snapshot.deadline.unit !== 'calendar_days' || Number.isInteger(h)));
      if (!snapshot.deadline.counter || !usable(snapshot.deadline.counter) || !usable(snapshot.deadline.online))
        continue;
      if (snapshot.steps.length === 0) continue;
      const feeOf = (c: 'online' | 'counter') => data.fees[c]?.amountVnd ?? null;
      const fee = feeOf('counter') ?? feeOf('online');
      procByCode.set(data.code, {
        versionId: row.id,
        data,
        snapshot,
        online: data.channels.includes('online'),
        postal: data.channels.includes('postal'),
        fee: fee && fee > 0 ? fee : undefined,
        serviceMode: (serviceModes as readonly string[]).includes(data.serviceMode) ? data.serviceMode : 'offline',
      });
    }
    const heavy = new Map<string, number>();
    for (const mix of Object.values(deskProcedures)) {
      for (const [code, w] of Object.entries(mix)) heavy.set(code, Math.max(heavy.get(code) ?? 0, w));
    }
    /** Zipf over the tail (by code order), the demo's popular procedures well above it. */
    const mixOf = (candidates: Proc[]): { procs: Proc[]; weights: number[] } => {
      const procs = [...candidates].sort((a, b) => (a.data.code < b.data.code ? -1 : 1));
      const weights = procs.map((p, i) => (heavy.has(p.data.code) ? 6 * (heavy.get(p.data.code) ?? 1) : 8 / (i + 2)));
      return { procs, weights };
    };
    const all = [...procByCode.values()];
    const communeMix = mixOf(
      all.filter(
        (p) => p.data.levels.includes('commune') && (communeFields.has(p.data.field) || heavy.has(p.data.code)),
      ),
    );
    const provinceMix = (shortName: string) =>
      mixOf(
        all.filter(
          (p) =>
            p.data.levels.includes('province') &&
            (departmentOfField[p.data.field] === shortName ||
              (shortName === 'STP' && heavy.has(p.data.code) && !p.data.levels.includes('commune'))),
        ),
      );

    // ---- Staff: the demo officers where they are, generated officers elsewhere (no password: no sign-in).
    const byAgencyRole = new Map<string, { id: string; agencyId: string; roles: string[] }>();
    for (const s of staffRows) {
      for (const role of s.roles) {
        const key = `${s.agency_id}|${role}`;
        if (!byAgencyRole.has(key)) byAgencyRole.set(key, { id: s.id, agencyId: s.agency_id, roles: s.roles });
      }
    }
    const officerLines: string[] = [];
    const createdAt = new Date(fromDay).toISOString();
    const staffOf = (agency: AgencyInfo): Record<(typeof staffRoles)[number][0], Actor> => {
      const out = {} as Record<(typeof staffRoles)[number][0], Actor>;
      for (const [key, role, prefix] of staffRoles) {
        const found = byAgencyRole.get(`${agency.id}|${role}`);
        if (found) {
          out[key] = {
            id: found.id,
            kind: 'officer',
            active: true,
            agencyId: agency.id,
            roles: found.roles as OfficerRole[],
          };
          continue;
        }
        const id = uuidFrom(idRandom);
        const sex = random.chance(0.5) ? 'male' : 'female';
        const fullName = `${random.pick(familyNames)} ${random.pick(middleNames[sex])} ${random.pick(givenNames[sex])}`;
        const username = `${prefix}.${agency.code.toLowerCase().replaceAll('.', '-')}`;
        officerLines.push(
          copyLine([
            id,
            'officer',
            username,
            fullName,
            null,
            null,
            null,
            agency.id,
            copyTextArray([role]),
            createdAt,
            createdAt,
          ]),
        );
        byAgencyRole.set(`${agency.id}|${role}`, { id, agencyId: agency.id, roles: [role] });
        out[key] = { id, kind: 'officer', active: true, agencyId: agency.id, roles: [role] };
      }
      return out;
    };

    const desks: GenDesk[] = [];
    const deskWeights: number[] = [];
    const makeDesk = (receiving: AgencyInfo, handling: AgencyInfo, mix: ReturnType<typeof mixOf>, weight: number) => {
      if (mix.procs.length === 0) return;
      const rs = staffOf(receiving);
      const hs = receiving.id === handling.id ? rs : staffOf(handling);
      const desk: Desk = {
        key: 'generated',
        notation: handling.kind === 'commune' ? 'UBND' : handling.shortName,
        receiving: { id: receiving.id, code: receiving.code },
        handlingAgencyId: handling.id,
        clerk: rs.clerk,
        head: hs.head,
        specialist: hs.specialist,
        leader: hs.leader,
        documentClerk: hs.documentClerk,
      };
      const online = mix.procs.map((p, i) => [p, mix.weights[i] as number] as const).filter(([p]) => p.online);
      desks.push({
        desk,
        procs: mix.procs,
        cumulative: cumulativeOf(mix.weights),
        onlineProcs: online.map(([p]) => p),
        onlineCumulative: cumulativeOf(online.map(([, w]) => w)),
      });
      deskWeights.push(weight);
    };
    const communes = agencies.filter((a) => a.kind === 'commune' && a.parentId === root.id);
    const communeWeight = 0.62 / Math.max(1, communes.length);
    for (const c of communes) makeDesk(c, c, communeMix, communeWeight * random.between(0.5, 1.8));
    const departments = agencies.filter((a) => a.kind === 'department' && a.parentId === root.id);
    const centre = departments.find((d) => d.shortName === 'TTPVHCC');
    const provinceDesks = departments
      .map((d) => ({ d, mix: provinceMix(d.shortName) }))
      .filter((x) => x.mix.procs.length > 0);
    const provinceTotal = 0.38;
    const share = (d: AgencyInfo) => (d.shortName === 'STP' ? 3 : d.shortName === 'SNNMT' ? 2 : 1);
    const shareSum = provinceDesks.reduce((s, x) => s + share(x.d), 0) || 1;
    for (const { d, mix } of provinceDesks) {
      const w = (provinceTotal * share(d)) / shareSum;
      if (centre) makeDesk(centre, d, mix, w * 0.7);
      makeDesk(d, d, mix, centre ? w * 0.3 : w);
    }
    if (desks.length === 0) throw new Error('no desk: the province has no communes or departments');
    const deskCumulative = cumulativeOf(deskWeights);
    const onlineDeskIdx = desks.map((d, i) => (d.onlineProcs.length > 0 ? i : -1)).filter((i) => i >= 0);
    const onlineDeskCumulative = cumulativeOf(onlineDeskIdx.map((i) => deskWeights[i] as number));

    // ---- Volume per day: seasonal, working days full, days off online only (about a tenth).
    const days: { start: number; working: boolean; weight: number }[] = [];
    // Whole Vietnam days before the day of `until` (so every drawn filing falls before it).
    const lastDay = Date.parse(`${vietnamDate(until)}T00:00:00+07:00`);
    for (let d = fromDay; d < lastDay; d += DAY) {
      const working = calendar.isWorkingDay(new Date(d + 12 * HOUR));
      days.push({ start: d, working, weight: seasonalFactor(d) * (working ? 1 : 0.1) });
    }
    const weightSum = days.reduce((s, d) => s + d.weight, 0) || 1;
    const perDay = days.map((d) => Math.floor((total * d.weight) / weightSum));
    let left = total - perDay.reduce((s, n) => s + n, 0);
    const byRemainder = days
      .map((d, i) => [i, (total * d.weight) / weightSum - (perDay[i] as number)] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [i] of byRemainder) {
      if (left <= 0) break;
      perDay[i] = (perDay[i] as number) + 1;
      left--;
    }
    timings.load = performance.now() - t0;

    // ---- Citizens: a population about a third of the dossiers, each written with the first dossier naming them.
    const year = Number(on.slice(0, 4));
    const population = Math.max(20, Math.ceil(total / 3));
    const citizens = new Map<number, Person & { username: string }>();
    const report: GeneratedHistoryReport = {
      dossiers: 0,
      events: 0,
      people: 0,
      officers: officerLines.length,
      cells: 0,
      byStatus: {},
      byChannel: {},
      finished: 0,
      finishedLate: 0,
      openLate: 0,
      supplements: 0,
      paid: 0,
      paidOnline: 0,
      rated: 0,
      from: new Date(fromDay).toISOString(),
      until: until.toISOString(),
      timings,
    };
    const counts = new Map<string, number>();
    const factContext = (p: Proc) => ({
      procedureName: p.data.name,
      field: p.data.field,
      serviceMode: p.serviceMode,
      provinceOf: places.provinceOf,
      communeOf: places.communeOf,
    });

    let people: string[] = [...officerLines];
    let dossierLines: string[] = [];
    let eventLines: string[] = [];
    let factLines: string[] = [];
    let pending = 0;
    let inFlight: Promise<void> = Promise.resolve();
    const batch = options.batch ?? 5_000;
    const flush = async () => {
      const chunks = { people, dossierLines, eventLines, factLines };
      people = [];
      dossierLines = [];
      eventLines = [];
      factLines = [];
      pending = 0;
      await inFlight;
      inFlight = (async () => {
        const w0 = performance.now();
        if (chunks.people.length > 0) await session.copy('people', peopleColumns, [chunks.people.join('')]);
        if (chunks.dossierLines.length > 0) {
          await session.copy('dossiers', dossierColumns, [chunks.dossierLines.join('')]);
          await session.copy('dossier_events', eventColumns, [chunks.eventLines.join('')]);
          await session.copy('ioc_facts', factColumns, [chunks.factLines.join('')]);
        }
        timings.write += performance.now() - w0;
      })();
    };
    const progressEvery = Math.max(1, Math.floor(total / 200));

    for (let di = 0; di < days.length; di++) {
      const day = days[di] as (typeof days)[number];
      const n = perDay[di] as number;
      if (n === 0) continue;
      const progress = (day.start - fromDay) / Math.max(1, until.getTime() - fromDay);
      const onlineShare = 0.3 + 0.25 * progress;
      const plans: (Plan & { proc: Proc })[] = [];
      for (let k = 0; k < n; k++) {
        let at: Date;
        let g: GenDesk;
        let proc: Proc;
        let channel: Plan['channel'];
        if (day.working) {
          g = desks[pickIndex(deskCumulative, random.next())] as GenDesk;
          proc = g.procs[pickIndex(g.cumulative, random.next())] as Proc;
          channel =
            proc.online && random.chance(onlineShare)
              ? 'online'
              : proc.postal && random.chance(0.03)
                ? 'postal'
                : 'counter';
          at = calendar.addWorkingHours(new Date(day.start), random.between(0.05, 7.8));
        } else {
          g = desks[onlineDeskIdx[pickIndex(onlineDeskCumulative, random.next())] as number] as GenDesk;
          proc = g.onlineProcs[pickIndex(g.onlineCumulative, random.next())] as Proc;
          channel = 'online';
          at = new Date(day.start + random.between(6.5, 22.5) * HOUR);
        }
        if (at.getTime() >= until.getTime()) continue;
        const ci = random.int(0, population - 1);
        let applicant = citizens.get(ci);
        if (!applicant) {
          applicant = citizenAt(seed, ci, year, uuidFrom(idRandom));
          citizens.set(ci, applicant);
          people.push(
            copyLine([
              applicant.id,
              'citizen',
              applicant.username,
              applicant.fullName,
              applicant.nationalId,
              applicant.phone,
              null,
              null,
              '{}',
              at.toISOString(),
              at.toISOString(),
            ]),
          );
          report.people++;
        }
        const totalHours = proc.snapshot.steps.reduce((s, st) => s + st.hours, 0) || 8;
        let fate = fateFor(random, calendar.workingHoursBetween(at, now) / Math.max(totalHours, 16));
        if ((fate === 'receiving' || fate === 'denied') && channel !== 'online') fate = 'received';
        if (options.finishedOnly && !finishedFates.has(fate)) fate = 'returned';
        plans.push({
          desk: g.desk,
          procedure: proc,
          proc,
          applicant,
          channel,
          at,
          fate,
          late: random.chance(0.07),
          ...(proc.fee !== undefined ? { fee: proc.fee, paidOnline: channel === 'online' && random.chance(0.65) } : {}),
        });
      }
      plans.sort((a, b) => a.at.getTime() - b.at.getTime());
      for (const plan of plans) {
        const s0 = performance.now();
        const dayKey = dossierDayKey(plan.desk.receiving.code, plan.at);
        const sequence = (sequences.get(dayKey) ?? 0) + 1;
        sequences.set(dayKey, sequence);
        const id = uuidFrom(idRandom);
        const code = formatDossierCode(plan.desk.receiving.code, plan.at, sequence);
        const steps = simulate(plan, id, code, now, random);
        const last = steps[steps.length - 1]?.state;
        if (!last) continue;
        const events = steps.map((s) => s.event);
        const s1 = performance.now();
        timings.simulate += s1 - s0;
        const fact: IocDossierFact = factOf(events, factContext(plan.proc));
        for (const [k, v] of contributionsOf(fact, horizon)) counts.set(k, (counts.get(k) ?? 0) + v);
        const s2 = performance.now();
        timings.count += s2 - s1;
        const applicant = plan.applicant;
        const record = dossierRecord({
          state: last,
          procedureVersionId: plan.proc.versionId,
          procedureName: plan.proc.data.name,
          applicant: {
            fullName: applicant.fullName,
            nationalId: applicant.nationalId,
            phone: applicant.phone,
            email: applicant.email,
            address: applicant.address,
          },
          lookupSecret: applicant.phone.slice(-4),
        });
        dossierLines.push(
          copyLine([
            record.id,
            record.code,
            record.procedure_version_id,
            record.procedure_code,
            record.procedure_name,
            record.receiving_agency_id,
            record.applicant_id,
            JSON.stringify(record.applicant),
            record.lookup_secret,
            record.channel,
            record.submitted_at,
            record.status,
            record.version,
            record.current_agency_id,
            record.assignee_id,
            record.received_at,
            record.due_at,
            record.finished_at,
            record.outcome,
            JSON.stringify(record.state),
            record.submitted_at,
            record.updated_at,
            events.find(isPaidOnline)?.at.toISOString() ?? null,
          ]),
        );
        for (const e of events) {
          eventLines.push(copyLine([id, e.version, e.action, e.at.toISOString(), e.actor.id, JSON.stringify(e)]));
        }
        factLines.push(
          copyLine([
            id,
            fact.provinceId,
            fact.agencyId,
            fact.communeId,
            fact.field,
            fact.receivedAt,
            fact.endedAt,
            fact.dueAt,
            fact.waitingSince,
            fact.lateBySupplements || fact.lateApologies > 0,
            JSON.stringify(fact),
          ]),
        );
        timings.encode += performance.now() - s2;
        report.dossiers++;
        report.events += events.length;
        report.byStatus[last.status] = (report.byStatus[last.status] ?? 0) + 1;
        report.byChannel[last.channel] = (report.byChannel[last.channel] ?? 0) + 1;
        if (fact.endedAt) {
          report.finished++;
          if (fact.outcome === 'late') report.finishedLate++;
        } else if (last.dueAt && last.dueAt.getTime() < now.getTime() && fact.receivedAt) report.openLate++;
        if (last.supplementCount > 0) report.supplements++;
        if (events.some((e) => e.action === 'confirm_payment')) report.paid++;
        if (fact.paidOnlineAt) report.paidOnline++;
        if (last.rating) report.rated++;
        if (++pending >= batch) await flush();
        if (options.onProgress && report.dossiers % progressEvery === 0) options.onProgress(report.dossiers, total);
      }
    }
    await flush();
    await inFlight;

    if (restoreIndexes) {
      const i0 = performance.now();
      await session.query(`set local maintenance_work_mem = '256MB'`);
      await restoreIndexes();
      timings.indexes = performance.now() - i0;
    }

    // ---- The counters (added to whatever is there), the days' counters, the marker.
    const w0 = performance.now();
    const countRows = [...counts].map(([key, value]) => {
      const [scope_kind, scope_id, period_kind, period_key, measure] = key.split('|');
      return { scope_kind, scope_id, period_kind, period_key, measure, value };
    });
    for (let i = 0; i < countRows.length; i += 20_000) {
      await session.query(
        `insert into ioc_counts (scope_kind, scope_id, period_kind, period_key, measure, value)
         select scope_kind, scope_id, period_kind, period_key, measure, value
         from jsonb_to_recordset($1::jsonb) as x(scope_kind text, scope_id text, period_kind text, period_key text,
           measure text, value bigint)
         order by 1, 3, 4, 2, 5
         on conflict (scope_kind, period_kind, period_key, scope_id, measure)
         do update set value = ioc_counts.value + excluded.value`,
        [JSON.stringify(countRows.slice(i, i + 20_000))],
      );
    }
    report.cells = countRows.length;
    const counters = [...sequences].map(([day_key, last]) => ({ day_key, last }));
    for (let i = 0; i < counters.length; i += 20_000) {
      await session.query(
        `insert into dossier_code_counters (day_key, last)
         select day_key, last from jsonb_to_recordset($1::jsonb) as x(day_key text, last integer) order by day_key
         on conflict (day_key) do update set last = greatest(dossier_code_counters.last, excluded.last)`,
        [JSON.stringify(counters.slice(i, i + 20_000))],
      );
    }
    await session.query(
      `insert into audit_events (occurred_at, actor_id, action, entity_type, entity_id, agency_id, data)
       values ($1, null, $2, 'province', $3, $4, $5)`,
      [
        now.toISOString(),
        GENERATED_HISTORY_AUDIT,
        root.code,
        root.id,
        JSON.stringify({
          dossiers: report.dossiers,
          years: options.years,
          seed,
          from: report.from,
          until: report.until,
        }),
      ],
    );
    timings.write += performance.now() - w0;
    timings.total = performance.now() - t0;
    options.onProgress?.(report.dossiers, total);
    return report;
  });
}
