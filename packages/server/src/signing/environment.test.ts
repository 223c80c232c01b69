import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { signingEnvironment } from './environment';
import { verifyPdf } from './pades/verify';
import {
  certificateStates,
  issueRegistryCertificate,
  normalizeSerial,
  prepareProvinceAuthority,
  revokeRegistryCertificate,
} from './registry';
import { signPdf } from './signing-service';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from './testing/sample-document';
import { timestampRequest } from './tsa/tsa-client';

let t: TestApp;

before(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: 'https://congso.test/' });
});
after(() => t?.close());

async function personId(username: string) {
  const person = await getPersonByUsername(t.ctx.connection.db, username);
  assert.ok(person);
  return person.id;
}

/** Rows of the tables anything could write to: certificates, CAs, audit events. */
async function rowCounts() {
  const [row] = await queryRows<{ c: number; a: number; e: number }>(
    t.ctx.connection.db,
    sql`select (select count(*)::int from certificates) as c, (select count(*)::int from certificate_authorities) as a,
               (select count(*)::int from audit_events) as e`,
  );
  return row;
}

async function verifyOverHttp(pdf: Buffer) {
  const res = await t.call('POST', '/api/v1/signing/verify', {
    body: pdf,
    headers: { 'content-type': 'application/pdf' },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().signatures as { status: string; problems: string[]; revocation: { status: string } | null }[];
}

describe('the signing environment from the certificate registry', () => {
  test('before the province CA exists it is empty, and public requests create nothing', async () => {
    const before = await rowCounts();
    const env = await signingEnvironment(t.ctx);
    assert.deepEqual([env.trustAnchors.length, env.timestampAuthority], [0, null]);
    const tsa = await t.call('POST', '/tsa', {
      body: timestampRequest(Buffer.alloc(32, 7), Buffer.alloc(8, 1)),
      headers: { 'content-type': 'application/timestamp-query' },
    });
    assert.equal(tsa.statusCode, 503);
    assert.equal(tsa.json().error.code, 'TIMESTAMP_UNAVAILABLE');
    assert.deepEqual(await verifyOverHttp(await sampleDocument()), []);
    assert.deepEqual(await rowCounts(), before, 'nothing written');
  });

  test('with the CA: anchors, a timestamp authority, a signer per holder; a revocation shows at once', async () => {
    await prepareProvinceAuthority(t.ctx);
    const env = await signingEnvironment(t.ctx);
    assert.equal(env.trustAnchors.length, 1);
    assert.equal(env.intermediates.length, 1);
    assert.ok(env.timestampAuthority);
    const director = await personId('giamdoc.stp');
    assert.equal(await env.signerFor({ personId: director }), null, 'no certificate yet');
    await assert.rejects(
      signPdf(t.ctx, { pdf: await sampleDocument(), as: 'signer', personId: director, reason: 'Ký' }),
      (e: Error & { code?: string }) => e.code === 'SIGNING_CERTIFICATE_MISSING',
    );
    const cert = await issueRegistryCertificate(t.ctx, null, { kind: 'personal', personId: director }, null);
    const signed = await signPdf(t.ctx, {
      pdf: await sampleDocument(),
      as: 'signer',
      personId: director,
      reason: 'Ký ban hành',
      appearance: { rect: SAMPLE_SIGNATURE_RECT },
    });
    const before = await rowCounts();
    const [valid] = await verifyOverHttp(signed);
    assert.equal(valid?.status, 'valid', JSON.stringify(valid?.problems));
    assert.deepEqual(valid?.revocation, { status: 'good' });
    assert.deepEqual(await rowCounts(), before, 'verifying writes nothing');

    await revokeRegistryCertificate(t.ctx, null, cert.id, { version: cert.version, reason: 'keyCompromise' }, null);
    const [revoked] = await verifyOverHttp(signed);
    assert.equal(revoked?.status, 'revoked');
    assert.equal(revoked?.revocation?.status, 'revoked');
    assert.ok(revoked?.problems.includes('CERTIFICATE_REVOKED'));
    assert.equal(await (await signingEnvironment(t.ctx)).signerFor({ personId: director }), null);
  });

  test('the registry reads serial numbers in any case, with or without leading zeros', async () => {
    const [row] = await queryRows<{ serial_number: string }>(
      t.ctx.connection.db,
      sql`select serial_number from certificates where revoked_at is not null limit 1`,
    );
    assert.ok(row);
    const serial = row.serial_number;
    assert.equal(normalizeSerial(`00${serial.toUpperCase()}`), normalizeSerial(serial));
    const states = await certificateStates(t.ctx, [`0000${serial.toUpperCase()}`]);
    assert.equal(states.get(normalizeSerial(serial))?.status, 'revoked');
    const verified = await verifyPdf(await sampleDocument(), {
      trustAnchors: (await signingEnvironment(t.ctx)).trustAnchors,
      now: t.ctx.now(),
    });
    assert.deepEqual(verified, []);
  });
});
