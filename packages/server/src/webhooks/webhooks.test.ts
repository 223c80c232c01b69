import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { deliverWebhook } from './webhooks.service';

/** An agency system receiving webhooks: records every request, answers the statuses it is told to, then 200. */
interface Receiver {
  url: string;
  received: { headers: Record<string, string>; body: string }[];
  answers: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The Standard Webhooks verification written here from the specification, independently of the server's code:
 * key = base64 decode of the secret after `whsec_`; signed content = `${webhook-id}.${webhook-timestamp}.${body}`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`; the timestamp within 5 minutes.
 */
function verifyStandardWebhook(secret: string, headers: Record<string, string>, body: string, nowSeconds: number) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((s) => {
    const [version, value] = s.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const CODE = '1.001193';
let t: TestApp;
let admin: string;
let citizen: string;
let clerk: string;
let tanNinh: string;
let dossiers: Receiver;
let office: Receiver;
let dossierSub: { id: string; secret: string };

const drain = () => t.ctx.jobs.drain('webhook.deliver', (data, run) => deliverWebhook(t.ctx, data, run));

before(async () => {
  t = await createTestApp({ JOB_RETRY_DELAY_SECONDS: '1' });
  t.clock.now = new Date();
  await t.importDemoProcedures(CODE);
  admin = await t.login('admin');
  citizen = await t.login('072090001234');
  clerk = await t.login('motcua.tanninh');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  dossiers = await startReceiver();
  office = await startReceiver();
});
after(async () => {
  await t?.close();
  await dossiers?.close();
  await office?.close();
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
  return res.json() as { id: string; code: string; version: number; status: string };
};

const deliveriesOf = async (subscriptionId: string) => {
  const res = await t.call('GET', `/api/v1/webhooks/subscriptions/${subscriptionId}/deliveries`, { cookie: admin });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as {
    id: string;
    eventId: string;
    type: string;
    subject: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    log: { statusCode: number | null; responseMs: number; error: string | null }[];
  }[];
};

describe('webhooks: CloudEvents signed as Standard Webhooks, from the outbox, by the job queue', () => {
  test('an administrator registers subscribers; the secret is shown once; officers are refused', async () => {
    const res = await t.call('POST', '/api/v1/webhooks/subscriptions', {
      cookie: admin,
      body: {
        name: 'Hệ thống một cửa của Sở Tư pháp',
        url: dossiers.url,
        eventTypes: ['vn.congso.dossier.created', 'vn.congso.dossier.status_changed'],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.deepEqual(body.eventTypes, ['vn.congso.dossier.created', 'vn.congso.dossier.status_changed']);
    dossierSub = { id: body.id, secret: body.secret };
    const other = await t.call('POST', '/api/v1/webhooks/subscriptions', {
      cookie: admin,
      body: { name: 'Văn phòng UBND tỉnh', url: office.url, eventTypes: ['vn.congso.office.document.issued'] },
    });
    assert.equal(other.statusCode, 201, other.body);
    const list = await t.call('GET', '/api/v1/webhooks/subscriptions', { cookie: admin });
    assert.equal(list.json().items.length, 2);
    assert.ok(!list.body.includes('whsec_'), 'the secret is never shown again');
    assert.equal((await t.call('GET', '/api/v1/webhooks/subscriptions', { cookie: clerk })).statusCode, 403);
    const bad = await t.call('POST', '/api/v1/webhooks/subscriptions', {
      cookie: admin,
      body: { name: 'x', url: 'ftp://example.vn/hook', eventTypes: ['vn.congso.dossier.created'] },
    });
    assert.equal(bad.statusCode, 400);
  });

  test('a filing is delivered as a CloudEvent whose signature an independent verifier accepts; nobody else gets it', async () => {
    const filed = await fileOnline();
    assert.equal(await drain(), 1);
    assert.equal(dossiers.received.length, 1);
    assert.equal(office.received.length, 0, 'the office subscriber wants no dossier events');
    const [got] = dossiers.received as [Receiver['received'][number]];
    assert.equal(got.headers['content-type'], 'application/cloudevents+json; charset=utf-8');
    assert.equal(verifyStandardWebhook(dossierSub.secret, got.headers, got.body, Math.floor(Date.now() / 1000)), true);
    // Another secret, or a body changed by one character, does not verify.
    assert.equal(
      verifyStandardWebhook(
        `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
        got.headers,
        got.body,
        Math.floor(Date.now() / 1000),
      ),
      false,
    );
    assert.equal(
      verifyStandardWebhook(
        dossierSub.secret,
        got.headers,
        got.body.replace('"1.0"', '"1.1"'),
        Math.floor(Date.now() / 1000),
      ),
      false,
    );
    const event = JSON.parse(got.body);
    assert.equal(event.specversion, '1.0');
    assert.equal(event.type, 'vn.congso.dossier.created');
    assert.equal(event.id, got.headers['webhook-id']);
    assert.equal(event.source, 'http://localhost:3000/api/v1');
    assert.equal(event.subject, filed.code);
    assert.equal(event.datacontenttype, 'application/json');
    assert.equal(event.data.id, filed.id);
    assert.equal(event.data.code, filed.code);
    assert.equal(event.data.procedureCode, CODE);
    assert.equal(event.time, t.clock.now.toISOString());
    const [delivery] = await deliveriesOf(dossierSub.id);
    assert.equal(delivery?.status, 'delivered');
    assert.equal(delivery?.attempts, 1);
    assert.equal(delivery?.lastStatusCode, 200);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.db.connection.db,
      sql`select count(*)::int as n from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
          where s.url = ${office.url}`,
    )) as [{ n: number }];
    assert.equal(n, 0);
  });

  test('a failing subscriber is retried with backoff; the log keeps every attempt; redeliver sends it again', async () => {
    const filed = await fileOnline();
    assert.equal(await drain(), 1);
    dossiers.received.length = 0;
    dossiers.answers.push(500, 503);
    t.clock.advance(60_000);
    const res = await t.call('POST', `/api/v1/dossiers/${filed.id}/actions`, {
      cookie: clerk,
      body: { version: filed.version, action: 'receive' },
    });
    assert.equal(res.statusCode, 200, res.body);
    // The first attempt fails now; the queue brings the job back after its delay (1 s, doubled).
    for (let i = 0; i < 60 && dossiers.received.length < 3; i++) {
      await drain();
      if (dossiers.received.length < 3) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(dossiers.received.length, 3);
    const ids = new Set(dossiers.received.map((r) => r.headers['webhook-id']));
    assert.equal(ids.size, 1, 'the same message id on every attempt (the subscriber can deduplicate)');
    const [latest] = await deliveriesOf(dossierSub.id);
    assert.equal(latest?.type, 'vn.congso.dossier.status_changed');
    assert.equal(latest?.subject, filed.code);
    assert.equal(latest?.status, 'delivered');
    assert.equal(latest?.attempts, 3);
    assert.deepEqual(
      latest?.log.map((a) => [a.statusCode, a.error]),
      [
        [500, 'status 500'],
        [503, 'status 503'],
        [200, null],
      ],
    );
    const event = JSON.parse(dossiers.received[2]?.body as string);
    assert.equal(event.data.from, filed.status);
    assert.equal(event.data.to, res.json().status);
    assert.notEqual(event.data.from, event.data.to);
    assert.equal(event.data.action, 'receive');

    const again = await t.call('POST', `/api/v1/webhooks/deliveries/${latest?.id}/redeliver`, {
      cookie: admin,
      body: {},
    });
    assert.equal(again.statusCode, 204, again.body);
    assert.equal(await drain(), 1);
    assert.equal(dossiers.received.length, 4);
    assert.equal(dossiers.received[3]?.headers['webhook-id'], latest?.eventId);
    assert.equal((await deliveriesOf(dossierSub.id))[0]?.attempts, 4);
    assert.equal(
      (await t.call('POST', `/api/v1/webhooks/deliveries/${latest?.id}/redeliver`, { cookie: clerk, body: {} }))
        .statusCode,
      403,
    );
  });
});
