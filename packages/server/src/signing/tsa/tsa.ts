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
    serial[0] = (serial[0] as number) & 0x7f;
    const genTime = new Date(Math.floor(this.options.now().getTime() / 1000) * 1000);
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: this.policy,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
      }),
      serialNumber: new asn1js.Integer({ valueHex: ab(serial) }),
      genTime,
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
    const eContent = Buffer.from(tstInfo.toSchema().toBER(false));
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
    const asn = asn1js.fromBER(ab(token));
    const resp = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: 0 }),
      timeStampToken: new pkijs.ContentInfo({ schema: asn.result }),
    });
    return Buffer.from(resp.toSchema().toBER(false));
  }
}
