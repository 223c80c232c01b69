/**
 * Verifies every signature of a PDF with the project's own code (pkijs to read CMS, node:crypto for the
 * arithmetic): for each, who signed (name, title, organisation from the certificate), when (the timestamp
 * token's time when there is a valid one, else the claimed /M), which revision it covers (the whole document
 * or an earlier revision), and one status:
 *   invalid    the signature cannot be checked or does not verify (malformed CMS, wrong key, bad ByteRange)
 *   modified   the signed bytes changed, or the document was changed after it by an update that adds no
 *              signature (updates adding later signatures, as the agency's seal, are accepted)
 *   untrusted  the certificate does not lead to one of the trust anchors
 *   revoked    a certificate of the chain was revoked before the signing time (a revocation after a
 *              timestamped signing time leaves the signature valid)
 *   expired    a certificate of the chain was not valid at the signing time
 *   valid
 * Trust anchors and the revocation source are inputs (the province CA's root, its CRL or OCSP).
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { sha256 } from '../signer';
import { ab, OID } from './cms';
import { isDict, type PdfDict, PdfParser, PdfReadError, rawOf, readIndirectObject, readPdfText } from './pdf-objects';
import type { RevocationSource } from './revocation';

export type SignatureStatus = 'valid' | 'modified' | 'untrusted' | 'revoked' | 'expired' | 'invalid';

export interface CertificateSummary {
  name: string;
  organization: string | null;
  title: string | null;
  serialNumber: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface SignatureReport {
  /** 1-based, in file order. */
  index: number;
  fieldName: string | null;
  status: SignatureStatus;
  /** Machine-readable reasons behind the status, and notes (REVOKED_AFTER_SIGNING, NO_TIMESTAMP, …). */
  problems: string[];
  signer: CertificateSummary | null;
  /** ISO 8601 (UTC). */
  signingTime: string | null;
  timeSource: 'timestamp' | 'claimed' | null;
  timestamp: { time: string; authority: string; valid: boolean } | null;
  subFilter: string | null;
  reason: string | null;
  /** The signed bytes reach the end of the file. */
  coversWholeDocument: boolean;
  /** The revision the signature covers (1-based) and how many revisions the file has. */
  revision: number;
  revisions: number;
  revocation: { status: 'good' | 'revoked' | 'unknown'; revokedAt?: string; reason?: string } | null;
}

export interface VerifyOptions {
  trustAnchors: Buffer[];
  revocation?: RevocationSource;
  /** Intermediate certificates to use besides those in each signature. */
  intermediates?: Buffer[];
  now: Date;
}

const HASHES: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

function attr(name: X509Certificate['subject'], key: string): string | null {
  for (const line of name.split('\n')) {
    const at = line.indexOf('=');
    if (line.slice(0, at) === key) return line.slice(at + 1);
  }
  return null;
}

export function summarize(cert: X509Certificate): CertificateSummary {
  return {
    name: attr(cert.subject, 'CN') ?? cert.subject,
    organization: attr(cert.subject, 'O'),
    title: attr(cert.subject, 'title'),
    serialNumber: cert.serialNumber,
    issuer: attr(cert.issuer, 'CN') ?? cert.issuer,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
  };
}

interface SignerCheck {
  ok: boolean;
  problems: string[];
  certificate: X509Certificate | null;
  certificates: X509Certificate[];
  signerInfo: pkijs.SignerInfo | null;
  signedData: pkijs.SignedData | null;
}

