/**
 * CMS SignedData (RFC 5652) built with pkijs for a Signer that only signs digests: for PAdES (detached, no
 * content: ETSI.CAdES.detached) and for the timestamp authority's tokens (encapsulated TSTInfo). Signed
 * attributes: content-type, message-digest and signing-certificate-v2 (RFC 5035, ESSCertIDv2 with SHA-256, the
 * default algorithm left out, with the issuer and serial); no signing-time (ETSI EN 319 142-1 baseline: the
 * time comes from the timestamp token). Unsigned attributes may carry a signature-time-stamp token.
 */
import * as pkijs from 'pkijs';
import { type Signer, sha256 } from '../signer';
import * as der from './der';
import { issuerAndSerial } from './der';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  extKeyUsage: '2.5.29.37',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
} as const;

export const ab = (b: Buffer | Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * Parsed certificates, kept by their DER's hash: pkijs checks a certificate against its whole ASN.1 schema when
 * it parses one, which costs more than the RSA signature itself; a signer's chain is the same every time.
 */
const parsed = new Map<string, pkijs.Certificate>();
const PARSED_LIMIT = 500;

export function parseCertificate(der: Buffer): pkijs.Certificate {
  const key = sha256(der).toString('base64');
  let cert = parsed.get(key);
  if (!cert) {
    cert = pkijs.Certificate.fromBER(ab(der));
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, cert);
  }
  return cert;
}

/**
 * What a signature says of its signer's certificate: the signing-certificate-v2 value and the issuer and serial
 * number, kept per certificate buffer (a signer hands the same chain every time).
 */
const signerParts = new WeakMap<Buffer, { signingCertificate: Buffer; issuer: Buffer; serial: Buffer }>();

function signerPartsOf(certDer: Buffer) {
  let parts = signerParts.get(certDer);
  if (!parts) {
    const { issuer, serial } = issuerAndSerial(certDer);
    parts = { signingCertificate: signingCertificateV2(certDer), issuer, serial };
    signerParts.set(certDer, parts);
  }
  return parts;
}

/** signing-certificate-v2's value: SigningCertificateV2 { certs: [ESSCertIDv2 { certHash, issuerSerial }] }. */
export function signingCertificateV2(certDer: Buffer): Buffer {
  const { issuer, serial } = issuerAndSerial(certDer);
  // ESSCertIDv2 { hashAlgorithm DEFAULT sha256 (left out), certHash, IssuerSerial { GeneralNames { [4] Name }, serial } }
  const issuerSerial = der.seq(der.seq(der.tlv(0xa4, issuer)), serial);
  return der.seq(der.seq(der.seq(der.octets(sha256(certDer)), issuerSerial)));
}

const attribute = (type: string, value: Buffer) => der.seq(der.oid(type), der.set(value));
const sha256Algorithm = der.seq(der.oid(OID.sha256));
const rsaSignatureAlgorithm = der.seq(der.oid(OID.sha256WithRsa), der.nullValue);

export interface SignedDataInput {
  signer: Signer;
  /** The digest of the content (the PDF's byte ranges, or the TSTInfo's DER). */
  contentDigest: Buffer;
  eContentType?: string;
  /** Encapsulated content (a timestamp token's TSTInfo); left out for a detached signature. */
  eContent?: Buffer;
  /** Certificates in the SignedData (default true; a timestamp request may ask for none). */
  includeCertificates?: boolean;
  /** Called with the signature value to get unsigned attributes, each one DER Attribute (the timestamp token's). */
  unsignedAttributes?: (signature: Buffer) => Promise<Buffer[]>;
}

/**
 * Builds, signs and encodes ContentInfo { SignedData } (DER, RFC 5652): version 1, SHA-256, the signer
 * identified by issuer and serial number, sha256WithRSAEncryption. The certificates and the token are copied
 * as they were encoded (der.ts); the signed attributes are the SET OF that is signed (tag 0x31) and, in the
 * SignerInfo, the same bytes under [0] IMPLICIT.
 */
export async function buildSignedData(input: SignedDataInput): Promise<Buffer> {
  const chain = await input.signer.certificates();
  const signerCertDer = chain[0];
  if (!signerCertDer) throw new Error('the signer has no certificate');
  const eContentType = input.eContentType ?? OID.data;
  const { signingCertificate, issuer, serial } = signerPartsOf(signerCertDer);
  const signedAttrs = der.setOf(
    attribute(OID.contentType, der.oid(eContentType)),
    attribute(OID.messageDigest, der.octets(input.contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificate),
  );
  const signature = await input.signer.signDigest(sha256(signedAttrs));
  const unsigned = input.unsignedAttributes ? await input.unsignedAttributes(signature) : [];
  const signerInfo = der.seq(
    der.smallInt(1),
    der.seq(issuer, serial),
    sha256Algorithm,
    Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]),
    rsaSignatureAlgorithm,
    der.octets(signature),
    ...(unsigned.length > 0 ? [der.tlv(0xa1, ...[...unsigned].sort(Buffer.compare))] : []),
  );
  const encapContentInfo = der.seq(
    der.oid(eContentType),
    ...(input.eContent ? [der.explicit(0, der.octets(input.eContent))] : []),
  );
  const signedData = der.seq(
    der.smallInt(eContentType === OID.data ? 1 : 3),
    der.set(sha256Algorithm),
    encapContentInfo,
    ...(input.includeCertificates === false ? [] : [der.tlv(0xa0, ...chain)]),
    der.set(signerInfo),
  );
  return der.seq(der.oid(OID.signedData), der.explicit(0, signedData));
}

/** A signature-time-stamp attribute (id-aa-signatureTimeStampToken) around a token as encoded. */
export function timestampAttribute(token: Buffer): Buffer {
  return attribute(OID.signatureTimeStampToken, token);
}
