/**
 * TEMPORARY test fixture: a throwaway root + issuing CA and the certificates the signing tests need, made with
 * pkijs until the province CA module (`signing/pki`, helper pki) is on main; then the tests take theirs.
 * Not a CA of Congso: nothing outside tests imports this file.
 */
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ab, OID } from '../pades/cms';
import { KeyFileSigner, toPem } from '../signer';

type CryptoKey = webcrypto.CryptoKey;
const subtle = webcrypto.subtle;
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

export interface IssuedKey {
  certificate: Buffer;
  keyPkcs8: Buffer;
  /** The encrypted PKCS#8 key (PEM), passphrase `PASSPHRASE`. */
  keyPem: string;
}
export const PASSPHRASE = 'mật-khẩu-khóa-thử';

interface Name {
  cn: string;
  o?: string;
  ou?: string;
  title?: string;
}

/** A Name with one attribute per RDN (pkijs would put them all in one multi-valued RDN). */
function name(n: Name): pkijs.RelativeDistinguishedNames {
  const rdns: asn1js.Set[] = [];
  const add = (type: string, value: asn1js.PrintableString | asn1js.Utf8String) =>
    rdns.push(new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] }));
  add('2.5.4.6', new asn1js.PrintableString({ value: 'VN' }));
  for (const [type, value] of [
    [OID.organization, n.o],
    [OID.organizationalUnit, n.ou],
    [OID.title, n.title],
    [OID.commonName, n.cn],
  ] as const) {
    if (value) add(type, new asn1js.Utf8String({ value }));
  }
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

async function webKeys(pkcs8: Buffer, spki: Buffer) {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return {
    privateKey: await subtle.importKey('pkcs8', ab(pkcs8), alg, false, ['sign']),
    publicKey: await subtle.importKey('spki', ab(spki), alg, true, ['verify']),
  };
}

interface Issuer {
  name: Name;
  certificate: pkijs.Certificate;
  privateKey: CryptoKey;
}

let serialCounter = 0x1000;

async function issue(input: {
  subject: Name;
  issuer?: Issuer;
  ca?: boolean;
  eku?: string[];
  notBefore: Date;
  notAfter: Date;
}): Promise<IssuedKey & { issuer: Issuer }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keys = await webKeys(pkcs8, spki);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: ++serialCounter });
  cert.subject = name(input.subject);
  cert.issuer = input.issuer ? input.issuer.certificate.subject : name(input.subject);
  cert.notBefore.value = input.notBefore;
  cert.notAfter.value = input.notAfter;
  const extensions: pkijs.Extension[] = [];
  extensions.push(
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: !!input.ca }).toSchema().toBER(false),
    }),
  );
  // keyUsage: CA → keyCertSign + cRLSign; others → digitalSignature + nonRepudiation.
  const bits = input.ca ? 0x06 : 0xc0;
  extensions.push(
    new pkijs.Extension({
      extnID: '2.5.29.15',
      critical: true,
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer, unusedBits: input.ca ? 1 : 6 }).toBER(
        false,
      ),
    }),
  );
  if (input.eku) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.extKeyUsage,
        critical: true,
        extnValue: new pkijs.ExtKeyUsage({ keyPurposes: input.eku }).toSchema().toBER(false),
      }),
    );
  }
  cert.extensions = extensions;
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey as never);
  await cert.sign((input.issuer?.privateKey ?? keys.privateKey) as never, 'SHA-256');
  const certificate = Buffer.from(cert.toSchema(true).toBER(false));
  const keyPem = privateKey.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: PASSPHRASE,
  }) as string;
  return {
    certificate,
    keyPkcs8: pkcs8,
    keyPem,
    issuer: { name: input.subject, certificate: cert, privateKey: keys.privateKey },
  };
}

export interface TemporaryPki {
  root: IssuedKey;
  issuing: IssuedKey;
  person: IssuedKey;
  agency: IssuedKey;
  tsa: IssuedKey;
  revokedPerson: IssuedKey;
  expiredPerson: IssuedKey;
  /** A CRL of the issuing CA revoking `revokedPerson` (DER). */
  crl: Buffer;
  /** The root's CRL (nothing revoked). */
  rootCrl: Buffer;
  signer(key: IssuedKey): KeyFileSigner;
  chainPem(key: IssuedKey): string;
}

