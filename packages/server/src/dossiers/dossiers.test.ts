import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dossierActionInputSchemas, dossierActions, parseDossierCode } from '@congso/core';
import { getDossierRow, queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
let citizen: string;
const applicant = { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh' };
const counterApplicant = {
  fullName: 'Phạm Văn Lộc',
  nationalId: '072085009876',
  phone: '0988 111 222',
  address: 'Ấp 3, xã Tân Biên',
};

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures('1.001193', '1.000894', '1.004873');
  const admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
});
after(async () => {
  await t?.close();
});

const file = async (cookie: string, key?: string, body: Record<string, unknown> = {}) =>
  t.call('POST', '/api/v1/dossiers', {
    cookie,
    body: {
      procedureCode: '1.001193',
      receivingAgencyId: tanNinh,
      applicant,
      documents: await t.documentsFor(cookie || citizen, '1.001193').catch(() => []),
      ...body,
    },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

describe('filing', () => {
  test('a citizen files online; the same Idempotency-Key returns the same dossier, never a second', async () => {
    const first = await file(citizen, 'key-0000000001');
    assert.equal(first.statusCode, 201, first.body);
    const d = first.json();
    assert.equal(d.status, 'receiving');
    assert.equal(d.statusNumber, 1);
    assert.equal(d.channel, 'online');
    assert.equal(d.applicantName, 'Nguyễn Thị Hoa', 'the name comes from the account');
    const parsed = parseDossierCode(d.code);
    assert.ok(parsed.ok);
    assert.equal(d.code, '000.01.50.H59-261123-0001');
    const again = await file(citizen, 'key-0000000001');
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, d.id);
    const racing = await Promise.all([
      file(citizen, 'key-0000000002'),
      file(citizen, 'key-0000000002'),
      file(citizen, 'key-0000000002'),
    ]);
    assert.equal(new Set(racing.map((r) => r.json().id)).size, 1, 'concurrent repeats give one dossier');
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from dossiers`,
    )) as [{ n: number }];
    assert.equal(n, 2);
  });

  test('bad filings are clear and write nothing', async () => {
    const before = await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from dossiers`);
    for (const [body, status] of [
      [{ procedureCode: '9.999999' }, 400],
      [{ receivingAgencyId: '00000000-0000-4000-8000-000000000000' }, 400],
      [{ applicant: { phone: 'abc', address: 'x' } }, 400],
      [{ applicant: { ...applicant, extra: 1 } }, 400],
    ] as const) {
      const res = await file(citizen, undefined, body);
      assert.equal(res.statusCode, status, res.body);
      assert.ok(res.json().error.message.vi);
    }
    assert.equal((await file(citizen, 'bad key with spaces')).statusCode, 400);
    // A commune-level procedure filed online with a department: not an agency the procedure lists.
    const stp = (await t.call('GET', '/api/v1/auth/me', { cookie: await t.login('motcua.stp') })).json().user.agency.id;
    const offered = (await t.call('GET', '/api/v1/procedures/1.001193/receiving-agencies?limit=200')).json();
    assert.ok(!offered.items.some((a: { id: string }) => a.id === stp), 'the portal does not offer it');
    const wrongLevel = await file(citizen, 'key-wrong-level-1', { receivingAgencyId: stp });
    assert.equal(wrongLevel.statusCode, 400, wrongLevel.body);
    assert.deepEqual(wrongLevel.json().error.details, [{ path: 'receivingAgencyId', code: 'wrong_level' }]);
    assert.match(wrongLevel.json().error.message.vi, /không tiếp nhận thủ tục này trực tuyến/);
    assert.equal((await file(await t.login('motcua.tanninh'))).statusCode, 403, 'officers use the desk');
    assert.equal((await file('')).statusCode, 401);
    assert.deepEqual(await queryRows(t.db.connection.db, sql`select count(*)::int as n from dossiers`), before);
  });

  test('filings that arrive together are written together; a bad one among them fails alone', async () => {
    const before = await queryRows<{ code: string }>(
      t.db.connection.db,
      sql`select code from dossiers where receiving_agency_id = ${tanNinh}::uuid order by code desc limit 1`,
    );
    const start = Number(before[0]?.code.slice(-4) ?? 0);
    const bodies = [];
    for (let i = 0; i < 30; i++) bodies.push(await t.documentsFor(citizen, '1.001193'));
    // Filing 7 names a file that filing 3 also names: whichever goes second cannot have it.
    const shared = bodies[3]?.[0]?.fileIds[0] as string;
    (bodies[7]?.[0] as { fileIds: string[] }).fileIds = [shared];
    const earlier = (await file(citizen, 'key-0000000001')).json().id;
    // Among them, a repeat of an earlier filing (its Idempotency-Key): it answers the earlier dossier.
    const [repeat, ...results] = await Promise.all([
      file(citizen, 'key-0000000001'),
      ...bodies.map((documents, i) => file(citizen, `batch-key-${String(i).padStart(4, '0')}`, { documents })),
    ]);
    assert.equal(repeat?.statusCode, 200, repeat?.body);
    assert.equal(repeat?.json().id, earlier);
    const refused = results.filter((r) => r.statusCode !== 201);
    assert.equal(refused.length, 1, results.map((r) => r.statusCode).join(','));
    assert.equal(refused[0]?.statusCode, 400);
    assert.equal(refused[0]?.json().error.details[0].code, 'file_not_available');
    const codes = results.filter((r) => r.statusCode === 201).map((r) => r.json().code as string);
    assert.deepEqual(
      codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b),
      Array.from({ length: 29 }, (_, i) => start + i + 1),
      'gap-free: the refused filing gave its number back',
    );
    const rows = await queryRows<{ transactions: number; events: number; audits: number; files: number }>(
      t.db.connection.db,
      sql`with d as (
            select id, xmin::text as tx from dossiers
            where code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))
          )
          select (select count(distinct tx)::int from d) as transactions,
            (select count(*)::int from dossier_events e join d on d.id = e.dossier_id) as events,
            (select count(*)::int from audit_events a join d on d.id::text = a.entity_id) as audits,
            (select count(*)::int from files f join d on d.id = f.dossier_id) as files`,
    );
    const row = rows[0] as { transactions: number; events: number; audits: number; files: number };
    assert.ok(row.transactions < 29, `29 filings in ${row.transactions} transactions: they went together`);
    assert.equal(row.events, 29);
    assert.equal(row.audits, 29);
    const perFiling = (bodies[0] ?? []).length;
    assert.equal(row.files, 29 * perFiling, 'each dossier has its own files');
    const sharedOwner = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from files where id = ${shared}::uuid and dossier_id is not null`,
    );
    assert.equal(sharedOwner[0]?.n, 1);
  });

  test('1,000 concurrent counter intakes at one agency get unique, gap-free codes', async () => {
    const clerk = await t.login('motcua.stp');
    const stp = (await t.call('GET', '/api/v1/auth/me', { cookie: clerk })).json().user.agency.id;
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        t.call('POST', '/api/v1/desk/dossiers', {
          cookie: clerk,
          body: {
            procedureCode: '1.004873',
            receivingAgencyId: stp,
            applicant: { ...counterApplicant, fullName: `Người nộp ${i}` },
          },
        }),
      ),
    );
    assert.ok(
      results.every((r) => r.statusCode === 201),
      results.find((r) => r.statusCode !== 201)?.body,
    );
    const seqs = results.map((r) => Number(r.json().code.slice(-4))).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    assert.ok(results.every((r) => r.json().status === 'received' && r.json().dueAt));
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from people where username = ${counterApplicant.nationalId}`,
    )) as [{ n: number }];
    assert.equal(n, 1, 'a citizen first met at the counter gets one account');
  });
});