/** Checks a CMS SignedData's first signer over a content digest (or over its encapsulated content). */
export function checkSignedData(cms: Buffer, content?: { digestOf: (hash: string) => Buffer }): SignerCheck {
  const fail = (problem: string, partial: Partial<SignerCheck> = {}): SignerCheck => ({
    ok: false,
    problems: [problem],
    certificate: null,
    certificates: [],
    signerInfo: null,
    signedData: null,
    ...partial,
  });
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(ab(cms));
    if (contentInfo.contentType !== OID.signedData) return fail('CMS_NOT_SIGNED_DATA');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return fail('CMS_MALFORMED');
  }
  const certificates: X509Certificate[] = [];
  for (const c of signedData.certificates ?? []) {
    if (!(c instanceof pkijs.Certificate)) continue;
    try {
      certificates.push(new X509Certificate(Buffer.from(c.toSchema().toBER(false))));
    } catch {
      // An unreadable certificate is as good as absent.
    }
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) return fail('CMS_SIGNER_COUNT', { certificates, signedData });
  let certificate: X509Certificate | null = null;
  const sid = signerInfo.sid;
  for (const c of signedData.certificates ?? []) {
    if (!(c instanceof pkijs.Certificate)) continue;
    const matches =
      sid instanceof pkijs.IssuerAndSerialNumber
        ? c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)
        : false;
    if (matches) certificate = new X509Certificate(Buffer.from(c.toSchema().toBER(false)));
  }
  const partial = { certificates, signerInfo, signedData, certificate };
  if (!certificate) return fail('SIGNER_CERTIFICATE_MISSING', partial);
  const hash = HASHES[signerInfo.digestAlgorithm.algorithmId];
  if (!hash) return fail('DIGEST_ALGORITHM_UNSUPPORTED', partial);
  const attrs = signerInfo.signedAttrs;
  if (!attrs) return fail('NO_SIGNED_ATTRIBUTES', partial);
  const find = (type: string) => attrs.attributes.find((a) => a.type === type)?.values[0];
  const messageDigest = find(OID.messageDigest) as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const contentType = find(OID.contentType) as { valueBlock?: { toString(): string } } | undefined;
  if (!messageDigest?.valueBlock?.valueHexView) return fail('NO_MESSAGE_DIGEST', partial);
  if (contentType?.valueBlock?.toString() !== signedData.encapContentInfo.eContentType) {
    return fail('CONTENT_TYPE_MISMATCH', partial);
  }
  const problems: string[] = [];
  let digest: Buffer;
  if (content) digest = content.digestOf(hash);
  else {
    const e = signedData.encapContentInfo.eContent;
    if (!e) return fail('NO_CONTENT', partial);
    digest = createHash(hash).update(Buffer.from(e.getValue())).digest();
  }
  const digestOk = Buffer.from(messageDigest.valueBlock.valueHexView).equals(digest);
  if (!digestOk) problems.push('DIGEST_MISMATCH');
  const signedAttrs = Buffer.from(attrs.encodedValue);
  signedAttrs[0] = 0x31;
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  let signatureOk = false;
  try {
    signatureOk = verifySignature(hash, signedAttrs, certificate.publicKey, signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) problems.push('SIGNATURE_INVALID');
  const essV2 = find(OID.signingCertificateV2);
  if (essV2) {
    try {
      // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; the default hash is SHA-256.
      const certs = (essV2 as unknown as { valueBlock: { value: { valueBlock: { value: unknown[] } }[] } }).valueBlock
        .value[0]?.valueBlock.value[0] as { valueBlock: { value: { valueBlock: { valueHexView?: Uint8Array } }[] } };
      const first = certs.valueBlock.value[0];
      const certHash = first?.valueBlock.valueHexView ? Buffer.from(first.valueBlock.valueHexView) : undefined;
      if (!certHash?.equals(sha256(certificate.raw))) problems.push('SIGNING_CERTIFICATE_MISMATCH');
    } catch {
      problems.push('SIGNING_CERTIFICATE_MALFORMED');
    }
  } else if (!find(OID.signingCertificate)) problems.push('NO_SIGNING_CERTIFICATE_ATTRIBUTE');
  const ok = digestOk && signatureOk && !problems.includes('SIGNING_CERTIFICATE_MISMATCH');
  return { ok, problems, ...partial };
}

interface ChainResult {
  trusted: boolean;
  chain: X509Certificate[];
}

