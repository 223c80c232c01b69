/**
 * The documents office across two installations over HTTP: Sở Tư pháp on A issues a công văn to UBND phường Tân
 * Ninh, which B answers for; the package goes in the issuing clerk's send, B's clerk registers it from the inbox,
 * its leader assigns and completes it, and A sees 01, 03, 04, 06 come back on the outgoing document. Then a
 * resend is kept once, and a failed delivery is retried by A's administrator.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import { deliverExchangeMessage } from '../exchange/exchange.service';
import {
  drainDeliveries,
  type Installation,
  newExchangeKey,
  registerPeer,
  signedPost,
  startInstallation,
} from '../exchange/exchange-testing';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../signing/registry';

let a: Installation;
let b: Installation;
const cookies = new Map<string, string>();
let stpCode = '';
let tanNinhCode = '';
let tanNinhId = '';

async function as(s: Installation, username: string) {
  const key = `${s.base} ${username}`;
  if (!cookies.has(key)) cookies.set(key, await s.t.login(username));
  return cookies.get(key) as string;
}

const count = async (s: Installation, table: string) =>
  Number(
    (await queryRows<{ n: number }>(s.t.db.connection.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n,
  );

/** Both clocks move together (signed requests refuse more than 5 minutes of difference). */
function advance(ms: number) {
  a.t.clock.advance(ms);
  b.t.clock.advance(ms);
}

async function codeOf(s: Installation, username: string) {
  const person = await getPersonByUsername(s.t.db.connection.db, username);
  const [row] = await queryRows<{ id: string; code: string }>(
    s.t.db.connection.db,
    sql`select id, code from agencies where id = ${person?.agencyId as string}`,
  );
  return row as { id: string; code: string };
}

before(async () => {
  a = await startInstallation();
  b = await startInstallation();
  stpCode = (await codeOf(a, 'vanthu.stp')).code;
  const tanNinh = await codeOf(b, 'vanthu.tanninh');
  tanNinhCode = tanNinh.code;
  tanNinhId = tanNinh.id;
  // On A the ward is not an agency in force: it is served by installation B.
  await a.t.db.connection.db.execute(sql`update agencies set valid_to = '2026-01-01' where code = ${tanNinhCode}`);
  // A signs: the province CA, the director's personal certificate and Sở Tư pháp's organisation certificate.
  await prepareProvinceAuthority(a.t.ctx);
  const director = await getPersonByUsername(a.t.db.connection.db, 'giamdoc.stp');
  await issueRegistryCertificate(a.t.ctx, null, { kind: 'personal', personId: director?.id as string }, null);
  const stp = await codeOf(a, 'vanthu.stp');
  await issueRegistryCertificate(a.t.ctx, null, { kind: 'organization', agencyId: stp.id }, null);
  await registerPeer(a, b, 'Congso B', [tanNinhCode]);
  await registerPeer(b, a, 'Congso A', [stpCode]);
});

after(async () => {
  await a?.t.close();
  await b?.t.close();
});

