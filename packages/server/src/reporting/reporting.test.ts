import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import ExcelJS from 'exceljs';
import { pdfInfo, pdfText } from '../dossiers/forms/forms.test-helpers';
import { signingEnvironment } from '../signing/environment';
import { verifyPdf } from '../signing/pades/verify';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../signing/registry';
import { createTestApp, type TestApp } from '../testing';
import { remindReports } from './overview';

let t: TestApp;
const cookies: Record<string, string> = {};
const as = async (u: string) => {
  cookies[u] ??= await t.login(u);
  return cookies[u] as string;
};
const call = async (u: string, method: string, url: string, body?: unknown) =>
  t.call(method, url, { cookie: await as(u), ...(body === undefined ? {} : { body }) });

let tanNinh = '';
let stp = '';
let root = '';
const ids: Record<string, string> = {};

/** ioc_counts rows for an agency and a month (what the index's upkeep keeps). */
async function counts(agencyId: string, month: string, values: Record<string, number>) {
  for (const [measure, value] of Object.entries(values)) {
    await t.ctx.connection.db.execute(
      sql`insert into ioc_counts (scope_kind, scope_id, period_kind, period_key, measure, value)
          values ('agency', ${agencyId}, 'month', ${month}, ${measure}, ${value})`,
    );
  }
}

async function xlsxRows(buffer: Buffer, sheet = 1) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[sheet - 1] as ExcelJS.Worksheet;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[])
      .slice(1)
      .map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v));
  });
  return rows;
}

before(async () => {
  t = await createTestApp();
  const db = t.ctx.connection.db;
  tanNinh = (await getPersonByUsername(db, 'chuyenvien.tanninh'))?.agencyId as string;
  stp = (await getPersonByUsername(db, 'chuyenvien.stp'))?.agencyId as string;
  root = (await getPersonByUsername(db, 'lanhdao.tinh'))?.agencyId as string;
  for (const u of [
    'admin',
    'lanhdao.tinh',
    'chuyenvien.tanninh',
    'chutich.tanninh',
    'chuyenvien.stp',
    'motcua.tanninh',
  ])
    await as(u);
  // The province CA and Tân Ninh's organisation certificate: a submitted report is sealed.
  await prepareProvinceAuthority(t.ctx);
  await issueRegistryCertificate(t.ctx, null, { kind: 'organization', agencyId: tanNinh }, null);
  // The index's counters of October 2026 for Tân Ninh (the automatic indicators read them).
  await counts(tanNinh, '2026-10', {
    received: 10,
    received_online: 4,
    received_offline: 6,
    finished: 7,
    finished_early: 2,
    finished_on_time: 4,
    finished_late: 1,
    open_end: 5,
    open_end_late: 1,
  });
});
after(() => t?.close());

describe('the catalogue: province administrators only', () => {
  test('indicators: created, refused to others, duplicates and bad ranges are 400', async () => {
    const body = (code: string, extra: object = {}) => ({
      code,
      nameVi: `Chỉ tiêu ${code}`,
      nameEn: `Indicator ${code}`,
      unit: 'hồ sơ',
      valueType: 'integer',
      aggregation: 'sum',
      min: 0,
      max: 1000,
      ...extra,
    });
    for (const [code, extra] of [
      ['R.01', { source: 'dossiers_received' }],
      ['R.02', { source: 'dossiers_online_share', valueType: 'percent', aggregation: 'avg', min: null, max: null }],
      ['R.03', {}],
      ['R.04', { valueType: 'text', aggregation: 'none', min: null, max: null }],
    ] as const) {
      const res = await call('admin', 'POST', '/api/v1/reporting/indicators', body(code, extra));
      assert.equal(res.statusCode, 201, res.body);
      ids[code] = res.json().id;
    }
    assert.equal((await call('lanhdao.tinh', 'POST', '/api/v1/reporting/indicators', body('R.09'))).statusCode, 403);
    const dup = await call('admin', 'POST', '/api/v1/reporting/indicators', body('R.01'));
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json().error.details[0].path, 'code');
    const inverted = await call('admin', 'POST', '/api/v1/reporting/indicators', body('R.10', { min: 5, max: 1 }));
    assert.equal(inverted.statusCode, 400);
    const edit = await call('admin', 'PUT', `/api/v1/reporting/indicators/${ids['R.03']}`, {
      ...body('R.03'),
      max: 500,
      version: 1,
    });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().max, 500);
    const stale = await call('admin', 'PUT', `/api/v1/reporting/indicators/${ids['R.03']}`, {
      ...body('R.03'),
      version: 1,
    });
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
  });

  test('templates are versioned; assignments', async () => {
    const template = (expectedRevision: number, items: object[]) => ({
      code: 'BC-THU',
      nameVi: 'Báo cáo thử hằng tháng',
      nameEn: 'Monthly test report',
      periodKind: 'month',
      deadlineWorkingDays: 2,
      items,
      expectedRevision,
    });
    const first = await call(
      'admin',
      'POST',
      '/api/v1/reporting/templates',
      template(0, [{ indicatorId: ids['R.01'], required: true }]),
    );
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().revision, 1);
    const items = ['R.01', 'R.02', 'R.03', 'R.04'].map((c) => ({ indicatorId: ids[c], required: c !== 'R.04' }));
    const second = await call('admin', 'POST', '/api/v1/reporting/templates', template(1, items));
    assert.equal(second.json().revision, 2);
    const stale = await call('admin', 'POST', '/api/v1/reporting/templates', template(1, items));
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    const list = (await call('chuyenvien.tanninh', 'GET', '/api/v1/reporting/templates')).json();
    assert.deepEqual(
      list.items.map((x: { code: string; revision: number }) => [x.code, x.revision]),
      [['BC-THU', 2]],
    );
    for (const agencyId of [tanNinh, stp]) {
      const res = await call('admin', 'POST', '/api/v1/reporting/assignments', {
        templateCode: 'BC-THU',
        agencyId,
        fromPeriodKey: '2026-09',
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const again = await call('admin', 'POST', '/api/v1/reporting/assignments', {
      templateCode: 'BC-THU',
      agencyId: tanNinh,
      fromPeriodKey: '2026-09',
    });
    assert.equal(again.json().error.code, 'ALREADY_EXISTS');
  });
});

