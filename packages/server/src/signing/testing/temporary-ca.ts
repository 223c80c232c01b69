/**
 * The certificates the signing tests, the interoperability suite, the benchmark and the journey sign with: a
 * throwaway province CA made with the province CA module (`signing/pki`), its people and services. Keys leave
 * as key files do (encrypted PKCS#8). Made once per process.
 */
import {
  buildCrl,
  type CaCredential,
  type Credential,
  createCertificateAuthority,
  encryptPrivateKey,
  type IssueCertificateInput,
  issueCertificate,
} from '../pki';
import { KeyFileSigner, toPem } from '../signer';

export interface IssuedKey {
  certificate: Buffer;
  /** Hex serial number. */
  serialNumber: string;
  /** The encrypted PKCS#8 key (PEM), passphrase `PASSPHRASE`. */
  keyPem: string;
}
export const PASSPHRASE = 'mật-khẩu-khóa-thử';

export interface TemporaryPki {
  root: IssuedKey;
  issuing: IssuedKey;
  person: IssuedKey;
  agency: IssuedKey;
  tsa: IssuedKey;
  revokedPerson: IssuedKey;
  expiredPerson: IssuedKey;
  /** The issuing CA's CRL: `revokedPerson` revoked on 2026-06-01 (key compromise). */
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

const keyOf = (c: Credential): IssuedKey => ({
  certificate: c.der,
  serialNumber: c.serialNumber,
  keyPem: c.privateKey ? encryptPrivateKey(c.privateKey, PASSPHRASE) : '',
});

async function makePki(): Promise<TemporaryPki> {
  const ca = await createCertificateAuthority({
    province: 'Tây Ninh',
    now: new Date('2025-01-01T00:00:00Z'),
    rootKeySize: 2048,
  });
  const from = new Date('2026-01-01T00:00:00Z');
  const issue = (subject: IssueCertificateInput['subject'], now = from, validityDays = 1826) =>
    issueCertificate(ca.issuing as CaCredential, { subject, now, validityDays });
  const person = await issue({
    kind: 'personal',
    fullName: 'Nguyễn Văn An',
    title: 'Chủ tịch',
    organization: 'UBND phường Tân Ninh',
    province: 'Tây Ninh',
  });
  const agency = await issue({ kind: 'organization', agencyName: 'UBND phường Tân Ninh', province: 'Tây Ninh' });
  const tsa = await issue({ kind: 'timestamping', name: 'Congso TSA (thử nghiệm)', province: 'Tây Ninh' });
  const revokedPerson = await issue({
    kind: 'personal',
    fullName: 'Trần Thị Bình',
    title: 'Phó Chủ tịch',
    organization: 'UBND phường Tân Ninh',
  });
  const expiredPerson = await issue(
    { kind: 'personal', fullName: 'Lê Văn Cường', organization: 'UBND phường Tân Ninh' },
    new Date('2025-01-01T00:00:00Z'),
    365,
  );
  const crl = await buildCrl(ca.issuing, {
    entries: [
      {
        serialNumber: revokedPerson.serialNumber,
        revokedAt: new Date('2026-06-01T00:00:00Z'),
        reason: 'keyCompromise',
      },
    ],
    thisUpdate: new Date('2026-06-01T00:00:00Z'),
    nextUpdate: new Date('2036-01-01T00:00:00Z'),
    crlNumber: 1,
  });
  const rootCrl = await buildCrl(ca.root, {
    entries: [],
    thisUpdate: new Date('2026-06-01T00:00:00Z'),
    nextUpdate: new Date('2036-01-01T00:00:00Z'),
    crlNumber: 1,
  });
  const issuing = keyOf(ca.issuing);
  const chainPem = (key: IssuedKey) => [key.certificate, issuing.certificate].map((c) => toPem(c)).join('');
  return {
    root: keyOf(ca.root),
    issuing,
    person: keyOf(person),
    agency: keyOf(agency),
    tsa: keyOf(tsa),
    revokedPerson: keyOf(revokedPerson),
    expiredPerson: keyOf(expiredPerson),
    crl,
    rootCrl,
    signer: (key) => new KeyFileSigner({ keyPem: key.keyPem, passphrase: PASSPHRASE, certificatesPem: chainPem(key) }),
    chainPem,
  };
}
