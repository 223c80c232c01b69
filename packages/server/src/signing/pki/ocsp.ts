import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { type RevocationReason, revocationReasonCodes, revocationReasonOf } from '@congso/core';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Credential } from './certificates';
import { type CryptoKey, pkiEngine } from './crypto';
import type * as x509 from './x509';

/** OIDs of OCSP (RFC 6960). */
const OID_BASIC_RESPONSE = '1.3.6.1.5.5.7.48.1.1';
const OID_NONCE = '1.3.6.1.5.5.7.48.1.2';

/** OCSPResponseStatus (RFC 6960 4.2.1). */
export const ocspResponseStatuses = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;
export type OcspResponseStatus = keyof typeof ocspResponseStatuses;

/** Hashes a CertID may use, by OID, with node's name. */
const certIdHashes: Record<string, { node: string; webcrypto: string }> = {
  '1.3.14.3.2.26': { node: 'sha1', webcrypto: 'SHA-1' },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', webcrypto: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', webcrypto: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', webcrypto: 'SHA-512' },
};

/** Most certificates one request may ask about; more is a malformed request (a cheap guard against amplification). */
export const OCSP_MAX_REQUESTS = 20;

/** What the registry knows of a serial: `null` when the issuer never issued it (answered `unknown`). */
export type CertificateState =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason }
  | null;

export interface AnswerOcspInput {
  /** The responder: a certificate with EKU OCSPSigning issued by `issuer` (delegated), or `issuer` itself; with its key. */
  responder: Credential & { privateKey: CryptoKey };
  /** The CA whose certificates this responder answers for. */
  issuer: Pick<Credential, 'certificate'>;
  /** Looks up the state of the serials asked about (lowercase hex, no leading 00), e.g. in the database. */
  lookup: (serialNumbers: string[]) => Promise<Map<string, Exclude<CertificateState, null>>>;
  now: Date;
  /** How long the answers hold; default one hour (`nextUpdate`). */
  validitySeconds?: number;
}

function truncateToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function hexOfInteger(integer: asn1js.Integer): string {
  const hex = Buffer.from(integer.valueBlock.valueHexView)
    .toString('hex')
    .replace(/^(00)+/, '');
  return hex === '' ? '00' : hex;
}

/** An unsuccessful OCSP response (no responseBytes), DER. */
export function ocspErrorResponse(status: Exclude<OcspResponseStatus, 'successful'>): Buffer {
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: ocspResponseStatuses[status] }),
  });
  return Buffer.from(response.toSchema().toBER());
}

/**
 * Answers an OCSP request (DER, RFC 6960) for `issuer`'s certificates: each CertID whose issuer name and key
 * hashes match `issuer` is `good` or `revoked` (time, reason) as `lookup` says, anything else `unknown`.
 * The BasicOCSPResponse is signed with SHA-256 by `responder`, carries its certificate, and echoes the request's
 * nonce. A request that does not parse, or asks about no certificate or more than OCSP_MAX_REQUESTS, gets
 * `malformedRequest`. Returns the OCSPResponse DER (always: errors are OCSP answers, not exceptions).
 */
export async function answerOcsp(requestDer: Uint8Array, input: AnswerOcspInput): Promise<Buffer> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(new Uint8Array(requestDer));
  } catch {
    return ocspErrorResponse('malformedRequest');
  }
  const items = request.tbsRequest.requestList;
  if (items.length === 0 || items.length > OCSP_MAX_REQUESTS) return ocspErrorResponse('malformedRequest');

  const issuerName = Buffer.from(input.issuer.certificate.subjectName.toArrayBuffer());
  const issuerKey = Buffer.from(spkiKeyBits(input.issuer.certificate));
  const hashCache = new Map<string, { name: Buffer; key: Buffer }>();
  const issuerHashes = (oid: string) => {
    const algorithm = certIdHashes[oid];
    if (!algorithm) return undefined;
    let cached = hashCache.get(oid);
    if (!cached) {
      cached = {
        name: createHash(algorithm.node).update(issuerName).digest(),
        key: createHash(algorithm.node).update(issuerKey).digest(),
      };
      hashCache.set(oid, cached);
    }
    return cached;
  };

  const ours: string[] = [];
  const serialOf = items.map((item) => {
    const certId = item.reqCert;
    const hashes = issuerHashes(certId.hashAlgorithm.algorithmId);
    const matches =
      hashes?.name.equals(Buffer.from(certId.issuerNameHash.valueBlock.valueHexView)) &&
      hashes.key.equals(Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView)) === true;
    if (!matches) return undefined;
    const serial = hexOfInteger(certId.serialNumber);
    ours.push(serial);
    return serial;
  });
  const states = ours.length > 0 ? await input.lookup([...new Set(ours)]) : new Map();

  const now = truncateToSecond(input.now);
  const nextUpdate = new Date(now.getTime() + (input.validitySeconds ?? 3600) * 1000);
  const responder = pkijs.Certificate.fromBER(new Uint8Array(input.responder.der));
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = responder.subject;
  basic.tbsResponseData.producedAt = now;
  basic.tbsResponseData.responses = items.map((item, i) => {
    const serial = serialOf[i];
    const state = serial === undefined ? undefined : states.get(serial);
    return new pkijs.SingleResponse({
      certID: item.reqCert,
      certStatus: certStatusOf(state),
      thisUpdate: now,
      nextUpdate,
    });
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID_NONCE);
  if (nonce) {
    basic.tbsResponseData.responseExtensions = [
      new pkijs.Extension({ extnID: OID_NONCE, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer }),
    ];
  }
  basic.certs = [responder];
  await basic.sign(input.responder.privateKey, 'SHA-256', pkiEngine);

  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: ocspResponseStatuses.successful }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OID_BASIC_RESPONSE,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
    }),
  });
  return Buffer.from(response.toSchema().toBER());
}

