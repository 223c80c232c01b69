/**
 * Reporting-system fixtures for the security suites: an indicator, a monthly template assigned to phường Tân
 * Ninh (made once per app by the province administrator through the API), and fresh targets per cell: a
 * report of Tân Ninh for a period of its own, an indicator, an assignment, a project.
 */
import assert from 'node:assert/strict';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import type { TestApp } from '../../packages/server/src/testing';

const logins = new WeakMap<TestApp, Map<string, string>>();
const setups = new WeakMap<TestApp, Promise<ReportingSetup>>();

export interface ReportingSetup {
  indicatorId: string;
  templateCode: string;
  tanNinhId: string;
  rootId: string;
}

export async function reportingLogin(t: TestApp, username: string): Promise<string> {
  let map = logins.get(t);
  if (!map) {
    map = new Map();
    logins.set(t, map);
  }
  const known = map.get(username);
  if (known) return known;
  const cookie = await t.login(username);
  map.set(username, cookie);
  return cookie;
}

async function send(t: TestApp, method: string, url: string, body: unknown, status: number) {
  const res = await t.call(method, url, { cookie: await reportingLogin(t, 'admin'), body });
  assert.equal(res.statusCode, status, `${url}: ${res.body}`);
  return res.json();
}

export const indicatorBody = (code: string) => ({
  code,
  nameVi: `Chỉ tiêu kiểm thử ${code}`,
  nameEn: `Test indicator ${code}`,
  unit: 'hồ sơ',
  valueType: 'integer',
  aggregation: 'sum',
  min: 0,
  max: 1000,
});

export function reportingSetup(t: TestApp): Promise<ReportingSetup> {
  let setup = setups.get(t);
  if (!setup) {
    setup = (async () => {
      const db = t.db.connection.db;
      const tanNinhId = (await getPersonByUsername(db, 'chuyenvien.tanninh'))?.agencyId as string;
      const rootId = (await getPersonByUsername(db, 'admin'))?.agencyId as string;
      const indicator = await send(t, 'POST', '/api/v1/reporting/indicators', indicatorBody('SEC.00'), 201);
      await send(
        t,
        'POST',
        '/api/v1/reporting/templates',
        {
          code: 'SEC-THANG',
          nameVi: 'Báo cáo kiểm thử hằng tháng',
          nameEn: 'Monthly test report',
          periodKind: 'month',
          deadlineWorkingDays: 2,
          items: [{ indicatorId: indicator.id, required: true }],
          expectedRevision: 0,
        },
        201,
      );
      await send(
        t,
        'POST',
        '/api/v1/reporting/assignments',
        { templateCode: 'SEC-THANG', agencyId: tanNinhId, fromPeriodKey: '2001-01' },
        201,
      );
      return { indicatorId: indicator.id, templateCode: 'SEC-THANG', tanNinhId, rootId };
    })();
    setups.set(t, setup);
  }
  return setup;
}

/** A month of its own for a serial: 2001-01, 2001-02, … up to 2050-12 (a report per period). */
const monthFrom = (year: number, n: number) => `${year + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
export const periodOfSerial = (serial: number) => monthFrom(2001, serial % 600);

/** A fresh draft report of Tân Ninh (opened by its specialist). */
export async function tanNinhReport(t: TestApp, serial: number): Promise<{ id: string; version: number }> {
  const s = await reportingSetup(t);
  const res = await t.call('POST', '/api/v1/reporting/reports', {
    cookie: await reportingLogin(t, 'chuyenvien.tanninh'),
    // 2051-01 … 2092-08: apart from the months the rows open themselves (2001-2050).
    body: { templateCode: s.templateCode, periodKey: monthFrom(2051, serial % 500) },
  });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return { id: res.json().id, version: res.json().version };
}

export async function freshIndicator(t: TestApp, serial: number): Promise<{ id: string; version: number }> {
  return send(t, 'POST', '/api/v1/reporting/indicators', indicatorBody(`SEC.I${serial}`), 201);
}

/** A fresh template assigned to Tân Ninh: the assignment. */
export async function freshAssignment(t: TestApp, serial: number): Promise<{ id: string; version: number }> {
  const s = await reportingSetup(t);
  await send(
    t,
    'POST',
    '/api/v1/reporting/templates',
    {
      code: `SEC-A${serial}`,
      nameVi: `Mẫu kiểm thử ${serial}`,
      nameEn: `Test template ${serial}`,
      periodKind: 'year',
      deadlineWorkingDays: 5,
      items: [{ indicatorId: s.indicatorId, required: false }],
      expectedRevision: 0,
    },
    201,
  );
  return send(
    t,
    'POST',
    '/api/v1/reporting/assignments',
    { templateCode: `SEC-A${serial}`, agencyId: s.tanNinhId, fromPeriodKey: '2026' },
    201,
  );
}

export const projectBody = (serial: number, ownerAgencyId: string) => ({
  code: `SEC-P${serial}`,
  name: `Dự án kiểm thử ${serial}`,
  status: 'proposed',
  ownerAgencyId,
  budgetVnd: 1_000_000,
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  targets: [{ name: 'Hồ sơ trực tuyến toàn trình', metric: 'full_online_share', target: 80 }],
});

export async function freshProject(t: TestApp, serial: number): Promise<{ id: string; version: number; body: object }> {
  const s = await reportingSetup(t);
  const body = projectBody(100_000 + serial, s.rootId);
  const p = await send(t, 'POST', '/api/v1/reporting/projects', body, 201);
  return { id: p.id, version: p.version, body };
}

/** A year's rank body with the version it has now (0: no row yet). */
export async function rankBody(t: TestApp, year: number) {
  const [row] = await queryRows<{ version: number }>(
    t.db.connection.db,
    sql`select version from reporting_year_ranks where year = ${year}`,
  );
  return { dtiRank: 20, dtiScore: 0.5, serviceRank: 10, serviceScore: 85, version: row?.version ?? 0 };
}

/**
 * A half-year period of its own for a serial (no fixture template is half-yearly): the first halves 2030-H1 …
 * 2099-H1, whose deadline in early July is clear of holidays (a December one may meet a New Year moved to Monday).
 */
export const halfOfSerial = (serial: number) => `${2030 + (serial % 70)}-H1`;

/** A body setting a first half apart: its window to 30 June, due the first weekday of July. */
export function periodOverrideBody(key: string) {
  const year = Number(key.slice(0, 4));
  const cutoffEnd = `${year}-06-30`;
  let due = new Date(Date.UTC(year, 6, 1));
  while (due.getUTCDay() === 0 || due.getUTCDay() === 6) due = new Date(due.getTime() + 86_400_000);
  return {
    cutoffStart: null,
    cutoffEnd,
    deadline: due.toISOString().slice(0, 10),
    reason: `Điều chỉnh kiểm thử ${key}`,
    version: 0,
  };
}

/** A fresh rule for a half-year of its own (made by the province administrator): its url. */
export async function freshPeriodRule(t: TestApp, serial: number): Promise<string> {
  const url = `/api/v1/reporting/period-rules/half/${halfOfSerial(serial)}`;
  await send(t, 'PUT', url, { cutoffEndDay: 20, version: 0 }, 200);
  return url;
}

/** A fresh override of a half-year of its own: its url. */
export async function freshPeriodOverride(t: TestApp, serial: number): Promise<string> {
  const key = halfOfSerial(serial);
  const url = `/api/v1/reporting/period-overrides/half/${key}`;
  await send(t, 'PUT', url, periodOverrideBody(key), 200);
  return url;
}
