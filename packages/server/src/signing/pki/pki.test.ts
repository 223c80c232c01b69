import assert from 'node:assert/strict';
import { createPublicKey, createSign, createVerify } from 'node:crypto';
import { before, describe, test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  answerOcsp,
  buildCrl,
  buildOcspRequest,
  type CertificateAuthority,
  type CertificateState,
  createCertificateAuthority,
  decryptPrivateKey,
  encryptPrivateKey,
  type IssuedCertificate,
  issueCertificate,
  kindOfCertificate,
  nameField,
  OCSP_MAX_REQUESTS,
  PrivateKeyError,
  pkiCrypto,
  pkiOids,
  randomSerialNumber,
  readCrl,
  readOcspResponse,
  verifyChain,
} from './index';
import * as x509 from './x509';

const now = new Date('2026-12-01T02:00:00Z');
const urls = {
  root: { crl: 'https://congso.example/pki/root.crl' },
  issuing: { crl: 'https://congso.example/pki/issuing.crl', ocsp: 'https://congso.example/pki/ocsp' },
};

let ca: CertificateAuthority;
let head: IssuedCertificate;
let agency: IssuedCertificate;
let tsa: IssuedCertificate;
let other: CertificateAuthority;
let stranger: IssuedCertificate;

before(async () => {
  ca = await createCertificateAuthority({ province: 'Tây Ninh', now, urls, rootKeySize: 2048 });
  head = await issueCertificate(ca.issuing, {
    subject: {
      kind: 'personal',
      fullName: 'Nguyễn Thị Hồng Nhung',
      nationalId: '072190000123',
      title: 'Trưởng phòng',
      organization: 'Sở Tư pháp tỉnh Tây Ninh',
      province: 'Tây Ninh',
      email: 'nhung@tayninh.gov.vn',
    },
    now,
    urls: urls.issuing,
  });
  agency = await issueCertificate(ca.issuing, {
    subject: {
      kind: 'organization',
      agencyName: 'Sở Tư pháp tỉnh Tây Ninh',
      agencyCode: '000.00.15.H57',
      province: 'Tây Ninh',
    },
    now,
    validityDays: 365,
    urls: urls.issuing,
  });
  tsa = await issueCertificate(ca.issuing, {
    subject: { kind: 'timestamping', name: 'Congso TSA (thử nghiệm)', organization: 'UBND tỉnh Tây Ninh' },
    now,
    urls: urls.issuing,
  });
  other = await createCertificateAuthority({ province: 'Long An', now, rootKeySize: 2048 });
  stranger = await issueCertificate(other.issuing, { subject: { kind: 'personal', fullName: 'Trần Văn B' }, now });
});

const ext = <T extends x509.Extension>(
  c: IssuedCertificate | CertificateAuthority['root'],
  t: new (raw: ArrayBuffer) => T,
) => c.certificate.getExtension(t);

