import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as asn1js from 'asn1js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pkijs from 'pkijs';
import { createTestApp, multipartBody, type TestApp } from '../testing';
import type { SigningEnvironment } from './environment';
import { attachmentAppearance, sealRectOver } from './pades/appearance';
import { signPades } from './pades/sign';
import { type SignatureReport, verifyPdf } from './pades/verify';
import { signPdf } from './signing-service';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from './testing/sample-document';
import type { TemporaryPki } from './testing/temporary-ca';
import { useTemporaryEnvironment } from './testing/temporary-environment';
import { HttpTimestampClient, tokenFromResponse, tstInfoOf } from './tsa/tsa-client';

const PERSON = '00000000-0000-4000-8000-000000000001';
const AGENCY = '00000000-0000-4000-8000-000000000002';
const AT = '2026-11-23T02:00:00.000Z';

let t: TestApp;
let env: SigningEnvironment;
let pki: TemporaryPki;
let document: Buffer;
let signedBySigner: Buffer;
let sealed: Buffer;

const verify = (pdf: Buffer, overrides: Partial<Parameters<typeof verifyPdf>[1]> = {}) =>
  verifyPdf(pdf, {
    trustAnchors: env.trustAnchors,
    intermediates: env.intermediates,
    ...(env.revocation ? { revocation: env.revocation } : {}),
    now: t.ctx.now(),
    ...overrides,
  });

const brief = (r: SignatureReport) => ({ status: r.status, problems: r.problems });

async function widgets(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const out: { page: number; field: string; rect: number[] }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    for (const a of await (await doc.getPage(p)).getAnnotations()) {
      if (a.fieldType === 'Sig')
        out.push({ page: p, field: a.fieldName, rect: a.rect.map((n: number) => Math.round(n * 100) / 100) });
    }
  }
  await doc.destroy();
  return out;
}

before(async () => {
  t = await createTestApp();
  ({ env, pki } = await useTemporaryEnvironment(t.ctx, { personId: PERSON, agencyId: AGENCY }));
  document = await sampleDocument();
  signedBySigner = await signPdf(t.ctx, {
    pdf: document,
    as: 'signer',
    personId: PERSON,
    reason: 'Ký ban hành',
    appearance: { page: -1, rect: SAMPLE_SIGNATURE_RECT },
  });
  sealed = await signPdf(t.ctx, { pdf: signedBySigner, as: 'agency', agencyId: AGENCY, reason: 'Đóng dấu cơ quan' });
});
after(() => t.close());

