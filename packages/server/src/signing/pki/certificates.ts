import { Buffer } from 'node:buffer';
import { type CertificateKind, certificateKinds } from '@congso/core';
import { type CryptoKey, crypto, signingAlgorithm, x509Crypto } from './crypto';
import { generateSigningKey, type RsaKeySize, randomSerialNumber } from './keys';
import { distinguishedName, uidPrefixes } from './names';
import * as x509 from './x509';

export { type CertificateKind, certificateKinds };

/** OIDs of extended key usages and extensions Congso writes that @peculiar/x509 does not name. */
export const pkiOids = {
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  /** id-kp-documentSigning (RFC 9336). */
  ekuDocumentSigning: '1.3.6.1.5.5.7.3.36',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',
  /** id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1): clients need not check the responder's own status. */
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  crlNumber: '2.5.29.20',
} as const;

/** Where relying parties find the CRL, the OCSP responder and the issuer's certificate (written into certificates). */
export interface PkiUrls {
  crl?: string;
  ocsp?: string;
  caIssuers?: string;
}

/** A certificate with its encodings and, when the key is held here, its private key. */
export interface Credential {
  certificate: x509.X509Certificate;
  /** DER bytes. */
  der: Buffer;
  /** PEM (`-----BEGIN CERTIFICATE-----`), ending with a newline so PEMs concatenate into a bundle. */
  pem: string;
  /** Lowercase hex, as in the certificate (no leading 00). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** RFC 4514-like text of the subject (`CN=..., O=..., C=VN`), for display and search. */
  subject: string;
  /** RSASSA-PKCS1-v1_5 / SHA-256, extractable; absent when the key lives elsewhere (a token, a remote service). */
  privateKey?: CryptoKey;
}

/** A certificate authority: a credential whose private key is here and whose certificate may sign certificates. */
export interface CaCredential extends Credential {
  privateKey: CryptoKey;
}

export interface IssuedCertificate extends Credential {
  kind: CertificateKind;
}

/** Who or what an end-entity certificate names, by kind. */
export type SubjectInput =
  | {
      kind: 'personal';
      /** Full name, as on the citizen ID card: "Nguyễn Văn An". */
      fullName: string;
      /** 12-digit CCCD number, written as UID `CCCD:<number>`. */
      nationalId?: string;
      /** Position: "Trưởng phòng", "Phó Chủ tịch". */
      title?: string;
      /** The agency the person works in (O). */
      organization?: string;
      province?: string;
      email?: string;
    }
  | {
      kind: 'organization';
      /** The agency's name: "Sở Tư pháp tỉnh Tây Ninh" (both O and CN). */
      agencyName: string;
      /** The agency's electronic identifier (QĐ 20/2020), written as UID `MDDT:<code>`. */
      agencyCode?: string;
      province?: string;
      email?: string;
    }
  | { kind: 'timestamping' | 'ocsp'; name: string; organization?: string; province?: string };

export interface IssueCertificateInput {
  subject: SubjectInput;
  /** Start of validity (the server's clock: `ctx.now()`). */
  now: Date;
  /** Days of validity from `now`; default 3 years (1095 days) for people and agencies, 5 years for services. */
  validityDays?: number;
  /**
   * The subject's public key, when its private key lives elsewhere (a PKCS#11 token, a remote signing service):
   * a WebCrypto key or SPKI DER. Without it a new key pair is generated and returned as `privateKey`.
   */
  publicKey?: CryptoKey | ArrayBuffer | Uint8Array;
  keySize?: RsaKeySize;
  /** CRL and OCSP addresses written into the certificate (CRL distribution point, authority information access). */
  urls?: PkiUrls;
  /** Hex serial; a random 16-byte one by default (tests only). */
  serialNumber?: string;
}

const DAY = 86_400_000;

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

/** Wraps a generated certificate with its encodings. */
export function credentialOf(certificate: x509.X509Certificate, privateKey?: CryptoKey): Credential {
  const der = Buffer.from(certificate.rawData);
  return {
    certificate,
    der,
    pem: `${certificate.toString('pem').trimEnd()}\n`,
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    subject: certificate.subject,
    ...(privateKey ? { privateKey } : {}),
  };
}

/** Reads a certificate from PEM or DER. */
export function parseCertificate(data: string | Uint8Array | ArrayBuffer): Credential {
  return credentialOf(new x509.X509Certificate(typeof data === 'string' ? data : new Uint8Array(data)));
}

function urlExtensions(urls: PkiUrls | undefined): x509.Extension[] {
  const out: x509.Extension[] = [];
  if (urls?.crl) out.push(new x509.CRLDistributionPointsExtension([urls.crl]));
  if (urls?.ocsp || urls?.caIssuers) {
    out.push(
      new x509.AuthorityInfoAccessExtension({
        ...(urls.ocsp ? { ocsp: [urls.ocsp] } : {}),
        ...(urls.caIssuers ? { caIssuers: [urls.caIssuers] } : {}),
      }),
    );
  }
  return out;
}