/** From a certificate up through the pool to a trust anchor, each link's signature checked. */
export function buildChain(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[]): ChainResult {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (anchors.some((a) => a.raw.equals(current.raw))) return { trusted: true, chain };
    const issuer = [...anchors, ...pool].find(
      (c) => !c.raw.equals(current.raw) && current.checkIssued(c) && c.ca && current.verify(c.publicKey),
    );
    if (!issuer) return { trusted: false, chain };
    chain.push(issuer);
    current = issuer;
  }
  return { trusted: false, chain };
}

interface SigDict {
  objectNum: number;
  dict: PdfDict;
  byteRange: number[];
  contentsHexAt: number;
  contents: Buffer;
}

/**
 * Where the object holding a position starts: the nearest `N G obj` before it (not an `endobj`), found by
 * looking back for the keyword, within 1 MB. (A regex over the text before it would be quadratic on the long
 * runs of digits a /Contents holds.)
 */
export function objectStartBefore(text: string, at: number): number {
  let k = at;
  const limit = Math.max(0, at - 1_000_000);
  while (k > limit) {
    k = text.lastIndexOf('obj', k - 1);
    if (k < limit || k < 0) return -1;
    if (text.slice(k - 3, k) === 'end') continue;
    const m = /(\d{1,10})\s+(\d{1,5})\s+$/.exec(text.slice(Math.max(0, k - 24), k));
    if (m) return k - m[0].length;
  }
  return -1;
}

/** Finds the signature dictionaries: every object holding a numeric /ByteRange and a /Contents. */
export function findSignatureDictionaries(text: string): SigDict[] {
  const found: SigDict[] = [];
  const seen = new Set<number>();
  let from = 0;
  for (;;) {
    const at = text.indexOf('/ByteRange', from);
    if (at < 0) break;
    from = at + 10;
    const objectAt = objectStartBefore(text, at);
    if (objectAt < 0 || seen.has(objectAt)) continue;
    seen.add(objectAt);
    try {
      const obj = readIndirectObject(text, objectAt);
      if (!isDict(obj.value)) continue;
      const br = obj.value.get('ByteRange');
      if (!Array.isArray(br) || br.length !== 4) continue;
      const byteRange = br.map((v) => Number(rawOf(v)));
      if (!byteRange.every((n) => Number.isInteger(n) && n >= 0)) continue;
      const contentsRaw = rawOf(obj.value.get('Contents'));
      if (!contentsRaw?.startsWith('<')) continue;
      // Where the hex string sits: it must be exactly the gap the ByteRange leaves.
      const parser = new PdfParser(text, objectAt);
      const objText = text.slice(objectAt, parser.text.indexOf('endobj', at));
      const contentsKey = objText.indexOf('/Contents');
      const contentsHexAt = objectAt + objText.indexOf('<', contentsKey);
      const hex = contentsRaw.slice(1, -1).replace(/\s/g, '');
      found.push({
        objectNum: obj.num,
        dict: obj.value,
        byteRange,
        contentsHexAt,
        contents: Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex'),
      });
    } catch {
      // Not an object we can read: not a signature we can report.
    }
  }
  return found;
}

/** The CMS without the zero padding after its DER end. */
function trimDer(buf: Buffer): Buffer {
  if (buf.length < 2 || buf[0] !== 0x30) return buf;
  const first = buf[1] as number;
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) return buf;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] as number);
  return buf.subarray(0, Math.min(buf.length, 2 + n + len));
}

function fieldNames(text: string): Map<number, string> {
  const names = new Map<number, string>();
  const re = /\/FT\s*\/Sig/g;
  for (const m of text.matchAll(re)) {
    const objectAt = objectStartBefore(text, m.index ?? 0);
    if (objectAt < 0) continue;
    try {
      const obj = readIndirectObject(text, objectAt);
      if (!isDict(obj.value)) continue;
      const v = obj.value.get('V');
      const name = readPdfText(obj.value.get('T'));
      if (v && !Array.isArray(v) && 'ref' in v && name) names.set(v.ref, name);
    } catch {
      // skip
    }
  }
  return names;
}

/** The byte offsets just after each %%EOF: the end of each revision. */
function revisionEnds(text: string): number[] {
  return [...text.matchAll(/%%EOF/g)].map((m) => (m.index ?? 0) + 5);
}

