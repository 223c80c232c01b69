/**
 * The signer's side of RFC 3161: ask a timestamp authority for a token over a digest (the CMS signature's
 * value, for the signature-time-stamp attribute). Over HTTP (`HttpTimestampClient`, any RFC 3161 server), or
 * in process when the server runs the authority itself (`LocalTimestampClient`). The answer is checked: status
 * granted, the token's imprint is the digest asked for, the nonce comes back.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ab, OID } from '../pades/cms';
import type { TimestampAuthority } from './tsa';

export interface TimestampClient {
  /** A TimeStampToken (DER ContentInfo) over a SHA-256 digest. */
  timestamp(digest: Buffer): Promise<Buffer>;
}

export class TimestampError extends Error {}

export function timestampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER(false));
}

/** The TSTInfo inside a token. */
export function tstInfoOf(token: Buffer): pkijs.TSTInfo {
  const contentInfo = pkijs.ContentInfo.fromBER(ab(token));
  const signed = new pkijs.SignedData({ schema: contentInfo.content });
  const eContent = signed.encapContentInfo.eContent;
  if (signed.encapContentInfo.eContentType !== OID.tstInfo || !eContent) throw new TimestampError('not a TSTInfo');
  return pkijs.TSTInfo.fromBER(eContent.getValue());
}

/** Reads a TimeStampResp, checks it against the request, returns the token. */
export function tokenFromResponse(response: Buffer, digest: Buffer, nonce?: Buffer): Buffer {
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(ab(response));
  } catch {
    throw new TimestampError('the authority’s answer is not a TimeStampResp');
  }
  if (resp.status.status !== 0 && resp.status.status !== 1) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? '';
    throw new TimestampError(`timestamp refused (status ${resp.status.status}${text ? `: ${text}` : ''})`);
  }
  if (!resp.timeStampToken) throw new TimestampError('no token in the answer');
  const token = Buffer.from(resp.timeStampToken.toSchema().toBER(false));
  const info = tstInfoOf(token);
  const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(digest)) throw new TimestampError('the token is for another digest');
  if (nonce) {
    const got = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : undefined;
    if (!got || BigInt(`0x${got.toString('hex')}`) !== BigInt(`0x${nonce.toString('hex')}`)) {
      throw new TimestampError('the token’s nonce is not ours');
    }
  }
  return token;
}

export class HttpTimestampClient implements TimestampClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async timestamp(digest: Buffer): Promise<Buffer> {
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0] as number) & 0x7f;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(timestampRequest(digest, nonce)),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new TimestampError(`the timestamp authority answered ${response.status}`);
    if (!(response.headers.get('content-type') ?? '').startsWith('application/timestamp-reply')) {
      throw new TimestampError('the timestamp authority did not answer application/timestamp-reply');
    }
    return tokenFromResponse(Buffer.from(await response.arrayBuffer()), digest, nonce);
  }
}

export class LocalTimestampClient implements TimestampClient {
  constructor(private readonly authority: TimestampAuthority) {}
  timestamp(digest: Buffer): Promise<Buffer> {
    return this.authority.token(digest);
  }
}