export interface CreateCaInput {
  /** Province name as written in names: "Tây Ninh". */
  province: string;
  /** O of the CA's name; default `UBND tỉnh <province>`. */
  organization?: string;
  /** CN of the CA; defaults: "Congso <province> Root CA (thử nghiệm)", "... Issuing CA (thử nghiệm)". */
  commonName?: string;
  now: Date;
  /** Default 20 years for a root, 10 for an issuing CA. */
  validityDays?: number;
  keySize?: RsaKeySize;
  serialNumber?: string;
}

function caName(input: CreateCaInput, fallbackCn: string): x509.Name {
  return distinguishedName([
    ['country', 'VN'],
    ['stateOrProvince', input.province],
    ['organization', input.organization ?? `UBND tỉnh ${input.province}`],
    ['commonName', input.commonName ?? fallbackCn],
  ]);
}

/** A self-signed root: CA:true (critical), keyCertSign + cRLSign (critical), subject key identifier. */
export async function createRootCa(input: CreateCaInput): Promise<CaCredential> {
  const keys = await generateSigningKey(input.keySize ?? 3072);
  const name = caName(input, `Congso ${input.province} Root CA (thử nghiệm)`);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: input.serialNumber ?? randomSerialNumber(),
    subject: name,
    issuer: name,
    notBefore: input.now,
    notAfter: addDays(input.now, input.validityDays ?? 20 * 365),
    signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
    ],
  });
  return credentialOf(certificate, keys.privateKey) as CaCredential;
}

/**
 * An issuing (subordinate) CA signed by `root`: CA:true with path length 0 (it signs only end entities),
 * keyCertSign + cRLSign, SKI/AKI; `urls` are the root's CRL (and OCSP, if any) for checking this CA itself.
 */
export async function createIssuingCa(
  root: CaCredential,
  input: CreateCaInput & { urls?: PkiUrls },
): Promise<CaCredential> {
  const keys = await generateSigningKey(input.keySize ?? 2048);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: input.serialNumber ?? randomSerialNumber(),
    subject: caName(input, `Congso ${input.province} Issuing CA (thử nghiệm)`),
    issuer: root.certificate.subjectName,
    notBefore: input.now,
    notAfter: minDate(addDays(input.now, input.validityDays ?? 10 * 365), root.notAfter),
    signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: root.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
      await x509.AuthorityKeyIdentifierExtension.create(root.certificate, false, x509Crypto),
      ...urlExtensions(input.urls),
    ],
  });
  return credentialOf(certificate, keys.privateKey) as CaCredential;
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function subjectName(subject: SubjectInput): x509.Name {
  switch (subject.kind) {
    case 'personal':
      return distinguishedName([
        ['country', 'VN'],
        ['stateOrProvince', subject.province],
        ['organization', subject.organization],
        ['title', subject.title],
        ['commonName', subject.fullName],
        ['uid', subject.nationalId ? `${uidPrefixes.nationalId}${subject.nationalId}` : undefined],
      ]);
    case 'organization':
      return distinguishedName([
        ['country', 'VN'],
        ['stateOrProvince', subject.province],
        ['organization', subject.agencyName],
        ['commonName', subject.agencyName],
        ['uid', subject.agencyCode ? `${uidPrefixes.agencyCode}${subject.agencyCode}` : undefined],
      ]);
    default:
      return distinguishedName([
        ['country', 'VN'],
        ['stateOrProvince', subject.province],
        ['organization', subject.organization],
        ['commonName', subject.name],
      ]);
  }
}

const signerUsage = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;

/**
 * Key usage and extended key usage by kind:
 * - personal, organization: digitalSignature + nonRepudiation (critical); EKU emailProtection (what
 *   `openssl cms -verify` and poppler/NSS check for a signer), documentSigning (RFC 9336), clientAuth;
 * - timestamping: digitalSignature + nonRepudiation; EKU timeStamping only, critical (RFC 3161 2.3);
 * - ocsp: digitalSignature; EKU OCSPSigning; id-pkix-ocsp-nocheck.
 */
function usageExtensions(kind: CertificateKind): x509.Extension[] {
  switch (kind) {
    case 'personal':
    case 'organization':
      return [
        new x509.KeyUsagesExtension(signerUsage, true),
        new x509.ExtendedKeyUsageExtension(
          [pkiOids.ekuEmailProtection, pkiOids.ekuDocumentSigning, pkiOids.ekuClientAuth],
          false,
        ),
      ];
    case 'timestamping':
      return [
        new x509.KeyUsagesExtension(signerUsage, true),
        new x509.ExtendedKeyUsageExtension([pkiOids.ekuTimeStamping], true),
      ];
    case 'ocsp':
      return [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([pkiOids.ekuOcspSigning], false),
        // ASN.1 NULL as the value.
        new x509.Extension(pkiOids.ocspNoCheck, false, new Uint8Array([0x05, 0x00])),
      ];
  }
}