describe('PAdES signatures: the signer, then the agency seal', () => {
  test('both signatures verify, each with its signer, agency, timestamped time and revision', async () => {
    const reports = await verify(sealed);
    assert.deepEqual(reports, [
      {
        index: 1,
        fieldName: 'Signature1',
        status: 'valid',
        problems: [],
        signer: {
          name: 'Nguyễn Văn An',
          organization: 'UBND phường Tân Ninh',
          title: 'Chủ tịch',
          serialNumber: reports[0]?.signer?.serialNumber as string,
          issuer: 'Congso Tây Ninh Issuing CA (thử nghiệm)',
          validFrom: '2026-01-01T00:00:00.000Z',
          validTo: '2031-01-01T00:00:00.000Z',
        },
        signingTime: AT,
        timeSource: 'timestamp',
        timestamp: { time: AT, authority: 'Congso TSA (thử nghiệm)', valid: true },
        subFilter: 'ETSI.CAdES.detached',
        reason: 'Ký ban hành',
        coversWholeDocument: false,
        revision: 2,
        revisions: 3,
        revocation: { status: 'good' },
      },
      {
        index: 2,
        fieldName: 'Signature2',
        status: 'valid',
        problems: [],
        signer: {
          name: 'UBND phường Tân Ninh',
          organization: 'UBND phường Tân Ninh',
          title: null,
          serialNumber: reports[1]?.signer?.serialNumber as string,
          issuer: 'Congso Tây Ninh Issuing CA (thử nghiệm)',
          validFrom: '2026-01-01T00:00:00.000Z',
          validTo: '2031-01-01T00:00:00.000Z',
        },
        signingTime: AT,
        timeSource: 'timestamp',
        timestamp: { time: AT, authority: 'Congso TSA (thử nghiệm)', valid: true },
        subFilter: 'ETSI.CAdES.detached',
        reason: 'Đóng dấu cơ quan',
        coversWholeDocument: true,
        revision: 3,
        revisions: 3,
        revocation: { status: 'good' },
      },
    ]);
    assert.notEqual(reports[0]?.signer?.serialNumber, reports[1]?.signer?.serialNumber);
  });

  test('each signature is an incremental update: the earlier bytes are kept as they were', () => {
    assert.ok(signedBySigner.subarray(0, document.length - 1).equals(document.subarray(0, document.length - 1)));
    assert.ok(sealed.subarray(0, signedBySigner.length).equals(signedBySigner));
  });

  test('the signer’s image sits between title and name on page 2, the seal over its left third', async () => {
    const [x1, y1, x2, y2] = SAMPLE_SIGNATURE_RECT;
    assert.deepEqual(await widgets(sealed), [
      { page: 2, field: 'Signature1', rect: [x1, y1, x2, y2] },
      { page: 2, field: 'Signature2', rect: [315.5, 157.75, 410, 252.25] },
    ]);
    assert.deepEqual(sealRectOver(SAMPLE_SIGNATURE_RECT), [315.5, 157.75, 410, 252.25]);
  });

  test('a byte changed in the signed part: both signatures report the document modified', async () => {
    const changed = Buffer.from(sealed);
    changed[2000] = (changed[2000] as number) ^ 0x01;
    assert.deepEqual((await verify(changed)).map(brief), [
      { status: 'modified', problems: ['DIGEST_MISMATCH'] },
      { status: 'modified', problems: ['DIGEST_MISMATCH'] },
    ]);
  });

  test('an update without a signature after the seal: both report the document changed after signing', async () => {
    const appended = Buffer.concat([
      sealed,
      Buffer.from(
        '\n99 0 obj\n<< /Changed true >>\nendobj\nxref\n99 1\n0000000000 00000 n \ntrailer\n<< /Size 100 >>\nstartxref\n0\n%%EOF\n',
      ),
    ]);
    assert.deepEqual((await verify(appended)).map(brief), [
      { status: 'modified', problems: ['CHANGED_AFTER_SIGNING'] },
      { status: 'modified', problems: ['CHANGED_AFTER_SIGNING'] },
    ]);
  });

  test('the signer’s signature alone, before the seal, covers the whole document', async () => {
    const [report] = await verify(signedBySigner);
    assert.deepEqual(
      [report?.status, report?.coversWholeDocument, report?.revision, report?.revisions],
      ['valid', true, 2, 2],
    );
  });

  test('without the province root as trust anchor the signatures are untrusted', async () => {
    assert.deepEqual((await verify(sealed, { trustAnchors: [] })).map(brief), [
      { status: 'untrusted', problems: ['TIMESTAMP_UNTRUSTED', 'CHAIN_UNTRUSTED'] },
      { status: 'untrusted', problems: ['TIMESTAMP_UNTRUSTED', 'CHAIN_UNTRUSTED'] },
    ]);
  });

  const signWith = (key: TemporaryPki['person'], pdf = document) =>
    signPades(pdf, {
      signer: pki.signer(key),
      page: -1,
      rect: SAMPLE_SIGNATURE_RECT,
      reason: 'Thử',
      signingTime: t.ctx.now(),
      ...(env.timestampAuthority ? { tsa: { timestamp: (d: Buffer) => env.timestampAuthority!.token(d) } } : {}),
    });

  test('a certificate revoked before the signing time: revoked, with the date and reason the CRL gives', async () => {
    const [report] = await verify(await signWith(pki.revokedPerson));
    assert.deepEqual(
      [report?.status, report?.problems, report?.revocation],
      [
        'revoked',
        ['CERTIFICATE_REVOKED'],
        { status: 'revoked', revokedAt: '2026-06-01T00:00:00.000Z', reason: 'keyCompromise' },
      ],
    );
  });

  test('a certificate expired at the signing time: expired', async () => {
    const [report] = await verify(await signWith(pki.expiredPerson));
    assert.deepEqual(brief(report as SignatureReport), { status: 'expired', problems: ['CERTIFICATE_EXPIRED'] });
  });

  test('without a timestamp the time is the claimed one, checked at the time of verification', async () => {
    const plain = await signPades(document, {
      signer: pki.signer(pki.person),
      page: 0,
      rect: [0, 0, 0, 0],
      reason: 'Không dấu thời gian',
      signingTime: new Date('2026-11-20T01:02:03Z'),
    });
    const [report] = await verify(plain);
    assert.deepEqual(
      [report?.status, report?.problems, report?.signingTime, report?.timeSource, report?.timestamp],
      ['valid', ['NO_TIMESTAMP'], '2026-11-20T01:02:03.000Z', 'claimed', null],
    );
  });
});