describe('a monthly report from entry to lock', () => {
  let id = '';
  let version = 0;

  test('the agency opens its report: automatic figures filled in from the counters, comparison columns', async () => {
    const res = await call('chuyenvien.tanninh', 'POST', '/api/v1/reporting/reports', {
      templateCode: 'BC-THU',
      periodKey: '2026-10',
    });
    assert.equal(res.statusCode, 201, res.body);
    const r = res.json();
    id = r.id;
    version = r.version;
    assert.equal(r.status, 'draft');
    assert.equal(r.deadline, '2026-10-16');
    assert.deepEqual(r.period.label, { vi: 'Tháng 10/2026', en: '2026-10' });
    assert.deepEqual(
      r.rows.map((x: { indicator: { code: string; automatic: boolean }; value: unknown }) => [
        x.indicator.code,
        x.indicator.automatic,
        x.value,
      ]),
      [
        ['R.01', true, 10],
        ['R.02', true, 40],
        ['R.03', false, null],
        ['R.04', false, null],
      ],
    );
    assert.deepEqual(r.actions, ['save', 'submit']);
    const again = await call('chuyenvien.tanninh', 'POST', '/api/v1/reporting/reports', {
      templateCode: 'BC-THU',
      periodKey: '2026-10',
    });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, id);
    // Not the agency's report: Sở Tư pháp does not see it; a one-stop clerk does not enter reports.
    assert.equal((await call('chuyenvien.stp', 'GET', `/api/v1/reporting/reports/${id}`)).statusCode, 404);
    assert.equal(
      (
        await call('motcua.tanninh', 'POST', '/api/v1/reporting/reports', {
          templateCode: 'BC-THU',
          periodKey: '2026-10',
        })
      ).statusCode,
      403,
    );
  });

  test('entry is validated: types, ranges, automatic figures refused; required only at submission', async () => {
    const bad = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'save',
      version,
      values: { [ids['R.03'] as string]: { value: 600 }, [ids['R.01'] as string]: { value: 3 } },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
      [
        [`values.${ids['R.01']}`, 'automatic'],
        [`values.${ids['R.03']}`, 'range'],
      ],
    );
    const incomplete = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'submit',
      version,
    });
    assert.equal(incomplete.statusCode, 400);
    assert.deepEqual(
      incomplete.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
      [[`values.${ids['R.03']}`, 'required']],
    );
    const saved = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'save',
      version,
      values: { [ids['R.03'] as string]: { value: 42, note: 'Theo sổ tiếp dân' } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    version = saved.json().version;
    assert.equal(version, 2);
    const stale = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'save',
      version: 1,
    });
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
  });

  test('submit (sealed), return with a reason, correct, resubmit, approve, lock', async () => {
    const submitted = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'submit',
      version,
    });
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'submitted');
    assert.equal(submitted.json().signed, true);
    version = submitted.json().version;
    // The commune's chairman reads but does not review; the agency cannot approve its own report.
    assert.equal(
      (await call('chutich.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, { action: 'approve', version }))
        .statusCode,
      403,
    );
    assert.equal(
      (
        await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
          action: 'approve',
          version,
        })
      ).statusCode,
      403,
    );
    const noReason = await call('lanhdao.tinh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'return',
      version,
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.details[0].path, 'reason');
    const returned = await call('lanhdao.tinh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'return',
      version,
      reason: 'Số cuộc tiếp công dân chưa khớp sổ.',
    });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, 'returned');
    assert.equal(returned.json().returnReason, 'Số cuộc tiếp công dân chưa khớp sổ.');
    assert.equal(returned.json().side, 'reviewer');
    version = returned.json().version;
    const corrected = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'submit',
      version,
      values: { [ids['R.03'] as string]: { value: 40 } },
    });
    assert.equal(corrected.json().status, 'submitted', corrected.body);
    version = corrected.json().version;
    const approved = await call('lanhdao.tinh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'approve',
      version,
    });
    assert.equal(approved.json().status, 'approved');
    assert.equal(approved.json().returnReason, null);
    version = approved.json().version;
    const locked = await call('lanhdao.tinh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'lock',
      version,
    });
    assert.equal(locked.json().status, 'locked');
    version = locked.json().version;
    const after = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${id}/actions`, {
      action: 'save',
      version,
      values: {},
    });
    assert.equal(after.statusCode, 409);
    assert.equal(after.json().error.code, 'INVALID_STATE');
    const audits = await queryRows<{ action: string; reason: string | null }>(
      t.ctx.connection.db,
      sql`select action, reason from audit_events where entity_id = ${id} order by id`,
    );
    assert.deepEqual(
      audits.map((a) => a.action),
      [
        'reporting.report.open',
        'reporting.report.save',
        'reporting.report.submit',
        'reporting.report.return',
        'reporting.report.submit',
        'reporting.report.approve',
        'reporting.report.lock',
      ],
    );
  });

  test('the sealed PDF: the agency’s signature valid, the figures printed', async () => {
    const res = await call('lanhdao.tinh', 'GET', `/api/v1/reporting/reports/${id}/pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.rawPayload;
    const env = await signingEnvironment(t.ctx);
    const reports = await verifyPdf(pdf, {
      trustAnchors: env.trustAnchors,
      intermediates: env.intermediates,
      now: t.ctx.now(),
    });
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.status, 'valid', JSON.stringify(reports[0]?.problems));
    assert.equal(reports[0]?.coversWholeDocument, true);
    const text = await pdfText(pdf);
    assert.match(text, /BÁO CÁO THỬ HẰNG THÁNG/);
    assert.match(text, /Tháng 10\/2026 \(số liệu từ ngày 15\/09\/2026 đến ngày 14\/10\/2026\)/);
    assert.match(text, /Chỉ tiêu R\.01 \(tự động\)/);
    const info = await pdfInfo(pdf);
    assert.deepEqual([Math.round(info.width), Math.round(info.height)], [595, 842]);
  });

  test('the XLSX read back cell by cell', async () => {
    const res = await call('chuyenvien.tanninh', 'GET', `/api/v1/reporting/reports/${id}/xlsx`);
    assert.equal(res.statusCode, 200);
    const rows = await xlsxRows(res.rawPayload);
    assert.equal(rows[0]?.[0], 'UBND PHƯỜNG TÂN NINH');
    assert.equal(rows[1]?.[0], 'BÁO CÁO BÁO CÁO THỬ HẰNG THÁNG');
    assert.deepEqual(rows[4], [
      'TT',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Kỳ này',
      'Kỳ trước',
      'So với kỳ trước',
      'Cùng kỳ năm trước',
      'So với cùng kỳ',
    ]);
    assert.deepEqual(
      rows.slice(5).map((r) => r?.slice(0, 4)),
      [
        [1, 'Chỉ tiêu R.01 (tự động)', 'hồ sơ', 10],
        [2, 'Chỉ tiêu R.02 (tự động)', 'hồ sơ', 40],
        [3, 'Chỉ tiêu R.03', 'hồ sơ', 40],
        [4, 'Chỉ tiêu R.04', 'hồ sơ'],
      ],
    );
  });
});

