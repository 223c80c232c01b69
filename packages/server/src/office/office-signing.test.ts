import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { getFile, getPersonByUsername, queryRows, sql } from '@congso/db';
import { setSigningEnvironment, signingEnvironment } from '../signing/environment';
import { verifyPdf } from '../signing/pades/verify';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../signing/registry';
import { signPdf } from '../signing/signing-service';
import { SAMPLE_SIGNATURE_RECT, sampleDocument } from '../signing/testing/sample-document';
import type { TimestampAuthority } from '../signing/tsa/tsa';
import { TimestampError } from '../signing/tsa/tsa-client';
import { createTestApp, sampleFile, type TestApp } from '../testing';
import { readFileBytes } from './office-common';
import { extractPdfText } from './pdf-text';

let t: TestApp;
const cookies: Record<string, string> = {};
const people: Record<string, { id: string; agencyId: string }> = {};

async function as(username: string) {
  cookies[username] ??= await t.login(username);
  return cookies[username] as string;
}

async function upload(username: string, bytes: Uint8Array) {
  const res = await t.upload(await as(username), { name: 'van-ban.pdf', bytes });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

const act = async (user: string, id: string, body: object) =>
  t.call('POST', `/api/v1/office/outgoing/${id}/actions`, { cookie: await as(user), body });

async function pdfOf(fileId: string): Promise<Buffer> {
  const file = await getFile(t.ctx.connection.db, fileId);
  assert.ok(file);
  return readFileBytes(t.ctx, file);
}

async function verify(pdf: Buffer) {
  const env = await signingEnvironment(t.ctx);
  return verifyPdf(pdf, {
    trustAnchors: env.trustAnchors,
    intermediates: env.intermediates,
    ...(env.revocation ? { revocation: env.revocation } : {}),
    now: t.ctx.now(),
  });
}

/** What a failed action must leave alone: the document's row, its events, files, audit events, the registers. */
async function snapshot(id: string) {
  const [row] = await queryRows<Record<string, unknown>>(
    t.ctx.connection.db,
    sql`select (select row_to_json(d)::text from office_documents d where d.id = ${id}) as doc,
               (select count(*)::int from office_document_events) as events,
               (select count(*)::int from files) as files,
               (select count(*)::int from audit_events) as audits,
               (select coalesce(sum(last_number), 0)::int from office_registers) as numbers`,
  );
  return row;
}

/** A composed công văn of Sở Tư pháp to UBND xã Tân Ninh, submitted and approved: ready to sign. */
async function approvedDraft(subject: string, file?: string) {
  const res = await t.call('POST', '/api/v1/office/outgoing', {
    cookie: await as('chuyenvien.stp'),
    body: {
      draft: {
        typeCode: 'cong_van',
        unit: 'HCTP',
        subject,
        signer: { position: 'Giám đốc', fullName: 'Huỳnh Thanh Sơn' },
        recipients: [
          { kind: 'internal', agencyId: people['vanthu.tanninh']?.agencyId },
          { kind: 'note', name: 'Lưu: VT, HCTP' },
        ],
      },
      ...(file ? { fileId: file } : { content: 'Sở Tư pháp đề nghị Ủy ban nhân dân xã Tân Ninh phối hợp rà soát.' }),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  assert.equal((await act('chuyenvien.stp', id, { action: 'submit', version: 1 })).statusCode, 200);
  assert.equal((await act('giamdoc.stp', id, { action: 'approve', version: 2 })).statusCode, 200);
  return id;
}

/** The registry's environment with a timestamp authority that does not answer. */
async function withTimestampAuthorityDown<T>(run: () => Promise<T>): Promise<T> {
  const env = await signingEnvironment(t.ctx);
  const down = {
    token: async () => {
      throw new TimestampError('the timestamp authority does not answer');
    },
  } as unknown as TimestampAuthority;
  setSigningEnvironment(t.ctx, { ...env, timestampAuthority: down });
  try {
    return await run();
  } finally {
    setSigningEnvironment(t.ctx, env);
  }
}

before(async () => {
  t = await createTestApp();
  for (const u of ['chuyenvien.stp', 'giamdoc.stp', 'vanthu.stp', 'vanthu.tanninh']) {
    const p = await getPersonByUsername(t.db.connection.db, u);
    people[u] = { id: p?.id as string, agencyId: p?.agencyId as string };
    await as(u); // signed in first: a sign-in writes its own audit event
  }
  await prepareProvinceAuthority(t.ctx);
});
after(() => t?.close());

describe('signing and issuing outgoing documents with the province CA', () => {
  let composed = '';

  it('a signer without a personal certificate gets 409 SIGNING_CERTIFICATE_MISSING; nothing changes', async () => {
    composed = await approvedDraft('Về việc phối hợp rà soát thủ tục hành chính');
    const before = await snapshot(composed);
    const res = await act('giamdoc.stp', composed, { action: 'sign', version: 3 });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'SIGNING_CERTIFICATE_MISSING');
    assert.match(res.json().error.message.vi, /chứng thư số cá nhân/);
    assert.deepEqual(await snapshot(composed), before);
  });

  it('an uploaded PDF without a valid signature is refused with 422 SIGNATURE_NOT_VALID; nothing changes', async () => {
    const unsigned = await upload('giamdoc.stp', sampleFile('sample.pdf'));
    const before = await snapshot(composed);
    const res = await act('giamdoc.stp', composed, { action: 'sign', version: 3, signedFileId: unsigned });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'SIGNATURE_NOT_VALID');
    assert.deepEqual(
      res.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
      [['signedFileId', 'no_signature']],
    );
    assert.deepEqual(await snapshot(composed), before);
  });

  it('the timestamp authority down: signing answers 503 TIMESTAMP_UNAVAILABLE and nothing changes', async () => {
    await issueRegistryCertificate(
      t.ctx,
      null,
      { kind: 'personal', personId: people['giamdoc.stp']?.id as string },
      null,
    );
    await issueRegistryCertificate(
      t.ctx,
      null,
      { kind: 'organization', agencyId: people['vanthu.stp']?.agencyId as string },
      null,
    );
    const before = await snapshot(composed);
    const res = await withTimestampAuthorityDown(() => act('giamdoc.stp', composed, { action: 'sign', version: 3 }));
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().error.code, 'TIMESTAMP_UNAVAILABLE');
    assert.deepEqual(await snapshot(composed), before);
  });

  it('the director signs through the service; issuing prints number and date and seals: two valid signatures', async () => {
    const signed = await act('giamdoc.stp', composed, { action: 'sign', version: 3 });
    assert.equal(signed.statusCode, 200, signed.body);
    const signedPdf = await pdfOf(signed.json().fileId);
    assert.deepEqual(
      (await verify(signedPdf)).map((r) => [r.status, r.signer?.name]),
      [['valid', 'Huỳnh Thanh Sơn']],
    );

    // The seal's timestamp fails: the number is not taken, the document stays signed.
    const before = await snapshot(composed);
    const down = await withTimestampAuthorityDown(() => act('vanthu.stp', composed, { action: 'issue', version: 4 }));
    assert.equal(down.statusCode, 503, down.body);
    assert.deepEqual(await snapshot(composed), before);

    const issued = await act('vanthu.stp', composed, { action: 'issue', version: 4 });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal(issued.json().notation, '01/STP-HCTP');
    assert.notEqual(issued.json().fileId, signed.json().fileId);
    const pdf = await pdfOf(issued.json().fileId);
    if (process.env.OFFICE_PDF_OUT) await writeFile(process.env.OFFICE_PDF_OUT, pdf);
    assert.equal(pdf.subarray(0, signedPdf.length).equals(signedPdf), true, 'an incremental update');
    const reports = await verify(pdf);
    assert.deepEqual(
      reports.map((r) => [r.status, r.signer?.name, r.coversWholeDocument, r.timeSource]),
      [
        ['valid', 'Huỳnh Thanh Sơn', false, 'timestamp'],
        ['valid', 'Sở Tư pháp', true, 'timestamp'],
      ],
    );
    const text = await extractPdfText(pdf);
    assert.match(text, /Số: 01\/STP-HCTP/);
    assert.match(text, /Tây Ninh, ngày 23 tháng 11 năm 2026/);
    assert.match(text, /Nơi nhận:[\s\S]*- Ủy ban nhân dân xã Tân Ninh;|Nơi nhận:[\s\S]*Tân Ninh/);
    const [event] = await queryRows<{ data: { sealed: boolean } }>(
      t.ctx.connection.db,
      sql`select data from audit_events where entity_id = ${composed} and action = 'office.outgoing.issue'`,
    );
    assert.equal(event?.data.sealed, true);
  });

  it('a PDF the director signed with their own device is accepted (another officer’s is not); the issue is a box on page 1, sealed', async () => {
    const draftFile = await upload('chuyenvien.stp', await sampleDocument('CÔNG VĂN Về việc gửi báo cáo'));
    const id = await approvedDraft('Về việc gửi báo cáo (bản tải lên)', draftFile);
    // Validly signed, but by another officer: refused.
    const head = await getPersonByUsername(t.ctx.connection.db, 'truongphong.stp');
    await issueRegistryCertificate(t.ctx, null, { kind: 'personal', personId: head?.id as string }, null);
    const others = await signPdf(t.ctx, {
      pdf: await pdfOf(draftFile),
      as: 'signer',
      personId: head?.id as string,
      reason: 'Ký thay',
    });
    const refused = await act('giamdoc.stp', id, {
      action: 'sign',
      version: 3,
      signedFileId: await upload('giamdoc.stp', others),
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.details[0].code, 'not_signed_by_you');
    const own = await signPdf(t.ctx, {
      pdf: await pdfOf(draftFile),
      as: 'signer',
      personId: people['giamdoc.stp']?.id as string,
      reason: 'Ký bằng thiết bị riêng',
      appearance: { rect: SAMPLE_SIGNATURE_RECT },
    });
    const signedFileId = await upload('giamdoc.stp', own);
    const signed = await act('giamdoc.stp', id, { action: 'sign', version: 3, signedFileId });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json().fileId, signedFileId);
    const issued = await act('vanthu.stp', id, { action: 'issue', version: 4 });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal(issued.json().notation, '02/STP-HCTP');
    const pdf = await pdfOf(issued.json().fileId);
    if (process.env.OFFICE_PDF_OUT) await writeFile(`${process.env.OFFICE_PDF_OUT}.uploaded.pdf`, pdf);
    assert.deepEqual(
      (await verify(pdf)).map((r) => r.status),
      ['valid', 'valid'],
    );
    assert.match(await extractPdfText(pdf), /Số, ký hiệu: 02\/STP-HCTP/);
  });
});