describe('attachments: the agency signature at the top right of the first page', () => {
  test('the box prints the agency, the number and notation and the signing time in Vietnam time', async () => {
    const pdf = await signPdf(t.ctx, {
      pdf: document,
      as: 'attachment',
      agencyId: AGENCY,
      reason: 'Ký số văn bản đính kèm',
      appearance: { notation: '123/QĐ-UBND' },
    });
    assert.deepEqual(await widgets(pdf), [{ page: 1, field: 'Signature1', rect: [365.28, 775.89, 575.28, 821.89] }]);
    assert.deepEqual((await verify(pdf)).map(brief), [{ status: 'valid', problems: [] }]);
    const stamp = await attachmentAppearance(
      { agencyName: 'UBND phường Tân Ninh', notation: '123/QĐ-UBND', signedAt: t.ctx.now() },
      [0, 0, 210, 46],
    );
    const doc = await getDocument({ data: new Uint8Array(stamp.pdf), verbosity: 0 }).promise;
    const items = (await (await doc.getPage(1)).getTextContent()).items as { str: string }[];
    assert.equal(
      items.map((i) => i.str).join(''),
      'Cơ quan: UBND phường Tân NinhSố, ký hiệu: 123/QĐ-UBNDThời gian ký: 2026-11-23T09:00:00+07:00',
    );
    await doc.destroy();
  });

  test('without a notation, or without a certificate: clear errors', async () => {
    await assert.rejects(signPdf(t.ctx, { pdf: document, as: 'attachment', agencyId: AGENCY, reason: 'x' }), {
      code: 'VALIDATION_FAILED',
    });
    await assert.rejects(signPdf(t.ctx, { pdf: document, as: 'signer', personId: AGENCY, reason: 'x' }), {
      code: 'SIGNING_CERTIFICATE_MISSING',
      status: 409,
    });
    await assert.rejects(
      signPdf(t.ctx, { pdf: Buffer.from('%PDF-1.4\nnot really\n%%EOF'), as: 'signer', personId: PERSON, reason: 'x' }),
      { code: 'PDF_UNREADABLE', status: 422 },
    );
  });
});

