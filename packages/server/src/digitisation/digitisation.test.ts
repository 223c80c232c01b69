import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import { seedDemoCertificates } from '../signing/demo-certificates';
import { prepareProvinceAuthority } from '../signing/registry';
import { sampleDocument } from '../signing/testing/sample-document';
import { createTestApp, sampleFile, type TestApp } from '../testing';

let t: TestApp;
let tanNinh: string;
const cookies: Record<string, string> = {};
const CODE = '1.001193';
/** The agency's organisation certificate names it in full. */
const ORG = 'Ủy ban nhân dân phường Tân Ninh';
const HOA = '072090001234';
const NAM = '080195004321';
const applicant = { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh' };

interface Dossier {
  id: string;
  code: string;
  version: number;
  status: string;
}

before(async () => {
  t = await createTestApp();
  await t.importDemoProcedures(CODE);
  for (const u of [
    'admin',
    'motcua.tanninh',
    'truongphong.tanninh',
    'chuyenvien.tanninh',
    'chutich.tanninh',
    'vanthu.tanninh',
    HOA,
    NAM,
  ])
    cookies[u] = await t.login(u);
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: cookies.admin })).json().items[0]
    .id;
  await prepareProvinceAuthority(t.ctx);
  await seedDemoCertificates(t.ctx);
});
after(async () => {
  await t?.close();
});

const as = (who: string) => cookies[who] as string;
const get = (url: string, who: string) => t.call('GET', url, { cookie: as(who) });

async function userId(who: string): Promise<string> {
  return (await get('/api/v1/auth/me', who)).json().user.id;
}

async function act(d: Dossier, who: string, body: Record<string, unknown>): Promise<Dossier> {
  t.clock.advance(15 * 60_000);
  const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
    cookie: as(who),
    body: { version: d.version, ...body },
  });
  assert.equal(res.statusCode, 200, `${body.action}: ${res.body}`);
  return res.json();
}