describe('counter intake with an Idempotency-Key', () => {
  const intake = (cookie: string, key: string | undefined, applicantOverride: Record<string, unknown> = {}) =>
    t.call('POST', '/api/v1/desk/dossiers', {
      cookie,
      body: { procedureCode: '1.001193', applicant: { ...counterApplicant, ...applicantOverride } },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const dossierCount = async () =>
    (
      (await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from dossiers`))[0] as {
        n: number;
      }
    ).n;

  test('the same key from the same officer answers the first dossier (200) and writes nothing', async () => {
    const clerk = await t.login('motcua.tanninh');
    const first = await intake(clerk, 'desk-form-0001');
    assert.equal(first.statusCode, 201, first.body);
    const before = await dossierCount();
    const again = await intake(clerk, 'desk-form-0001');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.json().code, first.json().code);
    const otherApplicant = await intake(clerk, 'desk-form-0001', {
      fullName: 'Lê Thị Mai',
      nationalId: '072190001111',
    });
    assert.equal(otherApplicant.statusCode, 200, 'a key names one filing, whatever is sent again with it');
    assert.equal(otherApplicant.json().id, first.json().id);
    assert.equal(await dossierCount(), before, 'nothing new written');
    const next = await intake(clerk, 'desk-form-0002');
    assert.equal(next.statusCode, 201, 'another key is another filing');
    assert.notEqual(next.json().id, first.json().id);
    assert.equal((await intake(clerk, 'short')).statusCode, 400, 'a key of fewer than 8 characters');
  });

  test('two requests at once with one key: one dossier, both answered with it', async () => {
    const clerk = await t.login('motcua.tanninh');
    const before = await dossierCount();
    const [a, b] = await Promise.all([intake(clerk, 'desk-race-0001'), intake(clerk, 'desk-race-0001')]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201], `${a.body} ${b.body}`);
    assert.equal(a.json().id, b.json().id);
    assert.equal(await dossierCount(), before + 1);
    // A citizen first met at the counter: the account is made once too.
    const [c, d] = await Promise.all([
      intake(clerk, 'desk-race-0002', { nationalId: '079201009999', fullName: 'Võ Văn Tư' }),
      intake(clerk, 'desk-race-0002', { nationalId: '079201009999', fullName: 'Võ Văn Tư' }),
    ]);
    assert.deepEqual([c.statusCode, d.statusCode].sort(), [200, 201], `${c.body} ${d.body}`);
    assert.equal(c.json().id, d.json().id);
    assert.equal(await dossierCount(), before + 2);
  });

  test('another officer’s key, or a citizen’s online key, is not this officer’s', async () => {
    const clerk = await t.login('motcua.tanninh');
    const first = await intake(clerk, 'desk-mine-0001');
    assert.equal(first.statusCode, 201);
    const otherClerk = await t.login('motcua.stp');
    const theirs = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: otherClerk,
      body: { procedureCode: '1.004873', applicant: counterApplicant },
      headers: { 'idempotency-key': 'desk-mine-0001' },
    });
    assert.equal(theirs.statusCode, 201, theirs.body);
    assert.notEqual(theirs.json().id, first.json().id);
    const me = (await t.call('GET', '/api/v1/auth/me', { cookie: clerk })).json().user.id;
    const online = await file(citizen, `desk:${me}:desk-online-01`);
    assert.equal(online.statusCode, 201, online.body);
    const mine = await intake(clerk, 'desk-online-01');
    assert.equal(mine.statusCode, 201, 'a citizen’s key shaped like the officer’s stored key is not theirs');
    assert.notEqual(mine.json().id, online.json().id);
  });
});

describe('the contract in the OpenAPI document', () => {
  test('every action’s body is in /docs/json, with its own fields', async () => {
    const doc = (await t.call('GET', '/docs/json')).json();
    const body = doc.paths['/api/v1/dossiers/{id}/actions'].post.requestBody.content['application/json'].schema;
    const variants = body.oneOf as { properties: Record<string, { enum?: string[] }>; required?: string[] }[];
    assert.ok(Array.isArray(variants), JSON.stringify(body).slice(0, 500));
    const byAction = new Map(variants.map((v) => [v.properties.action?.enum?.join(), v]));
    assert.deepEqual([...byAction.keys()].sort(), [...dossierActions].sort());
    for (const action of dossierActions) {
      const variant = byAction.get(action);
      const fields = [...Object.keys(dossierActionInputSchemas[action].shape), 'version'];
      assert.deepEqual(Object.keys(variant?.properties ?? {}).sort(), fields.sort(), action);
      assert.ok(variant?.required?.includes('version') && variant.required.includes('action'), action);
    }
    const issue = byAction.get('issue_result');
    assert.deepEqual(issue?.required?.sort(), ['action', 'results', 'version']);
    const detail = doc.paths['/api/v1/dossiers/{id}'].get.responses['200'].content['application/json'].schema;
    assert.ok(detail.properties.state.properties.currentStep, 'the state’s shape is documented');
    assert.ok(detail.properties.applicant.properties.fullName, 'the applicant’s shape is documented');
  });

  test('a bad action body is a 400 with the field’s problem; the detail shows the whole state', async () => {
    const clerk = await t.login('motcua.tanninh');
    const d = (await file(citizen, 'contract-0000001')).json();
    const act = (body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/dossiers/${d.id}/actions`, { cookie: clerk, body: { version: d.version, ...body } });
    const blank = await act({ action: 'refuse_receipt', reason: '   ' });
    assert.equal(blank.statusCode, 400, blank.body);
    assert.deepEqual(blank.json().error.details, [
      { path: 'body.reason', code: 'required', message: { vi: 'Không được để trống.', en: 'Required.' } },
    ]);
    const long = await act({ action: 'refuse_receipt', reason: 'x'.repeat(2001) });
    assert.deepEqual(long.json().error.details, [
      { path: 'body.reason', code: 'too_long', message: { vi: 'Tối đa 2000 ký tự.', en: 'At most 2000 characters.' } },
    ]);
    const unknownField = await act({ action: 'receive', reason: 'x' });
    assert.equal(unknownField.statusCode, 400);
    assert.equal(unknownField.json().error.details[0].code, 'unrecognized_keys');
    const received = await act({ action: 'receive', note: '  ' });
    assert.equal(received.statusCode, 200, received.body);
    assert.deepEqual(received.json().events.at(-1).data, {}, 'a blank note is no note');
    const row = await getDossierRow(t.db.connection.db, { id: d.id });
    assert.deepEqual(received.json().state, row?.state, 'nothing of the state is left out of the detail');
  });
});

describe('the lifecycle over HTTP', () => {
  test('receive → forward → assign → supplement → resubmit → propose → approve → issue → return → rate', async () => {
    const cookies: Record<string, string> = {};
    for (const u of [
      'motcua.tanninh',
      'truongphong.tanninh',
      'chuyenvien.tanninh',
      'chutich.tanninh',
      'vanthu.tanninh',
    ])
      cookies[u] = await t.login(u);
    let d = (await file(citizen, 'journey-000001')).json();
    const act = async (who: string, body: Record<string, unknown>, expected = 200) => {
      const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: who === 'citizen' ? citizen : cookies[who],
        body: { version: d.version, ...body },
      });
      assert.equal(res.statusCode, expected, `${body.action}: ${res.body}`);
      if (expected === 200) d = res.json();
      return res;
    };
    const queue = (
      await t.call('GET', '/api/v1/dossiers?status=receiving', { cookie: cookies['motcua.tanninh'] })
    ).json();
    assert.ok(
      queue.items.some((x: { id: string }) => x.id === d.id),
      'in the clerk’s queue',
    );
    assert.ok(d.availableActions.length === 0 || !d.availableActions.includes('receive'), 'the citizen cannot receive');
    await act('motcua.tanninh', { action: 'receive' });
    assert.equal(d.status, 'received');
    assert.ok(d.dueAt);
    const receipt = await t.call('GET', `/api/v1/dossiers/${d.id}/receipt.pdf`, { cookie: cookies['motcua.tanninh'] });
    assert.equal(receipt.statusCode, 200);
    assert.equal(receipt.headers['content-type'], 'application/pdf');
    assert.equal(receipt.rawPayload.subarray(0, 5).toString(), '%PDF-');
    await act('motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    const specialistId = (await t.call('GET', '/api/v1/auth/me', { cookie: cookies['chuyenvien.tanninh'] })).json().user
      .id;
    await act('truongphong.tanninh', { action: 'assign', assigneeId: specialistId });
    await act('chuyenvien.tanninh', {
      action: 'request_supplement',
      items: ['Giấy chứng sinh (bản chính)'],
      reason: 'Thiếu giấy chứng sinh',
    });
    assert.equal(d.status, 'waiting_supplement');
    await act('chuyenvien.tanninh', { action: 'approve' }, 409); // not allowed in this status
    await act('citizen', { action: 'submit_supplement', note: 'Đã bổ sung' });
    assert.equal(d.status, 'processing');
    await act('chuyenvien.tanninh', { action: 'propose_approval' });
    await act('chutich.tanninh', { action: 'approve' });
    await act('vanthu.tanninh', {
      action: 'issue_result',
      results: [{ name: 'Giấy khai sinh', number: '123/2026' }],
    });
    assert.equal(d.status, 'processed');
    await act('motcua.tanninh', { action: 'return_result', method: 'counter' });
    assert.equal(d.status, 'returned');
    assert.ok(d.finishedAt && d.outcome);
    await act('citizen', { action: 'rate', rating: 'very_satisfied', comment: 'Nhanh, chu đáo' });
    assert.deepEqual(
      d.events.map((e: { action: string }) => e.action),
      [
        'submit_online',
        'receive',
        'forward',
        'assign',
        'request_supplement',
        'submit_supplement',
        'propose_approval',
        'approve',
        'issue_result',
        'return_result',
        'rate',
      ],
    );
    const mine = (await t.call('GET', '/api/v1/dossiers', { cookie: citizen })).json();
    assert.ok(mine.items.some((x: { id: string; status: string }) => x.id === d.id && x.status === 'returned'));
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from audit_events where entity_id = ${d.id}`,
    )) as [{ n: number }];
    assert.equal(n, 11, 'each action has its audit event');
  });

  test('an inter-agency step goes to the other agency’s queue and comes back', async () => {
    const who = ['motcua.tanninh', 'truongphong.tanninh', 'chuyenvien.tanninh', 'chuyenvien.stp', 'truongphong.stp'];
    const c: Record<string, string> = {};
    for (const u of who) c[u] = await t.login(u);
    let d = (await file(citizen, 'inter-agency-0001')).json();
    const act = async (u: string, body: Record<string, unknown>, expected = 200) => {
      const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: c[u],
        body: { version: d.version, ...body },
      });
      assert.equal(res.statusCode, expected, `${u} ${body.action}: ${res.body}`);
      if (expected === 200) d = res.json();
    };
    const stp = (await t.call('GET', '/api/v1/auth/me', { cookie: c['chuyenvien.stp'] })).json().user.agency.id;
    const specialist = (await t.call('GET', '/api/v1/auth/me', { cookie: c['chuyenvien.tanninh'] })).json().user.id;
    await act('motcua.tanninh', { action: 'receive' });
    await act('motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    await act('truongphong.tanninh', { action: 'assign', assigneeId: specialist });
    const inQueue = async (u: string) =>
      ((await t.call('GET', '/api/v1/dossiers?limit=200', { cookie: c[u] })).json().items as { id: string }[]).some(
        (x) => x.id === d.id,
      );
    assert.equal(await inQueue('chuyenvien.stp'), false, 'not at the department before it is sent');
    assert.equal((await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: c['chuyenvien.stp'] })).statusCode, 404);
    await act('chuyenvien.tanninh', { action: 'send_to_agency', agencyId: stp, note: 'Xin ý kiến Sở Tư pháp' });
    assert.equal(await inQueue('chuyenvien.stp'), true, 'in the department’s queue');
    const atStp = (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: c['chuyenvien.stp'] })).json();
    assert.ok(atStp.availableActions.includes('return_from_agency'), atStp.availableActions.join(','));
    await act('chuyenvien.tanninh', { action: 'propose_approval' }, 409); // the step is away
    await act('chuyenvien.stp', { action: 'return_from_agency', note: 'Đủ điều kiện' });
    assert.equal(d.state.currentStep.interAgency ?? false, false);
    await act('chuyenvien.tanninh', { action: 'propose_approval' });
    assert.equal(d.status, 'processing');
  });

  test('the queue: open dossiers, the steps an officer holds, and counts per status in one call', async () => {
    const clerk = await t.login('motcua.tanninh');
    const head = await t.login('truongphong.tanninh');
    const specialist = await t.login('chuyenvien.tanninh');
    const specialistId = (await t.call('GET', '/api/v1/auth/me', { cookie: specialist })).json().user.id;
    let d = (await file(citizen, 'queue-filter-0001')).json();
    for (const [cookie, body] of [
      [clerk, { action: 'receive' }],
      [clerk, { action: 'forward', agencyId: tanNinh }],
      [head, { action: 'assign', assigneeId: specialistId }],
    ] as const) {
      d = (
        await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, { cookie, body: { version: d.version, ...body } })
      ).json();
    }
    const list = async (cookie: string, query: string) =>
      (await t.call('GET', `/api/v1/dossiers?limit=200&${query}`, { cookie })).json() as {
        items: { id: string; status: string }[];
        total: number;
      };
    const mine = await list(specialist, 'mine=true');
    assert.ok(
      mine.items.some((x) => x.id === d.id),
      'the specialist holds it',
    );
    assert.equal(
      (await list(head, 'mine=true')).items.some((x) => x.id === d.id),
      false,
    );
    const open = await list(clerk, 'open=true');
    assert.ok(open.items.every((x) => !['returned', 'denied', 'withdrawn', 'stopped'].includes(x.status)));
    const counts = (await t.call('GET', '/api/v1/dossiers/counts', { cookie: clerk })).json();
    const all = await list(clerk, '');
    assert.equal(counts.total, all.total);
    assert.equal(counts.open, open.total);
    assert.equal(counts.byStatus.processing, (await list(clerk, 'status=processing')).total);
    const citizenCounts = (await t.call('GET', '/api/v1/dossiers/counts', { cookie: citizen })).json();
    assert.equal(citizenCounts.total, (await list(citizen, '')).total, 'a citizen counts their own');
    assert.equal((await t.call('GET', '/api/v1/dossiers/counts')).statusCode, 401);
  });

  test('the queue finds one dossier by part of its code, the applicant’s name with or without marks, or the CCCD', async () => {
    const clerk = await t.login('motcua.tanninh');
    const intake = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: clerk,
      body: { procedureCode: '1.001193', channel: 'counter', applicant: counterApplicant },
    });
    assert.equal(intake.statusCode, 201, intake.body);
    const d = intake.json();
    const found = async (q: string) => {
      const res = await t.call('GET', `/api/v1/dossiers?limit=200&q=${encodeURIComponent(q)}`, { cookie: clerk });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().items as { id: string }[]).map((x) => x.id);
    };
    const lastPart = d.code.slice(-11); // "yyMMdd-NNNN"
    for (const q of [
      d.code,
      d.code.toLowerCase(),
      lastPart,
      'Phạm Văn Lộc',
      'pham van loc',
      '  PHAM VAN  ',
      'Lộc',
      counterApplicant.nationalId,
    ])
      assert.ok((await found(q)).includes(d.id), q);
    for (const q of ['Phạm Văn Lộcc', '072085009877', '%', '_', 'pham_van'])
      assert.equal((await found(q)).includes(d.id), false, q);
    // Another agency's clerk does not find it, whatever they type.
    const other = await t.login('motcua.stp');
    const res = await t.call('GET', `/api/v1/dossiers?q=${encodeURIComponent(d.code)}`, { cookie: other });
    assert.equal(res.json().total, 0);
    // A search is at most 100 characters, and not blank.
    for (const q of ['x'.repeat(101), '   '])
      assert.equal(
        (await t.call('GET', `/api/v1/dossiers?q=${encodeURIComponent(q)}`, { cookie: clerk })).statusCode,
        400,
        q,
      );
  });

  test('two officers acting on the same version: one succeeds, the other gets 409 and nothing is half-written', async () => {
    const clerk = await t.login('motcua.tanninh');
    const d = (await file(citizen, 'race-00000001')).json();
    const [a, b] = await Promise.all([
      t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'receive' },
      }),
      t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'refuse_receipt', reason: 'Thiếu giấy tờ' },
      }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    assert.equal((a.statusCode === 409 ? a : b).json().error.code, 'VERSION_CONFLICT');
    const rows = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from dossier_events where dossier_id = ${d.id}`,
    );
    assert.equal(rows[0]?.n, 2);
  });

  test('reading: other citizens and officers of other agencies see nothing', async () => {
    const d = (await file(citizen, 'privacy-0001')).json();
    const other = await t.login('080195004321');
    assert.equal((await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: other })).statusCode, 404);
    assert.equal(
      (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: await t.login('chuyenvien.stp') })).statusCode,
      404,
    );
    assert.equal(
      (await t.call('GET', `/api/v1/dossiers/${d.id}`, { cookie: await t.login('admin') })).statusCode,
      200,
      'the province above',
    );
    const bad = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
      cookie: await t.login('motcua.tanninh'),
      body: { version: d.version, action: 'refuse_receipt' },
    });
    assert.equal(bad.statusCode, 400, 'a refusal needs a reason');
    assert.equal(
      (
        await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
          cookie: citizen,
          body: { version: d.version, action: 'fly' },
        })
      ).statusCode,
      400,
    );
  });

  test('public lookup needs the code and the last 4 digits of the phone; the same answer otherwise', async () => {
    const d = (await file(citizen, 'lookup-00001')).json();
    const ok = await t.call('GET', `/api/v1/lookup?code=${d.code}&phone=5678`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().applicant, 'Nguyễn T. H.');
    assert.equal(ok.json().status, 'receiving');
    const wrong = await t.call('GET', `/api/v1/lookup?code=${d.code}&phone=1234`);
    const unknown = await t.call('GET', '/api/v1/lookup?code=000.01.50.H59-261123-9999&phone=5678');
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(wrong.body, unknown.body);
    assert.equal((await t.call('GET', `/api/v1/lookup?code=${d.code}`)).statusCode, 400);
  });
});

