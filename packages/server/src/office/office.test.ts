import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { outgoingDraftSchema, parseEdxmlPackage } from '@congso/core';
import { getAgencyById, getPersonByUsername, insertExchangePeer, queryRows, sql } from '@congso/db';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../signing/registry';
import { createTestApp, sampleFile, type TestApp } from '../testing';
import { renderComposedDocument } from './office-renderers';

let t: TestApp;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const agencies: Record<string, string> = {};

async function as(username: string) {
  cookies[username] ??= await t.login(username);
  return cookies[username] as string;
}
async function uploadPdf(username: string, bytes?: Uint8Array) {
  const res = await t.upload(await as(username), bytes ? { name: 'van-ban.pdf', bytes } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
const count = async (table: string) =>
  Number(
    (await queryRows<{ n: number }>(t.db.connection.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n,
  );

const metadata = {
  organId: '000.00.00.G12',
  organName: 'Bộ Tư pháp',
  typeCode: 'cong_van',
  number: '3050',
  notation: 'BTP-KSTT',
  issuedDate: '2026-11-18',
  subject: 'Về việc rà soát, đơn giản hóa thủ tục hành chính năm 2027',
  signer: { position: 'KT. Bộ trưởng - Thứ trưởng', fullName: 'Nguyễn Thanh Tịnh' },
  recipients: ['UBND các tỉnh, thành phố'],
  priority: 1,
};

before(async () => {
  t = await createTestApp();
  // The province CA, the director's personal certificate and Sở Tư pháp's organisation certificate.
  await prepareProvinceAuthority(t.ctx);
  for (const u of [
    'vanthu.stp',
    'giamdoc.stp',
    'truongphong.stp',
    'chuyenvien.stp',
    'vanthu.tanninh',
    'motcua.stp',
    'vanthu.vp',
  ]) {
    const p = await getPersonByUsername(t.db.connection.db, u);
    ids[u] = p?.id as string;
    agencies[u] = p?.agencyId as string;
  }
  await issueRegistryCertificate(t.ctx, null, { kind: 'personal', personId: ids['giamdoc.stp'] as string }, null);
  await issueRegistryCertificate(
    t.ctx,
    null,
    { kind: 'organization', agencyId: agencies['vanthu.stp'] as string },
    null,
  );
});
after(() => t.close());

describe('incoming documents over HTTP', () => {
  let docId = '';

  it('the document clerk registers an uploaded PDF: arrival number 1 of the year’s register', async () => {
    const fileId = await uploadPdf('vanthu.stp');
    const res = await t.call('POST', '/api/v1/office/incoming', {
      cookie: await as('vanthu.stp'),
      body: { fileId, metadata },
    });
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json();
    docId = doc.id;
    assert.equal(doc.number, 1);
    assert.equal(doc.notation, '3050/BTP-KSTT');
    assert.equal(doc.status, 'registered');
    assert.equal(doc.version, 1);
    assert.equal(doc.receiptOnTime, true);
    assert.deepEqual(doc.availableActions, ['assign']);
    assert.deepEqual(doc.typeName, { vi: 'Công văn', en: 'Official letter' });
    // The same file cannot make a second document.
    const again = await t.call('POST', '/api/v1/office/incoming', {
      cookie: await as('vanthu.stp'),
      body: { fileId, metadata },
    });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error.details[0].code, 'file_not_available');
  });

  it('refuses bad metadata with field messages and writes nothing', async () => {
    const before = await count('office_documents');
    const audits = await count('audit_events');
    const fileId = await uploadPdf('vanthu.stp');
    const res = await t.call('POST', '/api/v1/office/incoming', {
      cookie: await as('vanthu.stp'),
      body: { fileId, metadata: { ...metadata, subject: 'x'.repeat(501), priority: 7 } },
    });
    assert.equal(res.statusCode, 400);
    const error = res.json().error;
    assert.equal(error.code, 'VALIDATION_FAILED');
    const byPath = Object.fromEntries(
      error.details.map((d: { path: string; message: { vi: string } }) => [d.path, d.message.vi]),
    );
    assert.equal(byPath['body.metadata.subject'], 'Tối đa 500 ký tự.');
    assert.equal(
      byPath['body.metadata.priority'],
      'Độ khẩn phải là 0 (thường), 1 (khẩn), 2 (thượng khẩn), 3 (hỏa tốc) hoặc 4 (hỏa tốc hẹn giờ).',
    );
    assert.equal(await count('office_documents'), before);
    assert.equal(await count('audit_events'), audits + 1); // the upload's own
    // Only the document clerk registers.
    const specialist = await t.call('POST', '/api/v1/office/incoming', {
      cookie: await as('chuyenvien.stp'),
      body: { fileId: await uploadPdf('chuyenvien.stp'), metadata },
    });
    assert.equal(specialist.statusCode, 403);
  });

  it('is assigned leader → department → specialist, handled and done; stale versions get 409', async () => {
    const act = async (user: string, body: object) =>
      t.call('POST', `/api/v1/office/incoming/${docId}/actions`, { cookie: await as(user), body });
    let res = await act('vanthu.stp', {
      action: 'assign',
      version: 1,
      assigneeId: ids['giamdoc.stp'],
      level: 'leader',
      instructions: 'Kính trình Giám đốc',
      deadlineWorkingDays: 5,
    });
    assert.equal(res.statusCode, 200, res.body);
    // Mon 23/11 09:00 + 5 working days.
    assert.equal(res.json().dueAt, '2026-11-30T02:00:00.000Z');
    const stale = await act('vanthu.stp', {
      action: 'assign',
      version: 1,
      assigneeId: ids['giamdoc.stp'],
      level: 'leader',
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    // A specialist named at the department level is refused.
    res = await act('giamdoc.stp', {
      action: 'assign',
      version: 2,
      assigneeId: ids['chuyenvien.stp'],
      level: 'department',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].path, 'assigneeId');
    res = await act('giamdoc.stp', {
      action: 'assign',
      version: 2,
      assigneeId: ids['truongphong.stp'],
      level: 'department',
      instructions: 'Phòng chủ trì tham mưu',
    });
    assert.equal(res.statusCode, 200, res.body);
    res = await act('truongphong.stp', { action: 'opinion', version: 3, text: 'Giao đồng chí Khoa' });
    assert.equal(res.json().status, 'handling');
    res = await act('truongphong.stp', {
      action: 'assign',
      version: 4,
      assigneeId: ids['chuyenvien.stp'],
      level: 'specialist',
    });
    assert.equal(res.json().holderName, 'Bùi Văn Khoa');
    const mine = await t.call('GET', '/api/v1/office/incoming?mine=true', { cookie: await as('chuyenvien.stp') });
    assert.deepEqual(
      mine.json().items.map((d: { id: string }) => d.id),
      [docId],
    );
    // Overdue once the deadline passed (Mon 30/11 09:00), by started working days.
    t.clock.advance(8 * 86_400_000); // Tue 1/12 09:00
    for (const k of Object.keys(cookies)) delete cookies[k];
    const overdue = await t.call('GET', '/api/v1/office/incoming?overdue=true', { cookie: await as('giamdoc.stp') });
    assert.equal(overdue.json().total, 1);
    assert.equal(overdue.json().items[0].overdueWorkingDays, 1);
    assert.equal(overdue.json().items[0].overdue, true);
    res = await act('chuyenvien.stp', { action: 'complete', version: 5, note: 'Đã có văn bản trả lời' });
    assert.equal(res.statusCode, 200, res.body);
    const done = res.json();
    assert.equal(done.status, 'done');
    assert.equal(done.overdueWorkingDays, 1);
    assert.deepEqual(
      done.events.map((e: { action: string; actorName: string }) => [e.action, e.actorName]),
      [
        ['register', 'Đỗ Văn Hùng'],
        ['assign', 'Đỗ Văn Hùng'],
        ['assign', 'Huỳnh Thanh Sơn'],
        ['opinion', 'Đặng Thị Lan'],
        ['assign', 'Đặng Thị Lan'],
        ['complete', 'Bùi Văn Khoa'],
      ],
    );
    const trace = await queryRows<{ seq: number; level: string }>(
      t.db.connection.db,
      sql`select seq, level from office_assignments where document_id = ${docId} order by seq`,
    );
    assert.deepEqual(
      trace.map((r) => [r.seq, r.level]),
      [
        [1, 'leader'],
        [2, 'department'],
        [3, 'specialist'],
      ],
    );
    assert.equal(
      (await t.call('GET', '/api/v1/office/incoming?overdue=true', { cookie: await as('giamdoc.stp') })).json().total,
      0,
    );
    // Another agency's officer does not see it.
    assert.equal(
      (await t.call('GET', `/api/v1/office/incoming/${docId}`, { cookie: await as('vanthu.tanninh') })).statusCode,
      404,
    );
  });
});

describe('outgoing documents over HTTP', () => {
  let outId = '';

  it('a specialist composes a công văn; review returns it once; the leader approves and signs through the signing service', async () => {
    const res = await t.call('POST', '/api/v1/office/outgoing', {
      cookie: await as('chuyenvien.stp'),
      body: {
        draft: {
          typeCode: 'cong_van',
          unit: 'HCTP',
          subject: 'Về việc triển khai phòng chống lụt bão',
          signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
          recipients: [
            { kind: 'internal', agencyId: agencies['vanthu.tanninh'] },
            { kind: 'external', name: 'Bộ Tư pháp', organId: '000.00.00.G12' },
            { kind: 'note', name: 'Lưu: VT, HCTP' },
          ],
        },
        content: 'Sở Tư pháp đề nghị Ủy ban nhân dân xã Tân Ninh chủ động phương án ứng phó mùa mưa bão.',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    outId = res.json().id;
    assert.equal(res.json().status, 'draft');
    assert.deepEqual(res.json().availableActions, ['update', 'submit']);
    const act = async (user: string, body: object) =>
      t.call('POST', `/api/v1/office/outgoing/${outId}/actions`, { cookie: await as(user), body });
    assert.equal((await act('chuyenvien.stp', { action: 'submit', version: 1 })).statusCode, 200);
    const returned = await act('truongphong.stp', { action: 'return', version: 2, reason: 'Bổ sung nơi nhận' });
    assert.equal(returned.json().status, 'draft');
    assert.equal((await act('truongphong.stp', { action: 'return', version: 3 })).statusCode, 400);
    assert.equal((await act('truongphong.stp', { action: 'return', version: 2, reason: 'Lần nữa' })).statusCode, 409);
    assert.equal((await act('chuyenvien.stp', { action: 'submit', version: 3 })).statusCode, 200);
    assert.equal(
      (await act('giamdoc.stp', { action: 'approve', version: 4, note: 'Đồng ý' })).json().status,
      'approved',
    );
    // An upload must carry a valid signature (the signer's own device); an unsigned one is refused.
    const unsigned = await act('giamdoc.stp', {
      action: 'sign',
      version: 5,
      signedFileId: await uploadPdf('giamdoc.stp'),
    });
    assert.equal(unsigned.statusCode, 422);
    assert.equal(unsigned.json().error.code, 'SIGNATURE_NOT_VALID');
    assert.equal((await act('truongphong.stp', { action: 'sign', version: 5 })).statusCode, 403);
    const draftFileId = (
      await t.call('GET', `/api/v1/office/outgoing/${outId}`, { cookie: await as('giamdoc.stp') })
    ).json().fileId;
    const signed = await act('giamdoc.stp', { action: 'sign', version: 5 });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.notEqual(signed.json().fileId, draftFileId);
  });

  it('the clerk issues it with the register’s next number on the signing date and sends it', async () => {
    const act = async (user: string, body: object) =>
      t.call('POST', `/api/v1/office/outgoing/${outId}/actions`, { cookie: await as(user), body });
    const issued = await act('vanthu.stp', { action: 'issue', version: 6 });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal(issued.json().number, 1);
    assert.equal(issued.json().notation, '01/STP-HCTP');
    assert.equal(issued.json().issuedDate, '2026-12-01');
    // Bộ Tư pháp is outside Congso: no installation answers for its code yet, so nothing is sent.
    const noPeer = await act('vanthu.stp', { action: 'send', version: 7 });
    assert.equal(noPeer.statusCode, 422, noPeer.body);
    assert.equal(noPeer.json().error.code, 'EXCHANGE_NO_PEER');
    assert.deepEqual(noPeer.json().error.details, { organId: '000.00.00.G12' });
    assert.equal(await count('office_deliveries'), 0);
    await insertExchangePeer(t.db.connection.db, {
      id: randomUUID(),
      name: 'Hệ thống của Bộ Tư pháp',
      baseUrl: 'http://127.0.0.1:9',
      organIds: ['000.00.00.G12'],
      publicKey: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      keyId: 'b'.repeat(64),
      createdAt: t.ctx.now(),
      updatedAt: t.ctx.now(),
    });
    const sent = await act('vanthu.stp', { action: 'send', version: 7 });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().status, 'sent');
    assert.equal(sent.json().deliveries.length, 1);
    // The edXML package for Bộ Tư pháp, queued by the exchange in the same transaction, with its job.
    const queued = await queryRows<{ document_id: string; to_organ_ids: string[]; state: string; body: string }>(
      t.db.connection.db,
      sql`select document_id, to_organ_ids, state, body from exchange_messages where direction = 'out'`,
    );
    assert.equal(queued.length, 1);
    const stp = (await getAgencyById(t.db.connection.db, agencies['vanthu.stp'] as string))?.code;
    assert.equal(queued[0]?.document_id, `${stp},2026/12/01,01/STP-HCTP`);
    assert.deepEqual(queued[0]?.to_organ_ids, ['000.00.00.G12']);
    const pkg = parseEdxmlPackage(queued[0]?.body ?? '');
    assert.ok(pkg.ok);
    assert.equal(pkg.value.header.subject, sent.json().subject);
    assert.equal(pkg.value.attachments[0]?.contentType, 'application/pdf');
    assert.deepEqual(
      sent
        .json()
        .exchange.map((e: { organIds: string[]; state: string; statuses: unknown[] }) => [
          e.organIds,
          e.state,
          e.statuses,
        ]),
      [[['000.00.00.G12'], 'queued', []]],
    );
  });

  it('arrives in the commune’s inbox; its clerk registers it as incoming', async () => {
    const inbox = await t.call('GET', '/api/v1/office/inbox', { cookie: await as('vanthu.tanninh') });
    assert.equal(inbox.statusCode, 200);
    const [item] = inbox.json().items;
    assert.equal(item.notation, '01/STP-HCTP');
    const res = await t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, {
      cookie: await as('vanthu.tanninh'),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().source, 'internal');
    assert.equal(res.json().number, 1);
    assert.equal(res.json().organName, 'Sở Tư pháp');
    assert.equal(res.json().receiptOnTime, true);
    const twice = await t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, {
      cookie: await as('vanthu.tanninh'),
    });
    assert.equal(twice.statusCode, 409);
    assert.equal(
      (await t.call('GET', '/api/v1/office/inbox', { cookie: await as('vanthu.tanninh') })).json().items.length,
      0,
    );
    const back = await t.call('GET', `/api/v1/office/outgoing/${outId}`, { cookie: await as('vanthu.stp') });
    assert.notEqual(back.json().deliveries[0].registeredAt, null);
  });

  it('another recipient’s clerk refuses it with a reason; the sender sees the refusal', async () => {
    // Delivered to the provincial office too (as the send writes it).
    const deliveryId = randomUUID();
    await t.db.connection.db.execute(
      sql`insert into office_deliveries (id, outgoing_document_id, recipient_agency_id, sent_at)
          values (${deliveryId}, ${outId}, ${agencies['vanthu.vp'] as string}, ${t.ctx.now()})`,
    );
    const clerk = await as('vanthu.vp');
    const inbox = await t.call('GET', '/api/v1/office/inbox', { cookie: clerk });
    assert.deepEqual(
      inbox.json().items.map((i: { deliveryId: string }) => i.deliveryId),
      [deliveryId],
    );
    // Only the recipient's clerk: the commune's clerk does not find it.
    const foreign = await t.call('POST', `/api/v1/office/inbox/${deliveryId}/refuse`, {
      cookie: await as('vanthu.tanninh'),
      body: { reason: 'Không phải của phường' },
    });
    assert.equal(foreign.statusCode, 404);
    const res = await t.call('POST', `/api/v1/office/inbox/${deliveryId}/refuse`, {
      cookie: clerk,
      body: { reason: 'Gửi nhầm: Văn phòng UBND tỉnh không chủ trì nội dung này.' },
    });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual((await t.call('GET', '/api/v1/office/inbox', { cookie: clerk })).json().items, []);
    const register = await t.call('POST', `/api/v1/office/inbox/${deliveryId}/register`, { cookie: clerk });
    assert.equal(register.statusCode, 409, register.body);
    const back = await t.call('GET', `/api/v1/office/outgoing/${outId}`, { cookie: await as('vanthu.stp') });
    const delivery = back
      .json()
      .deliveries.find((d: { recipientAgencyId: string }) => d.recipientAgencyId === agencies['vanthu.vp']);
    assert.deepEqual(
      [delivery.registeredAt, delivery.refusalReason, delivery.refusedAt !== null],
      [null, 'Gửi nhầm: Văn phòng UBND tỉnh không chủ trì nội dung này.', true],
    );
    const registered = back
      .json()
      .deliveries.find((d: { recipientAgencyId: string }) => d.recipientAgencyId === agencies['vanthu.tanninh']);
    assert.deepEqual([registered.refusedAt, registered.refusalReason], [null, null]);
  });

  it('search finds subjects, notations and PDF text without marks', async () => {
    const pdf = await renderComposedDocument({
      agency: { name: 'Bộ Tài chính', shortName: 'BTC' },
      draft: outgoingDraftSchema.parse({ typeCode: 'thong_bao', subject: 'Thông báo' }),
      content: 'Hướng dẫn quyết toán ngân sách xã năm 2026.',
      at: t.clock.now,
    });
    const fileId = await uploadPdf('vanthu.stp', new Uint8Array(pdf));
    const reg = await t.call('POST', '/api/v1/office/incoming', {
      cookie: await as('vanthu.stp'),
      body: {
        fileId,
        metadata: { ...metadata, typeCode: 'thong_bao', number: '12', notation: 'TB-BTC', subject: 'Thông báo' },
      },
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const search = async (q: string) =>
      (await t.call('GET', `/api/v1/office/search?q=${encodeURIComponent(q)}`, { cookie: await as('vanthu.stp') }))
        .json()
        .items.map((d: { notation: string }) => d.notation);
    assert.deepEqual(await search('quyet toan ngan sach'), ['12/TB-BTC']);
    assert.deepEqual(await search('lut bao'), ['01/STP-HCTP']);
    assert.deepEqual(await search('3050/BTP'), ['3050/BTP-KSTT']);
    assert.deepEqual(await search('không có đâu'), []);
  });

  it('the register views list the Phụ lục IV columns; PDF and XLSX render', async () => {
    const regs = await t.call('GET', '/api/v1/office/registers', { cookie: await as('vanthu.stp') });
    const out = regs.json().items.find((r: { kind: string }) => r.kind === 'outgoing');
    const entries = await t.call('GET', `/api/v1/office/registers/${out.id}/entries`, {
      cookie: await as('vanthu.stp'),
    });
    assert.equal(entries.statusCode, 200);
    const { id: _id, ...first } = entries.json().entries[0];
    assert.deepEqual(first, {
      notation: '01/STP-HCTP',
      date: '01/12/2026',
      typeAndSubject: 'Công văn: Về việc triển khai phòng chống lụt bão',
      signer: 'Huỳnh Thanh Sơn',
      recipients: 'Ủy ban nhân dân phường Tân Ninh; Bộ Tư pháp',
      copyKeptBy: 'Lưu: VT, HCTP',
      copies: 1,
      sentDate: '01/12/2026',
      receivedSignature: null,
      note: 'Đã gửi',
    });
    const pdf = await t.call('GET', `/api/v1/office/registers/${out.id}/pdf`, { cookie: await as('vanthu.stp') });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const xlsx = await t.call('GET', `/api/v1/office/registers/${out.id}/xlsx`, { cookie: await as('vanthu.stp') });
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    // Closing is for the year's end.
    const early = await t.call('POST', `/api/v1/office/registers/${out.id}/close`, {
      cookie: await as('vanthu.stp'),
      body: { version: out.version },
    });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'INVALID_STATE');
  });
});

describe('edXML import and assignees', () => {
  it('registers a package once per agency (imported by hand: no status to send); lists assignees by level', async () => {
    const { registerIncomingFromPackage } = await import('./incoming');
    const clerk = {
      id: ids['vanthu.stp'] as string,
      kind: 'officer' as const,
      active: true,
      agencyId: agencies['vanthu.stp'] as string,
      roles: ['document_clerk' as const],
    };
    const meta = { ip: null, requestId: 'test' };
    const input = {
      metadata: { ...metadata, number: '77', notation: 'BTP-VP' },
      pdf: { name: 'cv77.pdf', bytes: sampleFile('sample.pdf') },
      externalRef: { organId: '000.00.00.G12', documentId: '000.00.00.G12,2026/11/18,77/BTP-VP' },
    };
    const row = await registerIncomingFromPackage(t.ctx, clerk, input, meta);
    assert.equal(row.source, 'edxml');
    assert.equal(row.notation, '77/BTP-VP');
    // Imported by hand (no exchange message): there is no sender to send 03 to.
    assert.equal(await count(`exchange_messages where kind = 'status'`), 0);
    const files = await count('files');
    await assert.rejects(
      registerIncomingFromPackage(t.ctx, clerk, input, meta),
      (e: { code?: string }) => e.code === 'ALREADY_EXISTS',
    );
    assert.equal(await count('files'), files);
    await assert.rejects(
      registerIncomingFromPackage(
        t.ctx,
        clerk,
        { ...input, metadata: { ...input.metadata, subject: 'y'.repeat(501) } },
        meta,
      ),
      (e: { code?: string; details?: { path: string }[] }) =>
        e.code === 'VALIDATION_FAILED' && e.details?.[0]?.path === 'metadata.subject',
    );
    const assignees = await t.call('GET', '/api/v1/office/assignees?level=leader', { cookie: await as('vanthu.stp') });
    assert.deepEqual(
      assignees.json().items.map((p: { fullName: string }) => p.fullName),
      ['Huỳnh Thanh Sơn'],
    );
  });
});

describe('work files', () => {
  it('open, file documents, close, and the share handled online', async () => {
    const open = await t.call('POST', '/api/v1/office/work-files', {
      cookie: await as('chuyenvien.stp'),
      body: { code: '05.HCTP', title: 'Hồ sơ rà soát thủ tục hành chính 2026', retention: 10 },
    });
    assert.equal(open.statusCode, 201, open.body);
    const file = open.json();
    const dup = await t.call('POST', '/api/v1/office/work-files', {
      cookie: await as('chuyenvien.stp'),
      body: { code: '05.HCTP', title: 'Trùng', retention: 'permanent' },
    });
    assert.equal(dup.statusCode, 400);
    const early = await t.call('POST', `/api/v1/office/work-files/${file.id}/close`, {
      cookie: await as('chuyenvien.stp'),
      body: { version: 1 },
    });
    assert.equal(early.statusCode, 409);
    const incoming = (await t.call('GET', '/api/v1/office/incoming', { cookie: await as('chuyenvien.stp') })).json()
      .items;
    let version = file.version;
    for (const d of incoming) {
      const res = await t.call('POST', `/api/v1/office/work-files/${file.id}/documents`, {
        cookie: await as('chuyenvien.stp'),
        body: { documentId: d.id, version },
      });
      assert.equal(res.statusCode, 200, res.body);
      version = res.json().version;
    }
    const closed = await t.call('POST', `/api/v1/office/work-files/${file.id}/close`, {
      cookie: await as('chuyenvien.stp'),
      body: { version },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const share = await t.call('GET', '/api/v1/office/online-share', { cookie: await as('giamdoc.stp') });
    assert.equal(share.statusCode, 200, share.body);
    assert.deepEqual(
      share
        .json()
        .agencies.map((a: { closed: number; online: number; share: number }) => [a.closed, a.online, a.share]),
      [[1, 1, 1]],
    );
    assert.deepEqual(share.json().levels[0], {
      level: 'province',
      closed: 1,
      online: 1,
      agencies: 1,
      share: 1,
      target: 0.9,
      meetsTarget: true,
    });
    assert.equal(
      (await t.call('GET', '/api/v1/office/online-share', { cookie: await as('chuyenvien.stp') })).statusCode,
      403,
    );
  });
});
