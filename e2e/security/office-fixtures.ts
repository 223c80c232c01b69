/**
 * Documents-office fixtures for the security suites: documents of phường Tân Ninh and of Sở Tư pháp made
 * through the API by their own officers (document clerks, the drafter, the leader), each call fresh.
 */
import assert from 'node:assert/strict';
import { getPersonByUsername } from '@congso/db';
import { seedDemoCertificates } from '../../packages/server/src/signing/demo-certificates';
import { prepareProvinceAuthority } from '../../packages/server/src/signing/registry';
import type { TestApp } from '../../packages/server/src/testing';

const logins = new WeakMap<TestApp, Map<string, string>>();

async function as(t: TestApp, username: string): Promise<string> {
  let map = logins.get(t);
  if (!map) {
    map = new Map();
    logins.set(t, map);
  }
  const known = map.get(username);
  if (known) return known;
  const cookie = await t.login(username);
  map.set(username, cookie);
  return cookie;
}

async function post(t: TestApp, username: string, url: string, body: unknown, status = 200) {
  const res = await t.call('POST', url, { cookie: await as(t, username), body });
  assert.equal(res.statusCode, status, `${url}: ${res.body}`);
  return res.json();
}

async function uploadPdf(t: TestApp, username: string): Promise<string> {
  const res = await t.upload(await as(t, username));
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

async function person(t: TestApp, username: string): Promise<{ id: string; agencyId: string }> {
  const p = await getPersonByUsername(t.db.connection.db, username);
  assert.ok(p?.agencyId, username);
  return { id: p.id, agencyId: p.agencyId };
}

export const officeMetadata = {
  organId: '000.00.00.G12',
  organName: 'Bộ Tư pháp',
  typeCode: 'cong_van',
  number: '3050',
  notation: 'BTP-KSTT',
  issuedDate: '2026-11-18',
  subject: 'Về việc rà soát thủ tục hành chính (kiểm thử bảo mật)',
};

/** A PDF uploaded by Tân Ninh's document clerk, and the body registering it. */
export async function incomingBody(t: TestApp) {
  return { fileId: await uploadPdf(t, 'vanthu.tanninh'), metadata: officeMetadata };
}

/** An incoming document of Tân Ninh, registered and assigned to the chairman. */
export async function tanNinhIncoming(t: TestApp): Promise<{ id: string; version: number }> {
  const doc = await post(t, 'vanthu.tanninh', '/api/v1/office/incoming', await incomingBody(t), 201);
  const chairman = (await person(t, 'chutich.tanninh')).id;
  const assigned = await post(t, 'vanthu.tanninh', `/api/v1/office/incoming/${doc.id}/actions`, {
    action: 'assign',
    version: 1,
    assigneeId: chairman,
    level: 'leader',
    deadlineWorkingDays: 3,
  });
  return { id: assigned.id, version: assigned.version };
}

export const draftBody = (subject = 'Về việc báo cáo công tác cải cách hành chính') => ({
  draft: {
    typeCode: 'bao_cao',
    subject,
    signer: { position: 'Chủ tịch', fullName: 'Lý Văn Phúc' },
    recipients: [{ kind: 'note', name: 'Lưu: VT' }],
  },
  content: 'Ủy ban nhân dân phường báo cáo kết quả thực hiện trong tháng.',
});

/** A fresh draft of Tân Ninh's specialist. */
export async function tanNinhDraft(t: TestApp): Promise<{ id: string; version: number }> {
  const doc = await post(t, 'chuyenvien.tanninh', '/api/v1/office/outgoing', draftBody(), 201);
  return { id: doc.id, version: doc.version };
}

/** A work file of Tân Ninh opened by its specialist, with `documents` fresh drafts in it. */
export async function tanNinhWorkFile(
  t: TestApp,
  serial: number,
  documents = 0,
): Promise<{ id: string; version: number }> {
  const file = await post(
    t,
    'chuyenvien.tanninh',
    '/api/v1/office/work-files',
    { code: `KT.${serial}`, title: `Hồ sơ kiểm thử ${serial}`, retention: 5 },
    201,
  );
  let version = file.version as number;
  for (let i = 0; i < documents; i++) {
    const d = await tanNinhDraft(t);
    version = (
      await post(t, 'chuyenvien.tanninh', `/api/v1/office/work-files/${file.id}/documents`, {
        documentId: d.id,
        version,
      })
    ).version;
  }
  return { id: file.id, version };
}

/** The province CA with its time-stamping certificate and the demo's certificates (signers, agencies), once. */
const certified = new WeakMap<TestApp, Promise<unknown>>();
export function withCertificates(t: TestApp) {
  let done = certified.get(t);
  if (!done) {
    done = prepareProvinceAuthority(t.ctx).then(() => seedDemoCertificates(t.ctx));
    certified.set(t, done);
  }
  return done;
}

/**
 * Sở Tư pháp drafts, approves, signs (through the signing service: the director's certificate), issues (sealed)
 * and sends a công văn to Tân Ninh: the delivery in Tân Ninh's inbox.
 */
export async function deliveryToTanNinh(t: TestApp): Promise<string> {
  await withCertificates(t);
  const tanNinh = (await person(t, 'vanthu.tanninh')).agencyId;
  const doc = await post(
    t,
    'chuyenvien.stp',
    '/api/v1/office/outgoing',
    {
      draft: {
        typeCode: 'cong_van',
        unit: 'HCTP',
        subject: 'Về việc phối hợp (kiểm thử bảo mật)',
        recipients: [{ kind: 'internal', agencyId: tanNinh }],
      },
      content: 'Đề nghị phối hợp.',
    },
    201,
  );
  const url = `/api/v1/office/outgoing/${doc.id}/actions`;
  await post(t, 'chuyenvien.stp', url, { action: 'submit', version: 1 });
  await post(t, 'giamdoc.stp', url, { action: 'approve', version: 2 });
  await post(t, 'giamdoc.stp', url, { action: 'sign', version: 3 });
  await post(t, 'vanthu.stp', url, { action: 'issue', version: 4 });
  const sent = await post(t, 'vanthu.stp', url, { action: 'send', version: 5 });
  const deliveryId = sent.deliveries[0]?.id as string;
  assert.ok(deliveryId);
  return deliveryId;
}

/** Tân Ninh's register of a kind and year (created on first look). */
export async function tanNinhRegister(t: TestApp, kind: 'incoming' | 'outgoing', year?: number) {
  const res = await t.call('GET', `/api/v1/office/registers${year ? `?year=${year}` : ''}`, {
    cookie: await as(t, 'vanthu.tanninh'),
  });
  const register = (res.json().items as { id: string; kind: string; version: number }[]).find((r) => r.kind === kind);
  assert.ok(register, res.body);
  return register;
}

export { as as officeLogin };
