/**
 * Two Congso installations, each with its own database, listening on real ports, exchange an edXML package
 * over HTTP with signed requests and answers; the sender sees the status messages come back.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildEdxmlPackage, type EdxmlPackage, sampleEdxmlPackage } from '@congso/core';
import { queryRows } from '@congso/db';
import { sql } from 'drizzle-orm';
import { deliverExchangeMessage, EXCHANGE_PATH, queueEdxmlSend } from './exchange.service';
import { drainDeliveries, type Installation, newExchangeKey, signedPost, startInstallation } from './exchange-testing';
import { EXCHANGE_HEADERS } from './signatures';

type ErrorBody = { error: { code: string; details: { path: string; code: string }[] } };

const pem = newExchangeKey;
const SENDER = '000.00.04.H59'; // Sở Tư pháp on installation A
const RECIPIENT = '000.00.00.K99'; // an agency only installation B has

function outgoing(): EdxmlPackage {
  const pkg = sampleEdxmlPackage();
  pkg.header.from = { organId: SENDER, organName: 'Sở Tư pháp tỉnh Tây Ninh' };
  pkg.header.to = [{ organId: RECIPIENT, organName: 'UBND tỉnh thử nghiệm' }];
  pkg.header.documentId = `${SENDER},2026/12/04,123/STP-HCTP`;
  pkg.traceHeaders = [{ organId: SENDER, timestamp: '2026/11/23 09:00:00' }];
  return pkg;
}

type Side = Installation;
const side = startInstallation;
const drain = drainDeliveries;

async function messages(s: Side) {
  const res = await s.t.call('GET', '/api/v1/exchange/messages?limit=200', { cookie: s.admin });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as Record<string, unknown>[])
    .map(
      (m) =>
        `${m.direction} ${m.kind} ${m.state} ${m.statusCode} ${m.fromOrganId}→${(m.toOrganIds as string[]).join(',')}`,
    )
    .sort();
}

const count = async (s: Side, table: string) =>
  (await queryRows<{ n: number }>(s.t.db.connection.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n;

describe('edXML exchange between two installations', () => {
  let a: Side;
  let b: Side;

  before(async () => {
    a = await side();
    b = await side();
    // B has an agency A does not: the recipient.
    await b.t.db.connection.db
      .execute(
        sql`insert into agencies (code, code_level, name, short_name, kind, province_code, valid_from)
          select ${RECIPIENT}::text, 1, 'UBND tỉnh thử nghiệm', short_name, kind, '70', valid_from from agencies where code = '000.00.00.H59' and valid_to is null limit 1`,
      )
      .catch((e) => {
        throw new Error(String(e.cause?.message ?? e));
      });
    const identity = async (s: Side) =>
      (await s.t.call('GET', '/api/v1/exchange/identity', { cookie: s.admin })).json();
    const [ia, ib] = [await identity(a), await identity(b)];
    assert.equal(ia.algorithm, 'ed25519');
    const register = async (s: Side, body: Record<string, unknown>) => {
      const res = await s.t.call('POST', '/api/v1/exchange/peers', { cookie: s.admin, body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    const peerB = await register(a, {
      name: 'Congso B',
      baseUrl: b.base,
      organIds: [RECIPIENT],
      publicKey: ib.publicKey,
    });
    assert.equal(peerB.keyId, ib.keyId);
    await register(b, { name: 'Congso A', baseUrl: a.base, organIds: [SENDER], publicKey: ia.publicKey });
  });

  after(async () => {
    await a?.t.close();
    await b?.t.close();
  });

  it('a package goes from A to B, and 01, 03, 04, 06 come back to A', async () => {
    await a.t.db.connection.db.transaction((tx) => queueEdxmlSend(tx, a.t.ctx, { pkg: outgoing(), actorId: null }));
    assert.deepEqual(await messages(a), [`out package queued null ${SENDER}→${RECIPIENT}`]);
    assert.equal(await drain(a), 1);
    assert.deepEqual(await messages(a), [`out package delivered null ${SENDER}→${RECIPIENT}`]);
    // B registered the package and queued "01 arrived" in the same commit
    assert.deepEqual(await messages(b), [
      `in package received 01 ${SENDER}→${RECIPIENT}`,
      `out status queued 01 ${RECIPIENT}→${SENDER}`,
    ]);
    assert.equal(await drain(b), 1);
    assert.deepEqual(await messages(a), [
      `in status received 01 ${RECIPIENT}→${SENDER}`,
      `out package delivered 01 ${SENDER}→${RECIPIENT}`,
    ]);

    const received = (
      await b.t.call('GET', '/api/v1/exchange/messages?direction=in&kind=package', { cookie: b.admin })
    ).json().items[0];
    for (const statusCode of ['03', '04', '06']) {
      b.t.clock.advance(60_000);
      const res = await b.t.call('POST', `/api/v1/exchange/messages/${received.id}/status`, {
        cookie: b.admin,
        body: { statusCode },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    assert.equal(await drain(b), 3);
    const back = (
      await a.t.call('GET', '/api/v1/exchange/messages?direction=in&kind=status', { cookie: a.admin })
    ).json();
    assert.deepEqual(back.items.map((m: { statusCode: string }) => m.statusCode).sort(), ['01', '03', '04', '06']);
    const sent = (await a.t.call('GET', '/api/v1/exchange/messages?direction=out', { cookie: a.admin })).json()
      .items[0];
    assert.equal(sent.statusCode, '06');
    assert.equal(sent.state, 'delivered');
    // the package B keeps is the one A built, byte for byte
    const [kept] = await queryRows<{ body: string }>(
      b.t.db.connection.db,
      sql`select body from exchange_messages where direction = 'in' and kind = 'package'`,
    );
    assert.equal(kept?.body, buildEdxmlPackage(outgoing()));
  });

  it('refuses unauthenticated, badly signed, stale and unregistered requests with 401 and the error shape', async () => {
    const before = await count(b, 'exchange_messages');
    const xml = buildEdxmlPackage(outgoing());
    const plain = await fetch(new URL(EXCHANGE_PATH, b.base), {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    assert.equal(plain.status, 401);
    assert.deepEqual(await plain.json(), {
      error: {
        code: 'EXCHANGE_UNAUTHENTICATED',
        message: {
          vi: 'Yêu cầu liên thông không được ký bởi một hệ thống đã đăng ký, hoặc chữ ký không hợp lệ.',
          en: 'The exchange request is not signed by a registered system, or its signature is not valid.',
        },
      },
    });
    // signed by a key B does not know
    assert.equal((await signedPost(b, pem(), xml)).status, 401);
    // A's key id with another key's signature
    const aKeyId = (await a.t.call('GET', '/api/v1/exchange/identity', { cookie: a.admin })).json().keyId;
    assert.equal((await signedPost(b, pem(), xml, { keyId: aKeyId })).status, 401);
    // A's key, ten minutes old
    assert.equal(
      (await signedPost(b, a.keyPem, xml, { date: new Date(b.t.ctx.now().getTime() - 600_000).toISOString() })).status,
      401,
    );
    assert.equal(await count(b, 'exchange_messages'), before);
  });

  it('refuses a bad package whole (400 with the field problems) and an organ the peer is not registered for (403)', async () => {
    const before = await count(b, 'exchange_messages');
    const long = buildEdxmlPackage(outgoing()).replace(/<edXML:Subject>[^<]*</, `<edXML:Subject>${'x'.repeat(501)}<`);
    const res = await signedPost(b, a.keyPem, long);
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as ErrorBody).error.details, [
      {
        path: 'MessageHeader.Subject',
        code: 'too_long',
        message: { vi: 'Tối đa 500 ký tự.', en: 'At most 500 characters.' },
      },
    ]);
    const other = outgoing();
    other.header.from = { organId: '000.00.02.H59', organName: 'Sở Nội vụ' };
    other.header.documentId = '000.00.02.H59,2026/12/04,123/STP-HCTP';
    const forbidden = await signedPost(b, a.keyPem, buildEdxmlPackage(other));
    assert.equal(forbidden.status, 403);
    assert.equal(((await forbidden.json()) as ErrorBody).error.code, 'EXCHANGE_ORGAN_NOT_ALLOWED');
    const bomb = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">]><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>&a;</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>`;
    const refused = await signedPost(b, a.keyPem, bomb);
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as ErrorBody).error.details[0]?.code, 'dtd_forbidden');
    assert.equal(await count(b, 'exchange_messages'), before);
  });

  it('refuses a wrong namespace, bad base64 and a missing header with 400 and the problem, keeping nothing', async () => {
    const kept = async () => [await count(b, 'exchange_messages'), await count(b, 'audit_events')];
    const before = await kept();
    const xml = buildEdxmlPackage(outgoing());
    const cases: [string, string, string][] = [
      [
        xml.replaceAll('http://www.mic.gov.vn/TBT/QCVN_102_2016', 'http://example.org/edxml'),
        'edXMLEnvelope',
        'namespace',
      ],
      [
        xml.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, '$1JVBERi0x*!!'),
        'AttachmentEncoded.Attachment[0].ContentTransferEncoded',
        'base64',
      ],
      [xml.replace(/<edXML:edXMLHeader>[\s\S]*<\/edXML:edXMLHeader>/, ''), 'MessageHeader', 'required'],
    ];
    for (const [body, path, code] of cases) {
      const res = await signedPost(b, a.keyPem, body);
      assert.equal(res.status, 400, code);
      const error = ((await res.json()) as ErrorBody).error;
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        error.details.map((d) => [d.path, d.code]),
        [[path, code]],
      );
    }
    assert.deepEqual(await kept(), before);
  });

  it('keeps the same package once when it comes again under another exchange id', async () => {
    const pkg = outgoing();
    pkg.header.code.codeNumber = '125';
    pkg.header.documentId = `${SENDER},2026/12/04,125/STP-HCTP`;
    const xml = buildEdxmlPackage(pkg);
    const first = (await (await signedPost(b, a.keyPem, xml)).json()) as Record<string, unknown>;
    assert.equal(first.duplicate, false);
    const rows = await count(b, 'exchange_messages');
    const again = (await (await signedPost(b, a.keyPem, xml)).json()) as Record<string, unknown>;
    assert.deepEqual(again, { ...first, duplicate: true });
    assert.equal(await count(b, 'exchange_messages'), rows);
  });

  it('answers a repeated exchange id with the first answer, writing nothing', async () => {
    const pkg = outgoing();
    pkg.header.code.codeNumber = '124';
    pkg.header.documentId = `${SENDER},2026/12/04,124/STP-HCTP`;
    const xml = buildEdxmlPackage(pkg);
    const exchangeId = randomUUID();
    const first = (await (await signedPost(b, a.keyPem, xml, { exchangeId })).json()) as Record<string, unknown>;
    const rows = await count(b, 'exchange_messages');
    const again = (await (await signedPost(b, a.keyPem, xml, { exchangeId })).json()) as Record<string, unknown>;
    assert.deepEqual(again, { ...first, duplicate: true });
    assert.equal(await count(b, 'exchange_messages'), rows);
  });

  it('a peer that does not answer: the job fails and is retried; the last try marks the message failed', async () => {
    const unreachable = '000.00.00.K98';
    const res = await a.t.call('POST', '/api/v1/exchange/peers', {
      cookie: a.admin,
      body: {
        name: 'Congso C (stopped)',
        baseUrl: 'http://127.0.0.1:9',
        organIds: [unreachable],
        publicKey: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const pkg = outgoing();
    pkg.header.to = [{ organId: unreachable, organName: 'UBND tỉnh C' }];
    const { messageIds } = await a.t.db.connection.db.transaction((tx) =>
      queueEdxmlSend(tx, a.t.ctx, { pkg, actorId: null }),
    );
    const id = messageIds[0] as string;
    assert.equal(await drain(a), 1);
    const state = async () =>
      (
        await queryRows<{ state: string; attempts: number; failed: boolean }>(
          a.t.db.connection.db,
          sql`select state, attempts, error is not null as failed from exchange_messages where id = ${id}`,
        )
      )[0];
    assert.deepEqual(await state(), { state: 'queued', attempts: 1, failed: true });
    await assert.rejects(deliverExchangeMessage(a.t.ctx, { messageId: id }, { attempt: 6, lastAttempt: true }));
    assert.deepEqual(await state(), { state: 'failed', attempts: 6, failed: true });
    // a recipient no peer answers for cannot be queued at all
    pkg.header.to = [{ organId: '000.00.00.K97', organName: 'Không ai' }];
    await assert.rejects(
      a.t.db.connection.db.transaction((tx) => queueEdxmlSend(tx, a.t.ctx, { pkg, actorId: null })),
      (error: { code?: string }) => error.code === 'EXCHANGE_NO_PEER',
    );
  });

  it('refuses a 100 MB body with 413 before reading it, keeping nothing', async () => {
    const kept = async () => [
      await count(b, 'exchange_messages'),
      await count(b, 'audit_events'),
      await count(b, 'files'),
    ];
    const before = await kept();
    const aKeyId = (await a.t.call('GET', '/api/v1/exchange/identity', { cookie: a.admin })).json().keyId;
    const { port } = b.t.app.server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: EXCHANGE_PATH,
          method: 'POST',
          headers: {
            'content-type': 'application/xml',
            'content-length': String(100 * 1024 * 1024),
            [EXCHANGE_HEADERS.keyId]: aKeyId,
            [EXCHANGE_HEADERS.date]: b.t.ctx.now().toISOString(),
            [EXCHANGE_HEADERS.id]: randomUUID(),
            [EXCHANGE_HEADERS.signature]: 'x'.repeat(88),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024, 65));
    });
    assert.equal(status, 413);
    assert.deepEqual(await kept(), before);
  });
});
