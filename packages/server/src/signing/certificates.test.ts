import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import { createTestApp, type TestApp } from '../testing';
import { seedDemoCertificates } from './demo-certificates';
import { buildOcspRequest, parseCertificate, pkiOids, readCrl, readOcspResponse, verifyChain, x509 } from './pki/index';
import { signingKeyOf, trustAnchors } from './registry';

let t: TestApp;
let admin: string;

before(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: 'https://congso.test/' });
  admin = await t.login('admin');
});
after(() => t?.close());

const registry = (query = '') => t.call('GET', `/api/v1/signing/certificates${query}`, { cookie: admin });

async function personId(username: string) {
  const person = await getPersonByUsername(t.ctx.connection.db, username);
  assert.ok(person);
  return person.id;
}

async function auditCount(entityId: string, action: string) {
  const [row] = await queryRows<{ n: number }>(
    t.ctx.connection.db,
    sql`select count(*)::int as n from audit_events where entity_id = ${entityId} and action = ${action}`,
  );
  return Number(row?.n);
}

describe('certificate registry', () => {
  test('the province CA is made by the seed, with its OCSP responder; the demo signers and agencies get theirs', async () => {
    // Before the CA exists, what anonymous clients fetch is not there (404) and fetching it creates nothing.
    for (const url of ['/pki/root.cer', '/pki/issuing.cer', '/pki/root.crl', '/pki/issuing.crl']) {
      const res = await t.call('GET', url);
      assert.deepEqual([url, res.statusCode, res.json().error.code], [url, 404, 'NOT_FOUND']);
    }
    const ocsp = await t.app.inject({
      method: 'POST',
      url: '/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.from([0x30, 0x03, 0x30, 0x01, 0x00]),
    });
    assert.equal(ocsp.statusCode, 404, ocsp.body);
    const [authorities] = await queryRows<{ n: number }>(
      t.ctx.connection.db,
      sql`select count(*)::int as n from certificate_authorities`,
    );
    assert.equal(Number(authorities?.n), 0, 'anonymous requests made no CA');
    const first = await registry();
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual([first.json().total, first.json().counts.total], [0, 0], 'reading the registry makes nothing');
    assert.deepEqual(await seedDemoCertificates(t.ctx), { personal: 5, organization: 3 });
    assert.equal(await seedDemoCertificates(t.ctx), null, 'a second seed leaves the registry alone');
    const res = await registry();
    const counts = res.json().counts;
    assert.deepEqual(counts.byKind.personal, { active: 5, expired: 0, revoked: 0 });
    assert.deepEqual(counts.byKind.organization, { active: 3, expired: 0, revoked: 0 });
    assert.deepEqual(counts.byStatus, { active: 9, expired: 0, revoked: 0 });
    assert.equal(counts.total, 9);
    const names = res
      .json()
      .items.filter((c: { kind: string }) => c.kind === 'personal')
      .map((c: { commonName: string }) => c.commonName)
      .sort();
    assert.deepEqual(names, ['Huỳnh Thanh Sơn', 'Lý Văn Phúc', 'Mai Thị Hạnh', 'Nguyễn Văn Thành', 'Đặng Thị Lan']);
    const search = await registry('?q=dang%20thi%20lan');
    assert.deepEqual(
      search
        .json()
        .items.map((c: { commonName: string; holderName: string; agencyName: string }) => [
          c.commonName,
          c.holderName,
          c.agencyName,
        ]),
      [['Đặng Thị Lan', 'Đặng Thị Lan', 'Sở Tư pháp']],
    );
    const agencies = await registry('?kind=organization');
    assert.deepEqual(
      agencies
        .json()
        .items.map((c: { commonName: string }) => c.commonName)
        .sort(),
      ['Sở Tư pháp', 'Ủy ban nhân dân phường Tân Ninh', 'Ủy ban nhân dân tỉnh Tây Ninh'],
    );
  });

  test('issuing: a certificate that chains to the root, names the officer and points at the public CRL and OCSP', async () => {
    const res = await t.call('POST', '/api/v1/signing/certificates', {
      cookie: admin,
      body: { kind: 'personal', personId: await personId('chuyenvien.stp'), validityDays: 365 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const issued = res.json();
    assert.equal(issued.status, 'active');
    assert.equal(issued.commonName, 'Bùi Văn Khoa');
    assert.equal(issued.notBefore, '2026-11-23T02:00:00.000Z');
    assert.equal(issued.notAfter, '2027-11-23T02:00:00.000Z');
    assert.equal(issued.version, 1);
    assert.equal(await auditCount(issued.id, 'certificate.issued'), 1);
    const pem = await t.call('GET', `/api/v1/signing/certificates/${issued.id}/pem?chain=true`, { cookie: admin });
    assert.equal(pem.statusCode, 200);
    assert.match(String(pem.headers['content-type']), /^application\/x-pem-file/);
    const chain = pem.body.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    assert.equal(chain.length, 3);
    const leaf = parseCertificate(chain[0] as string);
    assert.equal(leaf.serialNumber, issued.serialNumber);
    assert.equal(leaf.certificate.subjectName.getField('2.5.4.12')[0], 'Chuyên viên');
    assert.equal(leaf.certificate.subjectName.getField('2.5.4.10')[0], 'Sở Tư pháp');
    const anchors = await trustAnchors(t.ctx);
    const check = await verifyChain(leaf, {
      trusted: [{ der: anchors.root }],
      intermediates: anchors.intermediates.map((der) => ({ der })),
      at: t.clock.now,
    });
    assert.equal(check.valid, true, check.message);
    const aia = leaf.certificate.getExtension(x509.AuthorityInfoAccessExtension);
    assert.deepEqual(
      aia?.ocsp.map((g) => g.value),
      ['https://congso.test/pki/ocsp'],
    );
    const crlDp = leaf.certificate.getExtension(x509.CRLDistributionPointsExtension);
    assert.deepEqual(
      [...(crlDp?.distributionPoints ?? [])].map((p) => p.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier),
      ['https://congso.test/pki/issuing.crl'],
    );
    assert.deepEqual(
      [...(leaf.certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])][0],
      pkiOids.ekuEmailProtection,
    );
  });

  test('the signing key of a holder: encrypted at rest, decrypts with the configured passphrase, matches its certificate', async () => {
    const key = await signingKeyOf(t.ctx, { personId: await personId('truongphong.stp') });
    assert.ok(key);
    assert.match(key.keyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(key.kind, 'personal');
    const [leaf] = key.certificatesPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    const privateKey = createPrivateKey({ key: key.keyPem, format: 'pem', passphrase: key.passphrase });
    assert.equal(new X509Certificate(leaf as string).checkPrivateKey(privateKey), true);
    assert.throws(() => createPrivateKey({ key: key.keyPem, format: 'pem', passphrase: 'wrong' }));
    assert.equal(await signingKeyOf(t.ctx, { personId: await personId('motcua.stp') }), null);
  });

  test('bad input and callers without the right get 4xx with a vi/en message', async () => {
    const citizen = await personId('072090001234');
    const notOfficer = await t.call('POST', '/api/v1/signing/certificates', {
      cookie: admin,
      body: { kind: 'personal', personId: citizen },
    });
    assert.equal(notOfficer.statusCode, 400);
    assert.equal(notOfficer.json().error.code, 'VALIDATION_FAILED');
    assert.equal(notOfficer.json().error.message.vi, 'Chỉ cấp chứng thư cá nhân cho cán bộ.');
    const badBody = await t.call('POST', '/api/v1/signing/certificates', {
      cookie: admin,
      body: { kind: 'timestamping', name: 'x' },
    });
    assert.equal(badBody.statusCode, 400);
    assert.equal(badBody.json().error.code, 'VALIDATION_FAILED');
    const tooLong = await t.call('POST', '/api/v1/signing/certificates', {
      cookie: admin,
      body: { kind: 'organization', agencyId: '00000000-0000-4000-8000-000000000000', validityDays: 5000 },
    });
    assert.equal(tooLong.statusCode, 400);
    const clerk = await t.login('motcua.stp');
    assert.equal((await t.call('GET', '/api/v1/signing/certificates', { cookie: clerk })).statusCode, 403);
    assert.equal((await t.call('GET', '/api/v1/signing/certificates')).statusCode, 401);
    const adminStp = await t.login('admin.stp');
    const agencyAdmin = await t.call('GET', '/api/v1/signing/certificates', { cookie: adminStp });
    assert.equal(agencyAdmin.statusCode, 403, 'an agency’s administrator is not the province’s');
  });
});

describe('revocation, CRL and OCSP', () => {
  let target: { id: string; serialNumber: string; version: number };
  let good: { serialNumber: string; pem: string };

  before(async () => {
    const list = (await registry('?kind=personal&q=mai%20thi%20hanh')).json().items;
    target = list[0];
    const other = (await registry('?kind=organization&q=tan%20ninh')).json().items[0];
    good = {
      serialNumber: other.serialNumber,
      pem: (await t.call('GET', `/api/v1/signing/certificates/${other.id}`, { cookie: admin })).json().pem,
    };
  });

  test('revoking: a stale version conflicts, the right one revokes with its reason once, audited', async () => {
    const url = `/api/v1/signing/certificates/${target.id}/revoke`;
    const hold = await t.call('POST', url, {
      cookie: admin,
      body: { reason: 'certificateHold', version: target.version },
    });
    assert.equal(hold.statusCode, 400);
    assert.ok(hold.json().error.message.en);
    const stale = await t.call('POST', url, { cookie: admin, body: { reason: 'keyCompromise', version: 99 } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    t.clock.advance(60_000);
    const res = await t.call('POST', url, {
      cookie: admin,
      body: { reason: 'keyCompromise', version: target.version, note: 'Mất thiết bị ký' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      [res.json().status, res.json().revocationReason, res.json().revokedAt, res.json().version],
      ['revoked', 'keyCompromise', '2026-11-23T02:01:00.000Z', target.version + 1],
    );
    const again = await t.call('POST', url, {
      cookie: admin,
      body: { reason: 'superseded', version: target.version + 1 },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'INVALID_STATE');
    assert.equal(await auditCount(target.id, 'certificate.revoked'), 1);
    assert.deepEqual((await registry()).json().counts.byKind.personal, { active: 5, expired: 0, revoked: 1 });
    const missing = await t.call('POST', '/api/v1/signing/certificates/00000000-0000-4000-8000-000000000000/revoke', {
      cookie: admin,
      body: { reason: 'superseded', version: 1 },
    });
    assert.equal(missing.statusCode, 404);
  });

  test('the CRL lists the revocation with its reason, signed by the issuing CA, cacheable', async () => {
    const res = await t.call('GET', '/pki/issuing.crl');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pkix-crl');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    const anchors = await trustAnchors(t.ctx);
    const crl = await readCrl(res.rawPayload, parseCertificate(anchors.intermediates[0] as Buffer));
    assert.equal(crl.signatureValid, true);
    assert.deepEqual(
      crl.entries.map((e) => [e.serialNumber, e.revokedAt.toISOString(), e.reason]),
      [[target.serialNumber, '2026-11-23T02:01:00.000Z', 'keyCompromise']],
    );
    assert.equal(crl.thisUpdate.toISOString(), '2026-11-23T02:01:00.000Z');
    assert.equal(crl.crlNumber, BigInt(Date.parse('2026-11-23T02:01:00Z') / 1000));
    const again = await t.call('GET', '/pki/issuing.crl');
    assert.deepEqual(again.rawPayload, res.rawPayload, 'the same state gives the same CRL');
    const root = await t.call('GET', '/pki/root.crl');
    assert.deepEqual((await readCrl(root.rawPayload, parseCertificate(anchors.root))).entries, []);
    const cer = await t.call('GET', '/pki/root.cer');
    assert.equal(cer.headers['content-type'], 'application/pkix-cert');
    assert.deepEqual(Buffer.from(cer.rawPayload), anchors.root);
  });

  test('the OCSP responder answers revoked and good from the live state, by POST and by GET', async () => {
    const anchors = await trustAnchors(t.ctx);
    const issuing = { der: anchors.intermediates[0] as Buffer };
    const trust = { trusted: [{ der: anchors.root }], intermediates: [issuing] };
    const targetPem = (await t.call('GET', `/api/v1/signing/certificates/${target.id}`, { cookie: admin })).json().pem;
    const post = await t.app.inject({
      method: 'POST',
      url: '/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: await buildOcspRequest(parseCertificate(targetPem), issuing),
    });
    assert.equal(post.statusCode, 200);
    assert.equal(post.headers['content-type'], 'application/ocsp-response');
    const revoked = await readOcspResponse(post.rawPayload, trust);
    assert.equal(revoked.signatureValid, true);
    assert.deepEqual(
      revoked.responses.map((r) => [r.serialNumber, r.status, r.reason, r.revokedAt?.toISOString()]),
      [[target.serialNumber, 'revoked', 'keyCompromise', '2026-11-23T02:01:00.000Z']],
    );
    const request = await buildOcspRequest(parseCertificate(good.pem), issuing, { nonce: false });
    const get = await t.call('GET', `/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`);
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['cache-control'], 'public, max-age=60');
    const answer = await readOcspResponse(get.rawPayload, trust);
    assert.deepEqual(
      answer.responses.map((r) => [r.serialNumber, r.status]),
      [[good.serialNumber, 'good']],
    );
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: Buffer.from('not an OCSP request'),
    });
    assert.equal(garbage.statusCode, 200);
    assert.equal(Buffer.from(garbage.rawPayload).toString('hex'), '30030a0101');
    const json = await t.app.inject({ method: 'POST', url: '/pki/ocsp', payload: { a: 1 } });
    assert.equal(json.statusCode, 415);
    assert.ok(json.json().error.message.vi);
    const badGet = await t.call('GET', '/pki/ocsp/%3Cscript%3E');
    assert.equal(badGet.statusCode, 400);
  });

  test('a certificate past its end counts as expired', async () => {
    const res = await t.call('POST', '/api/v1/signing/certificates', {
      cookie: admin,
      body: { kind: 'personal', personId: await personId('vanthu.stp'), validityDays: 1 },
    });
    assert.equal(res.statusCode, 201, res.body);
    t.clock.advance(2 * 86_400_000);
    admin = await t.login('admin'); // the session ended with the two days
    const list = await registry('?status=expired');
    assert.deepEqual(
      list.json().items.map((c: { id: string; status: string }) => [c.id, c.status]),
      [[res.json().id, 'expired']],
    );
    assert.deepEqual(list.json().counts.byStatus, { active: 9, expired: 1, revoked: 1 });
  });
});
