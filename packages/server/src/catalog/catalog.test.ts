import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importProcedures, loadDemoCatalog, queryRows, sql } from '@congso/db';
import { seedDemoCatalog } from '../server';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  const report = await seedDemoCatalog(t.db.connection, t.clock.now);
  assert.equal(report?.created, 1601);
});
after(async () => {
  await t?.close();
});

const search = async (query: string) => (await t.call('GET', `/api/v1/procedures?${query}`)).json();

describe('the catalogue', () => {
  test('a second import of the same catalogue changes nothing', async () => {
    const again = await importProcedures(t.db.connection.db, loadDemoCatalog(), {
      validFrom: '2026-01-01',
      now: t.clock.now,
      actorId: null,
      source: 'test',
    });
    assert.deepEqual(
      { ...again, skipped: again.skipped.length },
      { created: 0, updated: 0, unchanged: 1601, skipped: 0 },
    );
  });

  test('public search: "dang ky khai sinh" and "làm giấy khai sinh cho con" find Thủ tục đăng ký khai sinh', async () => {
    const plain = await search('q=dang%20ky%20khai%20sinh');
    assert.equal(plain.items[0].code, '1.001193');
    assert.equal(plain.items[0].name, 'Thủ tục đăng ký khai sinh');
    assert.ok(plain.items[0].deadlines.counter);
    const phrase = await search(`q=${encodeURIComponent('làm giấy khai sinh cho con')}`);
    assert.ok(
      phrase.items.slice(0, 3).some((p: { code: string }) => p.code === '1.001193'),
      JSON.stringify(phrase.items.slice(0, 3).map((p: { name: string }) => p.name)),
    );
    assert.equal((await search('q=dang%20ki%20khai%20sinhh')).items[0].code, '1.001193', 'typos');
    assert.equal((await search('q=1.001193')).items[0].code, '1.001193', 'by code');
  });

  test('citizens’ own words over the whole demo catalogue (1,601 procedures): the procedure they mean first', async () => {
    // What people type, with and without marks, with typos and their own names for things; each found first.
    const meant: [string, string][] = [
      ['làm giấy khai sinh cho con', '1.001193'],
      ['dang ki khai sinhh', '1.001193'],
      ['đăg ký khai sinh', '1.001193'],
      ['dang ky khai sihn', '1.001193'],
      ['ddawng kys khai sinh', '1.001193'],
      ['dd9a8ng ky1 ket hon', '1.000894'],
      ['báo tử cho bố', '1.000656|1.005461'],
      ['giấy độc thân', '1.004873'],
      ['xin giay xac nhan tinh trang hon nhan', '1.004873'],
      ['dang ki ket hon', '1.000894'],
      ['nhận con nuôi', '2.001263'],
      ['thay doi ho ten cho con', '1.004859'],
      ['lam lai giay khai sinh bi mat', '1.004884'],
      ['nhập hộ khẩu cho con', '1.004222'],
      ['thường trú', '1.004222|1.003197'],
      ['chứng thực', '2.001019|2.001016|2.000913|2.000815|2.000942|2.000908'],
      ['hưu', '2.000605|2.000717|1.001742'],
      ['cấp lại cccd', '1.014064|2.001194'],
      ['giấy phép kinh doanh', '1.001612'],
      ['xin phép xây nhà', '1.013225'],
      ['sửa chữa nhà ở', '1.013229'],
    ];
    const wrong: string[] = [];
    for (const [query, codes] of meant) {
      const first = (await search(`q=${encodeURIComponent(query)}`)).items[0];
      if (!codes.split('|').includes(first?.code)) wrong.push(`${query} → ${first?.code} ${first?.name}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('learning from use: choices after a search raise that procedure for the query, past a minimum count', async () => {
    const query = 'gia hạn giấy phép xây dựng';
    const choose = (code: string, q = query) =>
      t.call('POST', '/api/v1/procedures/search-choices', { body: { query: q, code } });
    const first = async (q = query) => (await search(`q=${encodeURIComponent(q)}`)).items[0].code;
    assert.equal(await first(), '1.005058', 'the railway crossing permit, before anyone chose');
    for (let i = 0; i < 4; i++) assert.equal((await choose('1.013227')).statusCode, 204);
    assert.equal(await first(), '1.005058', 'four choices move nothing');
    assert.equal((await choose('1.013227', 'giấy phép xây dựng gia hạn')).statusCode, 204, 'a close variant counts');
    assert.equal(await first(), '1.013227', 'the commune’s house permit after five');
    assert.equal(await first('gia han giay phep xay dung'), '1.013227', 'for the query without marks too');
    const [row] = await queryRows<{ query_key: string; code: string }>(
      t.db.connection.db,
      sql`select query_key, code from search_choices`,
    );
    assert.deepEqual(row, { query_key: 'dung gia giai han phep xai', code: '1.013227' }, 'no personal data');
    assert.equal((await choose('9.999999')).statusCode, 404);
    const bad = await t.call('POST', '/api/v1/procedures/search-choices', { body: { query: '', code: '1.001193' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  });

  test('synonyms are data the province edits: seeded, versioned, audited, read by the search at once', async () => {
    const admin = await t.login('admin');
    assert.equal((await t.call('GET', '/api/v1/search/synonyms')).statusCode, 401);
    assert.equal(
      (await t.call('GET', '/api/v1/search/synonyms', { cookie: await t.login('admin.stp') })).statusCode,
      403,
    );
    const seed = (await t.call('GET', '/api/v1/search/synonyms', { cookie: admin })).json();
    assert.equal(seed.version, 0);
    assert.equal(seed.edited, false);
    assert.ok(
      seed.phrases.some((p: { says: string[] }) => p.says.includes('bao tu')),
      'the seed is today’s list',
    );
    assert.notEqual((await search(`q=${encodeURIComponent('giấy báo hỷ')}`)).items[0]?.code, '1.000894');
    const phrases = [...seed.phrases, { says: ['giấy báo hỷ', 'bao hi'], means: 'đăng ký kết hôn' }];
    const body = { expectedVersion: 0, reason: 'Người dân gọi đăng ký kết hôn là báo hỷ', phrases };
    const saved = await t.call('PUT', '/api/v1/search/synonyms', { cookie: admin, body });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json(), { version: 1 });
    assert.equal((await search(`q=${encodeURIComponent('giấy báo hỷ')}`)).items[0].code, '1.000894', 'read at once');
    const stale = await t.call('PUT', '/api/v1/search/synonyms', { cookie: admin, body });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    const empty = await t.call('PUT', '/api/v1/search/synonyms', {
      cookie: admin,
      body: { ...body, expectedVersion: 1, phrases: [{ says: ['!!!'], means: 'khai sinh' }] },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.details[0].path, 'phrases.0.says.0');
    const [audit] = await queryRows<{ n: number; data: { added: string[] } }>(
      t.db.connection.db,
      sql`select count(*)::int as n, max(data::text)::jsonb as data from audit_events where action = 'search.synonyms_updated'`,
    );
    assert.equal(audit?.n, 1);
    assert.deepEqual(audit?.data.added, ['giấy báo hỷ→đăng ký kết hôn', 'bao hi→đăng ký kết hôn']);
  });

  test('searches that found nothing or were refined at once are listed for the province, without digits', async () => {
    assert.equal((await search(`q=${encodeURIComponent('qwxz zzkq 0912345678')}`)).total, 0);
    await search(`q=${encodeURIComponent('zzkq qwxz')}`);
    const refined = await t.call('POST', '/api/v1/procedures/search-misses', {
      body: { query: 'giấy tờ nhà', kind: 'refined' },
    });
    assert.equal(refined.statusCode, 204);
    const misses = (await t.call('GET', '/api/v1/search/misses', { cookie: await t.login('admin') })).json().items;
    // Most frequent first; "giấy báo hỷ", searched before the synonym was added (above), fitted nothing.
    assert.deepEqual(misses.map((m: { query: string; kind: string; count: number }) => [m.query, m.kind, m.count])[0], [
      'qu zzkq',
      'empty',
      2,
    ]);
    assert.deepEqual(
      misses.map((m: { query: string; kind: string; count: number }) => `${m.query}/${m.kind}/${m.count}`).sort(),
      ['bao giai hi/empty/1', 'giai nha to/refined/1', 'qu zzkq/empty/2'],
    );
    assert.equal((await t.call('GET', '/api/v1/search/misses')).statusCode, 401);
  });

  test('filters by level, field and service mode', async () => {
    const commune = await search('level=commune&limit=200');
    assert.equal(commune.total, 588);
    const field = await search(`field=${encodeURIComponent('Hộ tịch')}&q=khai%20sinh&limit=200`);
    assert.ok(field.items.length > 0 && field.items.every((p: { field: string }) => p.field === 'Hộ tịch'));
    const online = await search('serviceMode=full_online&limit=200');
    assert.ok(online.items.every((p: { serviceMode: string }) => p.serviceMode === 'full_online'));
    const fields = (await t.call('GET', '/api/v1/procedure-fields')).json();
    assert.ok(fields.items.find((f: { field: string; count: number }) => f.field === 'Hộ tịch' && f.count > 10));
  });

  test('a procedure page: documents, fees, deadlines, steps of the version in force', async () => {
    const res = await t.call('GET', '/api/v1/procedures/1.001193');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.version, 1);
    assert.equal(body.procedure.name, 'Thủ tục đăng ký khai sinh');
    assert.ok(body.procedure.requiredDocuments.length >= 3);
    assert.deepEqual(
      body.procedure.steps.map((s: { step: string }) => s.step),
      ['receive', 'examine', 'approve', 'issue', 'return'],
    );
    assert.equal((await t.call('GET', '/api/v1/procedures/9.999999')).statusCode, 404);
    assert.equal((await t.call('GET', '/api/v1/procedures/khai-sinh')).statusCode, 400);
    assert.equal(
      (await t.call('GET', '/api/v1/procedures/1.001193?on=2024-01-01')).statusCode,
      404,
      'not in force before the catalogue date',
    );
  });

  test('editing creates a new version from a date; the old one stays for dossiers received under it', async () => {
    const admin = await t.login('admin');
    const body = {
      expectedVersion: 1,
      validFrom: '2026-12-01',
      reason: 'Rút ngắn thời hạn giải quyết (thử nghiệm)',
      changes: {
        deadlines: { counter: { amount: 1, unit: 'working_days', calendarDays: false, text: '01 ngày làm việc' } },
      },
    };
    assert.equal(
      (await t.call('POST', '/api/v1/procedures/1.001193/versions', { cookie: await t.login('admin.stp'), body }))
        .statusCode,
      403,
      'a department admin may not',
    );
    assert.equal(
      (await t.call('POST', '/api/v1/procedures/1.001193/versions', { cookie: await t.login('xem.tinh'), body }))
        .statusCode,
      403,
    );
    assert.equal((await t.call('POST', '/api/v1/procedures/1.001193/versions', { body })).statusCode, 401);
    const bad = await t.call('POST', '/api/v1/procedures/1.001193/versions', {
      cookie: admin,
      body: { ...body, changes: { serviceMode: 'full_online', channels: ['counter'] } },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    const res = await t.call('POST', '/api/v1/procedures/1.001193/versions', { cookie: admin, body });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().version, 2);
    const stale = await t.call('POST', '/api/v1/procedures/1.001193/versions', {
      cookie: admin,
      body: { ...body, validFrom: '2027-01-01' },
    });
    assert.equal(stale.statusCode, 409);
    const versions = (await t.call('GET', '/api/v1/procedures/1.001193/versions')).json().items;
    assert.deepEqual(
      versions.map((v: { version: number; validTo: string | null }) => [v.version, v.validTo]),
      [
        [1, '2026-11-30'],
        [2, null],
      ],
    );
    // Today (23/11/2026) version 1 is still in force; from 1/12 version 2.
    assert.equal((await t.call('GET', '/api/v1/procedures/1.001193')).json().version, 1);
    assert.equal(
      (await t.call('GET', '/api/v1/procedures/1.001193?on=2026-12-01')).json().procedure.deadlines.counter.amount,
      1,
    );
    t.clock.advance(9 * 86_400_000);
    assert.equal((await search('q=1.001193')).items[0].version, 2, 'the search index follows the date');
    const [audit] = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from audit_events where action = 'procedure.version_created'`,
    );
    assert.equal(audit?.n, 1);
  });

  test('bad queries are clear 400s', async () => {
    for (const q of ['level=district', 'serviceMode=maybe', 'limit=0', `q=${'x'.repeat(400)}`]) {
      const res = await t.call('GET', `/api/v1/procedures?${q}`);
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await search(`q=${encodeURIComponent("'; drop table procedures; --")}`)).total >= 0, true);
  });
});