describe('actions naming an agency or an assignee', () => {
  test('unknown or unfit ids are a 400 and change nothing (they were a 500 from the foreign key)', async () => {
    const clerk = await t.login('motcua.tanninh');
    const head = await t.login('truongphong.tanninh');
    const me = async (u: string) => (await t.call('GET', '/api/v1/auth/me', { cookie: await t.login(u) })).json().user;
    const [stpSpecialist, citizenB, specialist] = [
      await me('chuyenvien.stp'),
      await me('080195004321'),
      await me('chuyenvien.tanninh'),
    ];
    let d = (await file(citizen, 'named-ids-0001')).json();
    const act = (cookie: string, body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/dossiers/${d.id}/actions`, { cookie, body: { version: d.version, ...body } });
    d = (await act(clerk, { action: 'receive' })).json();
    const unknown = '3f2b8c1e-1111-4111-8111-111111111111';
    for (const agencyId of [unknown, 'not-an-id']) {
      const res = await act(clerk, { action: 'forward', agencyId });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(
        res.json().error.details.map((i: { path: string; code: string }) => [i.path, i.code]),
        [['agencyId', 'not_found']],
      );
    }
    d = (await act(clerk, { action: 'forward', agencyId: tanNinh })).json();
    assert.equal(d.status, 'processing');
    for (const assigneeId of [unknown, citizenB.id, stpSpecialist.id, 'zzz']) {
      const res = await act(head, { action: 'assign', assigneeId });
      assert.equal(res.statusCode, 400, `${assigneeId}: ${res.body}`);
      assert.equal(res.json().error.details[0].path, 'assigneeId');
    }
    const sent = await act(head, { action: 'send_to_agency', agencyId: unknown });
    assert.equal(sent.statusCode, 400, sent.body);
    const events = await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from dossier_events where dossier_id = ${d.id}`,
    );
    assert.equal(events[0]?.n, 3, 'filed, received, forwarded: nothing else was written');
    assert.equal((await act(head, { action: 'assign', assigneeId: specialist.id })).statusCode, 200);
  });
});
