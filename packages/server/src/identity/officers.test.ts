import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
const cookies: Record<string, string> = {};
let stpId: string;
let tanNinhId: string;
before(async () => {
  t = await createTestApp();
  for (const u of ['admin', 'admin.stp', 'truongphong.stp', 'giamdoc.stp', 'chuyenvien.stp', 'xem.tinh'])
    cookies[u] = await t.login(u);
  const q = async (text: string) =>
    (await t.call('GET', `/api/v1/agencies?q=${encodeURIComponent(text)}`, { cookie: cookies.admin })).json().items[0]
      .id;
  stpId = await q('so tu phap');
  tanNinhId = await q('phuong tan ninh');
});
after(async () => {
  await t?.close();
});

const list = (who: string, query = '') => t.call('GET', `/api/v1/officers?limit=200${query}`, { cookie: cookies[who] });

describe('who sees which officers', () => {
  test('the province admin sees everyone; a department admin sees its department only', async () => {
    assert.equal((await list('admin')).json().total, 17);
    const stp = (await list('admin.stp')).json();
    assert.equal(stp.total, 6);
    assert.ok(stp.items.every((o: { agency: { id: string } }) => o.agency.id === stpId));
    assert.equal((await list('admin.stp', `&agencyId=${tanNinhId}`)).statusCode, 403);
    assert.equal((await list('giamdoc.stp')).json().total, 6);
    assert.equal((await list('truongphong.stp')).json().total, 6, 'a head reads its own agency');
    assert.equal((await list('chuyenvien.stp')).statusCode, 403);
    assert.equal((await list('xem.tinh')).statusCode, 403);
  });
  test('search by name without diacritics, and by role', async () => {
    const r = (await list('admin', '&q=dang thi lan')).json();
    assert.equal(r.items[0].username, 'truongphong.stp');
    const clerks = (await list('admin', '&role=one_stop_clerk')).json();
    assert.deepEqual(clerks.items.map((o: { username: string }) => o.username).sort(), [
      'motcua.stp',
      'motcua.tanninh',
      'motcua.ttpvhcc',
    ]);
  });
  test('an officer outside one’s reach reads as not found', async () => {
    const other = (await list('admin', '&q=chau ngoc anh')).json().items[0];
    assert.equal(
      (await t.call('GET', `/api/v1/officers/${other.id}`, { cookie: cookies['admin.stp'] })).statusCode,
      404,
    );
    assert.equal((await t.call('GET', `/api/v1/officers/${other.id}`, { cookie: cookies.admin })).statusCode, 200);
  });
});

