/**
 * The sync to the national portal end to end, on a real database and the portal's stand-in over HTTP: each
 * dossier change is recorded in the outbox in its transaction and delivered once, in order per dossier, with
 * the portal's field names; a worker killed in the middle of a call, the portal down for a while, a payload the
 * portal refuses (dead letter, replay), and a resync. Time is the test's clock (ctx.now): no real waiting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatPortalDate, type PortalDossier, replay, toPortalDossier, validatePortalRequest } from '@congso/core';
import { listPortalSync, loadDossierEvents, queryRows, sql } from '@congso/db';
import { catchUpIoc } from '../ioc/ioc-upkeep';
import { createTestApp, type TestApp } from '../testing';
import { type PortalStandIn, startPortalStandIn } from './portal-stand-in/portal-stand-in';
import { LEASE_MS, portalSourceOf, resyncPortal, runPortalSync } from './portal-sync';

let t: TestApp;
let portal: PortalStandIn;
let tanNinh: string;
const cookies: Record<string, string> = {};
const MINUTE = 60_000;

interface Dossier {
  id: string;
  code: string;
  version: number;
}

before(async () => {
  portal = await startPortalStandIn({ username: 'congso-test', password: 'test-portal-password' });
  t = await createTestApp({
    PORTAL_SYNC_URL: portal.url,
    PORTAL_SYNC_USERNAME: 'congso-test',
    PORTAL_SYNC_PASSWORD: 'test-portal-password',
    PORTAL_SYNC_MAX_ATTEMPTS: '4',
  });
  await t.importDemoProcedures('1.001193');
  for (const u of ['admin', 'motcua.tanninh', 'truongphong.tanninh', '072090001234']) cookies[u] = await t.login(u);
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: cookies.admin })).json().items[0]
    .id;
});
after(async () => {
  await t?.close();
  await portal?.close();
});

const sync = () => runPortalSync(t.ctx);

async function fileOnline(key: string): Promise<Dossier> {
  const res = await t.call('POST', '/api/v1/dossiers', {
    cookie: cookies['072090001234'],
    body: {
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh,
      applicant: { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh' },
      documents: await t.documentsFor(cookies['072090001234'] as string, '1.001193'),
    },
    headers: { 'idempotency-key': key },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function atCounter(name: string): Promise<Dossier> {
  const res = await t.call('POST', '/api/v1/desk/dossiers', {
    cookie: cookies['motcua.tanninh'],
    body: {
      procedureCode: '1.001193',
      applicant: { fullName: name, nationalId: '072085009876', phone: '0988 111 222', address: 'Ấp 3' },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function act(d: Dossier, who: string, body: Record<string, unknown>): Promise<Dossier> {
  t.clock.advance(15 * MINUTE);
  const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
    cookie: cookies[who],
    body: { version: d.version, ...body },
  });
  assert.equal(res.statusCode, 200, `${body.action}: ${res.body}`);
  return res.json();
}

const keysOf = (dossierId: string) =>
  portal.received.filter((r) => r.idempotencyKey?.startsWith(dossierId)).map((r) => r.idempotencyKey);

const expectedKeys = (dossierId: string, versions: number) =>
  Array.from({ length: versions }, (_, i) => [
    `${dossierId}:${i + 1}:DongBoHoSoMC`,
    `${dossierId}:${i + 1}:CapNhatTienDoHoSoMC`,
  ]).flat();

async function outboxStates(): Promise<Record<string, number>> {
  const rows = await queryRows<{ state: string; n: number }>(
    t.db.connection.db,
    sql`select state, count(*)::int as n from portal_sync_outbox group by state order by state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

describe('sync to the national portal', () => {
  it('sends each change once, in order, with the portal field names the stand-in checks', async () => {
    const filed = await fileOnline('portal-1');
    const received = await act(filed, 'motcua.tanninh', { action: 'receive' });
    const run = await sync();
    assert.deepEqual(run, { delivered: 4, retried: 0, dead: 0 });
    assert.deepEqual(keysOf(filed.id), expectedKeys(filed.id, 2));
    const events = await loadDossierEvents(t.db.connection.db, filed.id);
    const state = replay(events);
    const record = portal.dossiers.get(received.code) as PortalDossier;
    // Field by field: what the portal holds is the dossier as Congso has it.
    assert.deepEqual(record, toPortalDossier(await portalSourceOf(t.ctx, filed.id, 2)));
    assert.equal(record.MaHoSo, received.code);
    assert.equal(record.MaTTHC, '1.001193');
    assert.equal(record.KenhThucHien, '2');
    assert.equal(record.TrangThaiHoSo, '2');
    assert.equal(record.ChuHoSo, 'Nguyễn Thị Hoa');
    assert.equal(record.LoaiDoiTuong, '1');
    assert.equal(record.SoGiayToChuHoSo, '072090001234');
    assert.deepEqual(record.DinhDanhCHS, [{ LoaiDinhDanh: '1', SoDinhDanh: '072090001234' }]);
    assert.equal(record.NgayNopHoSo, formatPortalDate(state.submittedAt));
    assert.equal(record.NgayTiepNhan, formatPortalDate(state.receivedAt as Date));
    assert.equal(record.NgayHenTra, formatPortalDate(state.dueAt as Date));
    assert.equal(record.DonViXuLy.length > 0, true);
    const fileCount =
      events[0]?.action === 'submit_online' ? events[0].data.opening.documents?.flatMap((d) => d.fileIds).length : 0;
    assert.equal(record.TaiLieuNop.length, fileCount);
    assert.ok(
      record.TaiLieuNop.every((f) => f.DuocSoHoa === '0' && f.DuocTaiSuDung === '0' && f.DuocLayTuKhoDMQG === '0'),
    );
    assert.equal(record.HoSoCoThanhPhanSoHoa, '0');
    assert.equal(record.TaiKhoanDuocXacThucVoiVNeID, '0');
    assert.equal(record.DuocThanhToanTrucTuyen, '0');
    const creation = portal.received.find((r) => r.idempotencyKey === `${filed.id}:1:DongBoHoSoMC`);
    assert.equal(creation?.isUpdating, false);
    assert.equal((creation?.data[0] as PortalDossier | undefined)?.TrangThaiHoSo, '1');
    assert.deepEqual(
      portal.progress.get(received.code)?.map((p) => [p.TrangThai, p.NoiDungXuLy]),
      [
        ['1', 'Nộp hồ sơ trực tuyến'],
        ['2', 'Tiếp nhận hồ sơ'],
      ],
    );
    for (const r of portal.received) assert.deepEqual(validatePortalRequest({ ...r, data: r.data }), []);
    // The creation's first delivery is the dossier's sync fact (QĐ 766 indicator 1.4).
    const [fact] = await queryRows<{ created_synced_at: Date | string }>(
      t.db.connection.db,
      sql`select created_synced_at from portal_sync_facts where dossier_id = ${filed.id}::uuid`,
    );
    assert.equal(new Date(fact?.created_synced_at as string).toISOString(), t.clock.now.toISOString());
    assert.deepEqual(await sync(), { delivered: 0, retried: 0, dead: 0 });
    // The index counts it: QĐ 766 indicator 1.4's numerator, in the month of its receipt.
    await catchUpIoc(t.db.connection.db, t.clock.now);
    const [synced] = await queryRows<{ value: number | string }>(
      t.db.connection.db,
      sql`select value from ioc_counts where scope_kind = 'province' and period_kind = 'month'
            and measure = 'portal_synced'`,
    );
    assert.equal(Number(synced?.value), 1);
  });

  it('a worker killed in the middle of a call: another delivers every change exactly once, in order', async () => {
    const a = await atCounter('Lê Thị Một');
    const b = await atCounter('Lê Thị Hai');
    const a2 = await act(a, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    void a2;
    const before = portal.received.length;
    portal.holdAnswers(1); // the first call arrives and is recorded; its answer never comes
    const killed = sync().catch(() => undefined);
    // Both dossiers' first calls arrive (one held, the other answered); the worker then hangs on the held one.
    for (let i = 0; i < 500 && portal.received.length < before + 2; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(portal.received.length, before + 2);
    for (let i = 0; i < 500 && (await outboxStates()).delivered !== 4 + 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    const stuck = await listPortalSync(t.db.connection.db, { state: 'pending', limit: 10, offset: 0 });
    assert.ok(stuck.length > 0, 'the killed worker left rows undelivered');
    // The worker is gone; its hold runs out on the clock, and a new worker takes over.
    t.clock.advance(LEASE_MS + 1000);
    await sync();
    assert.deepEqual(await outboxStates(), { delivered: 4 + 2 * 2 + 2 });
    assert.deepEqual(keysOf(a.id), expectedKeys(a.id, 2));
    assert.deepEqual(keysOf(b.id), expectedKeys(b.id, 1));
    assert.equal(portal.counts.repeated, 1, 'the call that had arrived was sent again and not recorded twice');
    portal.release();
    await killed;
    assert.deepEqual(await outboxStates(), { delivered: 10 });
  });

  it('the portal down for several minutes: the backlog waits with backoff and drains when it returns', async () => {
    portal.setAvailable(false);
    const d = await atCounter('Trần Văn Ba');
    const d2 = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    let run = await sync();
    assert.deepEqual(run, { delivered: 0, retried: 1, dead: 0 });
    const [head] = await listPortalSync(t.db.connection.db, {
      dossierId: d.id,
      state: 'pending',
      limit: 10,
      offset: 0,
    }).then((rows) => rows.filter((r) => r.attempts > 0));
    assert.equal(head?.attempts, 1);
    assert.equal(head?.nextAttemptAt?.toISOString(), new Date(t.clock.now.getTime() + 5000).toISOString());
    assert.deepEqual(await sync(), { delivered: 0, retried: 0, dead: 0 }, 'nothing is due before the backoff ends');
    t.clock.advance(5000);
    assert.deepEqual(await sync(), { delivered: 0, retried: 1, dead: 0 });
    t.clock.advance(10_000);
    assert.deepEqual(await sync(), { delivered: 0, retried: 1, dead: 0 });
    // Back after a minute and a half: the next due attempt drains the dossier's changes in order.
    t.clock.advance(90_000);
    portal.setAvailable(true);
    run = await sync();
    assert.deepEqual(run, { delivered: 4, retried: 0, dead: 0 });
    assert.deepEqual(keysOf(d.id), expectedKeys(d.id, 2));
    assert.equal((portal.dossiers.get(d2.code) as PortalDossier).TrangThaiHoSo, '4');
    assert.ok(portal.counts.unavailable >= 3);
  });

  it('a change the portal refuses is dead, holds the later changes of its dossier, and is replayed by an administrator', async () => {
    const d = await atCounter('Phạm Thị Bốn');
    // A body the portal refuses (a status outside its code list), as a faulty mapping would have built it.
    const request = {
      service: 'DongBoHoSoMC',
      isUpdating: false,
      data: [{ ...toPortalDossier(await portalSourceOf(t.ctx, d.id, 1)), TrangThaiHoSo: '11' }],
    };
    await t.db.connection.db.execute(
      sql`update portal_sync_outbox set payload = ${JSON.stringify(request)}::jsonb
          where idempotency_key = ${`${d.id}:1:DongBoHoSoMC`}`,
    );
    await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    assert.deepEqual(await sync(), { delivered: 0, retried: 0, dead: 1 });
    assert.deepEqual(keysOf(d.id), [], 'the later changes wait behind the dead one');
    const list = await t.call('GET', '/api/v1/exchange/portal-sync?state=dead', { cookie: cookies.admin });
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json();
    assert.equal(body.configured, true);
    assert.deepEqual({ dead: body.counts.dead, blocked: body.counts.blockedDossiers }, { dead: 1, blocked: 1 });
    const dead = body.items[0];
    assert.equal(dead.idempotencyKey, `${d.id}:1:DongBoHoSoMC`);
    assert.equal(dead.attempts, 1);
    assert.equal(dead.lastError.kind, 'refused');
    assert.deepEqual(
      dead.lastError.answer.details.map((i: { path: string; code: string }) => [i.path, i.code]),
      [['body.data[0].TrangThaiHoSo', 'enum']],
    );
    const detail = await t.call('GET', `/api/v1/exchange/portal-sync/${dead.id}`, { cookie: cookies.admin });
    assert.equal(detail.json().payload.data[0].TrangThaiHoSo, '11');
    assert.equal(
      (await t.call('GET', '/api/v1/exchange/portal-sync', { cookie: cookies['motcua.tanninh'] })).statusCode,
      403,
    );
    const replayed = await t.call('POST', `/api/v1/exchange/portal-sync/${dead.id}/replay`, { cookie: cookies.admin });
    assert.equal(replayed.statusCode, 200, replayed.body);
    assert.deepEqual(replayed.json(), { id: dead.id, state: 'pending' });
    const again = await t.call('POST', `/api/v1/exchange/portal-sync/${dead.id}/replay`, { cookie: cookies.admin });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(await sync(), { delivered: 4, retried: 0, dead: 0 });
    assert.deepEqual(keysOf(d.id), expectedKeys(d.id, 2));
    const [audit] = await queryRows<{ action: string }>(
      t.db.connection.db,
      sql`select action from audit_events where entity_type = 'portal_sync' order by id desc limit 1`,
    );
    assert.equal(audit?.action, 'exchange.portal_sync_replayed');
  });

  it('the portal down past the last attempt: dead, then replayed', async () => {
    portal.setAvailable(false);
    const d = await atCounter('Võ Văn Năm');
    for (const wait of [0, 5000, 10_000, 20_000]) {
      t.clock.advance(wait);
      await sync();
    }
    const [dead] = await listPortalSync(t.db.connection.db, { dossierId: d.id, state: 'dead', limit: 10, offset: 0 });
    assert.equal(dead?.attempts, 4);
    portal.setAvailable(true);
    const res = await t.call('POST', `/api/v1/exchange/portal-sync/${dead?.id}/replay`, { cookie: cookies.admin });
    assert.equal(res.statusCode, 200, res.body);
    await sync();
    assert.deepEqual(keysOf(d.id), expectedKeys(d.id, 1));
  });

  it('resync sends every dossier changed since a date again, as an update where the portal has it', async () => {
    const total = (await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from dossiers`))[0]
      ?.n;
    const before = portal.received.length;
    const { dossiers } = await resyncPortal(t.db.connection.db, {
      since: new Date('2026-01-01T00:00:00Z'),
      actorId: null,
      now: t.clock.now,
    });
    assert.equal(dossiers, total);
    const run = await sync();
    assert.deepEqual(run, { delivered: total, retried: 0, dead: 0 });
    const resent = portal.received.slice(before);
    assert.equal(resent.length, total);
    assert.ok(
      resent.every((r) => r.service === 'DongBoHoSoMC' && r.isUpdating && r.idempotencyKey?.includes(':resync:')),
    );
    assert.deepEqual(
      await resyncPortal(t.db.connection.db, {
        since: new Date('2099-01-01T00:00:00Z'),
        actorId: null,
        now: t.clock.now,
      }),
      {
        dossiers: 0,
      },
    );
  });
});