let cached: Promise<TemporaryPki> | undefined;

export function temporaryPki(): Promise<TemporaryPki> {
  cached ??= makePki();
  return cached;
}

async function makePki(): Promise<TemporaryPki> {
  const from = new Date('2026-01-01T00:00:00Z');
  const to = new Date('2036-01-01T00:00:00Z');
  const rootIssued = await issue({
    subject: { cn: 'Tây Ninh Test Root CA', o: 'UBND tỉnh Tây Ninh (thử nghiệm)' },
    ca: true,
    notBefore: from,
    notAfter: to,
  });
  const issuingIssued = await issue({
    subject: { cn: 'Tây Ninh Test Issuing CA', o: 'UBND tỉnh Tây Ninh (thử nghiệm)' },
    issuer: rootIssued.issuer,
    ca: true,
    notBefore: from,
    notAfter: to,
  });
  const ca = issuingIssued.issuer;
  const leaf = (subject: Name, extra: { eku?: string[]; notBefore?: Date; notAfter?: Date } = {}) =>
    issue({
      subject,
      issuer: ca,
      notBefore: extra.notBefore ?? from,
      notAfter: extra.notAfter ?? new Date('2031-01-01T00:00:00Z'),
      ...(extra.eku ? { eku: extra.eku } : {}),
    });
  const person = await leaf({ cn: 'Nguyễn Văn An', o: 'UBND phường Tân Ninh', title: 'Chủ tịch' });
  const agency = await leaf({ cn: 'UBND phường Tân Ninh', o: 'UBND phường Tân Ninh' });
  const tsa = await leaf(
    { cn: 'Congso TSA (thử nghiệm)', o: 'UBND tỉnh Tây Ninh (thử nghiệm)' },
    { eku: [OID.timeStamping] },
  );
  const revokedPerson = await leaf({ cn: 'Trần Thị Bình', o: 'UBND phường Tân Ninh', title: 'Phó Chủ tịch' });
  const expiredPerson = await leaf(
    { cn: 'Lê Văn Cường', o: 'UBND phường Tân Ninh' },
    { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') },
  );

  const makeCrl = async (issuer: Issuer, revoked: IssuedKey[]) => {
    const crl = new pkijs.CertificateRevocationList();
    crl.version = 1;
    crl.issuer = issuer.certificate.subject;
    crl.thisUpdate = new pkijs.Time({ type: 0, value: new Date('2026-06-01T00:00:00Z') });
    crl.nextUpdate = new pkijs.Time({ type: 0, value: new Date('2036-01-01T00:00:00Z') });
    if (revoked.length > 0) {
      crl.revokedCertificates = revoked.map(
        (r) =>
          new pkijs.RevokedCertificate({
            userCertificate: pkijs.Certificate.fromBER(ab(r.certificate)).serialNumber,
            revocationDate: new pkijs.Time({ type: 0, value: new Date('2026-06-01T00:00:00Z') }),
          }),
      );
    }
    await crl.sign(issuer.privateKey as never, 'SHA-256');
    return Buffer.from(crl.toSchema(true).toBER(false));
  };
  const crlDer = await makeCrl(ca, [revokedPerson]);
  const rootCrl = await makeCrl(rootIssued.issuer, []);

  const strip = ({ issuer: _issuer, ...key }: IssuedKey & { issuer: Issuer }): IssuedKey => key;
  const issuing = strip(issuingIssued);
  const chainPem = (key: IssuedKey) => [key.certificate, issuing.certificate].map((c) => toPem(c)).join('');
  return {
    root: strip(rootIssued),
    issuing,
    person: strip(person),
    agency: strip(agency),
    tsa: strip(tsa),
    revokedPerson: strip(revokedPerson),
    expiredPerson: strip(expiredPerson),
    crl: crlDer,
    rootCrl,
    signer: (key) => new KeyFileSigner({ keyPem: key.keyPem, passphrase: PASSPHRASE, certificatesPem: chainPem(key) }),
    chainPem,
  };
}