describe('certificates', () => {
  test('serial numbers are 16 random bytes, positive, as 32 hex digits', () => {
    const serials = new Set(Array.from({ length: 200 }, () => randomSerialNumber()));
    assert.equal(serials.size, 200);
    for (const s of serials) {
      assert.match(s, /^[0-7][0-9a-f]{31}$/);
      assert.notEqual(s.slice(0, 2), '00');
    }
    assert.match(head.serialNumber, /^[0-7][0-9a-f]{31}$/);
    assert.equal(head.certificate.serialNumber.toLowerCase(), head.serialNumber);
  });

  test('the root and the issuing CA: constraints, key usages, key identifiers, names', () => {
    assert.equal(ca.root.subject, ca.root.certificate.issuer);
    assert.equal(nameField(ca.root.certificate.subjectName, 'commonName'), 'Congso Tây Ninh Root CA (thử nghiệm)');
    assert.equal(nameField(ca.issuing.certificate.subjectName, 'organization'), 'UBND tỉnh Tây Ninh');
    const rootBasic = ext(ca.root, x509.BasicConstraintsExtension);
    assert.deepEqual([rootBasic?.ca, rootBasic?.pathLength, rootBasic?.critical], [true, undefined, true]);
    const issuingBasic = ext(ca.issuing, x509.BasicConstraintsExtension);
    assert.deepEqual([issuingBasic?.ca, issuingBasic?.pathLength, issuingBasic?.critical], [true, 0, true]);
    const usage = ext(ca.issuing, x509.KeyUsagesExtension);
    assert.equal(usage?.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.equal(usage?.critical, true);
    const aki = ext(ca.issuing, x509.AuthorityKeyIdentifierExtension);
    const rootSki = ext(ca.root, x509.SubjectKeyIdentifierExtension);
    assert.equal(aki?.keyId, rootSki?.keyId);
    assert.deepEqual(
      [...(ext(ca.issuing, x509.CRLDistributionPointsExtension)?.distributionPoints ?? [])].map(
        (p) => p.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier,
      ),
      ['https://congso.example/pki/root.crl'],
    );
    assert.equal(ca.root.notAfter.toISOString(), '2046-11-26T02:00:00.000Z');
    assert.equal(ca.issuing.notAfter.toISOString(), '2036-11-28T02:00:00.000Z');
  });

  test('a personal certificate: name in UTF-8, CCCD as UID, signer usages, CRL and OCSP addresses', async () => {
    const name = head.certificate.subjectName;
    assert.equal(nameField(name, 'commonName'), 'Nguyễn Thị Hồng Nhung');
    assert.equal(nameField(name, 'uid'), 'CCCD:072190000123');
    assert.equal(nameField(name, 'title'), 'Trưởng phòng');
    assert.equal(nameField(name, 'organization'), 'Sở Tư pháp tỉnh Tây Ninh');
    assert.equal(nameField(name, 'country'), 'VN');
    assert.equal(head.subject, head.certificate.subject);
    const basic = ext(head, x509.BasicConstraintsExtension);
    assert.deepEqual([basic?.ca, basic?.critical], [false, true]);
    const usage = ext(head, x509.KeyUsagesExtension);
    assert.equal(usage?.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    assert.equal(usage?.critical, true);
    const eku = ext(head, x509.ExtendedKeyUsageExtension);
    assert.deepEqual(
      [...(eku?.usages ?? [])],
      [pkiOids.ekuEmailProtection, pkiOids.ekuDocumentSigning, pkiOids.ekuClientAuth],
    );
    assert.equal(eku?.critical, false);
    const aia = ext(head, x509.AuthorityInfoAccessExtension);
    assert.deepEqual(
      aia?.ocsp.map((g) => g.value),
      ['https://congso.example/pki/ocsp'],
    );
    assert.deepEqual(
      [...(ext(head, x509.CRLDistributionPointsExtension)?.distributionPoints ?? [])].map(
        (p) => p.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier,
      ),
      ['https://congso.example/pki/issuing.crl'],
    );
    assert.deepEqual(
      ext(head, x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value),
      ['nhung@tayninh.gov.vn'],
    );
    assert.equal(
      ext(head, x509.AuthorityKeyIdentifierExtension)?.keyId,
      ext(ca.issuing, x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    assert.equal(head.notBefore.toISOString(), '2026-12-01T02:00:00.000Z');
    assert.equal(head.notAfter.toISOString(), '2029-11-30T02:00:00.000Z');
    assert.equal(kindOfCertificate(head.certificate), 'personal');
    assert.equal(head.kind, 'personal');
    assert.equal((await head.certificate.publicKey.export(pkiCrypto)).algorithm.name, 'RSASSA-PKCS1-v1_5');
  });

  test('an organisation certificate: agency name as O and CN, agency code as UID', () => {
    const name = agency.certificate.subjectName;
    assert.equal(nameField(name, 'commonName'), 'Sở Tư pháp tỉnh Tây Ninh');
    assert.equal(nameField(name, 'organization'), 'Sở Tư pháp tỉnh Tây Ninh');
    assert.equal(nameField(name, 'uid'), 'MDDT:000.00.15.H57');
    assert.equal(agency.notAfter.toISOString(), '2027-12-01T02:00:00.000Z');
    assert.equal(kindOfCertificate(agency.certificate), 'organization');
  });

  test('service certificates: time-stamping EKU alone and critical; OCSP signing with no-check, no OCSP address', () => {
    const tsaEku = ext(tsa, x509.ExtendedKeyUsageExtension);
    assert.deepEqual([[...(tsaEku?.usages ?? [])], tsaEku?.critical], [[pkiOids.ekuTimeStamping], true]);
    assert.equal(kindOfCertificate(tsa.certificate), 'timestamping');
    const responder = ca.ocspResponder;
    assert.deepEqual([...(ext(responder, x509.ExtendedKeyUsageExtension)?.usages ?? [])], [pkiOids.ekuOcspSigning]);
    assert.equal(ext(responder, x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature);
    assert.equal(responder.certificate.getExtension(pkiOids.ocspNoCheck)?.critical, false);
    assert.equal(ext(responder, x509.AuthorityInfoAccessExtension), null);
    assert.equal(kindOfCertificate(responder.certificate), 'ocsp');
    assert.equal(kindOfCertificate(ca.issuing.certificate), undefined);
  });

  test('chains build to the root with @peculiar/x509 and validate with pkijs; a foreign CA does not', async () => {
    const builder = new x509.X509ChainBuilder({ certificates: [ca.root.certificate, ca.issuing.certificate] });
    const chain = await builder.build(head.certificate, pkiCrypto);
    assert.deepEqual(
      [...chain].map((c) => c.serialNumber.toLowerCase()),
      [head.serialNumber, ca.issuing.serialNumber, ca.root.serialNumber],
    );
    for (const leaf of [head, agency, tsa, ca.ocspResponder]) {
      const check = await verifyChain(leaf, {
        trusted: [ca.root],
        intermediates: [ca.issuing],
        at: new Date('2027-06-01T00:00:00Z'),
      });
      assert.equal(check.valid, true, check.message);
      assert.equal(check.path.length, 3);
    }
    const foreign = await verifyChain(stranger, {
      trusted: [ca.root],
      intermediates: [ca.issuing, other.issuing],
      at: now,
    });
    assert.equal(foreign.valid, false);
    const expired = await verifyChain(agency, {
      trusted: [ca.root],
      intermediates: [ca.issuing],
      at: new Date('2027-12-02T00:00:00Z'),
    });
    assert.equal(expired.valid, false);
    const early = await verifyChain(head, {
      trusted: [ca.root],
      intermediates: [ca.issuing],
      at: new Date('2026-11-30T00:00:00Z'),
    });
    assert.equal(early.valid, false);
  });

  test('a key held elsewhere: the certificate is issued for the given public key and no private key comes back', async () => {
    const keys = (await pkiCrypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const spki = await pkiCrypto.subtle.exportKey('spki', keys.publicKey);
    const issued = await issueCertificate(ca.issuing, {
      subject: { kind: 'personal', fullName: 'Lê Văn Token' },
      now,
      publicKey: spki,
    });
    assert.equal(issued.privateKey, undefined);
    assert.deepEqual(Buffer.from(issued.certificate.publicKey.rawData), Buffer.from(spki));
  });
});

type CryptoKeyPair = import('./index').CryptoKeyPair;

describe('private keys at rest', () => {
  test('encrypted PKCS#8: PBES2, PBKDF2 with HMAC-SHA-256, AES-256-CBC; decrypts to a key that signs for the certificate', async () => {
    assert.ok(head.privateKey);
    const pem = encryptPrivateKey(head.privateKey, 'mật khẩu thử');
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const info = asn1js.fromBER(der).result as asn1js.Sequence;
    const algorithm = info.valueBlock.value[0] as asn1js.Sequence;
    const [scheme, params] = algorithm.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Sequence];
    assert.equal(scheme.valueBlock.toString(), '1.2.840.113549.1.5.13');
    const [kdf, cipher] = params.valueBlock.value as [asn1js.Sequence, asn1js.Sequence];
    assert.equal((kdf.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(), '1.2.840.113549.1.5.12');
    const kdfParams = kdf.valueBlock.value[1] as asn1js.Sequence;
    const prf = kdfParams.valueBlock.value.at(-1) as asn1js.Sequence;
    assert.equal((prf.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(), '1.2.840.113549.2.9');
    assert.equal(
      (cipher.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
      '2.16.840.1.101.3.4.1.42',
    );

    const key = await decryptPrivateKey(pem, 'mật khẩu thử');
    const message = Buffer.from('Quyết định số 123/QĐ-UBND');
    const signature = createSign('sha256').update(message).sign(key.keyObject);
    const publicKey = createPublicKey(head.pem);
    assert.equal(createVerify('sha256').update(message).verify(publicKey, signature), true);
    const webSignature = await pkiCrypto.subtle.sign('RSASSA-PKCS1-v1_5', key.cryptoKey, message);
    assert.equal(
      await head.certificate.publicKey
        .export(pkiCrypto)
        .then((k) => pkiCrypto.subtle.verify('RSASSA-PKCS1-v1_5', k, webSignature, message)),
      true,
    );
  });

  test('a wrong passphrase or a damaged key is refused; an empty passphrase is never used', async () => {
    assert.ok(agency.privateKey);
    const pem = encryptPrivateKey(agency.privateKey, 'đúng');
    await assert.rejects(decryptPrivateKey(pem, 'sai'), PrivateKeyError);
    await assert.rejects(decryptPrivateKey(pem.replace(/[A-Z]{6}/, 'AAAAAA'), 'đúng'), PrivateKeyError);
    assert.throws(() => encryptPrivateKey(agency.privateKey as never, ''), /empty passphrase/);
  });
});

describe('certificate revocation list', () => {
  test('lists the revoked serials with their dates and reasons, numbered and signed by the issuing CA', async () => {
    const der = await buildCrl(ca.issuing, {
      entries: [
        { serialNumber: head.serialNumber, revokedAt: new Date('2026-12-03T01:02:03Z'), reason: 'keyCompromise' },
        { serialNumber: agency.serialNumber, revokedAt: new Date('2026-12-04T00:00:00Z'), reason: 'unspecified' },
        { serialNumber: '00ff01', revokedAt: new Date('2026-12-05T00:00:00Z'), reason: 'cessationOfOperation' },
      ],
      thisUpdate: new Date('2026-12-05T08:00:00Z'),
      nextUpdate: new Date('2026-12-06T08:00:00Z'),
      crlNumber: 200,
    });
    const crl = await readCrl(der, ca.issuing);
    assert.equal(crl.signatureValid, true);
    assert.equal(crl.issuer, ca.issuing.subject);
    assert.equal(crl.crlNumber, 200n);
    assert.equal(crl.thisUpdate.toISOString(), '2026-12-05T08:00:00.000Z');
    assert.equal(crl.nextUpdate?.toISOString(), '2026-12-06T08:00:00.000Z');
    assert.deepEqual(
      crl.entries.map((e) => [e.serialNumber, e.revokedAt.toISOString(), e.reason]),
      [
        [head.serialNumber, '2026-12-03T01:02:03.000Z', 'keyCompromise'],
        [agency.serialNumber, '2026-12-04T00:00:00.000Z', 'unspecified'],
        ['ff01', '2026-12-05T00:00:00.000Z', 'cessationOfOperation'],
      ],
    );
    assert.equal((await readCrl(der, ca.root)).signatureValid, false);
    const parsed = new x509.X509Crl(der);
    assert.equal(parsed.version, 1); // v2
    assert.equal(
      parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId,
      ext(ca.issuing, x509.SubjectKeyIdentifierExtension)?.keyId,
    );
  });

  test('path validation with the CRL rejects the revoked certificate and accepts the others', async () => {
    const crl = await buildCrl(ca.issuing, {
      entries: [
        { serialNumber: head.serialNumber, revokedAt: new Date('2026-12-03T00:00:00Z'), reason: 'affiliationChanged' },
      ],
      thisUpdate: new Date('2026-12-05T00:00:00Z'),
      nextUpdate: new Date('2027-12-05T00:00:00Z'),
      crlNumber: 1,
    });
    const rootCrl = await buildCrl(ca.root, {
      entries: [],
      thisUpdate: new Date('2026-12-05T00:00:00Z'),
      nextUpdate: new Date('2027-12-05T00:00:00Z'),
      crlNumber: 1n,
    });
    const at = new Date('2026-12-10T00:00:00Z');
    const options = { trusted: [ca.root], intermediates: [ca.issuing], crls: [crl, rootCrl], at };
    const revoked = await verifyChain(head, options);
    assert.equal(revoked.valid, false);
    assert.match(revoked.message, /revoked/i);
    assert.equal((await verifyChain(agency, options)).valid, true);
  });
});

describe('OCSP', () => {
  const states = new Map<string, Exclude<CertificateState, null>>();
  const lookup = async (serials: string[]) =>
    new Map(serials.flatMap((s) => (states.has(s) ? [[s, states.get(s)!] as const] : [])));
  const answerAt = new Date('2026-12-07T09:30:15.500Z');
  const answer = (request: Buffer) =>
    answerOcsp(request, { responder: ca.ocspResponder, issuer: ca.issuing, lookup, now: answerAt });
  const trust = {
    get trusted() {
      return [ca.root];
    },
    get intermediates() {
      return [ca.issuing];
    },
  };

  before(() => {
    states.set(head.serialNumber, {
      status: 'revoked',
      revokedAt: new Date('2026-12-03T01:02:03.456Z'),
      reason: 'keyCompromise',
    });
    states.set(agency.serialNumber, { status: 'good' });
    states.set(tsa.serialNumber, {
      status: 'revoked',
      revokedAt: new Date('2026-12-04T00:00:00Z'),
      reason: 'unspecified',
    });
  });

  test('good, with the nonce echoed and the times truncated to the second, signed by the delegated responder', async () => {
    const nonce = new Uint8Array(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    const response = await readOcspResponse(await answer(await buildOcspRequest(agency, ca.issuing, { nonce })), trust);
    assert.equal(response.responseStatus, 'successful');
    assert.equal(response.signatureValid, true);
    assert.equal(response.producedAt?.toISOString(), '2026-12-07T09:30:15.000Z');
    assert.deepEqual(response.responses, [
      {
        serialNumber: agency.serialNumber,
        status: 'good',
        thisUpdate: new Date('2026-12-07T09:30:15.000Z'),
        nextUpdate: new Date('2026-12-07T10:30:15.000Z'),
      },
    ]);
    assert.equal(response.nonce?.toString('hex'), `0410${Buffer.from(nonce).toString('hex')}`);
    assert.deepEqual(response.certificates, [ca.ocspResponder.der]);
  });

  test('revoked, with the revocation time and reason (a SHA-256 CertID too); unspecified carries no reason code', async () => {
    for (const hash of ['SHA-1', 'SHA-256'] as const) {
      const response = await readOcspResponse(await answer(await buildOcspRequest(head, ca.issuing, { hash })), trust);
      assert.equal(response.signatureValid, true);
      assert.deepEqual(
        response.responses.map((r) => [r.serialNumber, r.status, r.revokedAt?.toISOString(), r.reason]),
        [[head.serialNumber, 'revoked', '2026-12-03T01:02:03.000Z', 'keyCompromise']],
      );
    }
    const unspecified = await readOcspResponse(
      await answer(await buildOcspRequest(tsa, ca.issuing, { nonce: false })),
      trust,
    );
    assert.deepEqual(
      unspecified.responses.map((r) => [r.status, r.revokedAt?.toISOString(), r.reason]),
      [['revoked', '2026-12-04T00:00:00.000Z', 'unspecified']],
    );
    assert.equal(unspecified.nonce, undefined);
  });

  test('unknown: a serial never issued, and a certificate of another issuer', async () => {
    const never = await issueCertificate(ca.issuing, {
      subject: { kind: 'personal', fullName: 'Không có trong sổ' },
      now,
    });
    const a = await readOcspResponse(await answer(await buildOcspRequest(never, ca.issuing)), trust);
    assert.deepEqual(
      a.responses.map((r) => [r.serialNumber, r.status]),
      [[never.serialNumber, 'unknown']],
    );
    const b = await readOcspResponse(await answer(await buildOcspRequest(stranger, other.issuing)), trust);
    assert.deepEqual(
      b.responses.map((r) => [r.serialNumber, r.status]),
      [[stranger.serialNumber, 'unknown']],
    );
    // pkijs authorizes the responder per CertID's issuer: ours is not delegated by the other CA.
    assert.equal(b.signatureValid, false);
  });

  test('a response is not trusted under another root, nor when its bytes change', async () => {
    const der = await answer(await buildOcspRequest(agency, ca.issuing));
    assert.equal(
      (await readOcspResponse(der, { trusted: [other.root], intermediates: [other.issuing] })).signatureValid,
      false,
    );
    const tampered = Buffer.from(der);
    const at = tampered.indexOf(Buffer.from('20261207093015Z'));
    assert.ok(at > 0);
    tampered[at + 13] = '6'.charCodeAt(0);
    const read = await readOcspResponse(tampered, trust);
    assert.equal(read.producedAt?.toISOString(), '2026-12-07T09:30:16.000Z');
    assert.equal(read.signatureValid, false);
  });

  test('garbage, an empty request list and too many requests answer malformedRequest', async () => {
    assert.deepEqual(await readOcspResponse(await answer(Buffer.from('not der'))), {
      responseStatus: 'malformedRequest',
      responses: [],
      certificates: [],
    });
    assert.deepEqual((await answer(Buffer.alloc(0))).toString('hex'), '30030a0101');
    const many = pkijs.OCSPRequest.fromBER(new Uint8Array(await buildOcspRequest(agency, ca.issuing)));
    const one = many.tbsRequest.requestList[0]!;
    many.tbsRequest.requestList = Array.from({ length: OCSP_MAX_REQUESTS }, () => one);
    const twenty = await readOcspResponse(await answer(Buffer.from(many.toSchema(true).toBER())), trust);
    assert.equal(twenty.responses.length, 20);
    assert.equal(twenty.signatureValid, true);
    many.tbsRequest.requestList.push(one);
    assert.equal((await answer(Buffer.from(many.toSchema(true).toBER()))).toString('hex'), '30030a0101');
  });
});