/** CertStatus: good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL. */
function certStatusOf(state: Exclude<CertificateState, null> | undefined): asn1js.BaseBlock {
  if (state === undefined) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  if (state.status === 'good') {
    return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  }
  const value: asn1js.BaseBlock[] = [new asn1js.GeneralizedTime({ valueDate: truncateToSecond(state.revokedAt) })];
  if (state.reason !== 'unspecified') {
    value.push(
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.Enumerated({ value: revocationReasonCodes[state.reason] })],
      }),
    );
  }
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value });
}

/** The subjectPublicKey BIT STRING's bytes (what a CertID's issuerKeyHash hashes). */
function spkiKeyBits(certificate: x509.X509Certificate): Uint8Array {
  const parsed = pkijs.Certificate.fromBER(new Uint8Array(certificate.rawData));
  return parsed.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
}

export interface BuildOcspRequestInput {
  /** CertID hash; SHA-1 is what most clients send (RFC 5019), SHA-256 is accepted too. */
  hash?: 'SHA-1' | 'SHA-256';
  /** A nonce to echo (random 16 bytes by default; `false` for none). */
  nonce?: Uint8Array | false;
}

/** An OCSP request (DER) about `certificate`, issued by `issuer`. */
export async function buildOcspRequest(
  certificate: Pick<Credential, 'der'>,
  issuer: Pick<Credential, 'der'>,
  input: BuildOcspRequestInput = {},
): Promise<Buffer> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(
    pkijs.Certificate.fromBER(new Uint8Array(certificate.der)),
    { hashAlgorithm: input.hash ?? 'SHA-1', issuerCertificate: pkijs.Certificate.fromBER(new Uint8Array(issuer.der)) },
    pkiEngine,
  );
  if (input.nonce !== false) {
    const nonce = input.nonce ?? new Uint8Array(randomBytes(16));
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: OID_NONCE, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
    ];
  }
  return Buffer.from(request.toSchema(true).toBER());
}

export interface OcspSingleAnswer {
  serialNumber: string;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: RevocationReason;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspAnswer {
  responseStatus: OcspResponseStatus;
  producedAt?: Date;
  responses: OcspSingleAnswer[];
  /** The nonce extension's value (the OCTET STRING's DER, as the request carried it). */
  nonce?: Buffer;
  /** The responder's certificates embedded in the response. */
  certificates: Buffer[];
  /**
   * The signature verifies and the responder is authorized (RFC 6960 4.2.2.2: the issuer itself or a delegated
   * responder with EKU OCSPSigning) with a chain to one of `trusted`; undefined when no trust anchors were given.
   */
  signatureValid?: boolean;
}

/** Reads an OCSP response (DER); with `trusted` roots (and `intermediates`), checks its signature and responder. */
export async function readOcspResponse(
  der: Uint8Array,
  options: { trusted?: Array<Pick<Credential, 'der'>>; intermediates?: Array<Pick<Credential, 'der'>> } = {},
): Promise<OcspAnswer> {
  const response = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  const code = response.responseStatus.valueBlock.valueDec;
  const responseStatus = (Object.entries(ocspResponseStatuses).find(([, value]) => value === code)?.[0] ??
    'internalError') as OcspResponseStatus;
  if (!response.responseBytes || responseStatus !== 'successful')
    return { responseStatus, responses: [], certificates: [] };
  const basic = pkijs.BasicOCSPResponse.fromBER(
    new Uint8Array(response.responseBytes.response.valueBlock.valueHexView),
  );
  const data = basic.tbsResponseData;
  const responses = data.responses.map((single): OcspSingleAnswer => {
    const tag = single.certStatus.idBlock.tagNumber as number;
    const base = {
      serialNumber: hexOfInteger(single.certID.serialNumber),
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    };
    if (tag === 0) return { ...base, status: 'good' };
    if (tag !== 1) return { ...base, status: 'unknown' };
    const inner = single.certStatus.valueBlock.value as asn1js.BaseBlock[];
    const revokedAt = (inner[0] as asn1js.GeneralizedTime).toDate();
    const reasonBlock = inner[1] as asn1js.Constructed | undefined;
    const reasonCode = reasonBlock ? (reasonBlock.valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec : 0;
    return { ...base, status: 'revoked', revokedAt, reason: revocationReasonOf(reasonCode) ?? 'unspecified' };
  });
  const nonce = data.responseExtensions?.find((e) => e.extnID === OID_NONCE);
  const answer: OcspAnswer = {
    responseStatus,
    producedAt: data.producedAt,
    responses,
    certificates: (basic.certs ?? []).map((c) => Buffer.from(c.toSchema().toBER())),
    ...(nonce ? { nonce: Buffer.from(nonce.extnValue.valueBlock.valueHexView) } : {}),
  };
  if (options.trusted) {
    const toPki = (c: Pick<Credential, 'der'>) => pkijs.Certificate.fromBER(new Uint8Array(c.der));
    try {
      answer.signatureValid = await basic.verify(
        {
          trustedCerts: options.trusted.map(toPki),
          ...(options.intermediates ? { issuerCerts: options.intermediates.map(toPki) } : {}),
        } as pkijs.BasicOCSPResponseVerifyParams,
        pkiEngine,
      );
    } catch {
      answer.signatureValid = false;
    }
  }
  return answer;
}