describe('managing officers', () => {
  const newOfficer = (over: Record<string, unknown> = {}) => ({
    username: 'motcua2.stp',
    fullName: 'Phan Thị Ngọc',
    email: 'ngoc@example.vn',
    agencyId: stpId,
    roles: ['one_stop_clerk'],
    password: 'Bắt đầu 2026!',
    ...over,
  });

  test('create: allowed within reach, refused outside, duplicates and bad input are clear', async () => {
    assert.equal(
      (
        await t.call('POST', '/api/v1/officers', {
          cookie: cookies['admin.stp'],
          body: newOfficer({ agencyId: tanNinhId }),
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', '/api/v1/officers', { cookie: cookies['giamdoc.stp'], body: newOfficer() })).statusCode,
      403,
    );
    const created = await t.call('POST', '/api/v1/officers', { cookie: cookies['admin.stp'], body: newOfficer() });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().agency.id, stpId);
    assert.equal('passwordHash' in created.json(), false, 'no hash leaks');
    const dup = await t.call('POST', '/api/v1/officers', {
      cookie: cookies.admin,
      body: newOfficer({ username: 'MOTCUA2.STP' }),
    });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.json().error.message.vi, /đã được sử dụng/);
    const weak = await t.call('POST', '/api/v1/officers', {
      cookie: cookies.admin,
      body: newOfficer({ username: 'x.weak', password: '1234' }),
    });
    assert.equal(weak.json().error.code, 'WEAK_PASSWORD');
    for (const bad of [
      { username: 'a b' },
      { roles: [] },
      { roles: ['god'] },
      { email: 'not-an-email' },
      { fullName: '' },
      { fullName: 'x\u0000y' },
      { extra: 1 },
    ]) {
      const res = await t.call('POST', '/api/v1/officers', {
        cookie: cookies.admin,
        body: newOfficer({ username: 'x.bad', ...bad }),
      });
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.ok(res.json().error.details.length > 0);
    }
    assert.ok(await t.login('motcua2.stp', 'Bắt đầu 2026!'));
  });

  test('two admins editing at once: one wins, the other gets 409 and nothing is half-written', async () => {
    const target = (await list('admin', '&q=bui van khoa')).json().items[0];
    const [a, b] = await Promise.all([
      t.call('PATCH', `/api/v1/officers/${target.id}`, {
        cookie: cookies.admin,
        body: { version: target.version, fullName: 'Bùi Văn Khoa A' },
      }),
      t.call('PATCH', `/api/v1/officers/${target.id}`, {
        cookie: cookies['admin.stp'],
        body: { version: target.version, phone: '0911222333' },
      }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    assert.equal(loser.json().error.code, 'VERSION_CONFLICT');
    assert.match(loser.json().error.message.vi, /tải lại/);
    const now = (await t.call('GET', `/api/v1/officers/${target.id}`, { cookie: cookies.admin })).json();
    assert.equal(now.version, target.version + 1);
    assert.ok(now.fullName === 'Bùi Văn Khoa A' ? now.phone === null : now.phone === '0911222333');
  });

  test('disabling ends the officer’s sessions; admins cannot lock themselves out', async () => {
    const victim = await t.login('vanthu.stp');
    const target = (await list('admin', '&q=vanthu.stp')).json().items[0];
    const res = await t.call('PATCH', `/api/v1/officers/${target.id}`, {
      cookie: cookies['admin.stp'],
      body: { version: target.version, active: false },
    });
    assert.equal(res.statusCode, 200);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: victim })).statusCode, 401);
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'vanthu.stp', password: 'Congso@2026' },
    });
    assert.equal(login.json().error.code, 'ACCOUNT_DISABLED');
    const self = (await list('admin', '&q=admin.stp')).json().items[0];
    const selfLock = await t.call('PATCH', `/api/v1/officers/${self.id}`, {
      cookie: cookies['admin.stp'],
      body: { version: self.version, active: false },
    });
    assert.equal(selfLock.statusCode, 409);
    assert.equal(selfLock.json().error.code, 'INVALID_STATE');
  });

  test('an empty e-mail or phone means none', async () => {
    const target = (await list('admin', '&q=tô văn đức')).json().items[0];
    const res = await t.call('PATCH', `/api/v1/officers/${target.id}`, {
      cookie: cookies.admin,
      body: { version: target.version, email: 'duc@example.vn', phone: '' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().email, 'duc@example.vn');
    assert.equal(res.json().phone, null);
    const cleared = await t.call('PATCH', `/api/v1/officers/${target.id}`, {
      cookie: cookies.admin,
      body: { version: res.json().version, email: '  ' },
    });
    assert.equal(cleared.json().email, null);
  });

  test('password reset by an admin ends the officer’s sessions', async () => {
    const s = await t.login('chuyenvien.stp');
    const target = (await list('admin', '&q=chuyenvien.stp')).json().items[0];
    const res = await t.call('POST', `/api/v1/officers/${target.id}/reset-password`, {
      cookie: cookies.admin,
      body: { newPassword: 'Đặt lại 2026 mới' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal((await t.call('GET', '/api/v1/auth/me', { cookie: s })).statusCode, 401);
    assert.ok(await t.login('chuyenvien.stp', 'Đặt lại 2026 mới'));
  });

  test('every change leaves an audit event in the same transaction', async () => {
    const { queryRows, sql } = await import('@congso/db');
    const rows = await queryRows<{ action: string; n: number }>(
      t.db.connection.db,
      sql`select action, count(*)::int as n from audit_events group by action`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    assert.ok((counts['officer.created'] ?? 0) >= 1);
    assert.ok((counts['officer.updated'] ?? 0) >= 2);
    assert.ok((counts['officer.password_reset'] ?? 0) >= 1);
    assert.ok((counts['auth.login'] ?? 0) >= 6);
  });
});
