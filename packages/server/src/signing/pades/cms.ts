/**
 * CMS SignedData (RFC 5652) built with pkijs for a Signer that only signs digests: for PAdES (detached, no
 * content: ETSI.CAdES.detached) and for the timestamp authority's tokens (encapsulated TSTInfo). Signed
 * attributes: content-type, message-digest and signing-certificate-v2 (RFC 5035, ESSCertIDv2 with SHA-256, the
 * default algorithm left out, with the issuer and serial); no signing-time (ETSI EN 319 142-1 baseline: the
 * time comes from the timestamp token). Unsigned attributes may carry a signature-time-stamp token.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Signer, sha256 } from '../signer';

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

export function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(ab(der));
}

/** signing-certificate-v2's value: SigningCertificateV2 { certs: [ESSCertIDv2 { certHash, issuerSerial }] }. */
export function signingCertificateV2(certDer: Buffer): asn1js.Sequence {
  const cert = parseCertificate(certDer);
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: ab(sha256(certDer)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });

export interface SignedDataInput {
  signer: Signer;
  /** The digest of the content (the PDF's byte ranges, or the TSTInfo's DER). */
  contentDigest: Buffer;
  eContentType?: string;
  /** Encapsulated content (a timestamp token's TSTInfo); left out for a detached signature. */
  eContent?: Buffer;
  /** Certificates in the SignedData (default true; a timestamp request may ask for none). */
  includeCertificates?: boolean;
  /** Called with the signature value to get unsigned attributes (the signature's timestamp token). */
  unsignedAttributes?: (signature: Buffer) => Promise<pkijs.Attribute[]>;
}

/** Builds, signs and encodes ContentInfo { SignedData } (DER). */
export async function buildSignedData(input: SignedDataInput): Promise<Buffer> {
  const chain = await input.signer.certificates();
  const signerCertDer = chain[0];
  if (!signerCertDer) throw new Error('the signer has no certificate');
  const signerCert = parseCertificate(signerCertDer);
  const eContentType = input.eContentType ?? OID.data;

  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: eContentType })] }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: ab(input.contentDigest) })],
    }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signerCertDer)] }),
  ];
  // DER: a SET OF sorted by its elements' encodings; what is signed is that SET (tag 0x31).
  const sorted = attributes
    .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der));
  const signedAttrsDer = Buffer.from(new asn1js.Set({ value: sorted.map((x) => x.a.toSchema()) }).toBER(false));
  const signature = await input.signer.signDigest(sha256(signedAttrsDer));

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCert.issuer, serialNumber: signerCert.serialNumber }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted.map((x) => x.a) }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRsa,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  if (input.unsignedAttributes) {
    const unsigned = await input.unsignedAttributes(signature);
    if (unsigned.length > 0) {
      signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: unsigned });
    }
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType,
      ...(input.eContent ? { eContent: new asn1js.OctetString({ valueHex: ab(input.eContent) }) } : {}),
    }),
    ...(input.includeCertificates === false ? {} : { certificates: chain.map(parseCertificate) }),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