function subjectAltNames(subject: SubjectInput): x509.Extension[] {
  if ((subject.kind === 'personal' || subject.kind === 'organization') && subject.email) {
    return [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: subject.email }], false)];
  }
  return [];
}

async function importPublicKey(key: ArrayBuffer | Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', new Uint8Array(key), signingAlgorithm, true, ['verify']);
}

/**
 * Issues an end-entity certificate signed by `issuer`: CA:false (critical), key usages by kind, SKI/AKI,
 * the CRL distribution point and OCSP address from `urls`, a random 16-byte serial. Validity never outlasts the
 * issuer's. Returns the private key too when it generated the key pair.
 */
export async function issueCertificate(issuer: CaCredential, input: IssueCertificateInput): Promise<IssuedCertificate> {
  const kind = input.subject.kind;
  let publicKey: CryptoKey;
  let privateKey: CryptoKey | undefined;
  if (input.publicKey === undefined) {
    const keys = await generateSigningKey(input.keySize ?? 2048);
    publicKey = keys.publicKey;
    privateKey = keys.privateKey;
  } else {
    publicKey =
      input.publicKey instanceof ArrayBuffer || input.publicKey instanceof Uint8Array
        ? await importPublicKey(input.publicKey)
        : input.publicKey;
  }
  const defaultDays = kind === 'personal' || kind === 'organization' ? 3 * 365 : 5 * 365;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: input.serialNumber ?? randomSerialNumber(),
    subject: subjectName(input.subject),
    issuer: issuer.certificate.subjectName,
    notBefore: input.now,
    notAfter: minDate(addDays(input.now, input.validityDays ?? defaultDays), issuer.notAfter),
    signingAlgorithm,
    publicKey,
    signingKey: issuer.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...usageExtensions(kind),
      await x509.SubjectKeyIdentifierExtension.create(publicKey, false, x509Crypto),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate, false, x509Crypto),
      ...subjectAltNames(input.subject),
      ...urlExtensions(kind === 'ocsp' ? { ...input.urls, ocsp: undefined } : input.urls),
    ],
  });
  return { ...credentialOf(certificate, privateKey), kind };
}

/** The kind of a certificate Congso issued, read back from its extended key usages; undefined for a CA or other. */
export function kindOfCertificate(certificate: x509.X509Certificate): CertificateKind | undefined {
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  if (basic?.ca) return undefined;
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
  if (eku.includes(pkiOids.ekuTimeStamping)) return 'timestamping';
  if (eku.includes(pkiOids.ekuOcspSigning)) return 'ocsp';
  if (!eku.includes(pkiOids.ekuEmailProtection)) return undefined;
  return certificate.subjectName.getField('0.9.2342.19200300.100.1.1')[0]?.startsWith(uidPrefixes.agencyCode) ||
    certificate.subjectName.getField('2.5.4.10')[0] === certificate.subjectName.getField('2.5.4.3')[0]
    ? 'organization'
    : 'personal';
}

export interface CertificateAuthority {
  root: CaCredential;
  issuing: CaCredential;
  /** The delegated OCSP responder (EKU OCSPSigning), issued by `issuing`. */
  ocspResponder: IssuedCertificate & { privateKey: CryptoKey };
}

export interface CreateCertificateAuthorityInput {
  province: string;
  organization?: string;
  now: Date;
  /**
   * Addresses written into issued certificates: `issuing` for certificates the issuing CA signs (its CRL and the
   * OCSP responder), `root` for the issuing CA's own certificate (the root's CRL).
   */
  urls?: { root?: PkiUrls; issuing?: PkiUrls };
  /** Root key size (default 3072); the issuing CA and the responder use 2048. */
  rootKeySize?: RsaKeySize;
}

/**
 * A province's test CA in one call: a root (20 years, RSA-3072), an issuing CA under it (10 years, RSA-2048,
 * path length 0) and the OCSP responder's certificate (5 years) issued by the issuing CA.
 */
export async function createCertificateAuthority(
  input: CreateCertificateAuthorityInput,
): Promise<CertificateAuthority> {
  const base = {
    province: input.province,
    now: input.now,
    ...(input.organization ? { organization: input.organization } : {}),
  };
  const root = await createRootCa({ ...base, keySize: input.rootKeySize ?? 3072 });
  const issuing = await createIssuingCa(root, { ...base, ...(input.urls?.root ? { urls: input.urls.root } : {}) });
  const ocspResponder = (await issueCertificate(issuing, {
    subject: {
      kind: 'ocsp',
      name: `Congso ${input.province} OCSP (thử nghiệm)`,
      organization: base.organization ?? `UBND tỉnh ${input.province}`,
      province: input.province,
    },
    now: input.now,
    ...(input.urls?.issuing ? { urls: input.urls.issuing } : {}),
  })) as CertificateAuthority['ocspResponder'];
  return { root, issuing, ocspResponder };
}