const STATUS_ORDER: SignatureStatus[] = ['invalid', 'modified', 'untrusted', 'revoked', 'expired', 'valid'];

export async function verifyPdf(pdf: Buffer, options: VerifyOptions): Promise<SignatureReport[]> {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-')) throw new PdfReadError('not a PDF');
  const anchors = options.trustAnchors.map((d) => new X509Certificate(d));
  const intermediates = (options.intermediates ?? []).map((d) => new X509Certificate(d));
  const ends = revisionEnds(text);
  const names = fieldNames(text);
  const dicts = findSignatureDictionaries(text).sort((a, b) => (a.byteRange[2] ?? 0) - (b.byteRange[2] ?? 0));
  const signedEnds = dicts.map((d) => (d.byteRange[2] ?? 0) + (d.byteRange[3] ?? 0));
  const fileEnd = text.replace(/[\r\n\s]*$/, '').length;
  const reports: SignatureReport[] = [];

  for (const [i, sig] of dicts.entries()) {
    const problems: string[] = [];
    const [b0, b1, b2, b3] = sig.byteRange as [number, number, number, number];
    const end = b2 + b3;
    const revision = Math.max(1, ends.filter((e) => e <= end).length);
    const report: SignatureReport = {
      index: i + 1,
      fieldName: names.get(sig.objectNum) ?? null,
      status: 'valid',
      problems,
      signer: null,
      signingTime: null,
      timeSource: null,
      timestamp: null,
      subFilter: rawOf(sig.dict.get('SubFilter'))?.slice(1) ?? null,
      reason: readPdfText(sig.dict.get('Reason')) ?? null,
      coversWholeDocument: end >= fileEnd,
      revision,
      revisions: Math.max(ends.length, revision),
      revocation: null,
    };
    reports.push(report);
    const statuses = new Set<SignatureStatus>();

    if (b0 !== 0 || b1 !== sig.contentsHexAt || b2 <= b1 || end > pdf.length || text[b2 - 1] !== '>') {
      problems.push('BYTE_RANGE_INVALID');
      report.status = 'invalid';
      continue;
    }
    const cms = trimDer(sig.contents);
    const signed = (hash: string) =>
      createHash(hash).update(pdf.subarray(0, b1)).update(pdf.subarray(b2, end)).digest();
    const check = checkSignedData(cms, { digestOf: signed });
    problems.push(...check.problems);
    if (check.certificate) report.signer = summarize(check.certificate);
    if (!check.signerInfo || !check.certificate) {
      report.status = 'invalid';
      continue;
    }
    if (check.problems.includes('DIGEST_MISMATCH')) statuses.add('modified');
    else if (!check.ok) statuses.add('invalid');
    // Later changes: every later revision must end where a later signature's signed bytes end.
    const laterRevisionEnds = ends.filter((e) => e > end + 2);
    const unsigned = laterRevisionEnds.filter((e) => !signedEnds.some((s) => Math.abs(s - e) <= 2));
    if (unsigned.length > 0 || (laterRevisionEnds.length === 0 && fileEnd > end + 2)) {
      problems.push('CHANGED_AFTER_SIGNING');
      statuses.add('modified');
    }

    // The time: the signature's timestamp token, checked like a signature over the signature value.
    let trustedTime: Date | null = null;
    const tokenValue = check.signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)
      ?.values[0];
    if (tokenValue) {
      const token = Buffer.from(tokenValue.toBER(false));
      const tsCheck = checkSignedData(token);
      let time: Date | null = null;
      let valid = tsCheck.ok && tsCheck.signedData?.encapContentInfo.eContentType === OID.tstInfo;
      try {
        const eContent = tsCheck.signedData?.encapContentInfo.eContent;
        if (!eContent) throw new Error('no TSTInfo');
        const info = pkijs.TSTInfo.fromBER(eContent.getValue());
        time = info.genTime;
        const imprintHash = HASHES[info.messageImprint.hashAlgorithm.algorithmId];
        const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
        const signatureValue = Buffer.from(check.signerInfo.signature.valueBlock.valueHexView);
        if (!imprintHash || !imprint.equals(createHash(imprintHash).update(signatureValue).digest())) valid = false;
      } catch {
        valid = false;
      }
      let tsaTrusted = true;
      if (valid && tsCheck.certificate) {
        const tsa = tsCheck.certificate;
        const tsChain = buildChain(tsa, [...tsCheck.certificates, ...intermediates], anchors);
        tsaTrusted = tsChain.trusted;
        const eku = (() => {
          try {
            return tsa.keyUsage ?? [];
          } catch {
            return [];
          }
        })();
        if (!eku.includes(OID.timeStamping)) valid = false;
        if (time && (time < new Date(tsa.validFrom) || time > new Date(tsa.validTo))) valid = false;
      }
      if (!valid) {
        problems.push('TIMESTAMP_INVALID');
        statuses.add('invalid');
      } else if (!tsaTrusted) {
        problems.push('TIMESTAMP_UNTRUSTED');
        statuses.add('untrusted');
      }
      report.timestamp = {
        time: time ? time.toISOString() : '',
        authority: tsCheck.certificate ? summarize(tsCheck.certificate).name : '',
        valid: valid && tsaTrusted,
      };
      if (valid && tsaTrusted && time) trustedTime = time;
    } else problems.push('NO_TIMESTAMP');
    const claimed = readPdfText(sig.dict.get('M'));
    const claimedTime = claimed ? parsePdfDate(claimed) : null;
    if (trustedTime) {
      report.signingTime = trustedTime.toISOString();
      report.timeSource = 'timestamp';
    } else if (claimedTime) {
      report.signingTime = claimedTime.toISOString();
      report.timeSource = 'claimed';
    }

    // The certificate: chain to an anchor, validity and revocation at the trusted time (else now).
    const at = trustedTime ?? options.now;
    const { trusted, chain } = buildChain(check.certificate, [...check.certificates, ...intermediates], anchors);
    if (!trusted) {
      problems.push('CHAIN_UNTRUSTED');
      statuses.add('untrusted');
    }
    if (chain.some((c) => at < new Date(c.validFrom) || at > new Date(c.validTo))) {
      problems.push('CERTIFICATE_EXPIRED');
      statuses.add('expired');
    }
    if (trusted && options.revocation) {
      let overall: SignatureReport['revocation'] = { status: 'good' };
      for (let k = 0; k + 1 < chain.length; k++) {
        const certificate = chain[k] as X509Certificate;
        const issuer = chain[k + 1] as X509Certificate;
        if (anchors.some((a) => a.raw.equals(certificate.raw))) break;
        const answer = await options.revocation.check({ certificate, issuer, at });
        if (answer.status === 'revoked') {
          if (trustedTime && answer.revokedAt > trustedTime) {
            problems.push('REVOKED_AFTER_SIGNING');
          } else {
            problems.push('CERTIFICATE_REVOKED');
            statuses.add('revoked');
          }
          overall = {
            status: 'revoked',
            revokedAt: answer.revokedAt.toISOString(),
            ...(answer.reason ? { reason: answer.reason } : {}),
          };
          break;
        }
        if (answer.status === 'unknown') {
          // The signer's own certificate decides the summary; an issuing CA nobody lists is a note.
          problems.push(k === 0 ? 'REVOCATION_UNKNOWN' : 'ISSUER_REVOCATION_UNKNOWN');
          if (k === 0) overall = { status: 'unknown' };
        }
      }
      report.revocation = overall;
    }
    report.status = STATUS_ORDER.find((s) => statuses.has(s)) ?? 'valid';
  }
  return reports;
}

/** D:YYYYMMDDHHmmSS+HH'mm' → Date (missing parts default as the spec says). */
export function parsePdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  const time = sign === '+' ? utc - offset : sign === '-' ? utc + offset : utc;
  return Number.isNaN(time) ? null : new Date(time);
}
