import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseEmvQr } from '@congso/core';
import { getPaymentByReference, queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { signFields } from './national-platform';
import { reconcilePayments } from './payments.service';
import { type PaymentPlatformStandIn, startPaymentPlatformStandIn } from './stand-in/platform-stand-in';

const SECRET = 'test-payment-secret-0123456789';
let standIn: PaymentPlatformStandIn;
let t: TestApp;
let tanNinh: string;
let citizen: string;
let otherCitizen: string;
let clerk: string;
const CODE = '1.014063'; // Cấp đổi thẻ căn cước: 50.000 đồng

before(async () => {
  standIn = await startPaymentPlatformStandIn({ secret: SECRET });
  t = await createTestApp({ PAYMENT_PLATFORM_URL: standIn.url, PAYMENT_PLATFORM_SECRET: SECRET });
  await t.importDemoProcedures(CODE);
  const admin = await t.login('admin');
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: admin })).json().items[0].id;
  citizen = await t.login('072090001234');
  otherCitizen = await t.login('080195004321');
  clerk = await t.login('motcua.tanninh');
});
after(async () => {
  await t?.close();
  await standIn?.close();
});

/** A dossier filed online whose fee the clerk asked: waiting for 50.000 đồng. */
const waitingDossier = () => t.fileWaitingForFee({ citizen, clerk, procedureCode: CODE, agencyId: tanNinh });

const pay = (id: string, provider = 'national_platform', cookie = citizen) =>
  t.call('POST', `/api/v1/dossiers/${id}/payments`, { cookie, body: { provider } });
const callback = (body: unknown) =>
  t.call('POST', '/api/v1/payments/callback', { body, headers: { 'x-congso-request': '' } });
const dossier = async (id: string) => (await t.call('GET', `/api/v1/dossiers/${id}`, { cookie: clerk })).json();
const paymentsOf = async (id: string) =>
  (await t.call('GET', `/api/v1/dossiers/${id}/payments`, { cookie: citizen })).json();
const count = async (table: 'dossier_events' | 'audit_events' | 'receipts' | 'payments') =>
  (
    (await queryRows<{ n: number }>(t.db.connection.db, sql`select count(*)::int as n from ${sql.raw(table)}`)) as [
      { n: number },
    ]
  )[0].n;
/** The dossier's paid-online fact as an ISO instant (raw rows give a Date or a text, by engine), or null. */
const paidOnlineAt = async (id: string) => {
  const [row] = await queryRows<{ at: Date | string | null }>(
    t.db.connection.db,
    sql`select paid_online_at as at from dossiers where id = ${id}`,
  );
  return row?.at ? new Date(row.at).toISOString() : null;
};
const snapshot = async () => ({
  events: await count('dossier_events'),
  audit: await count('audit_events'),
  receipts: await count('receipts'),
  payments: await count('payments'),
});