describe('documents office across two installations', () => {
  let outId = '';
  let version = 0;
  let signedSha = '';

  const outgoing = async () => {
    const res = await a.t.call('GET', `/api/v1/office/outgoing/${outId}`, { cookie: await as(a, 'vanthu.stp') });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const statusesSeen = async () =>
    (await outgoing()).exchange.map((e: { state: string; statuses: { organId: string; statusCode: string }[] }) => [
      e.state,
      e.statuses.map((st) => `${st.organId} ${st.statusCode}`),
    ]);

  it('A issues a công văn to the ward and sends it: the edXML package is queued in the same transaction', async () => {
    const act = async (user: string, body: object) => {
      const res = await a.t.call('POST', `/api/v1/office/outgoing/${outId}/actions`, {
        cookie: await as(a, user),
        body: { ...body, version },
      });
      assert.equal(res.statusCode, 200, res.body);
      version = res.json().version;
      return res.json();
    };
    const draft = await a.t.call('POST', '/api/v1/office/outgoing', {
      cookie: await as(a, 'chuyenvien.stp'),
      body: {
        draft: {
          typeCode: 'cong_van',
          unit: 'HCTP',
          subject: 'Về việc hướng dẫn đăng ký khai sinh trực tuyến',
          signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
          recipients: [
            { kind: 'external', name: 'UBND phường Tân Ninh', organId: tanNinhCode },
            { kind: 'note', name: 'Lưu: VT, HCTP' },
          ],
        },
        content: 'Sở Tư pháp hướng dẫn Ủy ban nhân dân phường Tân Ninh đăng ký khai sinh trực tuyến.',
      },
    });
    assert.equal(draft.statusCode, 201, draft.body);
    outId = draft.json().id;
    version = draft.json().version;
    await act('chuyenvien.stp', { action: 'submit' });
    await act('giamdoc.stp', { action: 'approve' });
    await act('giamdoc.stp', { action: 'sign' });
    const issued = await act('vanthu.stp', { action: 'issue' });
    assert.equal(issued.notation, '01/STP-HCTP');
    // The signed and sealed PDF, as the package will carry it.
    const [file] = await queryRows<{ sha256: string }>(
      a.t.db.connection.db,
      sql`select f.sha256 from files f join office_documents d on d.file_id = f.id where d.id = ${outId}`,
    );
    signedSha = file?.sha256 as string;
    const sent = await act('vanthu.stp', { action: 'send' });
    assert.equal(sent.status, 'sent');
    assert.deepEqual(sent.deliveries, []);
    assert.deepEqual(
      sent.exchange.map((e: { peerName: string; organIds: string[]; state: string }) => [
        e.peerName,
        e.organIds,
        e.state,
      ]),
      [['Congso B', [tanNinhCode], 'queued']],
    );
    assert.equal(await count(a, `pgboss.job where name = 'exchange.deliver'`), 1);
  });

  it('the package reaches B, whose 01 (arrived) comes back to the outgoing document', async () => {
    assert.equal(await drainDeliveries(a), 1);
    assert.deepEqual(await statusesSeen(), [['delivered', []]]);
    assert.equal(await drainDeliveries(b), 1);
    assert.deepEqual(await statusesSeen(), [['delivered', [`${tanNinhCode} 01`]]]);
  });

  it('B’s clerk finds it in the inbox and registers it once: 03 goes back', async () => {
    advance(60_000);
    const clerk = await as(b, 'vanthu.tanninh');
    const inbox = await b.t.call('GET', '/api/v1/office/inbox', { cookie: clerk });
    assert.equal(inbox.statusCode, 200, inbox.body);
    const [item] = inbox.json().items;
    assert.equal(inbox.json().items.length, 1);
    assert.deepEqual(
      {
        source: item.source,
        notation: item.notation,
        fromAgencyId: item.fromAgencyId,
        fromAgencyName: item.fromAgencyName,
        typeCode: item.typeCode,
        subject: item.subject,
        issuedDate: item.issuedDate,
      },
      {
        source: 'edxml',
        notation: '01/STP-HCTP',
        fromAgencyId: stpCode,
        fromAgencyName: 'Sở Tư pháp',
        typeCode: 'cong_van',
        subject: 'Về việc hướng dẫn đăng ký khai sinh trực tuyến',
        issuedDate: '2026-11-23',
      },
    );
    // Another agency of B does not see it and cannot register it.
    const other = await as(b, 'vanthu.stp');
    assert.deepEqual((await b.t.call('GET', '/api/v1/office/inbox', { cookie: other })).json().items, []);
    const foreign = await b.t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, { cookie: other });
    assert.equal(foreign.statusCode, 404);

    const res = await b.t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, { cookie: clerk });
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json();
    assert.equal(doc.source, 'edxml');
    assert.equal(doc.number, 1);
    assert.equal(doc.notation, '01/STP-HCTP');
    assert.equal(doc.organName, 'Sở Tư pháp');
    const [registered] = await queryRows<{ agency_id: string; external_ref: { messageId: string } }>(
      b.t.db.connection.db,
      sql`select agency_id, external_ref from office_documents where id = ${doc.id}`,
    );
    assert.equal(registered?.agency_id, tanNinhId);
    assert.equal(registered?.external_ref.messageId, item.deliveryId);
    // The PDF registered is the one A signed, byte for byte.
    const [file] = await queryRows<{ sha256: string }>(
      b.t.db.connection.db,
      sql`select f.sha256 from files f join office_documents d on d.file_id = f.id where d.id = ${doc.id}`,
    );
    assert.equal(file?.sha256, signedSha);
    const files = await count(b, 'files');
    const twice = await b.t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, { cookie: clerk });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'ALREADY_EXISTS');
    assert.equal(await count(b, 'files'), files);
    assert.deepEqual((await b.t.call('GET', '/api/v1/office/inbox', { cookie: clerk })).json().items, []);

    // The clerk assigns it to the leader (04), the leader to a specialist (05), who completes it (06).
    const leader = await getPersonByUsername(b.t.db.connection.db, 'chutich.tanninh');
    const specialist = await getPersonByUsername(b.t.db.connection.db, 'chuyenvien.tanninh');
    advance(60_000);
    const assigned = await b.t.call('POST', `/api/v1/office/incoming/${doc.id}/actions`, {
      cookie: clerk,
      body: { action: 'assign', version: 1, assigneeId: leader?.id, level: 'leader', instructions: 'Kính trình' },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    advance(60_000);
    const handling = await b.t.call('POST', `/api/v1/office/incoming/${doc.id}/actions`, {
      cookie: await as(b, 'chutich.tanninh'),
      body: {
        action: 'assign',
        version: 2,
        assigneeId: specialist?.id,
        level: 'specialist',
        instructions: 'Triển khai',
      },
    });
    assert.equal(handling.statusCode, 200, handling.body);
    advance(60_000);
    const done = await b.t.call('POST', `/api/v1/office/incoming/${doc.id}/actions`, {
      cookie: await as(b, 'chuyenvien.tanninh'),
      body: { action: 'complete', version: 3, note: 'Đã triển khai' },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'done');
    const queued = await queryRows<{ status_code: string }>(
      b.t.db.connection.db,
      sql`select status_code from exchange_messages where direction = 'out' and kind = 'status' order by created_at`,
    );
    assert.deepEqual(
      queued.map((r) => r.status_code),
      ['01', '03', '04', '05', '06'],
    );
  });

  it('A sees registered, assigned, in handling and done on the outgoing document, in order', async () => {
    assert.equal(await drainDeliveries(b), 4);
    assert.deepEqual(await statusesSeen(), [
      ['delivered', ['01', '03', '04', '05', '06'].map((code) => `${tanNinhCode} ${code}`)],
    ]);
  });

  it('the same package sent again under another exchange id is kept once and registered once', async () => {
    const [sent] = await queryRows<{ body: string }>(
      a.t.db.connection.db,
      sql`select body from exchange_messages where direction = 'out' and kind = 'package'`,
    );
    const before = [await count(b, 'exchange_messages'), await count(b, 'office_documents')];
    const res = await signedPost(b, a.keyPem, sent?.body ?? '');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { duplicate: boolean }).duplicate, true);
    assert.deepEqual([await count(b, 'exchange_messages'), await count(b, 'office_documents')], before);
    const inbox = await b.t.call('GET', '/api/v1/office/inbox', { cookie: await as(b, 'vanthu.tanninh') });
    assert.deepEqual(inbox.json().items, []);
  });

  it('B’s clerk refuses a second package with a reason: it leaves the inbox, 02 goes back with the reason', async () => {
    let docVersion = 0;
    let docId = '';
    const act = async (user: string, body: object) => {
      const res = await a.t.call('POST', `/api/v1/office/outgoing/${docId}/actions`, {
        cookie: await as(a, user),
        body: { ...body, version: docVersion },
      });
      assert.equal(res.statusCode, 200, res.body);
      docVersion = res.json().version;
    };
    const draft = await a.t.call('POST', '/api/v1/office/outgoing', {
      cookie: await as(a, 'chuyenvien.stp'),
      body: {
        draft: {
          typeCode: 'cong_van',
          unit: 'HCTP',
          subject: 'Về việc báo cáo công tác hộ tịch quý IV',
          signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
          recipients: [{ kind: 'external', name: 'UBND phường Tân Ninh', organId: tanNinhCode }],
        },
        content: 'Sở Tư pháp đề nghị báo cáo công tác hộ tịch quý IV.',
      },
    });
    assert.equal(draft.statusCode, 201, draft.body);
    docId = draft.json().id;
    docVersion = draft.json().version;
    await act('chuyenvien.stp', { action: 'submit' });
    await act('giamdoc.stp', { action: 'approve' });
    await act('giamdoc.stp', { action: 'sign' });
    await act('vanthu.stp', { action: 'issue' });
    await act('vanthu.stp', { action: 'send' });
    assert.equal(await drainDeliveries(a), 1);
    assert.equal(await drainDeliveries(b), 1);
    const clerk = await as(b, 'vanthu.tanninh');
    const [item] = (await b.t.call('GET', '/api/v1/office/inbox', { cookie: clerk })).json().items;
    assert.equal(item?.subject, 'Về việc báo cáo công tác hộ tịch quý IV');
    const refuse = (cookie: string, reason: string) =>
      b.t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/refuse`, { cookie, body: { reason } });
    // Another agency cannot; a reason is required; a specialist is not the clerk.
    assert.equal((await refuse(await as(b, 'vanthu.stp'), 'Gửi nhầm cơ quan')).statusCode, 404);
    const short = await refuse(clerk, ' ab ');
    assert.equal(short.statusCode, 400, short.body);
    assert.equal(short.json().error.details[0].path, 'reason');
    const documents = await count(b, 'office_documents');
    advance(60_000);
    const refused = await refuse(clerk, 'Văn bản không thuộc thẩm quyền của phường, đề nghị gửi Phòng Tư pháp.');
    assert.equal(refused.statusCode, 204, refused.body);
    assert.deepEqual((await b.t.call('GET', '/api/v1/office/inbox', { cookie: clerk })).json().items, []);
    assert.equal(await count(b, 'office_documents'), documents, 'nothing registered');
    // Once: refusing or registering it again answers 409.
    for (const again of [
      await refuse(clerk, 'Lần nữa cho chắc chắn'),
      await b.t.call('POST', `/api/v1/office/inbox/${item.deliveryId}/register`, { cookie: clerk }),
    ]) {
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json().error.code, 'INVALID_STATE');
    }
    const [audit] = await queryRows<{ n: number }>(
      b.t.db.connection.db,
      sql`select count(*)::int as n from audit_events where action = 'office.inbox.refuse' and entity_id = ${item.deliveryId}`,
    );
    assert.equal(audit?.n, 1);
    // A hears of it: 01 then 02 with the reason.
    assert.equal(await drainDeliveries(b), 1);
    const doc = (
      await a.t.call('GET', `/api/v1/office/outgoing/${docId}`, { cookie: await as(a, 'vanthu.stp') })
    ).json();
    assert.deepEqual(
      doc.exchange[0].statuses.map((st: { statusCode: string; description: string | null }) => [
        st.statusCode,
        st.description,
      ]),
      [
        ['01', null],
        ['02', 'Văn bản không thuộc thẩm quyền của phường, đề nghị gửi Phòng Tư pháp.'],
      ],
    );
  });

  it('a delivery that failed is listed by state and retried by the administrator, once', async () => {
    // Installation C does not answer: A's package for it cannot be delivered.
    const c = await a.t.call('POST', '/api/v1/exchange/peers', {
      cookie: a.admin,
      body: {
        name: 'Congso C',
        baseUrl: 'http://127.0.0.1:9',
        organIds: ['000.00.00.K98'],
        publicKey: createPublicKey(newExchangeKey()).export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    const [peer] = await queryRows<{ id: string }>(
      a.t.db.connection.db,
      sql`select id from exchange_peers where name = 'Congso C'`,
    );
    assert.ok(peer);
    const [message] = await queryRows<{ id: string }>(
      a.t.db.connection.db,
      sql`select id from exchange_messages where direction = 'out' and kind = 'package'`,
    );
    // A copy of the sent package addressed through C, queued as the office queues it.
    await a.t.db.connection.db.execute(
      sql`insert into exchange_messages (id, direction, kind, peer_id, exchange_id, document_id, from_organ_id,
        to_organ_ids, subject, state, body, bytes, created_at)
        select gen_random_uuid(), 'out', 'package', ${peer.id}, gen_random_uuid(), document_id || '-c', from_organ_id,
          array['000.00.00.K98'], subject, 'queued', body, bytes, created_at from exchange_messages where id = ${message?.id as string}`,
    );
    const [failing] = await queryRows<{ id: string }>(
      a.t.db.connection.db,
      sql`select id from exchange_messages where peer_id = ${peer.id}`,
    );
    const id = failing?.id as string;
    await assert.rejects(deliverExchangeMessage(a.t.ctx, { messageId: id }, { attempt: 6, lastAttempt: true }));
    const failed = await a.t.call('GET', '/api/v1/exchange/messages?state=failed', { cookie: a.admin });
    assert.equal(failed.statusCode, 200, failed.body);
    assert.deepEqual(
      failed.json().items.map((m: { id: string; attempts: number }) => [m.id, m.attempts]),
      [[id, 6]],
    );
    // Only a province administrator may retry; a delivered message is not retried.
    const clerk = await a.t.call('POST', `/api/v1/exchange/messages/${id}/retry`, {
      cookie: await as(a, 'vanthu.stp'),
    });
    assert.equal(clerk.statusCode, 403);
    const delivered = await a.t.call('POST', `/api/v1/exchange/messages/${message?.id}/retry`, { cookie: a.admin });
    assert.equal(delivered.statusCode, 409);
    assert.equal(delivered.json().error.code, 'INVALID_STATE');
    const retried = await a.t.call('POST', `/api/v1/exchange/messages/${id}/retry`, { cookie: a.admin });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual(retried.json(), { id, state: 'queued' });
    const again = await a.t.call('POST', `/api/v1/exchange/messages/${id}/retry`, { cookie: a.admin });
    assert.equal(again.statusCode, 409);
    // The new job runs (and fails again, on its first attempt: queued, one try, the error kept).
    assert.equal(await drainDeliveries(a), 1);
    const [state] = await queryRows<{ state: string; attempts: number }>(
      a.t.db.connection.db,
      sql`select state, attempts from exchange_messages where id = ${id}`,
    );
    assert.deepEqual(state, { state: 'queued', attempts: 1 });
    const [audit] = await queryRows<{ n: number }>(
      a.t.db.connection.db,
      sql`select count(*)::int as n from audit_events where action = 'exchange.message_retried' and entity_id = ${id}`,
    );
    assert.equal(audit?.n, 1);
  });
});