async function upload(who: string, bytes: Uint8Array, name = 'ban-quet.pdf'): Promise<string> {
  const res = await t.upload(as(who), { bytes, name });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

async function fileOnline(who: string, documents?: unknown): Promise<Dossier> {
  const res = await t.call('POST', '/api/v1/dossiers', {
    cookie: as(who),
    body: {
      procedureCode: CODE,
      receivingAgencyId: tanNinh,
      applicant,
      documents: documents ?? (await t.documentsFor(as(who), CODE)),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** From filing to the result issued by the document clerk with `resultPdf` as its file. */
async function toIssued(resultPdf: Buffer): Promise<Dossier> {
  let d = await fileOnline(HOA);
  d = await act(d, 'motcua.tanninh', { action: 'receive' });
  d = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
  d = await act(d, 'truongphong.tanninh', { action: 'assign', assigneeId: await userId('chuyenvien.tanninh') });
  d = await act(d, 'chuyenvien.tanninh', { action: 'propose_approval' });
  d = await act(d, 'chutich.tanninh', { action: 'approve' });
  const fileId = await upload('vanthu.tanninh', resultPdf, 'giay-khai-sinh.pdf');
  return act(d, 'vanthu.tanninh', {
    action: 'issue_result',
    results: [{ name: 'Giấy khai sinh', number: '15/2026', fileId }],
  });
}

const verify = async (bytes: Buffer) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/signing/verify',
    payload: bytes,
    headers: { 'x-congso-request': '1', 'content-type': 'application/pdf' },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().signatures as { status: string; signer?: { name?: string; organization?: string } }[];
};

async function auditAt(action: string, entityId: string) {
  return queryRows<{ occurred_at: Date }>(
    t.db.connection.db,
    sql`select occurred_at from audit_events where action = ${action} and entity_id = ${entityId}`,
  );
}

async function flagsOf(id: string) {
  const [row] = await queryRows<{
    digitised_at: Date | null;
    result_electronic_at: Date | null;
    reused_data_at: Date | null;
  }>(
    t.db.connection.db,
    sql`select digitised_at, result_electronic_at, reused_data_at from dossiers where id = ${id}::uuid`,
  );
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  return [iso(row?.digitised_at), iso(row?.result_electronic_at), iso(row?.reused_data_at)];
}

interface Item {
  id: string;
  kind: string;
  name: string;
  status: string;
  version: number;
  validUntil: string | null;
  file: { id: string };
  sourceDossier: { id: string; code: string };
  issuingAgency: { id: string; name: string };
  madeBy: string;
  madeAt: string;
}

let counterDossier: Dossier;
let digitisedItem: Item;
let expiringItem: Item;
let resultItem: Item;
let resultDossier: Dossier;

describe('digitised papers at the counter', () => {
  test('the scan, checked against the original, is sealed by the agency, attached and flagged with its audit event', async () => {
    const intake = await t.call('POST', '/api/v1/desk/dossiers', {
      cookie: as('motcua.tanninh'),
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant: { fullName: 'Nguyễn Thị Hoa', nationalId: HOA, ...applicant },
      },
    });
    assert.equal(intake.statusCode, 201, intake.body);
    counterDossier = intake.json();
    const url = `/api/v1/dossiers/${counterDossier.id}/digitised-documents`;
    const scan = await upload('motcua.tanninh', await sampleDocument('GIẤY CHỨNG NHẬN KẾT HÔN'));

    // Not checked against the original: refused at the field.
    const unchecked = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 0, fileId: scan, checked: false },
    });
    assert.equal(unchecked.statusCode, 400);
    assert.deepEqual(
      unchecked.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
      [['body.checked', 'required']],
    );
    // The applicant reads the dossier but does not digitise; another citizen does not see it.
    const byApplicant = await t.call('POST', url, {
      cookie: as(HOA),
      body: { documentIndex: 0, fileId: scan, checked: true },
    });
    assert.equal(byApplicant.statusCode, 403);
    const byOther = await t.call('POST', url, {
      cookie: as(NAM),
      body: { documentIndex: 0, fileId: scan, checked: true },
    });
    assert.equal(byOther.statusCode, 404);
    // An image is not a digitised copy (PDF only).
    const png = await upload('motcua.tanninh', sampleFile('sample.png'), 'anh.png');
    const image = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 0, fileId: png, checked: true },
    });
    assert.deepEqual([image.statusCode, image.json().error.code], [415, 'DIGITISED_COPY_NOT_PDF']);
    // A validity of year 0000 (the date pattern takes it, PostgreSQL does not): refused at the field, not a 500.
    const yearZero = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 0, fileId: scan, checked: true, validUntil: '0000-01-01' },
    });
    assert.equal(yearZero.statusCode, 400, yearZero.body);
    assert.deepEqual(
      yearZero.json().error.details.map((d: { path: string }) => d.path),
      ['body.validUntil'],
    );

    const now = t.clock.now.toISOString();
    const res = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 0, fileId: scan, checked: true },
    });
    assert.equal(res.statusCode, 201, res.body);
    digitisedItem = res.json();
    assert.deepEqual(
      [digitisedItem.kind, digitisedItem.status, digitisedItem.sourceDossier.code, digitisedItem.madeAt],
      ['digitised_paper', 'valid', counterDossier.code, now],
    );
    assert.equal(digitisedItem.madeBy, await userId('motcua.tanninh'));
    assert.equal(digitisedItem.issuingAgency.id, tanNinh);

    // The sealed copy verifies (the agency's organisation certificate); the scan itself was not changed.
    const copy = await get(`/api/v1/files/${digitisedItem.file.id}`, HOA);
    assert.equal(copy.statusCode, 200);
    const signatures = await verify(copy.rawPayload);
    assert.deepEqual(
      signatures.map((s) => [s.status, s.signer?.name]),
      [['valid', ORG]],
    );

    // The flag and the audit event: the same instant, written together.
    assert.deepEqual(await flagsOf(counterDossier.id), [now, null, null]);
    const audit = await auditAt('dossier.digitise_document', counterDossier.id);
    assert.deepEqual(
      audit.map((a) => new Date(a.occurred_at).toISOString()),
      [now],
    );
    const view = (await get(`/api/v1/dossiers/${counterDossier.id}/digitisation`, 'motcua.tanninh')).json();
    assert.deepEqual(view.flags, { digitisedAt: now, resultElectronicAt: null, reusedDataAt: null });
    assert.deepEqual(
      view.digitised.map((i: Item) => i.id),
      [digitisedItem.id],
    );

    // The same paper twice is refused; the first time stays the flag's time.
    const scan2 = await upload('motcua.tanninh', await sampleDocument());
    t.clock.advance(60_000);
    const again = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 0, fileId: scan2, checked: true },
    });
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'ALREADY_DIGITISED']);
    // A second paper, valid until today's end (Vietnam time).
    const second = await t.call('POST', url, {
      cookie: as('motcua.tanninh'),
      body: { documentIndex: 1, fileId: scan2, checked: true, validUntil: '2026-11-23' },
    });
    assert.equal(second.statusCode, 201, second.body);
    expiringItem = second.json();
    assert.equal(expiringItem.validUntil, '2026-11-23T16:59:59.000Z');
    assert.deepEqual(await flagsOf(counterDossier.id), [now, null, null]);
  });
});

