import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toPortalDossier } from '@congso/core';
import { queryRows, sql } from '@congso/db';
import { portalSourceOf } from '../exchange/portal-sync';
import { type NationalDbStandIn, startNationalDbStandIn } from '../gateway/stand-in/national-db-stand-in';
import { seedDemoCertificates } from '../signing/demo-certificates';
import { prepareProvinceAuthority } from '../signing/registry';
import { sampleDocument } from '../signing/testing/sample-document';
import { createTestApp, type TestApp } from '../testing';

// A representative acting for an organisation (issue 13): the link confirmed from the business registration
// or granted, the organisation's data store opened and reused through it, lost at once when it ends.
let t: TestApp;
let standIn: NationalDbStandIn;
let tanNinh: string;
let business: string;
let businessName: string;
const cookies: Record<string, string> = {};
const CODE = '1.001193';
/** The demo business (its account signs in with its tax code); the registry names NAM its legal representative. */
const BUSINESS = '3909876544';
const HOA = '072090001234';
const NAM = '080195004321';
const KHANG = '079203000111';
const applicant = { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh, tỉnh Tây Ninh' };

interface Dossier {
  id: string;
  code: string;
  version: number;
  status: string;
}
interface Item {
  id: string;
  kind: string;
  status: string;
  file: { id: string };
  sourceDossier: { id: string };
}
interface Link {
  id: string;
  organisation: { id: string; name: string; taxCode: string | null };
  person: { id: string; nationalId: string | null };
  role: string;
  basis: string;
  grantedBy: { id: string } | null;
  registryLogId: string | null;
  validUntil: string | null;
  status: string;
  version: number;
}

before(async () => {
  standIn = await startNationalDbStandIn();
  t = await createTestApp({ POPULATION_DB_URL: standIn.url, BUSINESS_REGISTRY_URL: standIn.url });
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
    KHANG,
    BUSINESS,
  ])
    cookies[u] = await t.login(u);
  tanNinh = (await t.call('GET', '/api/v1/agencies?q=phuong%20tan%20ninh', { cookie: cookies.admin })).json().items[0]
    .id;
  const me = (await get('/api/v1/auth/me', BUSINESS)).json().user;
  business = me.id;
  businessName = me.fullName;
  await prepareProvinceAuthority(t.ctx);
  await seedDemoCertificates(t.ctx);
});
after(async () => {
  await t?.close();
  await standIn?.close();
});

const as = (who: string) => cookies[who] as string;
const get = (url: string, who: string) => t.call('GET', url, { cookie: as(who) });
const post = (url: string, who: string, body: unknown) => t.call('POST', url, { cookie: as(who), body });

async function act(d: Dossier, who: string, body: Record<string, unknown>): Promise<Dossier> {
  t.clock.advance(15 * 60_000);
  const res = await post(`/api/v1/dossiers/${d.id}/actions`, who, { version: d.version, ...body });
  assert.equal(res.statusCode, 200, `${body.action}: ${res.body}`);
  return res.json();
}

/** From filed to its result returned electronically (signed, in the data store of whoever the dossier is for). */
async function returnElectronically(d: Dossier): Promise<Dossier> {
  d = await act(d, 'motcua.tanninh', { action: 'receive' });
  d = await act(d, 'motcua.tanninh', { action: 'forward', agencyId: tanNinh });
  const specialist = (await get('/api/v1/auth/me', 'chuyenvien.tanninh')).json().user.id;
  d = await act(d, 'truongphong.tanninh', { action: 'assign', assigneeId: specialist });
  d = await act(d, 'chuyenvien.tanninh', { action: 'propose_approval' });
  d = await act(d, 'chutich.tanninh', { action: 'approve' });
  const upload = await t.upload(as('vanthu.tanninh'), { bytes: await sampleDocument(), name: 'giay-phep.pdf' });
  assert.equal(upload.statusCode, 201, upload.body);
  d = await act(d, 'vanthu.tanninh', {
    action: 'issue_result',
    results: [{ name: 'Giấy phép kinh doanh', number: '12/GP', fileId: upload.json().id }],
  });
  return act(d, 'motcua.tanninh', { action: 'return_result', method: 'electronic' });
}

