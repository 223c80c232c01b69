import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let admin: string;
let adminStp: string;
let viewer: string;
let rootId: string;
before(async () => {
  t = await createTestApp();
  [admin, adminStp, viewer] = await Promise.all([t.login('admin'), t.login('admin.stp'), t.login('xem.tinh')]);
  rootId = (await t.call('GET', '/api/v1/province')).json().agency.id;
});
after(async () => {
  await t?.close();
});

const find = async (cookie: string, q: string, extra = '') =>
  (await t.call('GET', `/api/v1/agencies?q=${encodeURIComponent(q)}${extra}`, { cookie })).json();

describe('browsing and searching the tree', () => {
  test('the province is public; the tree needs a session', async () => {
    const p = await t.call('GET', '/api/v1/province');
    assert.equal(p.statusCode, 200);
    assert.equal(p.json().fullName, 'Tỉnh Tây Ninh');
    assert.equal(p.json().communeCount, 96);
    assert.equal((await t.call('GET', '/api/v1/agencies')).statusCode, 401);
  });

  test('roots, then children, paged', async () => {
    const roots = (await t.call('GET', '/api/v1/agencies', { cookie: viewer })).json();
    assert.equal(roots.total, 1);
    assert.equal(roots.items[0].childCount, 111);
    const page = (
      await t.call('GET', `/api/v1/agencies?parentId=${rootId}&limit=20&offset=100`, { cookie: viewer })
    ).json();
    assert.equal(page.total, 111);
    assert.equal(page.items.length, 11);
    const children = (await t.call('GET', `/api/v1/agencies/${rootId}/children?limit=200`, { cookie: viewer })).json();
    assert.equal(children.items.filter((a: { kind: string }) => a.kind === 'commune').length, 96);
    const history = (await t.call('GET', '/api/v1/agencies?includeHistory=true', { cookie: viewer })).json();
    assert.equal(history.total, 3);
  });

  test('search: "tay ninh" finds "Tây Ninh", "tan ninh" finds Phường Tân Ninh with its path', async () => {
    assert.equal((await find(viewer, 'tay ninh')).items[0].name, 'Ủy ban nhân dân tỉnh Tây Ninh');
    const r = await find(viewer, 'tan ninh');
    assert.equal(r.items[0].name, 'Ủy ban nhân dân phường Tân Ninh');
    assert.equal(r.items[0].adminUnitName, 'Phường Tân Ninh');
    assert.deepEqual(
      r.items[0].path.map((p: { name: string }) => p.name),
      ['Ủy ban nhân dân tỉnh Tây Ninh'],
    );
    assert.equal((await find(viewer, 'PHUONG TAN NINH')).items[0].adminUnitName, 'Phường Tân Ninh');
    assert.equal((await find(viewer, 'xa tan bien')).items[0].adminUnitName, 'Xã Tân Biên');
    assert.equal((await find(viewer, 'kinh te')).items[0].name, 'Ban Quản lý Khu kinh tế tỉnh');
    assert.equal((await find(viewer, "'; drop table agencies; --")).total, 0);
  });

  test('details carry path, history links and counts', async () => {
    const stp = (await find(viewer, 'so tu phap')).items[0];
    const d = (await t.call('GET', `/api/v1/agencies/${stp.id}`, { cookie: viewer })).json();
    assert.equal(d.parent.name, 'Ủy ban nhân dân tỉnh Tây Ninh');
    assert.equal(d.officerCount, 6);
    assert.equal(d.childCount, 2);
    const root = (await t.call('GET', `/api/v1/agencies/${rootId}`, { cookie: viewer })).json();
    assert.equal(root.predecessors.length, 2);
    assert.equal(
      (await t.call('GET', '/api/v1/agencies/00000000-0000-4000-8000-000000000000', { cookie: viewer })).statusCode,
      404,
    );
    assert.equal((await t.call('GET', '/api/v1/agencies/not-a-uuid', { cookie: viewer })).statusCode, 400);
  });
});