describe('the electronic result', () => {
  test('returned electronically: sealed by the agency, in the applicant’s store, verifies; one byte changed fails', async () => {
    resultDossier = await toIssued(await sampleDocument());
    const now = new Date(t.clock.now.getTime() + 15 * 60_000).toISOString();
    const returned = await act(resultDossier, 'motcua.tanninh', { action: 'return_result', method: 'electronic' });
    assert.equal(returned.status, 'returned');
    resultDossier = returned;

    const store = (await get('/api/v1/data-store', HOA)).json().items as Item[];
    const results = store.filter((i) => i.kind === 'electronic_result');
    assert.equal(results.length, 1);
    resultItem = results[0] as Item;
    assert.deepEqual(
      [resultItem.name, resultItem.sourceDossier.id, resultItem.status, resultItem.madeAt],
      ['Giấy khai sinh', resultDossier.id, 'valid', now],
    );
    // Another citizen's store does not hold it.
    assert.deepEqual((await get('/api/v1/data-store', NAM)).json().items, []);

    const pdf = (await get(`/api/v1/files/${resultItem.file.id}`, HOA)).rawPayload;
    assert.deepEqual(
      (await verify(pdf)).map((s) => [s.status, s.signer?.name]),
      [['valid', ORG]],
    );
    const changed = Buffer.from(pdf);
    const at = changed.indexOf('QUYẾT ĐỊNH'.slice(0, 1)) + 200;
    changed[at] = changed[at] === 0x41 ? 0x42 : 0x41;
    const broken = await verify(changed);
    assert.ok(['invalid', 'modified'].includes(broken[0]?.status ?? ''), JSON.stringify(broken));

    assert.deepEqual(await flagsOf(resultDossier.id), [null, now, null]);
    const audit = await auditAt('dossier.electronic_result', resultDossier.id);
    assert.deepEqual(
      audit.map((a) => new Date(a.occurred_at).toISOString()),
      [now],
    );
  });

  test('where the procedure version asks for it, the approver signs first and the seal goes over it', async () => {
    await t.db.connection.db.execute(
      sql`update procedure_versions set result_signature = 'signer_and_seal' where code = ${CODE}`,
    );
    try {
      const d = await toIssued(await sampleDocument());
      await act(d, 'motcua.tanninh', { action: 'return_result', method: 'electronic' });
      const view = (await get(`/api/v1/dossiers/${d.id}/digitisation`, HOA)).json();
      const pdf = (await get(`/api/v1/files/${view.electronicResults[0].file.id}`, HOA)).rawPayload;
      assert.deepEqual(
        (await verify(pdf)).map((s) => [s.status, s.signer?.name ?? null]),
        [
          ['valid', 'Lý Văn Phúc'],
          ['valid', ORG],
        ],
      );
      assert.equal((await verify(pdf)).length, 2);
    } finally {
      await t.db.connection.db.execute(
        sql`update procedure_versions set result_signature = 'seal' where code = ${CODE}`,
      );
    }
  });

  test('a result without a PDF cannot be returned electronically (nothing written)', async () => {
    let d = await fileOnline(HOA);
    d = await act(d, 'motcua.tanninh', { action: 'receive' });
    d = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    d = await act(d, 'truongphong.tanninh', { action: 'assign', assigneeId: await userId('chuyenvien.tanninh') });
    d = await act(d, 'chuyenvien.tanninh', { action: 'propose_approval' });
    d = await act(d, 'chutich.tanninh', { action: 'approve' });
    d = await act(d, 'vanthu.tanninh', { action: 'issue_result', results: [{ name: 'Giấy khai sinh' }] });
    const res = await t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
      cookie: as('motcua.tanninh'),
      body: { version: d.version, action: 'return_result', method: 'electronic' },
    });
    assert.deepEqual([res.statusCode, res.json().error.code], [409, 'ELECTRONIC_RESULT_MISSING']);
    assert.deepEqual(await flagsOf(d.id), [null, null, null]);
    assert.equal((await get(`/api/v1/dossiers/${d.id}`, HOA)).json().version, d.version);
  });
});