describe('comparison, aggregation, rates, reminders', () => {
  test('the next month compares with October; Sở Tư pháp’s figures aggregate with Tân Ninh’s', async () => {
    await counts(tanNinh, '2026-11', { received: 12, received_online: 6, received_offline: 6 });
    const nov = (
      await call('chuyenvien.tanninh', 'POST', '/api/v1/reporting/reports', {
        templateCode: 'BC-THU',
        periodKey: '2026-11',
      })
    ).json();
    const sub = await call('chuyenvien.tanninh', 'POST', `/api/v1/reporting/reports/${nov.id}/actions`, {
      action: 'submit',
      version: nov.version,
      values: { [ids['R.03'] as string]: { value: 50 } },
    });
    assert.equal(sub.statusCode, 200, sub.body);
    const r3 = sub.json().rows.find((x: { indicator: { code: string } }) => x.indicator.code === 'R.03');
    assert.deepEqual([r3.value, r3.previous, r3.changePrevious, r3.lastYear], [50, 40, 25, null]);
    const r1 = sub.json().rows.find((x: { indicator: { code: string } }) => x.indicator.code === 'R.01');
    assert.deepEqual([r1.value, r1.previous, r1.changePrevious], [12, 10, 20]);
    // Sở Tư pháp has no organisation certificate: submitting is 409 and nothing changes.
    const s = (
      await call('chuyenvien.stp', 'POST', '/api/v1/reporting/reports', {
        templateCode: 'BC-THU',
        periodKey: '2026-11',
      })
    ).json();
    const refused = await call('chuyenvien.stp', 'POST', `/api/v1/reporting/reports/${s.id}/actions`, {
      action: 'submit',
      version: s.version,
      values: { [ids['R.03'] as string]: { value: 30 } },
    });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'SIGNING_CERTIFICATE_MISSING');
    assert.equal((await call('chuyenvien.stp', 'GET', `/api/v1/reporting/reports/${s.id}`)).json().status, 'draft');
    await issueRegistryCertificate(t.ctx, null, { kind: 'organization', agencyId: stp }, null);
    const ok = await call('chuyenvien.stp', 'POST', `/api/v1/reporting/reports/${s.id}/actions`, {
      action: 'submit',
      version: s.version,
      values: { [ids['R.03'] as string]: { value: 30 } },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const agg = await call('lanhdao.tinh', 'GET', '/api/v1/reporting/aggregate?template=BC-THU&period=2026-11');
    assert.equal(agg.statusCode, 200, agg.body);
    const a = agg.json();
    assert.equal(a.expected, 2);
    assert.equal(a.counted, 2);
    assert.deepEqual(
      a.rows.map((x: { code: string; value: number | null }) => [x.code, x.value]),
      [
        ['R.01', 12],
        ['R.02', 50],
        ['R.03', 80],
        ['R.04', null],
      ],
    );
    // Tân Ninh's chairman aggregates over Tân Ninh only.
    const own = (
      await call('chutich.tanninh', 'GET', '/api/v1/reporting/aggregate?template=BC-THU&period=2026-11')
    ).json();
    assert.deepEqual([own.expected, own.rows[2].value], [1, 50]);
    assert.equal(
      (
        await call(
          'chutich.tanninh',
          'GET',
          `/api/v1/reporting/aggregate?template=BC-THU&period=2026-11&agencyId=${stp}`,
        )
      ).statusCode,
      404,
    );
  });

  test('reporting and on-time rates (now 23/11/2026): September, October and November (due 18/11) are due', async () => {
    const res = await call('lanhdao.tinh', 'GET', '/api/v1/reporting/rates?year=2026');
    assert.equal(res.statusCode, 200, res.body);
    const byName = new Map(res.json().rows.map((r: { agencyName: string }) => [r.agencyName, r]));
    // Tân Ninh: September never submitted, October and November submitted on 23/11 (deadlines 16/10, 18/11):
    // 2 of 3, none on time. Sở Tư pháp: November only.
    assert.deepEqual(byName.get('Ủy ban nhân dân phường Tân Ninh'), {
      agencyId: tanNinh,
      agencyName: 'Ủy ban nhân dân phường Tân Ninh',
      due: 3,
      submitted: 2,
      onTime: 0,
      rate: 66.7,
      onTimeRate: 0,
    });
    assert.deepEqual(res.json().total, { due: 6, submitted: 3, onTime: 0, rate: 50, onTimeRate: 0 });
  });

  test('reminders: a draft due within three days is reminded once to its agency’s officers', async () => {
    t.clock.now = new Date('2026-12-14T02:00:00Z');
    for (const u of Object.keys(cookies)) delete cookies[u]; // sessions expired over three weeks
    const res = await call('chuyenvien.tanninh', 'POST', '/api/v1/reporting/reports', {
      templateCode: 'BC-THU',
      periodKey: '2026-12',
    });
    assert.equal(res.statusCode, 201, res.body);
    const dec = res.json();
    assert.equal(dec.deadline, '2026-12-16');
    assert.equal(await remindReports(t.ctx), 3);
    assert.equal(await remindReports(t.ctx), 0);
    const n = (await call('chuyenvien.tanninh', 'GET', '/api/v1/notifications')).json();
    assert.match(
      JSON.stringify(n),
      /Báo cáo \\"Báo cáo thử hằng tháng\\" kỳ 2026-12 cần gửi trước hết ngày 16\/12\/2026/,
    );
    t.clock.now = new Date('2026-11-23T02:00:00Z');
    for (const u of Object.keys(cookies)) delete cookies[u];
  });
});

describe('Biểu II.06a/VPCP/KSTT', () => {
  test('the third quarter of 2026 equals the hand computation', async () => {
    // Tân Ninh: June ends with 3 in progress; July-September as below. Sở Tư pháp: dossiers only in August.
    await counts(tanNinh, '2026-06', { open_end: 3, open_end_late: 1 });
    await counts(tanNinh, '2026-07', {
      received_online: 2,
      received_offline: 4,
      finished: 5,
      finished_early: 1,
      finished_on_time: 3,
      finished_late: 1,
      open_end: 4,
      open_end_late: 0,
    });
    await counts(tanNinh, '2026-08', {
      received_online: 3,
      received_offline: 1,
      finished: 2,
      finished_on_time: 2,
      open_end: 6,
      open_end_late: 2,
    });
    await counts(tanNinh, '2026-09', {
      received_online: 1,
      received_offline: 0,
      finished: 4,
      finished_early: 2,
      finished_late: 2,
      open_end: 3,
      open_end_late: 1,
    });
    await counts(stp, '2026-08', {
      received_online: 5,
      received_offline: 2,
      finished: 6,
      finished_early: 1,
      finished_on_time: 5,
      open_end: 1,
      open_end_late: 1,
    });
    // Its one dossier still in progress at August's end is still there at September's.
    await counts(stp, '2026-09', { open_end: 1, open_end_late: 1 });
    const res = await call('lanhdao.tinh', 'GET', '/api/v1/reporting/ii06a/json?periodKind=quarter&key=2026-Q3');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const table = body.rows.map((r: Record<string, unknown>) => [
      r.order,
      r.label,
      r.received,
      r.receivedOnline,
      r.receivedOffline,
      r.carriedOver,
      r.finished,
      r.finishedEarly,
      r.finishedOnTime,
      r.finishedLate,
      r.open,
      r.openWithin,
      r.openLate,
    ]);
    // By hand. Tân Ninh: online 2+3+1=6, offline 4+1+0=5, carried over 3 (June's end): (3)=14; finished
    // 5+2+4=11 (early 1+0+2=3, on time 3+2+0=5, late 1+0+2=3); in progress at September's end 3 (1 late):
    // 14 = 11 + 3. Sở Tư pháp: 5+2+0=7 received, 6 finished (1, 5, 0), 1 in progress late: 7 = 6 + 1.
    assert.deepEqual(table, [
      ['I', 'Cấp tỉnh', 7, 5, 2, 0, 6, 1, 5, 0, 1, 0, 1],
      ['1', 'Sở Tư pháp', 7, 5, 2, 0, 6, 1, 5, 0, 1, 0, 1],
      ['II', 'Cấp xã', 14, 6, 5, 3, 11, 3, 5, 3, 3, 2, 1],
      ['1', 'Ủy ban nhân dân phường Tân Ninh', 14, 6, 5, 3, 11, 3, 5, 3, 3, 2, 1],
      ['', 'Tổng cộng', 21, 11, 7, 3, 17, 4, 10, 3, 4, 2, 2],
    ]);
    assert.equal(body.reportingUnit, 'Ủy ban nhân dân tỉnh Tây Ninh');
    assert.equal(body.receivingUnit, 'Văn phòng Chính phủ');
    // The commune's chairman: Tân Ninh alone.
    const own = (
      await call('chutich.tanninh', 'GET', '/api/v1/reporting/ii06a/json?periodKind=quarter&key=2026-Q3')
    ).json();
    assert.deepEqual(
      own.rows.map((r: { label: string; received: number }) => [r.label, r.received]),
      [
        ['Cấp xã', 14],
        ['Ủy ban nhân dân phường Tân Ninh', 14],
        ['Tổng cộng', 14],
      ],
    );

    const xlsx = await call('lanhdao.tinh', 'GET', '/api/v1/reporting/ii06a/xlsx?periodKind=quarter&key=2026-Q3');
    assert.equal(xlsx.statusCode, 200);
    const rows = await xlsxRows(xlsx.rawPayload);
    assert.equal(rows[0]?.[0], 'Biểu số II.06a/VPCP/KSTT');
    assert.equal(rows[2]?.[0], 'Kỳ báo cáo: Quý III năm 2026 (từ ngày 15/06/2026 đến ngày 14/09/2026)');
    assert.deepEqual(rows[6]?.slice(0, 3), [
      'TT',
      'Lĩnh vực, công việc giải quyết theo cấp',
      'Số hồ sơ nhận giải quyết',
    ]);
    assert.deepEqual(rows[7]?.slice(2, 13), [
      'Tổng số',
      'Trong kỳ',
      'Trong kỳ',
      'Từ kỳ trước chuyển sang',
      'Tổng số',
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
      'Tổng số',
      'Trong hạn',
      'Quá hạn',
    ]);
    assert.deepEqual(rows[8]?.slice(3, 5), ['Trực tuyến', 'Trực tiếp, dịch vụ bưu chính']);
    assert.deepEqual(rows[9], [
      '(1)',
      '(2)',
      '(3)',
      '(4)',
      '(5)',
      '(6)',
      '(7)',
      '(8)',
      '(9)',
      '(10)',
      '(11)',
      '(12)',
      '(13)',
    ]);
    assert.deepEqual(rows.slice(10), table);

    const pdf = await call('lanhdao.tinh', 'GET', '/api/v1/reporting/ii06a/pdf?periodKind=quarter&key=2026-Q3');
    assert.equal(pdf.statusCode, 200);
    const info = await pdfInfo(pdf.rawPayload);
    assert.deepEqual([Math.round(info.width), Math.round(info.height)], [842, 595]);
    const text = await pdfText(pdf.rawPayload);
    assert.match(text, /TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH/);
    assert.match(text, /Tổng cộng/);
  });
});

describe('the digital-transformation programme', () => {
  test('projects, ranks and the summary', async () => {
    const body = (code: string, status: string) => ({
      code,
      name: `Dự án ${code}`,
      status,
      ownerAgencyId: root,
      budgetVnd: 1_000_000_000,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      targets: [{ name: 'Hồ sơ công việc trực tuyến', metric: 'work_files_online_share', target: 90 }],
    });
    const a = await call('admin', 'POST', '/api/v1/reporting/projects', body('P-1', 'done'));
    assert.equal(a.statusCode, 201, a.body);
    await call('admin', 'POST', '/api/v1/reporting/projects', body('P-2', 'implementing'));
    await call('admin', 'POST', '/api/v1/reporting/projects', body('P-3', 'proposed'));
    assert.equal(
      (await call('lanhdao.tinh', 'POST', '/api/v1/reporting/projects', body('P-4', 'done'))).statusCode,
      403,
    );
    const moved = await call('admin', 'PUT', `/api/v1/reporting/projects/${a.json().id}`, {
      ...body('P-1', 'done'),
      name: 'Dự án P-1 (đổi tên)',
      version: 1,
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const rank = await call('admin', 'PUT', '/api/v1/reporting/ranks/2025', {
      dtiRank: 15,
      dtiScore: 0.58,
      serviceRank: 12,
      serviceScore: 86.1,
      version: 0,
    });
    assert.equal(rank.statusCode, 200, rank.body);
    const p = (await call('lanhdao.tinh', 'GET', '/api/v1/reporting/programme')).json();
    assert.deepEqual(p.summary.text, { vi: '1 trên 3 dự án hoàn thành', en: '1 of 3 projects done' });
    assert.deepEqual(
      p.ranks.map((r: { year: number; dtiRank: number }) => [r.year, r.dtiRank]),
      [[2025, 15]],
    );
    assert.equal(p.projects[0].targets[0].automatic, true);
  });

  test('targets track the measured figures: work files handled online per level, never typed in', async () => {
    const db = t.ctx.connection.db;
    const adminId = (await getPersonByUsername(db, 'admin'))?.id as string;
    const at = t.clock.now;
    let n = 0;
    /** A work file of 2026 with documents of the given media; closed unless said otherwise. */
    const workFile = async (agencyId: string, media: string[], closed = true) => {
      const fileId = randomUUID();
      n += 1;
      await db.execute(
        sql`insert into office_work_files (id, agency_id, code, title, year, retention, opened_at, opened_by_id, closed_at)
            values (${fileId}, ${agencyId}, ${`HS-${n}`}, ${`Hồ sơ ${n}`}, 2026, '10', ${at}, ${adminId}, ${closed ? at : null})`,
      );
      for (const medium of media) {
        const blob = randomUUID();
        await db.execute(
          sql`insert into files (id, owner_id, name, media_type, size, sha256, storage_key, created_at)
              values (${blob}, ${adminId}, 'vb.pdf', 'application/pdf', 1, ${'0'.repeat(64)}, ${`test/${blob}`}, ${at})`,
        );
        await db.execute(
          sql`insert into office_documents (id, direction, agency_id, status, version, type_code, subject, organ_name,
                medium, file_id, state, created_at, updated_at, work_file_id)
              values (${randomUUID()}, 'incoming', ${agencyId}, 'done', 1, 'CV', 'Văn bản', 'UBND', ${medium},
                ${blob}, '{}'::jsonb, ${at}, ${at}, ${fileId})`,
        );
      }
    };
    // closed work files (online = every document electronic):
    //   province level  root: [e] [ ] [e]   STP (department): [e, paper] [e]   → 3 of 5 = 60
    //   commune level   Tân Ninh: [e] [paper]                                  → 1 of 2 = 50
    //   district level  none                                                   → no data
    //   an open file of Tân Ninh does not count.                          all: 4 of 7 = 57.1
    await workFile(root, ['electronic']);
    await workFile(root, []);
    await workFile(root, ['electronic']);
    await workFile(stp, ['electronic', 'paper']);
    await workFile(stp, ['electronic']);
    await workFile(tanNinh, ['electronic']);
    await workFile(tanNinh, ['paper']);
    await workFile(tanNinh, ['electronic'], false);
    const project = await call('admin', 'POST', '/api/v1/reporting/projects', {
      code: 'P-LEVELS',
      name: 'Văn phòng số các cấp',
      status: 'implementing',
      ownerAgencyId: root,
      budgetVnd: 0,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      targets: [
        { name: 'Cấp tỉnh', metric: 'work_files_online_share_province', target: 90, actual: 99 },
        { name: 'Cấp huyện', metric: 'work_files_online_share_district', target: 80 },
        { name: 'Cấp xã', metric: 'work_files_online_share_commune', target: 60 },
        { name: 'Tập huấn', metric: 'manual', target: 200, actual: 150 },
      ],
    });
    assert.equal(project.statusCode, 201, project.body);
    const p = (await call('lanhdao.tinh', 'GET', '/api/v1/reporting/programme')).json();
    assert.equal(p.year, 2026);
    assert.equal(p.figures.work_files_online_share, 57.1);
    assert.equal(p.figures.work_files_online_share_province, 60);
    assert.equal(p.figures.work_files_online_share_district, null);
    assert.equal(p.figures.work_files_online_share_commune, 50);
    const targets = p.projects.find((x: { code: string }) => x.code === 'P-LEVELS').targets;
    assert.deepEqual(
      targets.map(
        (x: { name: string; target: number; actual: number | null; automatic: boolean; progress: number }) => [
          x.name,
          x.target,
          x.actual,
          x.automatic,
          x.progress,
        ],
      ),
      [
        // the 99 sent with a measured target is not taken: the measured 60 is shown
        ['Cấp tỉnh', 90, 60, true, 66.7],
        ['Cấp huyện', 80, null, true, null],
        ['Cấp xã', 60, 50, true, 83.3],
        ['Tập huấn', 200, 150, false, 75],
      ],
    );
  });
});

describe("the province's reporting periods as data", () => {
  const reportOf = async (periodKey: string) =>
    (
      await queryRows<{ deadline: string; reminded_at: Date | null; status: string }>(
        t.ctx.connection.db,
        sql`select deadline::text as deadline, reminded_at, status from reporting_reports
            where template_code = 'BC-THU' and agency_id = ${tanNinh} and period_key = ${periodKey}`,
      )
    )[0];
  const monthOf = async (u: string, year: number, key: string) => {
    const res = await call(u, 'GET', `/api/v1/reporting/periods?year=${year}`);
    assert.equal(res.statusCode, 200, res.body);
    const month = res.json().kinds.find((k: { kind: string }) => k.kind === 'month');
    return month.periods.find((p: { key: string }) => p.key === key);
  };
  const audits = async (action: string) =>
    queryRows<{ data: { movedReports: number } }>(
      t.ctx.connection.db,
      sql`select data from audit_events where action = ${action} order by occurred_at, id`,
    );

  test('everyone who reports reads the calendar; the decree applies until the province changes it', async () => {
    const res = await call('chuyenvien.tanninh', 'GET', '/api/v1/reporting/periods?year=2026');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().manage, false);
    assert.deepEqual(res.json().rules, []);
    const dec = await monthOf('chuyenvien.tanninh', 2026, '2026-12');
    assert.deepEqual(
      [dec.cutoffStart, dec.cutoffEnd, dec.cutoffEndDay, dec.ruleFrom, dec.current, dec.closed],
      ['2026-11-15', '2026-12-14', 14, null, true, false],
    );
    assert.deepEqual(dec.deadlines, [
      {
        templateCode: 'BC-THU',
        templateName: { vi: 'Báo cáo thử hằng tháng', en: 'Monthly test report' },
        deadline: '2026-12-16',
      },
    ]);
    assert.equal((await monthOf('admin', 2026, '2026-10')).closed, true);
    assert.equal((await call('admin', 'GET', '/api/v1/reporting/periods?year=2026')).json().manage, true);
    assert.equal((await call('motcua.tanninh', 'GET', '/api/v1/reporting/periods')).statusCode, 403);
  });

  test('a rule "to the last day of the month" from December: its reports get the new deadline and are reminded again', async () => {
    const before = await reportOf('2026-12');
    assert.equal(before?.deadline, '2026-12-16');
    assert.notEqual(before?.reminded_at, null);
    const url = '/api/v1/reporting/period-rules/month/2026-12';
    assert.equal((await call('lanhdao.tinh', 'PUT', url, { cutoffEndDay: 31, version: 0 })).statusCode, 403);
    // A period whose cut-off already passed cannot be changed.
    const closed = await call('admin', 'PUT', '/api/v1/reporting/period-rules/month/2026-10', {
      cutoffEndDay: 31,
      version: 0,
    });
    assert.equal(closed.statusCode, 400);
    assert.equal(closed.json().error.details[0].code, 'period_closed');
    assert.equal(
      (await call('admin', 'PUT', '/api/v1/reporting/period-rules/month/2026-Q1', { cutoffEndDay: 31, version: 0 }))
        .statusCode,
      400,
    );
    assert.equal((await call('admin', 'PUT', url, { cutoffEndDay: 32, version: 0 })).statusCode, 400);
    const res = await call('admin', 'PUT', url, { cutoffEndDay: 31, note: 'Theo quy chế mới', version: 0 });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().rule.cutoffEndDay, res.json().rule.version, res.json().movedReports], [31, 1, 1]);
    // 31/12/2026 is a Thursday, 1/1/2027 a holiday: two working days are Monday 4 and Tuesday 5 January.
    const after = await reportOf('2026-12');
    assert.deepEqual([after?.deadline, after?.reminded_at], ['2027-01-05', null]);
    assert.equal((await reportOf('2026-11'))?.deadline, '2026-11-17');
    const dec = await monthOf('chuyenvien.tanninh', 2026, '2026-12');
    assert.deepEqual([dec.cutoffStart, dec.cutoffEnd, dec.ruleFrom], ['2026-11-15', '2026-12-31', '2026-12']);
    const jan = await monthOf('chuyenvien.tanninh', 2027, '2027-01');
    assert.deepEqual([jan.cutoffStart, jan.cutoffEnd, jan.cutoffEndDay], ['2027-01-01', '2027-01-31', 31]);
    const detail = (await call('chuyenvien.tanninh', 'GET', '/api/v1/reporting/reports')).json();
    const item = detail.items.find((r: { period: { key: string } }) => r.period.key === '2026-12');
    assert.deepEqual([item.period.cutoffEnd, item.deadline], ['2026-12-31', '2027-01-05']);
    const [audit] = await audits('reporting.period_rule.save');
    assert.equal(audit?.data.movedReports, 1);
    // Stale and duplicate writes.
    assert.equal(
      (await call('admin', 'PUT', url, { cutoffEndDay: 20, version: 0 })).json().error.code,
      'ALREADY_EXISTS',
    );
    assert.equal(
      (await call('admin', 'PUT', url, { cutoffEndDay: 20, version: 5 })).json().error.code,
      'VERSION_CONFLICT',
    );
  });

  test('one period set apart: its own window and deadline, with a reason; back under the rules when removed', async () => {
    const url = '/api/v1/reporting/period-overrides/month/2026-12';
    const put = (body: object) =>
      call('admin', 'PUT', url, {
        cutoffStart: null,
        cutoffEnd: null,
        deadline: null,
        reason: 'Báo cáo sớm phục vụ kỳ họp HĐND',
        version: 0,
        ...body,
      });
    const detailOf = async (res: { json(): { error: { details: { path: string; code: string }[] } } }) =>
      `${res.json().error.details[0]?.path}:${res.json().error.details[0]?.code}`;
    // Before the window's end (31/12 under the rule); on a Sunday; no reason.
    assert.equal(await detailOf(await put({ deadline: '2026-12-25' })), 'deadline:before_cutoff');
    assert.equal(await detailOf(await put({ cutoffEnd: '2026-12-20', deadline: '2026-12-27' })), 'deadline:day_off');
    assert.equal((await put({ deadline: '2027-01-04', reason: '  ' })).statusCode, 400);
    assert.equal(
      (
        await call('lanhdao.tinh', 'PUT', url, {
          cutoffStart: null,
          cutoffEnd: null,
          deadline: '2027-01-04',
          reason: 'x',
          version: 0,
        })
      ).statusCode,
      403,
    );
    const res = await put({ cutoffEnd: '2026-12-20', deadline: '2026-12-23' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().movedReports, 1);
    assert.equal((await reportOf('2026-12'))?.deadline, '2026-12-23');
    const dec = await monthOf('admin', 2026, '2026-12');
    assert.deepEqual(
      [dec.cutoffEnd, dec.override.reason, dec.deadlines[0].deadline],
      ['2026-12-20', 'Báo cáo sớm phục vụ kỳ họp HĐND', '2026-12-23'],
    );
    // The month after starts after the rule's end, not the override's: the rules around it are unchanged.
    assert.equal((await monthOf('admin', 2027, '2027-01')).cutoffStart, '2027-01-01');
    const removed = await call('admin', 'DELETE', `${url}?version=1`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().movedReports, 1);
    assert.equal((await reportOf('2026-12'))?.deadline, '2027-01-05');
    assert.equal((await call('admin', 'DELETE', `${url}?version=1`)).statusCode, 404);
    // The rule removed too: the decree's 14th and 16/12 again.
    const rule = await call('admin', 'DELETE', '/api/v1/reporting/period-rules/month/2026-12?version=1');
    assert.equal(rule.statusCode, 200, rule.body);
    assert.equal((await reportOf('2026-12'))?.deadline, '2026-12-16');
    assert.deepEqual(
      (await audits('reporting.period_override.save')).map((a) => a.data.movedReports),
      [1],
    );
    assert.equal((await audits('reporting.period_override.delete')).length, 1);
    assert.equal((await audits('reporting.period_rule.delete')).length, 1);
  });
});

describe('a template’s history', () => {
  test('revisions newest first: who saved each, the reports made on it, its indicators then, what changed', async () => {
    const db = t.ctx.connection.db;
    const admin = await getPersonByUsername(db, 'admin');
    const indicator = (code: string, max: number, version?: number) => ({
      code,
      nameVi: `Chỉ tiêu ${code}`,
      nameEn: `Indicator ${code}`,
      unit: 'cuộc',
      valueType: 'integer',
      aggregation: 'sum',
      min: 0,
      max,
      ...(version ? { version } : {}),
    });
    const r5 = await call('admin', 'POST', '/api/v1/reporting/indicators', indicator('R.05', 100));
    assert.equal(r5.statusCode, 201, r5.body);
    const template = (expectedRevision: number, nameVi: string, deadlineWorkingDays: number, items: object[]) =>
      call('admin', 'POST', '/api/v1/reporting/templates', {
        code: 'BC-LS',
        nameVi,
        nameEn: 'History test report',
        periodKind: 'month',
        deadlineWorkingDays,
        items,
        expectedRevision,
      });
    const first = await template(0, 'Báo cáo lịch sử', 2, [
      { indicatorId: ids['R.03'], required: true },
      { indicatorId: r5.json().id, required: true },
    ]);
    assert.equal(first.statusCode, 201, first.body);
    // The range of R.05 is narrowed in the catalogue after revision 1 was saved, before revision 2.
    const edited = await call('admin', 'PUT', `/api/v1/reporting/indicators/${r5.json().id}`, indicator('R.05', 50, 1));
    assert.equal(edited.statusCode, 200, edited.body);
    const second = await template(1, 'Báo cáo lịch sử (sửa đổi)', 3, [
      { indicatorId: ids['R.01'], required: true },
      { indicatorId: r5.json().id, required: false },
    ]);
    assert.equal(second.statusCode, 201, second.body);

    const res = await call('chuyenvien.tanninh', 'GET', '/api/v1/reporting/templates/BC-LS/revisions');
    assert.equal(res.statusCode, 200, res.body);
    const h = res.json();
    assert.equal(h.code, 'BC-LS');
    type Ind = { code: string; min: number | null; max: number | null; required: boolean; automatic: boolean };
    const brief = (list: Ind[]) => list.map((i) => [i.code, i.min, i.max, i.required, i.automatic]);
    assert.deepEqual(
      h.items.map((r: { revision: number; latest: boolean; nameVi: string; deadlineWorkingDays: number }) => [
        r.revision,
        r.latest,
        r.nameVi,
        r.deadlineWorkingDays,
      ]),
      [
        [2, true, 'Báo cáo lịch sử (sửa đổi)', 3],
        [1, false, 'Báo cáo lịch sử', 2],
      ],
    );
    const [rev2, rev1] = h.items;
    assert.deepEqual(rev2.createdBy, { id: admin?.id, name: admin?.fullName });
    assert.equal(rev2.createdAt, t.clock.now.toISOString());
    // Revision 1 as it was: R.05 still 0-100 (the catalogue now says 0-50).
    assert.deepEqual(brief(rev1.indicators), [
      ['R.03', 0, 500, true, false],
      ['R.05', 0, 100, true, false],
    ]);
    assert.deepEqual(brief(rev2.indicators), [
      ['R.01', 0, 1000, true, true],
      ['R.05', 0, 50, false, false],
    ]);
    assert.deepEqual(rev1.changes, {
      name: null,
      periodKind: null,
      deadlineWorkingDays: null,
      added: [],
      removed: [],
      required: [],
      range: [],
      reordered: false,
    });
    const c = rev2.changes;
    assert.deepEqual(c.name, {
      from: { vi: 'Báo cáo lịch sử', en: 'History test report' },
      to: { vi: 'Báo cáo lịch sử (sửa đổi)', en: 'History test report' },
    });
    assert.equal(c.periodKind, null);
    assert.deepEqual(c.deadlineWorkingDays, { from: 2, to: 3 });
    assert.deepEqual(brief(c.added), [['R.01', 0, 1000, true, true]]);
    assert.deepEqual(brief(c.removed), [['R.03', 0, 500, true, false]]);
    assert.deepEqual(
      c.required.map((x: { indicator: Ind; from: boolean; to: boolean }) => [x.indicator.code, x.from, x.to]),
      [['R.05', true, false]],
    );
    assert.deepEqual(
      c.range.map((x: { indicator: Ind; from: object; to: object }) => [x.indicator.code, x.from, x.to]),
      [['R.05', { min: 0, max: 100 }, { min: 0, max: 50 }]],
    );
    assert.equal(c.reordered, false);
    // No report was made on BC-LS yet.
    assert.deepEqual(
      h.items.map((r: { reports: number; firstPeriod: unknown }) => [r.reports, r.firstPeriod]),
      [
        [0, null],
        [0, null],
      ],
    );
  });

  test('the reports made on each revision, within the reader’s reach; unknown codes and outsiders refused', async () => {
    // BC-THU: revision 1 had no report; Tân Ninh reported October to December 2026 on revision 2, Sở Tư pháp
    // November.
    const usage = async (u: string) =>
      (await call(u, 'GET', '/api/v1/reporting/templates/BC-THU/revisions'))
        .json()
        .items.map((r: { revision: number; reports: number; firstPeriod: unknown; lastPeriod: unknown }) => [
          r.revision,
          r.reports,
          r.firstPeriod,
          r.lastPeriod,
        ]);
    const oct = { key: '2026-10', label: { vi: 'Tháng 10/2026', en: '2026-10' } };
    const dec = { key: '2026-12', label: { vi: 'Tháng 12/2026', en: '2026-12' } };
    assert.deepEqual(await usage('admin'), [
      [2, 4, oct, dec],
      [1, 0, null, null],
    ]);
    assert.deepEqual(await usage('chuyenvien.stp'), [
      [
        2,
        1,
        { key: '2026-11', label: { vi: 'Tháng 11/2026', en: '2026-11' } },
        { key: '2026-11', label: { vi: 'Tháng 11/2026', en: '2026-11' } },
      ],
      [1, 0, null, null],
    ]);
    const first = (await call('admin', 'GET', '/api/v1/reporting/templates/BC-THU/revisions')).json().items[0];
    assert.deepEqual(
      [first.changes.added.map((i: { code: string }) => i.code), first.changes.required, first.changes.reordered],
      [['R.02', 'R.03', 'R.04'], [], false],
    );
    assert.equal((await call('admin', 'GET', '/api/v1/reporting/templates/KHONG-CO/revisions')).statusCode, 404);
    assert.equal((await call('admin', 'GET', '/api/v1/reporting/templates/bad%20code/revisions')).statusCode, 400);
    assert.equal((await call('motcua.tanninh', 'GET', '/api/v1/reporting/templates/BC-THU/revisions')).statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/reporting/templates/BC-THU/revisions')).statusCode, 401);
  });
});