describe('changing the tree', () => {
  test('who may add an agency, and where', async () => {
    const stp = (await find(admin, 'so tu phap')).items[0];
    const body = (parentId: string, code: string) => ({
      code,
      name: 'Phòng Phổ biến, giáo dục pháp luật',
      shortName: 'PBGDPL',
      kind: 'unit',
      parentId,
      validFrom: '2026-12-01',
    });
    assert.equal(
      (await t.call('POST', '/api/v1/agencies', { cookie: viewer, body: body(stp.id, '000.03.04.H59') })).statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', '/api/v1/agencies', { cookie: adminStp, body: body(rootId, '000.00.16.H59') })).statusCode,
      403,
      'a department admin cannot add beside its department',
    );
    const ok = await t.call('POST', '/api/v1/agencies', { cookie: adminStp, body: body(stp.id, '000.03.04.H59') });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().codeLevel, 3);
    assert.equal(ok.json().isDemoCode, false);
    const dup = await t.call('POST', '/api/v1/agencies', { cookie: admin, body: body(stp.id, '000.03.04.H59') });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'ALREADY_EXISTS');
    const bad = await t.call('POST', '/api/v1/agencies', { cookie: admin, body: body(stp.id, '000.03.00.H59') });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'INVALID_AGENCY_CODE');
    assert.match(bad.json().error.message.vi, /Quyết định 20\/2020/);
  });

  test('renaming keeps history: the old name is closed, officers and children move, search finds both ways', async () => {
    const stp = (await find(admin, 'so tu phap')).items[0];
    const before = (await t.call('GET', `/api/v1/agencies/${stp.id}`, { cookie: admin })).json();
    const res = await t.call('POST', `/api/v1/agencies/${stp.id}/rename`, {
      cookie: admin,
      body: {
        version: before.version,
        name: 'Sở Tư pháp và Pháp chế',
        shortName: 'STPPC',
        validFrom: '2027-01-01',
        reason: 'Quyết định đổi tên (thử nghiệm)',
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const renamed = res.json();
    assert.equal(renamed.code, before.code);
    assert.equal(renamed.officerCount, 6);
    assert.equal(renamed.childCount, 3);
    assert.deepEqual(
      renamed.predecessors.map((p: { name: string; validTo: string }) => [p.name, p.validTo]),
      [['Sở Tư pháp', '2026-12-31']],
    );
    assert.equal((await find(admin, 'phap che')).items[0].id, renamed.id);
    assert.equal(
      (await find(admin, 'so tu phap', '&limit=50')).items.some((a: { id: string }) => a.id === stp.id),
      false,
    );
    assert.equal(
      (await find(admin, 'so tu phap', '&includeHistory=true&limit=50')).items.some(
        (a: { id: string }) => a.id === stp.id,
      ),
      true,
    );
    // The stale version cannot rename again.
    const stale = await t.call('POST', `/api/v1/agencies/${stp.id}/rename`, {
      cookie: admin,
      body: { version: before.version, name: 'X', validFrom: '2027-02-01', reason: 'r' },
    });
    assert.equal(stale.statusCode, 409);
    // A department admin whose department was renamed still administers it.
    const me = (await t.call('GET', '/api/v1/auth/me', { cookie: adminStp })).json();
    assert.equal(me.user.agency.id, renamed.id);
  });

  test('merging two communes into a new one', async () => {
    const [a, b] = [(await find(admin, 'xa tan bien')).items[0], (await find(admin, 'xa tan lap')).items[0]];
    const res = await t.call('POST', '/api/v1/agencies/merge', {
      cookie: admin,
      body: {
        sources: [
          { id: a.id, version: 1 },
          { id: b.id, version: 1 },
        ],
        into: {
          code: '000.97.50.H59',
          name: 'Ủy ban nhân dân xã Tân Biên Lập (thử nghiệm)',
          shortName: 'UBND',
          kind: 'commune',
          parentId: rootId,
        },
        validFrom: '2027-01-01',
        reason: 'Thử nghiệm sáp nhập',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().predecessors.length, 2);
    const again = await t.call('POST', '/api/v1/agencies/merge', {
      cookie: admin,
      body: {
        sources: [{ id: a.id, version: 2 }],
        into: { code: '000.98.50.H59', name: 'x', shortName: 'x', kind: 'commune', parentId: rootId },
        validFrom: '2027-02-01',
        reason: 'r',
      },
    });
    assert.equal(again.statusCode, 409, 'a closed agency cannot be merged again');
  });
});