describe('reusing the data store when filing', () => {
  test('a document taken from the store instead of uploaded: provenance kept, the flag with the filing’s audit event', async () => {
    const documents = await t.documentsFor(as(HOA), CODE);
    const [first, ...rest] = documents;
    assert.ok(first);
    t.clock.advance(60_000);
    const now = t.clock.now.toISOString();
    const d = await fileOnline(HOA, [{ ...first, fileIds: [], storeItemIds: [resultItem.id] }, ...rest]);
    const view = (await get(`/api/v1/dossiers/${d.id}/digitisation`, 'motcua.tanninh')).json();
    assert.deepEqual(view.flags, { digitisedAt: null, resultElectronicAt: null, reusedDataAt: now });
    assert.deepEqual(
      view.reused.map((r: { documentIndex: number; reusedAt: string; item: Item }) => [
        r.documentIndex,
        r.reusedAt,
        r.item.id,
        r.item.sourceDossier.id,
        r.item.sourceDossier.code,
      ]),
      [[first.index, now, resultItem.id, resultDossier.id, resultDossier.code]],
    );
    // The opening event keeps where the document came from.
    const [openingEvent] = await queryRows<{ event: { data: { opening: { documents: { reused?: unknown }[] } } } }>(
      t.db.connection.db,
      sql`select event from dossier_events where dossier_id = ${d.id}::uuid and version = 1`,
    );
    {
      const opening = openingEvent?.event.data.opening;
      assert.deepEqual(opening?.documents[0]?.reused, [
        {
          itemId: resultItem.id,
          kind: 'electronic_result',
          fileId: resultItem.file.id,
          sourceDossierId: resultDossier.id,
          sourceDossierCode: resultDossier.code,
        },
      ]);
    }
    assert.deepEqual(await flagsOf(d.id), [null, null, now]);
    assert.deepEqual(
      (await auditAt('dossier.submit_online', d.id)).map((a) => new Date(a.occurred_at).toISOString()),
      [now],
    );
    // The desk opens the reused document.
    assert.equal((await get(`/api/v1/files/${resultItem.file.id}`, 'motcua.tanninh')).statusCode, 200);
  });

  test('another citizen’s item is not found; a revoked or expired item cannot be reused', async () => {
    const documents = await t.documentsFor(as(NAM), CODE);
    const [first, ...rest] = documents;
    assert.ok(first);
    const theirs = await t.call('POST', '/api/v1/dossiers', {
      cookie: as(NAM),
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant,
        documents: [{ ...first, fileIds: [], storeItemIds: [resultItem.id] }, ...rest],
      },
    });
    assert.deepEqual([theirs.statusCode, theirs.json().error.code], [404, 'NOT_FOUND']);
    // Nor can they read its file.
    assert.equal((await get(`/api/v1/files/${resultItem.file.id}`, NAM)).statusCode, 404);

    const fileWith = async (itemId: string) => {
      const docs = await t.documentsFor(as(HOA), CODE);
      const [head, ...tail] = docs;
      return t.call('POST', '/api/v1/dossiers', {
        cookie: as(HOA),
        body: {
          procedureCode: CODE,
          receivingAgencyId: tanNinh,
          applicant,
          documents: [{ ...head, fileIds: [], storeItemIds: [itemId] }, ...tail],
        },
      });
    };
    // Revoked by the agency that issued it (version checked, with the reason).
    const revokeUrl = `/api/v1/data-store/${digitisedItem.id}/revoke`;
    const byCitizen = await t.call('POST', revokeUrl, {
      cookie: as(HOA),
      body: { version: digitisedItem.version, reason: 'Giấy tờ đã bị thay thế' },
    });
    assert.equal(byCitizen.statusCode, 404);
    const revoked = await t.call('POST', revokeUrl, {
      cookie: as('motcua.tanninh'),
      body: { version: digitisedItem.version, reason: 'Giấy tờ đã bị thay thế' },
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    const stale = await t.call('POST', revokeUrl, {
      cookie: as('motcua.tanninh'),
      body: { version: digitisedItem.version, reason: 'Lần nữa' },
    });
    assert.deepEqual([stale.statusCode, stale.json().error.code], [409, 'VERSION_CONFLICT']);
    const withRevoked = await fileWith(digitisedItem.id);
    assert.deepEqual(
      [withRevoked.statusCode, withRevoked.json().error.code, withRevoked.json().error.details.status],
      [409, 'DATA_STORE_ITEM_UNAVAILABLE', 'revoked'],
    );
    // Valid until the end of 23/11 (Vietnam time): still reusable before, not after.
    t.clock.now = new Date('2026-11-23T17:00:00Z');
    const withExpired = await fileWith(expiringItem.id);
    assert.deepEqual(
      [withExpired.statusCode, withExpired.json().error.code, withExpired.json().error.details.status],
      [409, 'DATA_STORE_ITEM_UNAVAILABLE', 'expired'],
    );
    const store = (await get('/api/v1/data-store', HOA)).json().items as Item[];
    assert.deepEqual(store.map((i) => [i.kind, i.status]).sort(), [
      ['digitised_paper', 'expired'],
      ['digitised_paper', 'revoked'],
      ['electronic_result', 'valid'],
      ['electronic_result', 'valid'],
    ]);
  });
});

describe('an organisation’s data store', () => {
  test('a business filing as itself: its electronic result goes to its own store, it reuses it, no one else can', async () => {
    // The demo business (Công ty TNHH Thương mại Minh Phát) signs in with its tax code and files through its
    // representative (their CCCD on the filing): the dossier's applicant is the organisation.
    const BUSINESS = '3909876544';
    cookies[BUSINESS] = await t.login(BUSINESS);
    const business = await userId(BUSINESS);
    const asBusiness = { ...applicant, nationalId: NAM };
    const fileAsBusiness = async (documents: unknown) => {
      const res = await t.call('POST', '/api/v1/dossiers', {
        cookie: as(BUSINESS),
        body: { procedureCode: CODE, receivingAgencyId: tanNinh, applicant: asBusiness, documents },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as Dossier & { applicant: { fullName: string } };
    };
    const filed = await fileAsBusiness(await t.documentsFor(as(BUSINESS), CODE));
    assert.equal(filed.applicant.fullName, 'Công ty TNHH Thương mại Minh Phát (dữ liệu minh họa)');
    let d: Dossier = filed;
    d = await act(d, 'motcua.tanninh', { action: 'receive' });
    d = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
    d = await act(d, 'truongphong.tanninh', { action: 'assign', assigneeId: await userId('chuyenvien.tanninh') });
    d = await act(d, 'chuyenvien.tanninh', { action: 'propose_approval' });
    d = await act(d, 'chutich.tanninh', { action: 'approve' });
    const fileId = await upload('vanthu.tanninh', await sampleDocument(), 'giay-phep.pdf');
    d = await act(d, 'vanthu.tanninh', {
      action: 'issue_result',
      results: [{ name: 'Giấy phép kinh doanh', number: '88/GP', fileId }],
    });
    d = await act(d, 'motcua.tanninh', { action: 'return_result', method: 'electronic' });
    assert.equal(d.status, 'returned');

    const [item, ...others] = (await get('/api/v1/data-store', BUSINESS)).json().items as Item[];
    assert.deepEqual(others, []);
    assert.deepEqual(
      [item?.kind, item?.name, item?.status, item?.sourceDossier.id],
      ['electronic_result', 'Giấy phép kinh doanh', 'valid', d.id],
    );
    const [owner] = await queryRows<{ owner_id: string }>(
      t.db.connection.db,
      sql`select owner_id from data_store_items where id = ${item?.id}::uuid`,
    );
    assert.equal(owner?.owner_id, business);
    // Not in the store of the citizen whose CCCD the representative gave, nor of anyone else.
    for (const who of [NAM, HOA]) {
      const theirs = (await get('/api/v1/data-store', who)).json().items as Item[];
      assert.deepEqual(
        theirs.filter((i) => i.id === item?.id),
        [],
      );
    }
    const pdf = (await get(`/api/v1/files/${item?.file.id}`, BUSINESS)).rawPayload;
    assert.deepEqual(
      (await verify(pdf)).map((s) => s.status),
      ['valid'],
    );

    // The business takes it from its store in its next filing; a citizen naming the item is not found.
    const [first, ...rest] = await t.documentsFor(as(BUSINESS), CODE);
    assert.ok(first);
    const again = await fileAsBusiness([{ ...first, fileIds: [], storeItemIds: [item?.id] }, ...rest]);
    const view = (await get(`/api/v1/dossiers/${again.id}/digitisation`, 'motcua.tanninh')).json();
    assert.deepEqual(
      view.reused.map((r: { item: Item }) => [r.item.id, r.item.sourceDossier.id]),
      [[item?.id, d.id]],
    );
    const [head, ...tail] = await t.documentsFor(as(NAM), CODE);
    const byCitizen = await t.call('POST', '/api/v1/dossiers', {
      cookie: as(NAM),
      body: {
        procedureCode: CODE,
        receivingAgencyId: tanNinh,
        applicant,
        documents: [{ ...head, fileIds: [], storeItemIds: [item?.id] }, ...tail],
      },
    });
    assert.deepEqual([byCitizen.statusCode, byCitizen.json().error.code], [404, 'NOT_FOUND']);
  });
});
