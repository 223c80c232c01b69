/**
 * The timestamp authority Congso runs for the demo (RFC 3161, with RFC 5816's signing-certificate-v2): a
 * TimeStampReq in, a TimeStampResp out. Accepts SHA-256 message imprints only; answers `granted` with a token
 * whose TSTInfo carries the policy, the imprint, a random serial, the time (to the second, accuracy 1 s) and
 * the request's nonce; a request it cannot serve gets `rejection` with the RFC's failure bit. Its certificate
 * must carry the critical extended key usage timeStamping (the province CA issues it).
 * Transport (`tsa.routes.ts`): POST /tsa, application/timestamp-query → application/timestamp-reply.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ab, buildSignedData, OID } from '../pades/cms';
import * as der from '../pades/der';
import { type Signer, sha256 } from '../signer';

/** A demo policy under Vietnam's arc (2.16.704); not registered anywhere: it names this test service. */
export const CONGSO_TSA_POLICY = '2.16.704.1.999.3161.1';

export class TimestampRequestError extends Error {}

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
export const FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

function failureBits(bit: number): asn1js.BitString {
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[Math.floor(bit / 8)] = 0x80 >> (bit % 8);
  return new asn1js.BitString({ valueHex: bytes.buffer, unusedBits: bytes.length * 8 - (bit + 1) });
}

function rejection(bit: number, text: string): Buffer {
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: 2,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: failureBits(bit),
    }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}

/** GeneralizedTime to the second, UTC: YYYYMMDDHHMMSSZ. */
function generalizedTime(at: Date): Buffer {
  const iso = at.toISOString();
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der.tlv(0x18, Buffer.from(text, 'latin1'));
}

/**
 * TSTInfo (RFC 3161 §2.4.2) encoded directly: version 1, the policy, the SHA-256 message imprint, the serial
 * number (positive, minimal), genTime, accuracy 1 s, the request's nonce (its INTEGER as encoded) when there
 * is one. Written with der.ts rather than pkijs's schema objects, which cost more than the RSA signature.
 */
export function tstInfo(input: {
  policy: string;
  digest: Buffer;
  serial: Buffer;
  genTime: Date;
  nonce?: Buffer;
}): Buffer {
  return der.seq(
    der.smallInt(1),
    der.oid(input.policy),
    der.seq(der.seq(der.oid(OID.sha256)), der.octets(input.digest)),
    der.tlv(0x02, input.serial),
    generalizedTime(input.genTime),
    der.seq(der.smallInt(1)),
    ...(input.nonce ? [input.nonce] : []),
  );
}

export interface TimestampAuthorityOptions {
  signer: Signer;
  now: () => Date;
  policy?: string;
}

export class TimestampAuthority {
  readonly policy: string;
  constructor(private readonly options: TimestampAuthorityOptions) {
    this.policy = options.policy ?? CONGSO_TSA_POLICY;
  }

  /** A TimeStampToken (ContentInfo with SignedData over a TSTInfo) for a SHA-256 digest. */
  async token(
    digest: Buffer,
    options: { nonce?: asn1js.Integer; includeCertificates?: boolean } = {},
  ): Promise<Buffer> {
    const serial = randomBytes(9);
    // Positive, and no leading zero octet (DER's minimal INTEGER).
    serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
    const genTime = new Date(Math.floor(this.options.now().getTime() / 1000) * 1000);
    const eContent = tstInfo({
      policy: this.policy,
      digest,
      serial,
      genTime,
      ...(options.nonce ? { nonce: Buffer.from(options.nonce.toBER(false)) } : {}),
    });
    return buildSignedData({
      signer: this.options.signer,
      contentDigest: sha256(eContent),
      eContentType: OID.tstInfo,
      eContent,
      includeCertificates: options.includeCertificates ?? true,
    });
  }

  /** Answers a DER TimeStampReq; throws TimestampRequestError when the bytes are not one at all. */
  async respond(request: Buffer): Promise<Buffer> {
    let req: pkijs.TimeStampReq;
    try {
      req = pkijs.TimeStampReq.fromBER(ab(request));
    } catch {
      throw new TimestampRequestError('not a TimeStampReq');
    }
    if (req.version !== 1) return rejection(FAILURE.badRequest, 'version 1 expected');
    if (req.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) {
      return rejection(FAILURE.badAlg, 'SHA-256 only');
    }
    const digest = Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView);
    if (digest.length !== 32) return rejection(FAILURE.badDataFormat, 'a SHA-256 digest is 32 bytes');
    if (req.reqPolicy && req.reqPolicy !== this.policy) return rejection(FAILURE.unacceptedPolicy, 'unknown policy');
    const token = await this.token(digest, {
      ...(req.nonce ? { nonce: req.nonce } : {}),
      includeCertificates: req.certReq === true,
    });
    // TimeStampResp { PKIStatusInfo { granted }, the token as encoded }.
    return der.seq(der.seq(der.smallInt(0)), token);
  }
}