describe('online payment through the national payment platform (its stand-in)', () => {
  test('the applicant is sent to the platform; the signed callback confirms once, with the receipt', async () => {
    const d = await waitingDossier();
    assert.equal((await pay(d.id, 'national_platform', otherCitizen)).statusCode, 404);
    assert.equal((await pay(d.id, 'national_platform', clerk)).statusCode, 403);
    const started = await pay(d.id);
    assert.equal(started.statusCode, 200, started.body);
    const { payment, redirectUrl } = started.json();
    assert.equal(payment.amount, 25000 * 2); // the catalogue's 50.000 đồng
    assert.match(payment.reference, /^HS\w+01$/);
    assert.ok(redirectUrl.startsWith(`${standIn.url}/pay/GD`));
    // Starting again gives the same attempt, not a second transaction.
    assert.equal((await pay(d.id)).json().payment.reference, payment.reference);
    assert.equal(standIn.transactions.size >= 1, true);
    await standIn.complete(payment.reference, { callbacks: 0 });
    const res = await callback(standIn.callbackBody(payment.reference));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { result: 'confirmed' });
    const after = await dossier(d.id);
    assert.equal(after.status, 'receiving');
    assert.equal(after.events.at(-1).action, 'confirm_payment');
    assert.equal(after.events.at(-1).actor.id, '00000000-0000-0000-0000-000000000000');
    const listed = await paymentsOf(d.id);
    assert.deepEqual(
      listed.items.map((p: { status: string; confirmedVia: string; settledDossier: boolean }) => [
        p.status,
        p.confirmedVia,
        p.settledDossier,
      ]),
      [['paid', 'callback', true]],
    );
    assert.equal(listed.receipts.length, 1);
    assert.equal(listed.receipts[0].symbol, 'BL/26E');
    const fees = (await t.call('GET', `/api/v1/dossiers/${d.id}/fees`, { cookie: citizen })).json().items;
    assert.equal(fees[0].status, 'paid');
    // Paid online: the fact with its time on the dossier, the confirmation's instant.
    assert.equal(await paidOnlineAt(d.id), after.events.at(-1).at);

    // Repeated, and repeated at the same time: nothing more is written.
    const before = await snapshot();
    const again = await Promise.all([1, 2, 3].map(() => callback(standIn.callbackBody(payment.reference))));
    assert.deepEqual(
      again.map((r) => r.json().result),
      ['already', 'already', 'already'],
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('forged callbacks are refused and change nothing', async () => {
    const d = await waitingDossier();
    const { payment } = (await pay(d.id)).json();
    await standIn.complete(payment.reference, { callbacks: 0 });
    const genuine = standIn.callbackBody(payment.reference);
    const before = await snapshot();
    const resign = (fields: Record<string, string | number | null>, secret = SECRET) => {
      const { signature: _s, ...rest } = fields;
      return { ...rest, signature: signFields(rest, secret) };
    };
    const cases: [string, unknown, number, string][] = [
      ['amount changed, old signature', { ...genuine, amount: 1000 }, 401, 'PAYMENT_SIGNATURE_INVALID'],
      ['signed with another key', resign(genuine, 'not-the-platform-key-000'), 401, 'PAYMENT_SIGNATURE_INVALID'],
      ['no signature', { ...genuine, signature: '' }, 401, 'PAYMENT_SIGNATURE_INVALID'],
      ['another merchant', resign({ ...genuine, merchantCode: 'OTHER' }), 401, 'PAYMENT_SIGNATURE_INVALID'],
      ['signed, amount not the payment’s', resign({ ...genuine, amount: 1000 }), 409, 'PAYMENT_MISMATCH'],
      ['signed, another transaction', resign({ ...genuine, transactionId: 'GD0000' }), 409, 'PAYMENT_MISMATCH'],
      [
        'signed, unknown reference',
        resign({ ...genuine, reference: 'HS000000000000000000099' }),
        404,
        'PAYMENT_UNKNOWN',
      ],
      ['not a callback', { hello: 'world' }, 401, 'PAYMENT_SIGNATURE_INVALID'],
      ['extra field', { ...genuine, extra: 1 }, 401, 'PAYMENT_SIGNATURE_INVALID'],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await callback(body);
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      assert.equal(res.json().error.code, code, name);
      assert.ok(res.json().error.message.vi && res.json().error.message.en, name);
    }
    assert.deepEqual(await snapshot(), before);
    assert.equal((await dossier(d.id)).status, 'waiting_payment');
    // The genuine one still confirms.
    assert.equal((await callback(genuine)).json().result, 'confirmed');
  });

  test('a callback that never came: the reconciliation finds the payment and confirms it; a late one changes nothing', async () => {
    const d = await waitingDossier();
    const other = await waitingDossier();
    const { payment } = (await pay(d.id)).json();
    const unpaid = (await pay(other.id)).json().payment;
    await standIn.complete(payment.reference, { callbacks: 0 });
    // Too recent to ask about.
    assert.equal((await reconcilePayments(t.ctx)).checked, 0);
    const report = await reconcilePayments(t.ctx, { olderThanSeconds: 0 });
    assert.deepEqual(report, { checked: 2, confirmed: 1, unmatched: 0, failed: 0, pending: 1, errors: 0 });
    const row = await getPaymentByReference(t.db.connection.db, payment.reference);
    assert.deepEqual([row?.status, row?.confirmedVia], ['paid', 'reconciliation']);
    assert.equal((await dossier(d.id)).status, 'receiving');
    assert.equal((await dossier(other.id)).status, 'waiting_payment');
    const before = await snapshot();
    assert.equal((await callback(standIn.callbackBody(payment.reference))).json().result, 'already');
    assert.deepEqual((await reconcilePayments(t.ctx, { olderThanSeconds: 0 })).confirmed, 0);
    assert.deepEqual(await snapshot(), before);
    // The payer gives up on the platform: failed, closed, the dossier still waits.
    await standIn.complete(unpaid.reference, { status: 'failed', callbacks: 0 });
    assert.equal((await callback(standIn.callbackBody(unpaid.reference))).json().result, 'failed');
    assert.equal((await dossier(other.id)).status, 'waiting_payment');
  });

  test('money that comes after the fee was paid at the counter is kept as unmatched, the dossier unchanged', async () => {
    const d = await waitingDossier();
    const { payment } = (await pay(d.id)).json();
    const version = (await dossier(d.id)).version;
    t.clock.advance(60_000);
    const counter = await t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, {
      cookie: clerk,
      body: { version, method: 'cash' },
    });
    assert.equal(counter.statusCode, 200, counter.body);
    await standIn.complete(payment.reference, { callbacks: 0 });
    const events = (await dossier(d.id)).events.length;
    assert.equal((await callback(standIn.callbackBody(payment.reference))).json().result, 'unmatched');
    assert.equal((await dossier(d.id)).events.length, events);
    const listed = await paymentsOf(d.id);
    assert.deepEqual(
      listed.items.map((p: { provider: string; status: string; settledDossier: boolean }) => [
        p.provider,
        p.status,
        p.settledDossier,
      ]),
      [
        ['national_platform', 'paid', false],
        ['counter', 'paid', true],
      ],
    );
    assert.equal(listed.receipts.length, 1, 'one receipt: the counter’s');
  });
});

describe('counter payment and VietQR', () => {
  test('the clerk records cash or card; the receipt numbers follow each other', async () => {
    const d = await waitingDossier();
    const version = (await dossier(d.id)).version;
    const body = { version, method: 'card', reference: 'POS 123456' };
    assert.equal(
      (await t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, { cookie: citizen, body })).statusCode,
      403,
    );
    assert.equal(
      (
        await t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, {
          cookie: clerk,
          body: { ...body, method: 'cheque' },
        })
      ).statusCode,
      400,
    );
    const res = await t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, { cookie: clerk, body });
    assert.equal(res.statusCode, 200, res.body);
    const { receipt } = res.json();
    assert.equal(receipt.method, 'card');
    const numbers = (
      await queryRows<{ number: number }>(t.db.connection.db, sql`select number from receipts order by number`)
    ).map((r) => r.number);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      'gap-free from 1',
    );
    assert.equal(receipt.number, numbers.at(-1));
    const stale = await t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, { cookie: clerk, body });
    assert.equal(stale.statusCode, 409);
    assert.equal(await paidOnlineAt(d.id), null, 'paid at the counter: not paid online');
  });

  test('VietQR: an EMVCo payload with the amount, the collection account and the reference naming the dossier', async () => {
    const d = await waitingDossier();
    const res = await pay(d.id, 'vietqr');
    assert.equal(res.statusCode, 200, res.body);
    const { qr, payment } = res.json();
    const fields = parseEmvQr(qr.payload);
    assert.ok(fields, qr.payload);
    assert.equal(fields.get('54'), '50000');
    assert.equal(fields.get('38'), '0010A00000072701260006970415011211300000000102' + '08QRIBFTTA');
    assert.equal(fields.get('62'), `08${String(payment.reference.length).padStart(2, '0')}${payment.reference}`);
    assert.equal(payment.reference, `HS${d.code.replace(/[^0-9A-Z]/gi, '')}01`);
    assert.equal((await pay(d.id, 'paypal')).statusCode, 400);
  });

  test('nothing to pay: 409 PAYMENT_NOT_DUE', async () => {
    const filed = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizen,
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant: { phone: '0912 345 678', address: 'Tân Ninh' },
        documents: await t.documentsFor(citizen, CODE),
      },
    });
    const res = await pay(filed.json().id);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'PAYMENT_NOT_DUE');
  });
});