describe('the timestamp authority over HTTP (POST /tsa)', () => {
  let url: string;
  before(async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address}/tsa`;
  });

  test('an RFC 3161 request gets a granted token over the digest, at the server’s time, with the nonce', async () => {
    const digest = Buffer.alloc(32, 7);
    const token = await new HttpTimestampClient(url).timestamp(digest);
    const info = tstInfoOf(token);
    assert.equal(info.genTime.toISOString(), AT);
    assert.equal(info.policy, '2.16.704.1.999.3161.1');
    assert.ok(Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(digest));
  });

  test('a request with another hash is refused by the authority (status rejection, badAlg)', async () => {
    const sha1 = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.14.3.2.26' }),
        hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(20).buffer }),
      }),
    })
      .toSchema()
      .toBER(false);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: sha1,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/timestamp-reply');
    const answer = Buffer.from(await res.arrayBuffer());
    assert.throws(() => tokenFromResponse(answer, Buffer.alloc(32, 1)), /status 2: SHA-256 only/);
  });

  test('bytes that are no TimeStampReq: 400 in the error shape; another content type: 415', async () => {
    const bad = await t.call('POST', '/tsa', {
      headers: { 'content-type': 'application/timestamp-query' },
      body: 'not DER',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'MALFORMED_REQUEST');
    const json = await t.call('POST', '/tsa', { body: { hello: 1 } });
    assert.equal(json.statusCode, 415);
  });
});

describe('POST /api/v1/signing/verify (public)', () => {
  const post = (payload: Buffer, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/signing/verify',
      payload,
      headers: { 'x-congso-request': '1', ...headers },
    });

  test('a raw PDF: each signature with its status', async () => {
    const res = await post(sealed, { 'content-type': 'application/pdf' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.size, sealed.length);
    assert.deepEqual(
      body.signatures.map((s: SignatureReport) => [s.status, s.signer?.name, s.signer?.organization, s.signingTime]),
      [
        ['valid', 'Nguyễn Văn An', 'UBND phường Tân Ninh', AT],
        ['valid', 'UBND phường Tân Ninh', 'UBND phường Tân Ninh', AT],
      ],
    );
  });

  test('multipart, field "file"', async () => {
    const { payload, contentType } = multipartBody('file', 'quyet-dinh.pdf', sealed, 'application/pdf');
    const res = await post(payload, { 'content-type': contentType });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json().signatures.map((s: SignatureReport) => s.status),
      ['valid', 'valid'],
    );
  });

  test('an unsigned PDF has no signatures; not a PDF is a 422; no CSRF header is a 403', async () => {
    const unsigned = await post(document, { 'content-type': 'application/pdf' });
    assert.deepEqual([unsigned.statusCode, unsigned.json().signatures], [200, []]);
    const notPdf = await post(Buffer.from('hello'), { 'content-type': 'application/pdf' });
    assert.deepEqual([notPdf.statusCode, notPdf.json().error.code], [422, 'PDF_UNREADABLE']);
    assert.equal(notPdf.json().error.message.vi, 'Tệp gửi lên không phải là tệp PDF.');
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signing/verify',
      payload: sealed,
      headers: { 'content-type': 'application/pdf' },
    });
    assert.deepEqual([noHeader.statusCode, noHeader.json().error.code], [403, 'CSRF_REJECTED']);
  });

  test('damaged signatures never make a 500: truncated files and mangled signature dictionaries', async () => {
    for (const cut of [100, 5000, 20_000, sealed.length - 40_000, sealed.length - 10]) {
      const res = await post(sealed.subarray(0, cut), { 'content-type': 'application/pdf' });
      assert.ok(res.statusCode === 200 || res.statusCode === 422, `cut at ${cut}: ${res.statusCode}`);
    }
    // The first range's end moved off the /Contents string (same length: the offsets stay right).
    const mangled = Buffer.from(
      sealed
        .toString('latin1')
        .replace(
          /\/ByteRange \[0 (\d+)/g,
          (_m, n: string) => `/ByteRange [0 ${String(Number(n) - 1).padStart(n.length, '0')}`,
        ),
      'latin1',
    );
    const res = await post(mangled, { 'content-type': 'application/pdf' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json().signatures.map((s: SignatureReport) => [s.status, s.problems]),
      [
        ['invalid', ['BYTE_RANGE_INVALID']],
        ['invalid', ['BYTE_RANGE_INVALID']],
      ],
    );
  });

  test('larger than VERIFY_MAX_MB: 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    const res = await post(big, { 'content-type': 'application/pdf' });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.message.vi.length > 0, true);
  });
});