/** Files online as `who`, for the organisation when given, the first document taken from `storeItemId`. */
async function file(who: string, options: { organisationId?: string; storeItemId?: string } = {}) {
  const [first, ...rest] = await t.documentsFor(as(who), CODE);
  assert.ok(first);
  const documents = options.storeItemId
    ? [{ ...first, fileIds: [], storeItemIds: [options.storeItemId] }, ...rest]
    : [first, ...rest];
  return post('/api/v1/dossiers', who, {
    procedureCode: CODE,
    receivingAgencyId: tanNinh,
    applicant,
    documents,
    ...(options.organisationId ? { organisationId: options.organisationId } : {}),
  });
}

const storeOf = (who: string, organisationId: string) =>
  get(`/api/v1/data-store?organisationId=${organisationId}`, who);

async function auditCount(action: string, entityId: string): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    t.db.connection.db,
    sql`select count(*) as n from audit_events where action = ${action} and entity_id = ${entityId}`,
  );
  return Number(rows[0]?.n);
}

let namLink: Link;
let orgItem: Item;

describe('a representative acting for an organisation', () => {
  test('the legal representative is confirmed from the business registration; no one else is', async () => {
    // Before any link: the organisation's store is not found for the citizen.
    assert.equal((await storeOf(NAM, business)).statusCode, 404);
    const byOther = await post('/api/v1/representations/confirm', HOA, { organisationCode: BUSINESS });
    assert.deepEqual([byOther.statusCode, byOther.json().error.code], [403, 'NOT_LEGAL_REPRESENTATIVE']);
    const byOfficer = await post('/api/v1/representations/confirm', 'motcua.tanninh', { organisationCode: BUSINESS });
    assert.equal(byOfficer.statusCode, 403);
    const unknown = await post('/api/v1/representations/confirm', NAM, { organisationCode: '3900000000' });
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'ENTERPRISE_NOT_FOUND']);
    const malformed = await post('/api/v1/representations/confirm', NAM, { organisationCode: '39' });
    assert.equal(malformed.statusCode, 400);

    const confirmed = await post('/api/v1/representations/confirm', NAM, { organisationCode: BUSINESS });
    assert.equal(confirmed.statusCode, 201, confirmed.body);
    namLink = confirmed.json();
    assert.deepEqual(
      [namLink.organisation.id, namLink.role, namLink.basis, namLink.status, namLink.validUntil, namLink.grantedBy],
      [business, 'legal_representative', 'business_registration', 'active', null, null],
    );
    assert.ok(namLink.registryLogId, 'the gateway log entry of the registry lookup is kept');
    assert.ok(standIn.received.some((r) => r.path === `/enterprises/${BUSINESS}`));
    assert.equal(await auditCount('representation.confirm', namLink.id), 1);
    // Confirmed again: the same link, nothing written.
    const again = await post('/api/v1/representations/confirm', NAM, { organisationCode: BUSINESS });
    assert.deepEqual([again.statusCode, again.json().id], [200, namLink.id]);
    assert.equal(await auditCount('representation.confirm', namLink.id), 1);
    // An enterprise Congso had not met: its account is made (no password), the link to it confirmed.
    const other = await post('/api/v1/representations/confirm', NAM, { organisationCode: '3901234567' });
    assert.equal(other.statusCode, 201, other.body);
    assert.equal(other.json().organisation.name, 'Công ty TNHH Nông sản Hòa Thành (minh họa)');

    const mine = (await get('/api/v1/representations', NAM)).json().items as Link[];
    assert.deepEqual(mine.map((l) => l.organisation.taxCode).sort(), ['3901234567', BUSINESS]);
    const theirs = (await get('/api/v1/representations', BUSINESS)).json().items as Link[];
    assert.deepEqual(
      theirs.map((l) => l.person.nationalId),
      [NAM],
    );
  });

  test('filing for the organisation: its result goes to its store; the representative reuses it for it, not for themselves', async () => {
    // Not a representative: filing for the organisation is not found.
    const byOther = await file(HOA, { organisationId: business });
    assert.deepEqual([byOther.statusCode, byOther.json().error.details[0].path], [404, 'organisationId']);
    const filed = await file(NAM, { organisationId: business });
    assert.equal(filed.statusCode, 201, filed.body);
    const [row] = await queryRows<{ organisation_id: string; applicant_id: string }>(
      t.db.connection.db,
      sql`select organisation_id, applicant_id from dossiers where id = ${filed.json().id}::uuid`,
    );
    assert.equal(row?.organisation_id, business);
    // The organisation's own account reads the dossier filed for it; the dossier names it.
    const read = await get(`/api/v1/dossiers/${filed.json().id}`, BUSINESS);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json().organisation, { id: business, name: businessName });
    assert.equal(filed.json().organisation.id, business);
    // The national portal gets the organisation as the dossier's owner, the representative as other information.
    const portal = toPortalDossier(await portalSourceOf(t.ctx, filed.json().id, 1));
    assert.deepEqual([portal.ChuHoSo, portal.LoaiDoiTuong], [businessName, '2']);
    assert.match(portal.ThongTinKhac, /^Người đại diện nộp hồ sơ: /);
    const returned = await returnElectronically(filed.json());
    assert.equal(returned.status, 'returned');

    const orgStore = await storeOf(NAM, business);
    assert.equal(orgStore.statusCode, 200, orgStore.body);
    const items = orgStore.json().items as Item[];
    const made = items.find((i) => i.sourceDossier.id === returned.id);
    assert.ok(made, 'the result is in the organisation’s store');
    orgItem = made;
    assert.deepEqual(
      (await get('/api/v1/data-store', BUSINESS)).json().items.map((i: Item) => i.id),
      items.map((i) => i.id),
    );
    // Not in the representative's own store.
    const own = (await get('/api/v1/data-store', NAM)).json().items as Item[];
    assert.equal(
      own.some((i) => i.id === orgItem.id),
      false,
    );
    // The representative opens it; another citizen does not find it.
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, NAM)).statusCode, 200);
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, HOA)).statusCode, 404);
    assert.equal((await storeOf(HOA, business)).statusCode, 404);

    // Reused when filing for the organisation, marked with where it came from.
    const reusing = await file(NAM, { organisationId: business, storeItemId: orgItem.id });
    assert.equal(reusing.statusCode, 201, reusing.body);
    const view = (await get(`/api/v1/dossiers/${reusing.json().id}/digitisation`, 'motcua.tanninh')).json();
    assert.deepEqual(
      view.reused.map((r: { item: Item }) => [r.item.id, r.item.sourceDossier.id]),
      [[orgItem.id, returned.id]],
    );
    assert.ok(view.flags.reusedDataAt);
    // Not when filing for themselves: the item is not in their store.
    const forSelf = await file(NAM, { storeItemId: orgItem.id });
    assert.deepEqual([forSelf.statusCode, forSelf.json().error.code], [404, 'NOT_FOUND']);
  });

  test('an authorisation until a day: the authorised person reuses the store; it ends at once when expired or revoked', async () => {
    const day = (offsetDays: number) =>
      new Date(t.clock.now.getTime() + offsetDays * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    const grant = (who: string, body: Record<string, unknown>) =>
      post('/api/v1/representations', who, { organisationId: business, ...body });
    // Only the organisation's account or its legal representative grants.
    assert.equal((await grant(HOA, { nationalId: KHANG, validUntil: day(30) })).statusCode, 404);
    assert.equal((await grant(NAM, { nationalId: HOA, validUntil: day(-1) })).statusCode, 400);
    assert.equal((await grant(NAM, { nationalId: HOA, validUntil: day(400) })).statusCode, 400);
    const nobody = await grant(NAM, { nationalId: '072099000000', validUntil: day(30) });
    assert.deepEqual([nobody.statusCode, nobody.json().error.details[0].path], [400, 'nationalId']);

    const granted = await grant(NAM, { nationalId: HOA, validUntil: day(10) });
    assert.equal(granted.statusCode, 201, granted.body);
    const hoaLink = granted.json() as Link;
    assert.deepEqual(
      [hoaLink.role, hoaLink.basis, hoaLink.grantedBy?.id, hoaLink.status],
      ['authorised_person', 'granted', namLink.person.id, 'active'],
    );
    assert.equal(await auditCount('representation.grant', hoaLink.id), 1);
    const twice = await grant(NAM, { nationalId: HOA, validUntil: day(20) });
    assert.deepEqual([twice.statusCode, twice.json().error.code], [409, 'REPRESENTATION_EXISTS']);
    // An authorised person neither grants nor sees the organisation's links.
    assert.equal((await grant(HOA, { nationalId: KHANG, validUntil: day(5) })).statusCode, 404);
    assert.equal((await get(`/api/v1/representations?organisationId=${business}`, HOA)).statusCode, 404);
    const managed = await get(`/api/v1/representations?organisationId=${business}`, NAM);
    assert.equal(managed.json().items.length, 2);

    assert.equal((await storeOf(HOA, business)).statusCode, 200);
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, HOA)).statusCode, 200);
    const byKhang = await file(KHANG, { organisationId: business, storeItemId: orgItem.id });
    assert.equal(byKhang.statusCode, 404);

    // Revoked by the legal representative: the store, its files and filing for it are lost at once.
    const foreign = await post(`/api/v1/representations/${hoaLink.id}/revoke`, KHANG, {
      version: hoaLink.version,
      reason: 'Không liên quan',
    });
    assert.equal(foreign.statusCode, 404);
    const onLegal = await post(`/api/v1/representations/${namLink.id}/revoke`, HOA, {
      version: namLink.version,
      reason: 'Thử',
    });
    assert.equal(onLegal.statusCode, 404);
    const stale = await post(`/api/v1/representations/${hoaLink.id}/revoke`, NAM, {
      version: hoaLink.version + 5,
      reason: 'Thôi ủy quyền',
    });
    assert.deepEqual([stale.statusCode, stale.json().error.code], [409, 'VERSION_CONFLICT']);
    const revoked = await post(`/api/v1/representations/${hoaLink.id}/revoke`, NAM, {
      version: hoaLink.version,
      reason: 'Thôi ủy quyền',
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().status, 'revoked');
    assert.equal(await auditCount('representation.revoke', hoaLink.id), 1);
    assert.equal((await storeOf(HOA, business)).statusCode, 404);
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, HOA)).statusCode, 404);
    assert.equal((await file(HOA, { organisationId: business, storeItemId: orgItem.id })).statusCode, 404);
    const repeated = await post(`/api/v1/representations/${hoaLink.id}/revoke`, NAM, {
      version: hoaLink.version + 1,
      reason: 'Lần nữa',
    });
    assert.deepEqual([repeated.statusCode, repeated.json().error.code], [409, 'REPRESENTATION_NOT_IN_FORCE']);

    // Authorised again: she files for the organisation, reusing its item.
    const renewed = await grant(NAM, { nationalId: HOA, validUntil: day(10) });
    assert.equal(renewed.statusCode, 201, renewed.body);
    const renewedLink = renewed.json() as Link;
    const byHoa = await file(HOA, { organisationId: business, storeItemId: orgItem.id });
    assert.equal(byHoa.statusCode, 201, byHoa.body);

    // Past the end of its last day: the store and filing for it are lost at once.
    t.clock.now = new Date(new Date(renewedLink.validUntil as string).getTime() + 1000);
    for (const who of [HOA, NAM, KHANG, BUSINESS]) cookies[who] = await t.login(who); // sessions idle out meanwhile
    assert.equal((await storeOf(HOA, business)).statusCode, 404);
    assert.equal((await file(HOA, { organisationId: business, storeItemId: orgItem.id })).statusCode, 404);
    const expired = (await get('/api/v1/representations', HOA)).json().items as Link[];
    assert.deepEqual(expired.map((l) => l.status).sort(), ['expired', 'revoked']);
    // Her own filing stays hers to read, with the document it reused.
    assert.equal((await get(`/api/v1/dossiers/${byHoa.json().id}`, HOA)).statusCode, 200);
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, HOA)).statusCode, 200);
    // Granted again once expired: the expired one is closed by the new one.
    const again = await grant(NAM, { nationalId: HOA, validUntil: day(5) });
    assert.equal(again.statusCode, 201, again.body);
    assert.equal((await storeOf(HOA, business)).statusCode, 200);

    // The organisation's account revokes its legal representative's link; the representative loses the store.
    const byAccount = await post(`/api/v1/representations/${namLink.id}/revoke`, BUSINESS, {
      version: namLink.version,
      reason: 'Thay người đại diện',
    });
    assert.equal(byAccount.statusCode, 200, byAccount.body);
    assert.equal((await storeOf(NAM, business)).statusCode, 404);
    assert.equal((await file(NAM, { organisationId: business, storeItemId: orgItem.id })).statusCode, 404);
    // The dossier he filed stays his to read, its result with it; the organisation's store does not.
    assert.equal((await get(`/api/v1/files/${orgItem.file.id}`, NAM)).statusCode, 200);
  });
});
