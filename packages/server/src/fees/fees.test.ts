import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
let citizen: string;
let otherCitizen: string;
let admin: string;
let clerk: string;
let versionId: string;
/** Dossiers filed before the province set a schedule: nothing was asked at filing (the desk asks). */
let filedEarly: { id: string; version: number }[];
const CODE = '1.014063'; // Cấp đổi thẻ căn cước: 50.000 đồng, halved until the end of 2026

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(CODE, '1.001193');
  admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
  otherCitizen = await t.login('080195004321');
  clerk = await t.login('motcua.tanninh');
  versionId = (await t.call('GET', `/api/v1/procedures/${CODE}`)).json().versionId;
  filedEarly = [await fileOnline(), await fileOnline(), await fileOnline()];
});
after(async () => {
  await t?.close();
});

const fileOnline = async () => {
  const res = await t.call('POST', '/api/v1/dossiers', {
    cookie: citizen,
    body: {
      procedureCode: CODE,
      receivingAgencyId: tanNinh,
      applicant: { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh' },
      documents: await t.documentsFor(citizen, CODE),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; version: number; status: string };
};

const act = (id: string, body: Record<string, unknown>, cookie = clerk) =>
  t.call('POST', `/api/v1/dossiers/${id}/actions`, { cookie, body });

const auditCount = async (action: string) =>
  (
    (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from audit_events where action = ${action}`,
    )) as [{ n: number }]
  )[0].n;

describe('fee schedules', () => {
  test('the public reads the schedule in force, read from the catalogue’s text', async () => {
    const res = await t.call('GET', `/api/v1/procedures/${CODE}/fees`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.source, 'catalog');
    assert.equal(body.version, 0);
    assert.deepEqual(body.schedule.items[0].amounts, { online: 50000, counter: 50000 });
    assert.deepEqual(
      body.schedule.exemptions.map((e: { id: string; percent: number; legalBasis: string }) => [
        e.id,
        e.percent,
        e.legalBasis,
      ]),
      [
        ['giam-1', 50, 'Thông tư số 64/2025/TT-BTC'],
        ['giam-2', 50, 'Thông tư số 64/2025/TT-BTC'],
      ],
    );
    assert.equal((await t.call('GET', '/api/v1/procedures/9.999999/fees')).statusCode, 404);
    assert.equal((await t.call('GET', '/api/v1/procedures/abc/fees')).json().error.code, 'VALIDATION_FAILED');
  });

  test('the province edits it with a version check, effective dates and an audit event', async () => {
    const read = await t.call('GET', `/api/v1/fee-schedules/${versionId}`, { cookie: admin });
    assert.equal(read.statusCode, 200, read.body);
    const { inForce, catalogText } = read.json();
    assert.match(catalogText.online, /^50,000 Việt Nam Đồng/);
    const schedule = {
      ...inForce.schedule,
      items: [{ ...inForce.schedule.items[0], amounts: { counter: 25000, online: 25000 } }],
      exemptions: [
        {
          id: 'mien-1',
          kind: 'exemption',
          description: 'Người thuộc hộ nghèo',
          percent: 100,
          legalBasis: 'Điều 4 Thông tư số 64/2025/TT-BTC',
          itemIds: null,
        },
      ],
      collector: {
        kind: 'treasury',
        accountName: 'Kho bạc Nhà nước khu vực XVII',
        accountNumber: '7111012345678',
        bankBin: '970415',
        bankName: 'VietinBank',
      },
    };
    const put = (body: Record<string, unknown>, cookie = admin) =>
      t.call('PUT', `/api/v1/fee-schedules/${versionId}`, {
        cookie,
        body: { expectedVersion: 0, validFrom: '2026-11-01', reason: 'Nghị quyết HĐND tỉnh', schedule, ...body },
      });
    const first = await put({});
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().version, 1);
    assert.equal(first.json().source, 'province');
    const stale = await put({});
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    assert.deepEqual(stale.json().error.details, { currentVersion: 1 });
    assert.equal((await put({ expectedVersion: 1 })).json().version, 2);
    // Forbidden to officers, refused with the field named when wrong, before the current period.
    assert.equal((await put({ expectedVersion: 2 }, clerk)).statusCode, 403);
    const bad = await put({
      expectedVersion: 2,
      schedule: { ...schedule, items: [{ ...schedule.items[0], amounts: { counter: -5 } }] },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.schedule.items.0.amounts.counter');
    assert.ok(bad.json().error.details[0].message.vi);
    const early = await put({ expectedVersion: 2, validFrom: '2026-01-01' });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details[0].path, 'validFrom');
    // A later date opens a new period and closes the open one the day before.
    const in2027 = { ...schedule, items: [{ ...schedule.items[0], amounts: { counter: 50000, online: 50000 } }] };
    const later = await put({ expectedVersion: 2, validFrom: '2027-01-01', schedule: in2027 });
    assert.equal(later.statusCode, 200, later.body);
    const periods = (await t.call('GET', `/api/v1/fee-schedules/${versionId}`, { cookie: admin })).json().periods;
    assert.deepEqual(
      periods.map((p: { validFrom: string; validTo: string | null; version: number }) => [
        p.validFrom,
        p.validTo,
        p.version,
      ]),
      [
        ['2026-11-01', '2026-12-31', 2],
        ['2027-01-01', null, 1],
      ],
    );
    // Today (2026-11-23) the November period applies.
    const today = (await t.call('GET', `/api/v1/procedures/${CODE}/fees`)).json();
    assert.deepEqual(
      [today.source, today.version, today.schedule.items[0].amounts],
      ['province', 2, { counter: 25000, online: 25000 }],
    );
    assert.equal(await auditCount('fee_schedule.save'), 3);
    const unknown = await t.call('PUT', '/api/v1/fee-schedules/00000000-0000-4000-8000-000000000000', {
      cookie: admin,
      body: { expectedVersion: 0, validFrom: '2026-11-01', reason: 'x', schedule },
    });
    assert.equal(unknown.statusCode, 404);
  });
});

describe('a dossier’s fee', () => {
  test('asked at filing by the installation: the online dossier waits for it, then is paid at the counter', async () => {
    // The province's schedule (the test above) asks 25.000 đồng at filing: the dossier waits at once.
    const d = await fileOnline();
    assert.deepEqual([(d as { status?: string }).status, d.version], ['waiting_payment', 2]);
    const detail = (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: clerk })).json();
    assert.deepEqual(
      [detail.events.at(-1).action, detail.events.at(-1).actor.id, detail.dueAt, detail.receivedAt],
      ['request_payment', '00000000-0000-0000-0000-000000000000', null, null],
    );
    const fee = (await t.call('GET', `/api/v1/dossiers/${d.id}/fees`, { cookie: clerk })).json().items[0];
    assert.deepEqual(
      [detail.status, detail.version, fee.status, fee.total, fee.due],
      ['waiting_payment', 2, 'requested', 25000, 'filing'],
    );
    // Asked once: the desk cannot ask it again while it waits.
    const again = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, { cookie: clerk, body: { version: 2 } });
    assert.equal(again.statusCode, 409);
    assert.equal(fee.collector.kind, 'treasury');
    // The applicant reads what to pay and why; another citizen does not see it; nobody but an officer asks.
    const mine = await t.call('GET', `/api/v1/dossiers/${d.id}/fees`, { cookie: citizen });
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(
      mine
        .json()
        .items.map((f: { total: number; lines: { name: string; baseAmount: number }[] }) => [
          f.total,
          f.lines[0]?.name,
        ]),
      [[25000, 'Lệ phí']],
    );
    assert.equal((await t.call('GET', `/api/v1/dossiers/${d.id}/fees`, { cookie: otherCitizen })).statusCode, 404);
    const byCitizen = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, { cookie: citizen, body: { version: 2 } });
    assert.equal(byCitizen.statusCode, 409);
    // Paid at the counter: back to status 1, the fee row paid, in the same transaction.
    const paid = await act(d.id, { action: 'confirm_payment', version: 2, reference: 'TM-0001' });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.equal(paid.json().status, 'receiving');
    const fees = (await t.call('GET', `/api/v1/dossiers/${d.id}/fees`, { cookie: clerk })).json().items;
    assert.deepEqual(
      fees.map((f: { status: string }) => f.status),
      ['paid'],
    );
    assert.equal((await act(d.id, { action: 'receive', version: 3 })).json().status, 'received');
  });

  test('an exemption the applicant proves leaves nothing to pay: no wait, the exemption kept with its basis', async () => {
    const d = filedEarly[0] as { id: string };
    const res = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, {
      cookie: clerk,
      body: { version: 1, exemptionIds: ['mien-1'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual([body.status, body.version, body.fee.status, body.fee.total], ['receiving', 1, 'exempt', 0]);
    assert.deepEqual(body.fee.lines[0].exemption, {
      id: 'mien-1',
      kind: 'exemption',
      description: 'Người thuộc hộ nghèo',
      percent: 100,
      legalBasis: 'Điều 4 Thông tư số 64/2025/TT-BTC',
    });
    assert.equal(await auditCount('dossier.fee_exempt'), 1);
    const unknown = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, {
      cookie: clerk,
      body: { version: 1, exemptionIds: ['mien-9'] },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].path, 'exemptionIds.0');
    const citizenAsks = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, {
      cookie: citizen,
      body: { version: 1 },
    });
    assert.equal(citizenAsks.statusCode, 403);
  });

  test('a waiver after the request settles it as waived; a stop or withdrawal cancels it', async () => {
    const d = filedEarly[1] as { id: string };
    await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, { cookie: clerk, body: { version: 1 } });
    const bad = await act(d.id, { action: 'waive_payment', version: 2, reason: 'Hộ nghèo' });
    assert.equal(bad.statusCode, 400);
    const waived = await act(d.id, {
      action: 'waive_payment',
      version: 2,
      reason: 'Sổ hộ nghèo số 12/2026',
      legalBasis: 'Thông tư 106/2021/TT-BTC',
    });
    assert.equal(waived.statusCode, 200, waived.body);
    assert.equal(waived.json().status, 'receiving');
    const e = filedEarly[2] as { id: string };
    await t.call('POST', `/api/v1/dossiers/${e.id}/fees`, { cookie: clerk, body: { version: 1 } });
    const withdrawn = await act(e.id, { action: 'withdraw', version: 2 }, citizen);
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const statuses = async (id: string) =>
      (await t.call('GET', `/api/v1/dossiers/${id}/fees`, { cookie: clerk }))
        .json()
        .items.map((f: { status: string }) => f.status);
    assert.deepEqual(await statuses(d.id), ['waived']);
    assert.deepEqual(await statuses(e.id), ['cancelled']);
    const stale = await t.call('POST', `/api/v1/dossiers/${d.id}/fees`, { cookie: clerk, body: { version: 1 } });
    assert.equal(stale.statusCode, 409);
  });
});
