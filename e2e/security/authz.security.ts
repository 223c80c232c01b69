/**
 * The authorization matrix: every operation of the OpenAPI description (`/docs/json`) × nine callers
 * (anonymous, two citizens, four officers of phường Tân Ninh, the one-stop clerk of Sở Tư pháp, the province
 * administrator), with the expected outcome of each cell written below as data. A cell checks the status,
 * the error's code and shape, and that the body shows nothing of a fixture the caller may not read (names,
 * phones, ID numbers, addresses, e-mail, dossier codes and ids, file bytes — in PDFs and spreadsheets too);
 * lists are checked for other citizens' and agencies' rows. Every state-changing operation is also sent
 * without the X-Congso-Request header and from a foreign Origin: 403 for everyone and not a row written.
 * An operation that appears in the OpenAPI description without a row here fails the suite, as does a
 * route registered outside it that is not listed with the hidden ones.
 *
 * Run: node --import tsx --test e2e/security/authz.security.ts (PGlite), or with
 * DATABASE_URL=postgres://…/any-db (a fresh database is created beside it and dropped).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getPersonByUsername, queryRows, sql } from '@congso/db';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { provinceRootAgencyId } from '../../packages/server/src/gateway/anchors';
import {
  type NationalDbStandIn,
  startNationalDbStandIn,
} from '../../packages/server/src/gateway/stand-in/national-db-stand-in';
import { type OidcStandIn, startOidcStandIn } from '../../packages/server/src/identity/stand-in/oidc-stand-in';
import { issueRegistryCertificate, prepareProvinceAuthority } from '../../packages/server/src/signing/registry';
import { sampleDocument } from '../../packages/server/src/signing/testing/sample-document';
import { timestampRequest } from '../../packages/server/src/signing/tsa/tsa-client';
import {
  createTestApp,
  DEMO_PASSWORD,
  multipartBody,
  sampleFile,
  type TestApp,
} from '../../packages/server/src/testing';
import {
  deliveryToTanNinh,
  draftBody,
  incomingBody,
  tanNinhDraft,
  tanNinhIncoming,
  tanNinhRegister,
  tanNinhWorkFile,
  withCertificates,
} from './office-fixtures';
import {
  freshAssignment,
  freshIndicator,
  freshPeriodOverride,
  freshPeriodRule,
  freshProject,
  halfOfSerial,
  indicatorBody,
  periodOfSerial,
  periodOverrideBody,
  projectBody,
  rankBody,
  reportingLogin,
  reportingSetup,
  tanNinhReport,
} from './reporting-fixtures';

// ---------------------------------------------------------------------------------------------------------
// Callers, in the order of the matrix's columns.

const callers = [
  'anonymous',
  'citizenA',
  'citizenB',
  'clerkTanNinh',
  'headTanNinh',
  'specialistTanNinh',
  'chairmanTanNinh',
  'clerkStp',
  'admin',
] as const;
type Caller = (typeof callers)[number];

const usernames: Record<Exclude<Caller, 'anonymous'>, string> = {
  citizenA: '072090001234',
  citizenB: '080195004321',
  clerkTanNinh: 'motcua.tanninh',
  headTanNinh: 'truongphong.tanninh',
  specialistTanNinh: 'chuyenvien.tanninh',
  chairmanTanNinh: 'chutich.tanninh',
  clerkStp: 'motcua.stp',
  admin: 'admin',
};
const officersOfTanNinh: Caller[] = ['clerkTanNinh', 'headTanNinh', 'specialistTanNinh', 'chairmanTanNinh'];

// ---------------------------------------------------------------------------------------------------------
// Fixtures

const applicantA = {
  fullName: 'Nguyễn Thị Hoa',
  nationalId: '072090001234',
  phone: '0912 345 678',
  email: 'hoa.nguyen@example.vn',
  address: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh',
};
/** The applicant of the counter dossier: a citizen first met at Tân Ninh's counter. */
const applicantCounter = {
  fullName: 'Phạm Văn Lộc',
  nationalId: '072085009876',
  phone: '0988 111 222',
  address: 'Ấp Bàu Nâu, xã Tân Biên',
};
/** A citizen whose dossiers the clerks receive in the desk-intake row (not a fixture: anyone may see it). */
const applicantDesk = {
  fullName: 'Đinh Thị Mơ',
  nationalId: '072190001111',
  phone: '0977 000 111',
  address: 'Tổ 4, khu phố 2, phường Tân Ninh',
};

interface DossierRef {
  id: string;
  code: string;
  version: number;
}

interface Fixtures {
  tanNinh: { id: string; code: string };
  stp: { id: string; code: string };
  root: { id: string; code: string };
  /** Citizen A's online dossier at Tân Ninh: received, forwarded, assigned, supplement asked and given, apologised for. */
  dossierA: DossierRef;
  /** Citizen A's online dossier refused at the desk. */
  dossierRefused: DossierRef;
  /** Citizen A's online dossier she withdrew (form 05). */
  dossierWithdrawn: DossierRef;
  /** A dossier received at Tân Ninh's counter for another citizen. */
  dossierCounter: DossierRef;
  /** A file citizen A uploaded and never attached: only A reads it. */
  fileA: string;
  /** A file citizen A attached to dossierA: whoever reads the dossier reads it. */
  fileAttached: string;
  notificationA: string;
  officerIds: Record<string, string>;
}

/** What each fixture must not show to a caller outside `readers`. */
interface Secret {
  name: string;
  readers: readonly Caller[];
  values: readonly (string | Uint8Array)[];
}

// ---------------------------------------------------------------------------------------------------------
// The matrix

type Status = 200 | 201 | 204 | 302 | 401 | 403 | 404;
/** One status per caller, in the order of `callers`. */
type Expected = readonly [Status, Status, Status, Status, Status, Status, Status, Status, Status];

interface Req {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw payload (multipart). */
  payload?: Buffer;
}

interface Cell {
  t: TestApp;
  f: Fixtures;
  caller: Caller;
  /** The caller's session token, or undefined when anonymous. */
  cookie: string | undefined;
  /** Unique per cell: names and codes of things a cell creates. */
  serial: number;
}

interface Row {
  /** `METHOD /path` as in the OpenAPI description. */
  op: string;
  /** What the row aims at, when an operation has several rows. */
  target?: string;
  expect: Expected;
  /** Builds the request; may prepare a target of its own (a fresh dossier, agency, officer). */
  request(cell: Cell): Req | Promise<Req>;
  /** The call replaces or ends the session it is sent with: send it with a session of its own. */
  ownSession?: boolean;
  /** Checks an allowed answer further (list contents, effects). */
  check?(cell: Cell, res: LightMyRequestResponse, text: string): void | Promise<void>;
  /** Runs after the cell whatever its outcome (puts things back). */
  cleanup?(cell: Cell, res: LightMyRequestResponse): Promise<void>;
  /** Text the operation may show every caller it answers (the public lookup shows the code it was given). */
  reveals?(f: Fixtures): string[];
  /**
   * A machine-to-machine route (no session, no CSRF proof): its answer is the same without the CSRF header or
   * from another origin, with this error code.
   */
  machine?: { errorCode: string };
  /** A refusal with a code more precise than the status's usual one, per caller. */
  errorCodes?: Partial<Record<Caller, string>>;
}

// Columns: anonymous, citizen A, citizen B, Tân Ninh's one-stop clerk, head, specialist, chairman, Sở Tư pháp's
// one-stop clerk, province administrator (the order of `callers`).
const PUBLIC: Expected = [200, 200, 200, 200, 200, 200, 200, 200, 200];
const SIGNED_IN: Expected = [401, 200, 200, 200, 200, 200, 200, 200, 200];
const OFFICERS: Expected = [401, 403, 403, 200, 200, 200, 200, 200, 200];
const ADMIN_ONLY: Expected = [401, 403, 403, 403, 403, 403, 403, 403, 200];
const ADMIN_CREATES: Expected = [401, 403, 403, 403, 403, 403, 403, 403, 201];
/** Citizen A's dossiers: A, Tân Ninh's officers and the province above read them. */
const A_DOSSIER: Expected = [401, 200, 404, 200, 200, 200, 200, 404, 200];
/** The documents office of Tân Ninh: its head, specialist and chairman (not the one-stop clerk). */
const OFFICE_READERS: Expected = [401, 403, 403, 403, 200, 200, 200, 403, 403];
/** One document, register or work file of Tân Ninh: 404 to whoever cannot read its office. */
const OFFICE_DOCUMENT: Expected = [401, 404, 404, 404, 200, 200, 200, 404, 404];
// Reports: read by an agency's officers who enter them (not its one-stop clerk), its leaders, the province's
// administrators and leaders; citizens and other agencies' clerks hold no reporting permission.
const REPORTING_READERS: Expected = [401, 403, 403, 403, 200, 200, 200, 403, 200];

const get = (url: string) => () => ({ url });
/** Everyone is redirected (the sign-in through an OpenID provider). */
const REDIRECTED: Expected = [302, 302, 302, 302, 302, 302, 302, 302, 302];
/** The stand-in OpenID provider the matrix's app is configured with (started in `before`). */
let idp: OidcStandIn;

/** A public key PEM no peer uses yet (the registry's keys are unique). */
const freshPublicKey = () =>
  generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A peer and a package received from it for Sở Tư pháp, written directly (the exchange test sends real ones). */
async function receivedPackage(t: TestApp, serial: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.db.connection.db,
    sql`with peer as (
          insert into exchange_peers (id, name, base_url, organ_ids, public_key, key_id, created_at, updated_at)
          values (gen_random_uuid(), ${`Peer ${serial}`}, 'http://127.0.0.1:9', array['000.00.00.K99'], 'unused',
                  md5(random()::text) || md5(random()::text), now(), now())
          returning id)
        insert into exchange_messages (id, direction, kind, peer_id, exchange_id, document_id, from_organ_id,
                                       to_organ_ids, subject, status_code, status_at, state, body, bytes, created_at)
        select gen_random_uuid(), 'in', 'package', peer.id, gen_random_uuid(),
               ${`000.00.00.K99,2026/12/04,${serial}/UBND-VP`}, '000.00.00.K99', array['000.00.04.H59'],
               'Công văn thử', '01', now(), 'received', '<edXML/>', 8, now()
        from peer returning id`,
  );
  return (row as { id: string }).id;
}

/** An outgoing package whose delivery failed (its peer written directly, as above). */
async function failedPackage(t: TestApp, serial: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.db.connection.db,
    sql`with peer as (
          insert into exchange_peers (id, name, base_url, organ_ids, public_key, key_id, created_at, updated_at)
          values (gen_random_uuid(), ${`Peer out ${serial}`}, 'http://127.0.0.1:9', array['000.00.00.K98'], 'unused',
                  md5(random()::text) || md5(random()::text), now(), now())
          returning id)
        insert into exchange_messages (id, direction, kind, peer_id, exchange_id, document_id, from_organ_id,
                                       to_organ_ids, subject, state, attempts, error, body, bytes, created_at)
        select gen_random_uuid(), 'out', 'package', peer.id, gen_random_uuid(),
               ${`000.00.04.H59,2026/12/04,${serial}/STP-VP`}, '000.00.04.H59', array['000.00.00.K98'],
               'Công văn thử', 'failed', 6, '{"message":"unreachable"}', '<edXML/>', 8, now()
        from peer returning id`,
  );
  return (row as { id: string }).id;
}

async function deadPortalSync(t: TestApp, serial: number): Promise<number> {
  const [row] = await queryRows<{ id: string }>(
    t.db.connection.db,
    sql`insert into portal_sync_outbox (dossier_id, version, service, is_updating, idempotency_key, state, attempts, last_error)
        values (gen_random_uuid(), 1, 'DongBoHoSoMC', false, ${`authz-${serial}`}, 'dead', 10, '{"kind":"unavailable"}')
        returning id`,
  );
  return Number((row as { id: string }).id);
}

/** A subscriber, an event and its failed delivery, written directly (the webhooks test sends real ones). */
async function webhookDelivery(t: TestApp): Promise<{ id: string; subscriptionId: string }> {
  const [row] = await queryRows<{ id: string; subscriptionId: string }>(
    t.db.connection.db,
    sql`with s as (
          insert into webhook_subscriptions (id, name, url, event_types, secret, created_at, updated_at)
          values (gen_random_uuid(), 'Hệ thống thử', 'http://127.0.0.1:9/hooks', array['vn.congso.dossier.created'],
                  'whsec_dGVzdA==', now(), now()) returning id),
        e as (
          insert into webhook_events (id, type, subject, event, occurred_at)
          values (gen_random_uuid(), 'vn.congso.dossier.created', 'HS-THU', '{}'::jsonb, now()) returning id)
        insert into webhook_deliveries (id, subscription_id, event_id, status, attempts, created_at)
        select gen_random_uuid(), s.id, e.id, 'failed', 6, now() from s, e
        returning id, subscription_id as "subscriptionId"`,
  );
  return row as { id: string; subscriptionId: string };
}

let serialCounter = 0;

const matrix: Row[] = [
  // ---- identity
  { op: 'GET /api/v1/province', expect: PUBLIC, request: get('/api/v1/province') },
  {
    op: 'POST /api/v1/auth/login',
    target: 'own credentials (anonymous: citizen B’s); the session sent along is replaced',
    expect: PUBLIC,
    ownSession: true,
    request: ({ caller }) => ({
      url: '/api/v1/auth/login',
      body: { username: usernames[caller === 'anonymous' ? 'citizenB' : caller], password: DEMO_PASSWORD },
    }),
    check: async ({ t, cookie }, res) => {
      const fresh = res.cookies.find((c) => c.name === 'congso_session')?.value;
      assert.ok(fresh && fresh !== cookie, 'a new session token');
      if (cookie) assert.equal((await callAs(t, 'GET', '/api/v1/auth/me', cookie)).statusCode, 401, 'old one ended');
    },
  },
  {
    op: 'POST /api/v1/auth/logout',
    expect: [204, 204, 204, 204, 204, 204, 204, 204, 204],
    ownSession: true,
    // As the web app sends it (without a body the schema answers 400).
    request: () => ({ url: '/api/v1/auth/logout', body: {} }),
    check: async ({ t, cookie }) => {
      if (cookie) assert.equal((await callAs(t, 'GET', '/api/v1/auth/me', cookie)).statusCode, 401, 'session ended');
    },
  },
  {
    op: 'GET /api/v1/auth/me',
    expect: SIGNED_IN,
    request: get('/api/v1/auth/me'),
    check: ({ caller }, res) => assert.equal(res.json().user.username, usernames[caller as 'admin']),
  },
  {
    op: 'POST /api/v1/auth/password',
    target: 'one’s own password (changed back afterwards)',
    expect: [401, 204, 204, 204, 204, 204, 204, 204, 204],
    ownSession: true,
    request: () => ({
      url: '/api/v1/auth/password',
      body: { currentPassword: DEMO_PASSWORD, newPassword: 'Kiểm-tra#Quyền-2026' },
    }),
    cleanup: async ({ t, cookie, caller }, res) => {
      if (res.statusCode !== 204 || !cookie) return;
      const back = await callAs(t, 'POST', '/api/v1/auth/password', cookie, {
        body: { currentPassword: 'Kiểm-tra#Quyền-2026', newPassword: DEMO_PASSWORD },
      });
      assert.equal(back.statusCode, 204, back.body);
      // The change ended the caller's other sessions, the matrix's one among them.
      sessions.set(caller, await t.login(usernames[caller as 'admin']));
    },
  },
  {
    op: 'GET /api/v1/auth/providers',
    expect: PUBLIC,
    request: get('/api/v1/auth/providers'),
    check: (_cell, res) => assert.deepEqual(res.json(), { providers: [{ id: 'citizen', displayName: 'VNeID' }] }),
  },
  {
    // Public: anyone may start a sign-in. It writes a pending row and binds its state to this browser (an httpOnly
    // cookie); the session is untouched until the callback.
    op: 'GET /api/v1/auth/oidc/{provider}/start',
    expect: REDIRECTED,
    request: get('/api/v1/auth/oidc/citizen/start?next=/ho-so-cua-toi'),
    check: (_cell, res) => {
      assert.ok(String(res.headers.location).startsWith(`${idp.issuer}/auth?`), String(res.headers.location));
      assert.ok(res.cookies.some((c) => c.name === 'congso_oidc_state' && c.httpOnly));
      assert.equal(
        res.cookies.find((c) => c.name === 'congso_session'),
        undefined,
      );
    },
  },
  {
    // A GET that opens a session, so safe against CSRF by its state, not by X-Congso-Request (the provider's redirect
    // cannot send headers): the state must equal this browser's httpOnly `congso_oidc_state` cookie (set by /start,
    // path /api/v1/auth/oidc, SameSite=Lax) and a pending row, which is deleted when taken (a state serves once); the
    // code is redeemed with the PKCE verifier only the server holds, and the ID token's nonce must be that row's. A
    // callback URL made by someone else (login CSRF) carries a state this browser never had: refused, no session
    // (tested with a real provider in server/src/identity/sso.test.ts). Here: a callback nobody started.
    op: 'GET /api/v1/auth/oidc/{provider}/callback',
    expect: REDIRECTED,
    request: get('/api/v1/auth/oidc/citizen/callback?code=forged-code&state=forged-state'),
    check: (_cell, res) => {
      assert.equal(res.headers.location, '/login?sso_error=SSO_FAILED');
      assert.equal(
        res.cookies.find((c) => c.name === 'congso_session'),
        undefined,
      );
    },
  },
  // ---- webhooks (province administrators: exchange.manage at the root)
  { op: 'GET /api/v1/webhooks/subscriptions', expect: ADMIN_ONLY, request: get('/api/v1/webhooks/subscriptions') },
  {
    op: 'POST /api/v1/webhooks/subscriptions',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({
      url: '/api/v1/webhooks/subscriptions',
      body: { name: `Hệ thống ${serial}`, url: 'http://127.0.0.1:9/hooks', eventTypes: ['vn.congso.dossier.created'] },
    }),
    check: (_cell, res) => assert.match(res.json().secret, /^whsec_/),
  },
  {
    op: 'GET /api/v1/webhooks/subscriptions/{id}/deliveries',
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({
      url: `/api/v1/webhooks/subscriptions/${(await webhookDelivery(t)).subscriptionId}/deliveries`,
    }),
    check: (_cell, res) => assert.equal(res.json().items.length, 1),
  },
  {
    op: 'POST /api/v1/webhooks/deliveries/{id}/redeliver',
    expect: [401, 403, 403, 403, 403, 403, 403, 403, 204],
    request: async ({ t }) => ({
      url: `/api/v1/webhooks/deliveries/${(await webhookDelivery(t)).id}/redeliver`,
      body: {},
    }),
  },
  { op: 'GET /api/v1/agencies', expect: OFFICERS, request: get('/api/v1/agencies?q=tan%20ninh') },
  {
    op: 'POST /api/v1/agencies',
    target: 'a unit under Tân Ninh',
    expect: ADMIN_CREATES,
    request: ({ f, serial }) => ({ url: '/api/v1/agencies', body: agencyBody(f, serial) }),
  },
  {
    op: 'GET /api/v1/agencies/{id}',
    target: 'Tân Ninh',
    expect: OFFICERS,
    request: ({ f }) => ({ url: `/api/v1/agencies/${f.tanNinh.id}` }),
  },
  {
    op: 'GET /api/v1/agencies/{id}/children',
    target: 'Tân Ninh',
    expect: OFFICERS,
    request: ({ f }) => ({ url: `/api/v1/agencies/${f.tanNinh.id}/children` }),
  },
  {
    op: 'POST /api/v1/agencies/{id}/rename',
    target: 'a unit of Tân Ninh made for the cell',
    expect: ADMIN_ONLY,
    request: async (cell) => {
      const unit = await throwawayAgency(cell);
      return {
        url: `/api/v1/agencies/${unit.id}/rename`,
        body: {
          version: unit.version,
          name: `Tổ kiểm thử ${cell.serial} (đổi tên)`,
          validFrom: '2027-01-01',
          reason: 'Kiểm thử phân quyền',
        },
      };
    },
  },
  {
    op: 'POST /api/v1/agencies/merge',
    target: 'two units of Tân Ninh made for the cell',
    expect: ADMIN_CREATES,
    request: async (cell) => {
      const [a, b] = [await throwawayAgency(cell), await throwawayAgency(cell)];
      return {
        url: '/api/v1/agencies/merge',
        body: {
          sources: [
            { id: a.id, version: a.version },
            { id: b.id, version: b.version },
          ],
          into: mergedInto(cell.f),
          validFrom: '2027-01-01',
          reason: 'Kiểm thử phân quyền',
        },
      };
    },
  },
  {
    op: 'GET /api/v1/officers',
    target: 'the caller’s own agency',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 200, 403, 200, 403, 200],
    request: get('/api/v1/officers?limit=200'),
    check: ({ caller, f }, res) => {
      const own = caller === 'admin' ? null : f.tanNinh.id;
      const items = res.json().items as { agency: { id: string } }[];
      assert.ok(items.length > 0);
      if (own) assert.deepEqual([...new Set(items.map((o) => o.agency.id))], [own], 'only Tân Ninh’s officers');
    },
  },
  {
    op: 'GET /api/v1/officers',
    target: 'Sở Tư pháp’s officers',
    expect: ADMIN_ONLY,
    request: ({ f }) => ({ url: `/api/v1/officers?agencyId=${f.stp.id}` }),
  },
  {
    op: 'POST /api/v1/officers',
    target: 'a specialist of Tân Ninh',
    expect: ADMIN_CREATES,
    request: ({ f, serial }) => ({ url: '/api/v1/officers', body: officerBody(f, serial) }),
  },
  {
    op: 'GET /api/v1/officers/{id}',
    target: 'Tân Ninh’s one-stop clerk (readers: the agency’s head and leader, the administrators above)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 404, 200, 404, 200, 404, 200],
    request: ({ f }) => ({ url: `/api/v1/officers/${f.officerIds.clerkTanNinh}` }),
  },
  {
    op: 'PATCH /api/v1/officers/{id}',
    target: 'a specialist of Tân Ninh made for the cell',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 404, 403, 404, 403, 404, 200],
    request: async (cell) => {
      const officer = await throwawayOfficer(cell);
      return {
        url: `/api/v1/officers/${officer.id}`,
        body: { version: officer.version, fullName: 'Đổi Tên Kiểm Thử' },
      };
    },
  },
  {
    op: 'POST /api/v1/officers/{id}/reset-password',
    target: 'a specialist of Tân Ninh made for the cell',
    expect: [401, 404, 404, 404, 403, 404, 403, 404, 204],
    request: async (cell) => {
      const officer = await throwawayOfficer(cell);
      return { url: `/api/v1/officers/${officer.id}/reset-password`, body: { newPassword: 'Mật-khẩu#Mới-2026' } };
    },
  },
  { op: 'GET /api/v1/audit-events', expect: ADMIN_ONLY, request: get('/api/v1/audit-events?limit=200') },

  // ---- catalogue (public reading, province administrators edit)
  { op: 'GET /api/v1/procedures', expect: PUBLIC, request: get('/api/v1/procedures?q=khai%20sinh') },
  { op: 'GET /api/v1/procedure-fields', expect: PUBLIC, request: get('/api/v1/procedure-fields') },
  { op: 'GET /api/v1/procedures/popular', expect: PUBLIC, request: get('/api/v1/procedures/popular') },
  {
    op: 'POST /api/v1/procedures/search-choices',
    target: 'a procedure opened after a search (anyone; no personal data kept)',
    expect: [204, 204, 204, 204, 204, 204, 204, 204, 204],
    request: () => ({
      url: '/api/v1/procedures/search-choices',
      body: { query: 'làm giấy khai sinh', code: '1.001193' },
    }),
  },
  {
    op: 'POST /api/v1/procedures/search-misses',
    target: 'a search replaced at once by another (anyone)',
    expect: [204, 204, 204, 204, 204, 204, 204, 204, 204],
    request: () => ({ url: '/api/v1/procedures/search-misses', body: { query: 'giấy tờ nhà', kind: 'refined' } }),
  },
  { op: 'GET /api/v1/search/synonyms', expect: ADMIN_ONLY, request: get('/api/v1/search/synonyms') },
  {
    op: 'PUT /api/v1/search/synonyms',
    target: 'the synonyms as they stand, one phrase more',
    expect: ADMIN_ONLY,
    request: async ({ t }) => {
      const admin = await t.login('admin');
      const current = (await t.call('GET', '/api/v1/search/synonyms', { cookie: admin })).json();
      return {
        url: '/api/v1/search/synonyms',
        body: {
          expectedVersion: current.version,
          reason: 'Kiểm thử phân quyền',
          phrases: [...current.phrases, { says: ['giấy khai sinh cho con'], means: 'đăng ký khai sinh' }],
        },
      };
    },
  },
  { op: 'GET /api/v1/search/misses', expect: ADMIN_ONLY, request: get('/api/v1/search/misses') },
  { op: 'GET /api/v1/search/learning', expect: ADMIN_ONLY, request: get('/api/v1/search/learning') },
  {
    op: 'GET /api/v1/assistant',
    expect: PUBLIC,
    request: get(`/api/v1/assistant?message=${encodeURIComponent('khai sinh cần giấy tờ gì')}`),
  },
  { op: 'GET /api/v1/procedures/{code}', expect: PUBLIC, request: get('/api/v1/procedures/1.001193') },
  {
    op: 'GET /api/v1/procedures/{code}/receiving-agencies',
    expect: PUBLIC,
    request: get('/api/v1/procedures/1.001193/receiving-agencies?q=tan%20ninh'),
  },
  {
    op: 'GET /api/v1/procedures/{code}/versions',
    expect: PUBLIC,
    request: get('/api/v1/procedures/1.001193/versions'),
  },
  {
    op: 'POST /api/v1/procedures/{code}/versions',
    target: 'a new version from a future date',
    expect: ADMIN_CREATES,
    request: async ({ t, serial }) => {
      const versions = (await t.call('GET', `/api/v1/procedures/${EDITED_PROCEDURE}/versions`)).json().items;
      const day = new Date(Date.UTC(2027, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10);
      return {
        url: `/api/v1/procedures/${EDITED_PROCEDURE}/versions`,
        body: {
          expectedVersion: versions[versions.length - 1].version,
          validFrom: day,
          reason: 'Kiểm thử phân quyền',
          changes: { serviceMode: 'full_online' },
        },
      };
    },
  },

  // ---- dossiers
  {
    op: 'POST /api/v1/dossiers',
    target: 'an online filing at Tân Ninh (officers file at the desk)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 201, 201, 403, 403, 403, 403, 403, 403],
    request: async ({ t, f, cookie, caller }) => ({
      url: '/api/v1/dossiers',
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: f.tanNinh.id,
        applicant: { phone: caller === 'citizenA' ? applicantA.phone : '0987 654 321', address: 'Khu phố 1, Tân Ninh' },
        documents: caller.startsWith('citizen') && cookie ? await t.documentsFor(cookie, '1.001193') : [],
      },
    }),
  },
  {
    op: 'GET /api/v1/dossiers',
    target: 'the caller’s queue or own dossiers',
    expect: SIGNED_IN,
    request: get('/api/v1/dossiers?limit=200'),
    check: ({ caller, f }, res) => {
      const items = res.json().items as { id: string; code: string; applicantName: string }[];
      const ids = new Set(items.map((d) => d.id));
      if (caller === 'citizenA') {
        assert.ok(ids.has(f.dossierA.id) && ids.has(f.dossierRefused.id), 'A’s own dossiers');
        assert.ok(
          items.every((d) => d.applicantName === applicantA.fullName),
          'only A’s dossiers',
        );
      } else if (caller === 'citizenB') {
        assert.ok(
          items.every((d) => d.applicantName === 'Trần Văn Nam'),
          'only B’s dossiers',
        );
      } else {
        const agency = officersOfTanNinh.includes(caller) ? f.tanNinh : caller === 'clerkStp' ? f.stp : f.root;
        assert.ok(
          items.every((d) => d.code.startsWith(`${agency.code}-`)),
          `only dossiers of ${agency.code}: ${items.map((d) => d.code).join(', ')}`,
        );
        if (agency === f.tanNinh) assert.ok(ids.has(f.dossierA.id) && ids.has(f.dossierCounter.id), 'the queue');
      }
    },
  },
  {
    op: 'POST /api/v1/desk/dossiers',
    target: 'an intake at Tân Ninh’s counter',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 201, 403, 403, 403, 403, 403],
    request: ({ f }) => ({
      url: '/api/v1/desk/dossiers',
      body: { procedureCode: '1.001193', receivingAgencyId: f.tanNinh.id, applicant: applicantDesk },
    }),
  },
  { op: 'GET /api/v1/dossiers/counts', expect: SIGNED_IN, request: get('/api/v1/dossiers/counts') },
  {
    op: 'GET /api/v1/dossiers/{id}',
    target: 'citizen A’s online dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierA.id}` }),
    check: ({ f }, res) => assert.equal(res.json().id, f.dossierA.id),
  },
  {
    op: 'GET /api/v1/dossiers/{id}',
    target: 'the counter dossier of another citizen',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 200, 200, 200, 200, 404, 200],
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierCounter.id}` }),
  },
  {
    op: 'POST /api/v1/dossiers/{id}/actions',
    target: 'receive a fresh online dossier of citizen A at Tân Ninh',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 404, 200, 403, 403, 403, 404, 403],
    request: async (cell) => {
      const d = await fileOnline(cell.t, 'citizenA', cell.f);
      return { url: `/api/v1/dossiers/${d.id}/actions`, body: { version: d.version, action: 'receive' } };
    },
    check: (_cell, res) => assert.equal(res.json().status, 'received'),
  },
  // ---- fees (public schedule, province administrators edit, the dossier's readers see its fees)
  { op: 'GET /api/v1/procedures/{code}/fees', expect: PUBLIC, request: get('/api/v1/procedures/1.001193/fees') },
  {
    op: 'GET /api/v1/fee-schedules/{id}',
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({
      url: `/api/v1/fee-schedules/${(await t.call('GET', '/api/v1/procedures/1.001193')).json().versionId}`,
    }),
  },
  {
    op: 'PUT /api/v1/fee-schedules/{id}',
    target: 'the open period of 1.001193’s schedule, set again',
    expect: ADMIN_ONLY,
    request: async ({ t }) => {
      const versionId = (await t.call('GET', '/api/v1/procedures/1.001193')).json().versionId;
      const admin = await t.login('admin');
      const read = (await t.call('GET', `/api/v1/fee-schedules/${versionId}`, { cookie: admin })).json();
      const open = read.periods.find((p: { validTo: string | null }) => p.validTo === null);
      return {
        url: `/api/v1/fee-schedules/${versionId}`,
        body: {
          expectedVersion: open?.version ?? 0,
          validFrom: open?.validFrom ?? '2026-12-01',
          reason: 'Kiểm thử phân quyền',
          schedule: read.inForce.schedule,
        },
      };
    },
  },
  // ---- the daily reconciliation of payments (the province's accountants and administrators)
  { op: 'GET /api/v1/payment-reports', expect: ADMIN_ONLY, request: get('/api/v1/payment-reports') },
  {
    op: 'POST /api/v1/payment-reports/{day}',
    target: 'the report of the test clock’s day, produced again',
    expect: ADMIN_ONLY,
    request: () => ({ url: '/api/v1/payment-reports/2026-11-23', body: {} }),
  },
  {
    op: 'GET /api/v1/payment-reports/{day}/xlsx',
    target: 'the XLSX of a day the administrator produced',
    expect: ADMIN_ONLY,
    request: async ({ t }) => {
      const admin = await t.login('admin');
      await t.call('POST', '/api/v1/payment-reports/2026-11-22', { cookie: admin });
      return { url: '/api/v1/payment-reports/2026-11-22/xlsx' };
    },
  },
  // ---- VietQR transfers matched with the collecting account (the province's accountants and administrators)
  {
    op: 'GET /api/v1/payments/pending-transfers',
    expect: ADMIN_ONLY,
    request: get('/api/v1/payments/pending-transfers'),
  },
  {
    op: 'POST /api/v1/payments/{id}/transfer-received',
    target: 'a VietQR transfer citizen A started for a fresh dossier, seen arriving on the account',
    expect: ADMIN_ONLY,
    request: async (cell) => {
      const paymentId = await startedTransfer(cell);
      return {
        url: `/api/v1/payments/${paymentId}/transfer-received`,
        body: { bankReference: `FT${cell.serial}`, receivedAt: cell.t.clock.now.toISOString() },
      };
    },
    check: (_cell, res) => assert.equal(res.json().result, 'confirmed'),
  },
  {
    op: 'POST /api/v1/payment-statements',
    target: 'a statement (CSV) with a credit naming a fresh VietQR transfer',
    expect: ADMIN_ONLY,
    request: async (cell) => {
      const paymentId = await startedTransfer(cell);
      const [row] = await queryRows<{ reference: string }>(
        cell.t.db.connection.db,
        sql`select reference from payments where id = ${paymentId}`,
      );
      // The clock's instant as ISO: a statement's date may be written so (Vietnam time without a zone).
      const at = new Date(cell.t.clock.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
      const csv = `Ngày giao dịch,Diễn giải,Ghi có\n${at},${row?.reference},"20,000"\n`;
      return {
        url: '/api/v1/payment-statements?name=sao-ke.csv',
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from(csv),
      };
    },
    check: (_cell, res) => assert.equal(res.json().counts.confirmed, 1),
  },
  {
    op: 'GET /api/v1/dossiers/{id}/fees',
    target: 'citizen A’s online dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierA.id}/fees` }),
  },
  {
    op: 'POST /api/v1/dossiers/{id}/fees',
    target: 'the fee of a fresh online dossier of citizen A at Tân Ninh (free: recorded as exempt)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 404, 200, 403, 200, 403, 404, 403],
    request: async (cell) => {
      const d = await fileOnline(cell.t, 'citizenA', cell.f);
      return { url: `/api/v1/dossiers/${d.id}/fees`, body: { version: d.version } };
    },
    check: (_cell, res) => assert.equal(res.json().fee.status, 'exempt'),
  },
  // ---- digitisation (the clerk digitises papers at the counter, the dossier's readers see its digitisation,
  // everyone their own data store, the issuing agency revokes an item)
  {
    op: 'POST /api/v1/dossiers/{id}/digitised-documents',
    target: 'a paper of a fresh dossier of citizen A received at Tân Ninh (the clerk’s scan, sealed)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 404, 201, 403, 403, 403, 404, 403],
    request: async (cell) => {
      const d = await receivedDossierOfA(cell);
      return {
        url: `/api/v1/dossiers/${d.id}/digitised-documents`,
        body: { documentIndex: 0, fileId: await clerkScan(cell.t), checked: true },
      };
    },
    check: (_cell, res) => assert.equal(res.json().kind, 'digitised_paper'),
  },
  {
    op: 'GET /api/v1/dossiers/{id}/digitisation',
    target: 'citizen A’s online dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierA.id}/digitisation` }),
  },
  {
    op: 'GET /api/v1/data-store',
    target: 'the caller’s own data store (citizen A’s holds a digitised paper)',
    expect: SIGNED_IN,
    request: async (cell) => {
      await digitisedItemOfA(cell);
      return { url: '/api/v1/data-store' };
    },
    check: ({ caller }, res) => {
      const items = res.json().items as unknown[];
      if (caller === 'citizenA') assert.ok(items.length > 0);
      else assert.deepEqual(items, []);
    },
  },
  {
    op: 'POST /api/v1/data-store/{id}/revoke',
    target: 'a digitised paper of citizen A made at Tân Ninh (its officers revoke it)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 200, 200, 200, 200, 404, 403],
    request: async (cell) => {
      const item = await digitisedItemOfA(cell);
      return { url: `/api/v1/data-store/${item.id}/revoke`, body: { version: item.version, reason: 'Kiểm thử' } };
    },
  },
  // ---- representatives (citizen B is the legal representative of the stand-in's enterprises 3901234567 and
  // 3909876544, the registry says; he authorises citizen A for the latter; links are revoked by the
  // organisation's side or given up by their holder)
  {
    op: 'GET /api/v1/representations',
    target: 'the caller’s own links to organisations',
    expect: SIGNED_IN,
    request: get('/api/v1/representations'),
    check: ({ caller }, res) => {
      const items = res.json().items as { person: { nationalId: string } }[];
      if (caller !== 'citizenA' && caller !== 'citizenB') assert.deepEqual(items, []);
      for (const l of items) assert.equal(l.person.nationalId, usernames[caller as 'citizenA' | 'citizenB']);
    },
  },
  {
    op: 'POST /api/v1/representations/confirm',
    target: 'confirming the caller as legal representative of 3901234567 (the registry names citizen B)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 201, 403, 403, 403, 403, 403, 403],
    errorCodes: { citizenA: 'NOT_LEGAL_REPRESENTATIVE' },
    request: () => ({ url: '/api/v1/representations/confirm', body: { organisationCode: '3901234567' } }),
    check: (_cell, res) => assert.equal(res.json().role, 'legal_representative'),
  },
  {
    op: 'POST /api/v1/representations',
    target: 'authorising citizen A for Minh Phát (its legal representative, citizen B, grants)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 201, 404, 404, 404, 404, 404, 404],
    request: async (cell) => {
      const { organisationId, linkOfA } = await authorisationOfA(cell);
      if (linkOfA) {
        ok(
          await callAs(cell.t, 'POST', `/api/v1/representations/${linkOfA.id}/revoke`, sessions.get('citizenB'), {
            body: { version: linkOfA.version, reason: 'Kiểm thử' },
          }),
        );
      }
      return {
        url: '/api/v1/representations',
        body: { organisationId, nationalId: usernames.citizenA, validUntil: dayAhead(cell.t, 30) },
      };
    },
    check: (_cell, res) => assert.equal(res.json().role, 'authorised_person'),
    // The legal representative authorises a person by their ID number and sees whom they authorised.
    reveals: () => [applicantA.fullName, applicantA.nationalId],
  },
  {
    op: 'POST /api/v1/representations/{id}/revoke',
    target: 'citizen A’s authorisation for Minh Phát (B, who granted it, revokes; A gives it up)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 200, 200, 404, 404, 404, 404, 404, 404],
    request: async (cell) => {
      const { organisationId, linkOfA } = await authorisationOfA(cell);
      const link =
        linkOfA ??
        ok(
          await callAs(cell.t, 'POST', '/api/v1/representations', sessions.get('citizenB'), {
            body: { organisationId, nationalId: usernames.citizenA, validUntil: dayAhead(cell.t, 30) },
          }),
          201,
        );
      return {
        url: `/api/v1/representations/${link.id}/revoke`,
        body: { version: link.version, reason: 'Kiểm thử' },
      };
    },
    check: (_cell, res) => assert.equal(res.json().status, 'revoked'),
    reveals: () => [applicantA.fullName, applicantA.nationalId],
  },
  // ---- payments (the applicant pays online, the dossier's readers see payments, the clerk takes the counter's)
  {
    op: 'POST /api/v1/dossiers/{id}/payments',
    target: 'VietQR for a fresh online dossier of citizen A whose fee the clerk asked (only its applicant pays)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 200, 404, 403, 403, 403, 403, 404, 403],
    request: async (cell) => {
      const d = await fileOnline(cell.t, 'citizenA', cell.f);
      const clerk = await cell.t.login('motcua.tanninh');
      await cell.t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'request_payment', amount: 20000, description: 'Lệ phí' },
      });
      return { url: `/api/v1/dossiers/${d.id}/payments`, body: { provider: 'vietqr' } };
    },
    check: (_cell, res) => assert.match(res.json().qr.payload, /^000201010212/),
  },
  {
    op: 'GET /api/v1/dossiers/{id}/payments',
    target: 'citizen A’s online dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierA.id}/payments` }),
  },
  {
    op: 'POST /api/v1/dossiers/{id}/payments/counter',
    target: 'cash for a fresh online dossier of citizen A whose fee the clerk asked',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 404, 200, 403, 403, 403, 404, 403],
    request: async (cell) => {
      const d = await fileOnline(cell.t, 'citizenA', cell.f);
      const clerk = await cell.t.login('motcua.tanninh');
      const asked = await cell.t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'request_payment', amount: 20000, description: 'Lệ phí' },
      });
      return {
        url: `/api/v1/dossiers/${d.id}/payments/counter`,
        body: { version: asked.json().version, method: 'cash' },
      };
    },
    check: (_cell, res) => assert.equal(res.json().receipt.method, 'cash'),
  },
  {
    op: 'GET /api/v1/receipts/{id}/pdf',
    target: 'the receipt of citizen A’s fee paid at Tân Ninh’s counter (signed once, then stored)',
    expect: A_DOSSIER,
    request: async (cell) => {
      await withCertificates(cell.t); // Tân Ninh's seal
      const [row] = await queryRows<{ id: string }>(cell.t.db.connection.db, sql`select id from receipts limit 1`);
      if (row) return { url: `/api/v1/receipts/${row.id}/pdf` };
      const d = await fileOnline(cell.t, 'citizenA', cell.f);
      const clerk = await cell.t.login('motcua.tanninh');
      const asked = await cell.t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
        cookie: clerk,
        body: { version: d.version, action: 'request_payment', amount: 20000 },
      });
      const paid = await cell.t.call('POST', `/api/v1/dossiers/${d.id}/payments/counter`, {
        cookie: clerk,
        body: { version: asked.json().version, method: 'cash' },
      });
      return { url: `/api/v1/receipts/${paid.json().receipt.id}/pdf` };
    },
    check: (_cell, res) => assert.equal(res.headers['content-type'], 'application/pdf'),
  },
  {
    op: 'POST /api/v1/payments/callback',
    target: 'machine to machine: a session is no credential, only the payment platform’s signature',
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401],
    machine: { errorCode: 'PAYMENT_SIGNATURE_INVALID' },
    request: () => ({
      url: '/api/v1/payments/callback',
      body: {
        merchantCode: 'CONGSO-DEMO',
        transactionId: 'GD1',
        reference: 'HS000',
        amount: 1,
        status: 'paid',
        paidAt: null,
        signature: 'forged',
      },
    }),
  },
  ...(['receipt', 'supplement-request', 'apology', 'control-slip'] as const).map(
    (form): Row => ({
      op: `GET /api/v1/dossiers/{id}/${form}.pdf`,
      target: 'citizen A’s online dossier',
      expect: A_DOSSIER,
      request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierA.id}/${form}.pdf` }),
      check: (_cell, res, text) => {
        assert.equal(res.headers['content-type'], 'application/pdf');
        assert.ok(text.includes(applicantA.fullName), 'the form names the applicant');
      },
    }),
  ),
  {
    op: 'GET /api/v1/dossiers/{id}/refusal.pdf',
    target: 'citizen A’s refused dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierRefused.id}/refusal.pdf` }),
    check: (_cell, res) => assert.equal(res.headers['content-type'], 'application/pdf'),
  },
  {
    op: 'GET /api/v1/dossiers/{id}/stop-notice.pdf',
    target: 'citizen A’s withdrawn dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/dossiers/${f.dossierWithdrawn.id}/stop-notice.pdf` }),
    check: (_cell, res, text) => {
      assert.equal(res.headers['content-type'], 'application/pdf');
      // The name may wrap onto the next line of the form.
      assert.ok(text.replace(/\s+/g, ' ').includes(applicantA.fullName), 'the form names the applicant');
    },
  },
  ...(['pdf', 'xlsx'] as const).map(
    (kind): Row => ({
      op: `GET /api/v1/desk/dossier-book.${kind}`,
      target: 'the book of the caller’s agency, this month',
      expect: OFFICERS,
      request: get(`/api/v1/desk/dossier-book.${kind}`),
      check: ({ caller, f }, _res, text) => {
        // Tân Ninh's book lists its dossiers (so the other books' silence about them means something).
        if (officersOfTanNinh.includes(caller)) {
          assert.ok(text.includes(f.dossierA.code) && text.includes(f.dossierCounter.code), text.slice(0, 500));
        }
      },
    }),
  ),
  {
    op: 'GET /api/v1/lookup',
    target: 'citizen A’s dossier with the right last 4 digits (masked name only)',
    expect: PUBLIC,
    request: ({ f }) => ({ url: `/api/v1/lookup?code=${f.dossierA.code}&phone=5678` }),
    reveals: (f) => [f.dossierA.code],
    check: (_cell, res) => assert.equal(res.json().applicant, 'Nguyễn T. H.'),
  },
  {
    op: 'GET /api/v1/lookup',
    target: 'a dossier with wrong digits',
    expect: [404, 404, 404, 404, 404, 404, 404, 404, 404],
    request: ({ f }) => ({ url: `/api/v1/lookup?code=${f.dossierRefused.code}&phone=0000` }),
  },

  // ---- files
  {
    op: 'POST /api/v1/files',
    expect: [401, 201, 201, 201, 201, 201, 201, 201, 201],
    request: () => {
      const body = multipartBody('file', 'giay-to.jpg', sampleFile('sample.jpg'));
      return { url: '/api/v1/files', payload: body.payload, headers: { 'content-type': body.contentType } };
    },
  },
  // ---- signatures (public check of a PDF's signatures; writes nothing)
  {
    op: 'POST /api/v1/signing/verify',
    target: 'a PDF without signatures (anyone may check a PDF)',
    expect: PUBLIC,
    request: () => ({
      url: '/api/v1/signing/verify',
      payload: Buffer.from(sampleFile('sample.pdf')),
      headers: { 'content-type': 'application/pdf' },
    }),
    check: (_cell, res) => assert.deepEqual(res.json().signatures, []),
  },
  // ---- certificates (the province CA's registry: province administrators; the CA's public endpoints are hidden)
  {
    op: 'GET /api/v1/signing/certificates',
    expect: ADMIN_ONLY,
    request: get('/api/v1/signing/certificates?q=tan%20ninh'),
  },
  {
    op: 'POST /api/v1/signing/certificates',
    target: 'an organisation certificate for phường Tân Ninh',
    expect: ADMIN_CREATES,
    request: async ({ t }) => ({
      url: '/api/v1/signing/certificates',
      body: { kind: 'organization', agencyId: await tanNinhAgencyId(t), validityDays: 30 },
    }),
  },
  {
    op: 'GET /api/v1/signing/certificates/{id}',
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({ url: `/api/v1/signing/certificates/${(await freshCertificate(t)).id}` }),
  },
  {
    op: 'GET /api/v1/signing/certificates/{id}/pem',
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({
      url: `/api/v1/signing/certificates/${(await freshCertificate(t)).id}/pem?chain=true`,
    }),
  },
  {
    op: 'POST /api/v1/signing/certificates/{id}/revoke',
    target: 'a certificate issued for the cell',
    expect: ADMIN_ONLY,
    request: async ({ t }) => {
      const issued = await freshCertificate(t);
      return {
        url: `/api/v1/signing/certificates/${issued.id}/revoke`,
        body: { reason: 'superseded', version: issued.version },
      };
    },
  },
  {
    op: 'GET /api/v1/files/{id}',
    target: 'a file citizen A uploaded and kept to herself',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 200, 404, 404, 404, 404, 404, 404, 404],
    request: ({ f }) => ({ url: `/api/v1/files/${f.fileA}` }),
    check: (_cell, res) => assert.deepEqual(new Uint8Array(res.rawPayload), sampleFile('sample.png')),
  },
  {
    op: 'GET /api/v1/files/{id}',
    target: 'a file attached to citizen A’s dossier',
    expect: A_DOSSIER,
    request: ({ f }) => ({ url: `/api/v1/files/${f.fileAttached}` }),
    check: (_cell, res) => assert.deepEqual(new Uint8Array(res.rawPayload), sampleFile('sample.pdf')),
  },

  // ---- notifications
  {
    op: 'GET /api/v1/notifications',
    expect: SIGNED_IN,
    request: get('/api/v1/notifications?limit=100'),
    check: ({ caller, f }, res) => {
      const ids = (res.json().items as { id: string }[]).map((n) => n.id);
      assert.equal(ids.includes(f.notificationA), caller === 'citizenA');
    },
  },
  {
    op: 'POST /api/v1/notifications/read',
    target: 'citizen A’s notification (only A’s call may mark it)',
    expect: SIGNED_IN,
    request: async ({ t, f }) => {
      await queryRows(t.db.connection.db, sql`update notifications set read_at = null where id = ${f.notificationA}`);
      return { url: '/api/v1/notifications/read', body: { ids: [f.notificationA] } };
    },
    check: async ({ t, f, caller }) => {
      const [row] = await queryRows<{ read: boolean }>(
        t.db.connection.db,
        sql`select read_at is not null as read from notifications where id = ${f.notificationA}`,
      );
      assert.equal(row?.read, caller === 'citizenA');
    },
  },
  {
    op: 'GET /api/v1/outbox',
    expect: ADMIN_ONLY,
    request: get('/api/v1/outbox?limit=200'),
    check: (_cell, _res, text) => assert.ok(text.includes(applicantA.email), 'A’s e-mails are there'),
  },
  // ---- exchange (edXML between installations; province administrators)
  { op: 'GET /api/v1/exchange/identity', expect: ADMIN_ONLY, request: get('/api/v1/exchange/identity') },
  { op: 'GET /api/v1/exchange/peers', expect: ADMIN_ONLY, request: get('/api/v1/exchange/peers') },
  {
    op: 'POST /api/v1/exchange/peers',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({
      url: '/api/v1/exchange/peers',
      body: {
        name: `Congso ${serial}`,
        baseUrl: 'https://congso.example.vn',
        organIds: ['000.00.00.K99'],
        publicKey: freshPublicKey(),
      },
    }),
  },
  {
    op: 'PUT /api/v1/exchange/peers/{id}',
    target: 'a peer of its own, turned off',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const admin = await t.login('admin');
      const body = {
        name: `Congso ${serial}`,
        baseUrl: 'https://congso.example.vn',
        organIds: ['000.00.00.K99'],
        publicKey: freshPublicKey(),
      };
      const peer = (await t.call('POST', '/api/v1/exchange/peers', { cookie: admin, body })).json();
      return { url: `/api/v1/exchange/peers/${peer.id}`, body: { ...body, active: false, version: peer.version } };
    },
  },
  { op: 'GET /api/v1/exchange/messages', expect: ADMIN_ONLY, request: get('/api/v1/exchange/messages?limit=200') },
  {
    op: 'POST /api/v1/exchange/messages/{id}/status',
    target: 'a package received from a peer: 03 registered goes back',
    expect: ADMIN_CREATES,
    request: async ({ t, serial }) => ({
      url: `/api/v1/exchange/messages/${await receivedPackage(t, serial)}/status`,
      body: { statusCode: '03' },
    }),
  },
  {
    op: 'POST /api/v1/exchange/messages/{id}/retry',
    target: 'a package whose delivery failed: back in the queue',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({
      url: `/api/v1/exchange/messages/${await failedPackage(t, serial)}/retry`,
    }),
  },
  {
    op: 'GET /api/v1/exchange/portal-sync',
    expect: ADMIN_ONLY,
    request: get('/api/v1/exchange/portal-sync?state=dead'),
  },
  {
    op: 'GET /api/v1/exchange/portal-sync/{id}',
    target: 'a dead change owed to the national portal',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({ url: `/api/v1/exchange/portal-sync/${await deadPortalSync(t, serial)}` }),
  },
  {
    op: 'POST /api/v1/exchange/portal-sync/{id}/replay',
    target: 'a dead change owed to the national portal: back in the queue',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({
      url: `/api/v1/exchange/portal-sync/${await deadPortalSync(t, serial)}/replay`,
    }),
  },
  {
    op: 'POST /api/v1/exchange/edxml',
    target: 'machine to machine: a session is no credential, only a registered peer’s signature',
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401],
    machine: { errorCode: 'EXCHANGE_UNAUTHENTICATED' },
    request: () => ({
      url: '/api/v1/exchange/edxml',
      payload: Buffer.from('<edXML/>'),
      headers: { 'content-type': 'application/xml' },
    }),
  },
  // ---- data-sharing gateway (province administrators; consumers by OAuth2 client credentials; lookups)
  { op: 'GET /api/v1/gateway/services', expect: ADMIN_ONLY, request: get('/api/v1/gateway/services') },
  {
    op: 'GET /api/v1/gateway/services/{id}/openapi',
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({ url: `/api/v1/gateway/services/${(await gatewayService(t, 0)).id}/openapi` }),
  },
  {
    op: 'POST /api/v1/gateway/services',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({ url: '/api/v1/gateway/services', body: gatewayServiceBody(serial) }),
  },
  {
    op: 'PUT /api/v1/gateway/services/{id}',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const service = await gatewayService(t, serial);
      return {
        url: `/api/v1/gateway/services/${service.id}`,
        body: { ...gatewayServiceBody(serial), name: 'Dịch vụ đổi tên', version: service.version },
      };
    },
  },
  { op: 'GET /api/v1/gateway/consumers', expect: ADMIN_ONLY, request: get('/api/v1/gateway/consumers') },
  {
    op: 'POST /api/v1/gateway/consumers',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({
      url: '/api/v1/gateway/consumers',
      body: { code: `authz-consumer-${serial}`, name: `Hệ thống ${serial}` },
    }),
  },
  {
    op: 'PUT /api/v1/gateway/consumers/{id}',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const { consumer } = await gatewayConsumer(t, serial);
      return {
        url: `/api/v1/gateway/consumers/${consumer.id}`,
        body: { code: consumer.code, name: 'Hệ thống đổi tên', rateLimitPerMinute: 60, version: consumer.version },
      };
    },
  },
  {
    op: 'POST /api/v1/gateway/consumers/{id}/secret',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const { consumer } = await gatewayConsumer(t, serial);
      return { url: `/api/v1/gateway/consumers/${consumer.id}/secret`, body: { version: consumer.version } };
    },
  },
  { op: 'GET /api/v1/gateway/rights', expect: ADMIN_ONLY, request: get('/api/v1/gateway/rights') },
  {
    op: 'PUT /api/v1/gateway/rights',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({
      url: '/api/v1/gateway/rights',
      body: {
        consumerId: (await gatewayConsumer(t, serial)).consumer.id,
        serviceId: (await gatewayService(t, 0)).id,
        granted: true,
      },
    }),
  },
  { op: 'GET /api/v1/gateway/log', expect: ADMIN_ONLY, request: get('/api/v1/gateway/log?limit=200') },
  { op: 'POST /api/v1/gateway/log/verify', expect: ADMIN_ONLY, request: () => ({ url: '/api/v1/gateway/log/verify' }) },
  {
    op: 'POST /api/v1/gateway/log/anchors',
    target: 'the province seal exists (its organisation certificate)',
    expect: ADMIN_ONLY,
    request: async ({ t }) => {
      await provinceSeal(t);
      return { url: '/api/v1/gateway/log/anchors' };
    },
  },
  {
    op: 'POST /api/v1/national-db/citizen-lookups',
    target: 'a citizen who is not a fixture: only one-stop clerks look up someone else (citizens: themselves only)',
    expect: [401, 403, 403, 200, 403, 403, 403, 200, 403],
    errorCodes: { citizenA: 'LOOKUP_NOT_YOURS', citizenB: 'LOOKUP_NOT_YOURS' },
    request: () => ({
      url: '/api/v1/national-db/citizen-lookups',
      body: { nationalId: '079203000111', consent: true },
    }),
  },
  {
    op: 'POST /api/v1/national-db/enterprise-lookups',
    expect: OFFICERS,
    request: () => ({ url: '/api/v1/national-db/enterprise-lookups', body: { code: '3901234567' } }),
  },
  { op: 'GET /api/v1/me/data-access', expect: SIGNED_IN, request: get('/api/v1/me/data-access') },
  {
    op: 'POST /gateway/token',
    target: 'machine to machine: a consumer’s client credentials, whoever sends them (no session, no CSRF proof)',
    expect: PUBLIC,
    machine: { errorCode: 'invalid_client' },
    request: async ({ t, serial }) => {
      const { consumer, clientSecret } = await gatewayConsumer(t, serial);
      return {
        url: '/gateway/token',
        payload: Buffer.from(
          new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: consumer.clientId,
            client_secret: clientSecret,
          }).toString(),
        ),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    },
  },
  // ---- documents office (Tân Ninh's readers: its head, specialist and chairman; no caller is a document clerk)
  ...(
    [
      '/api/v1/office/registers',
      '/api/v1/office/incoming',
      '/api/v1/office/outgoing',
      '/api/v1/office/inbox',
      '/api/v1/office/work-files',
    ] as const
  ).map((url): Row => ({ op: `GET ${url}`, expect: OFFICE_READERS, request: get(url) })),
  {
    op: 'GET /api/v1/office/assignees',
    expect: OFFICE_READERS,
    request: get('/api/v1/office/assignees?level=department'),
    check: ({ caller }, res) => {
      const names = (res.json().items as { fullName: string }[]).map((p) => p.fullName);
      if (caller !== 'anonymous') assert.deepEqual(names, ['Mai Thị Hạnh']);
    },
  },
  {
    op: 'GET /api/v1/office/search',
    expect: OFFICE_READERS,
    request: get('/api/v1/office/search?q=ra%20soat'),
  },
  ...(['entries', 'pdf', 'xlsx'] as const).map(
    (view): Row => ({
      op: `GET /api/v1/office/registers/{id}/${view}`,
      target: 'Tân Ninh’s incoming register',
      expect: OFFICE_DOCUMENT,
      request: async ({ t }) => ({
        url: `/api/v1/office/registers/${(await tanNinhRegister(t, 'incoming')).id}/${view}`,
      }),
    }),
  ),
  {
    op: 'POST /api/v1/office/registers/{id}/close',
    target: 'Tân Ninh’s outgoing register of 2025 (only its document clerk closes it)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 404, 403, 403, 403, 404, 404],
    request: async ({ t }) => {
      const r = await tanNinhRegister(t, 'outgoing', 2025);
      return { url: `/api/v1/office/registers/${r.id}/close`, body: { version: r.version } };
    },
  },
  {
    op: 'POST /api/v1/office/incoming',
    target: 'register a PDF (only a document clerk registers)',
    expect: [401, 403, 403, 403, 403, 403, 403, 403, 403],
    request: async ({ t }) => ({ url: '/api/v1/office/incoming', body: await incomingBody(t) }),
  },
  {
    op: 'GET /api/v1/office/incoming/{id}',
    target: 'an incoming document of Tân Ninh',
    expect: OFFICE_DOCUMENT,
    request: async ({ t }) => ({ url: `/api/v1/office/incoming/${(await tanNinhIncoming(t)).id}` }),
  },
  {
    op: 'POST /api/v1/office/incoming/{id}/actions',
    target: 'an opinion on a fresh document assigned to Tân Ninh’s chairman',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 404, 403, 403, 200, 404, 404],
    request: async ({ t }) => {
      const d = await tanNinhIncoming(t);
      return {
        url: `/api/v1/office/incoming/${d.id}/actions`,
        body: { action: 'opinion', version: d.version, text: 'Giao phòng chuyên môn' },
      };
    },
  },
  {
    op: 'POST /api/v1/office/inbox/{id}/register',
    target: 'a document Sở Tư pháp sent to Tân Ninh (only its document clerk registers it)',
    expect: [401, 403, 403, 403, 403, 403, 403, 403, 403],
    request: async ({ t }) => ({ url: `/api/v1/office/inbox/${await deliveryToTanNinh(t)}/register` }),
  },
  {
    op: 'POST /api/v1/office/inbox/{id}/refuse',
    target: 'a document Sở Tư pháp sent to Tân Ninh (only its document clerk refuses it)',
    expect: [401, 403, 403, 403, 403, 403, 403, 403, 403],
    request: async ({ t }) => ({
      url: `/api/v1/office/inbox/${await deliveryToTanNinh(t)}/refuse`,
      body: { reason: 'Gửi nhầm cơ quan' },
    }),
  },
  {
    op: 'POST /api/v1/office/outgoing',
    target: 'a composed draft',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 201, 201, 201, 403, 403],
    request: () => ({ url: '/api/v1/office/outgoing', body: draftBody() }),
  },
  {
    op: 'GET /api/v1/office/outgoing/{id}',
    target: 'a draft of Tân Ninh',
    expect: OFFICE_DOCUMENT,
    request: async ({ t }) => ({ url: `/api/v1/office/outgoing/${(await tanNinhDraft(t)).id}` }),
  },
  {
    op: 'POST /api/v1/office/outgoing/{id}/actions',
    target: 'submit a fresh draft of Tân Ninh’s specialist (only the drafter submits)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 404, 404, 404, 403, 200, 403, 404, 404],
    request: async ({ t }) => {
      const d = await tanNinhDraft(t);
      return { url: `/api/v1/office/outgoing/${d.id}/actions`, body: { action: 'submit', version: d.version } };
    },
  },
  {
    op: 'GET /api/v1/office/documents/{id}/file',
    target: 'the PDF of a Tân Ninh document',
    expect: OFFICE_DOCUMENT,
    request: async ({ t }) => ({ url: `/api/v1/office/documents/${(await tanNinhIncoming(t)).id}/file` }),
    check: (_cell, res) => assert.equal(res.headers['content-type'], 'application/pdf'),
  },
  {
    op: 'POST /api/v1/office/work-files',
    expect: [401, 403, 403, 403, 201, 201, 201, 403, 403],
    request: ({ serial }) => ({
      url: '/api/v1/office/work-files',
      body: { code: `PQ.${serial}`, title: `Hồ sơ phân quyền ${serial}`, retention: 'permanent' },
    }),
  },
  {
    op: 'GET /api/v1/office/work-files/{id}',
    target: 'a work file of Tân Ninh',
    expect: OFFICE_DOCUMENT,
    request: async ({ t, serial }) => ({
      url: `/api/v1/office/work-files/${(await tanNinhWorkFile(t, 100_000 + serial)).id}`,
    }),
  },
  {
    op: 'POST /api/v1/office/work-files/{id}/documents',
    target: 'a fresh draft into a fresh work file of Tân Ninh',
    expect: OFFICE_DOCUMENT,
    request: async ({ t, serial }) => {
      const file = await tanNinhWorkFile(t, 200_000 + serial);
      const d = await tanNinhDraft(t);
      return {
        url: `/api/v1/office/work-files/${file.id}/documents`,
        body: { documentId: d.id, version: file.version },
      };
    },
  },
  {
    op: 'POST /api/v1/office/work-files/{id}/close',
    target: 'a fresh work file of Tân Ninh with one document',
    expect: OFFICE_DOCUMENT,
    request: async ({ t, serial }) => {
      const file = await tanNinhWorkFile(t, 300_000 + serial, 1);
      return { url: `/api/v1/office/work-files/${file.id}/close`, body: { version: file.version } };
    },
  },
  {
    op: 'GET /api/v1/office/online-share',
    target: 'leaders for their subtree, administrators, viewers',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/office/online-share'),
  },
  {
    op: 'GET /api/v1/ioc/index',
    target: "the index of the caller's widest scope: leaders and administrators (their agency and below), viewers",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/index'),
  },
  {
    op: 'GET /api/v1/ioc/ranking',
    target: "agencies ranked within the caller's reach",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/ranking'),
  },
  {
    op: 'GET /api/v1/ioc/dossiers',
    target: "the dossiers behind a figure of the caller's scope",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/dossiers?measure=received'),
  },
  // ---- reporting (readers: Tân Ninh's head, specialist and chairman for their agency, the province administrator
  // for the province; reviewing is the province's leaders'; the catalogue and programme its administrators')
  ...(
    [
      '/api/v1/reporting/indicators',
      '/api/v1/reporting/templates',
      '/api/v1/reporting/assignments',
      '/api/v1/reporting/reports',
      '/api/v1/reporting/rates',
      '/api/v1/reporting/programme',
      '/api/v1/reporting/periods',
    ] as const
  ).map((url): Row => ({ op: `GET ${url}`, expect: REPORTING_READERS, request: get(url) })),
  {
    op: 'GET /api/v1/reporting/templates/{code}/revisions',
    target: "a template's revisions, their indicators and changes",
    expect: REPORTING_READERS,
    request: async ({ t }) => {
      const s = await reportingSetup(t);
      return { url: `/api/v1/reporting/templates/${s.templateCode}/revisions` };
    },
  },
  {
    op: 'GET /api/v1/reporting/aggregate',
    target: "a template's figures over the caller's agency",
    expect: REPORTING_READERS,
    request: async ({ t }) => {
      const s = await reportingSetup(t);
      return { url: `/api/v1/reporting/aggregate?template=${s.templateCode}&period=2026-10` };
    },
  },
  {
    op: 'GET /api/v1/reporting/ii06a/{format}',
    target: "Biểu II.06a of the caller's agency (XLSX)",
    expect: REPORTING_READERS,
    request: get('/api/v1/reporting/ii06a/xlsx?periodKind=month&key=2026-10'),
  },
  {
    op: 'POST /api/v1/reporting/indicators',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({ url: '/api/v1/reporting/indicators', body: indicatorBody(`SEC.N${serial}`) }),
  },
  {
    op: 'PUT /api/v1/reporting/indicators/{id}',
    target: 'a fresh indicator',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const i = await freshIndicator(t, serial);
      return {
        url: `/api/v1/reporting/indicators/${i.id}`,
        body: { ...indicatorBody(`SEC.I${serial}`), max: 5, version: i.version },
      };
    },
  },
  {
    op: 'POST /api/v1/reporting/templates',
    expect: ADMIN_CREATES,
    request: async ({ t, serial }) => {
      const s = await reportingSetup(t);
      return {
        url: '/api/v1/reporting/templates',
        body: {
          code: `SEC-T${serial}`,
          nameVi: 'Mẫu kiểm thử',
          nameEn: 'Test template',
          periodKind: 'quarter',
          deadlineWorkingDays: 2,
          items: [{ indicatorId: s.indicatorId, required: true }],
          expectedRevision: 0,
        },
      };
    },
  },
  {
    op: 'POST /api/v1/reporting/assignments',
    target: 'a fresh template to Sở Tư pháp',
    expect: ADMIN_CREATES,
    request: async ({ t, serial }) => {
      const s = await reportingSetup(t);
      const stp = (await getPersonByUsername(t.db.connection.db, 'motcua.stp'))?.agencyId;
      await t.call('POST', '/api/v1/reporting/templates', {
        cookie: await reportingLogin(t, 'admin'),
        body: {
          code: `SEC-S${serial}`,
          nameVi: 'Mẫu kiểm thử',
          nameEn: 'Test template',
          periodKind: 'year',
          deadlineWorkingDays: 2,
          items: [{ indicatorId: s.indicatorId, required: true }],
          expectedRevision: 0,
        },
      });
      return {
        url: '/api/v1/reporting/assignments',
        body: { templateCode: `SEC-S${serial}`, agencyId: stp, fromPeriodKey: '2026' },
      };
    },
  },
  {
    op: 'PUT /api/v1/reporting/assignments/{id}',
    target: 'stop a fresh assignment of Tân Ninh',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const a = await freshAssignment(t, serial);
      return { url: `/api/v1/reporting/assignments/${a.id}`, body: { active: false, version: a.version } };
    },
  },
  {
    op: 'POST /api/v1/reporting/reports',
    target: "Tân Ninh's report for a period of its own (its specialists, heads and leaders enter reports)",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 201, 201, 201, 403, 403],
    request: async ({ t, serial }) => {
      const s = await reportingSetup(t);
      return {
        url: '/api/v1/reporting/reports',
        body: { templateCode: s.templateCode, periodKey: periodOfSerial(serial) },
      };
    },
  },
  ...(['', '/pdf', '/xlsx'] as const).map(
    (view): Row => ({
      op: `GET /api/v1/reporting/reports/{id}${view}`,
      target: 'a draft report of Tân Ninh',
      expect: REPORTING_READERS,
      request: async ({ t, serial }) => ({
        url: `/api/v1/reporting/reports/${(await tanNinhReport(t, serial)).id}${view}`,
      }),
    }),
  ),
  {
    op: 'POST /api/v1/reporting/reports/{id}/actions',
    target: 'save figures in a fresh draft of Tân Ninh (its own officers only)',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 200, 200, 200, 403, 403],
    request: async ({ t, serial }) => {
      const s = await reportingSetup(t);
      const r = await tanNinhReport(t, serial);
      return {
        url: `/api/v1/reporting/reports/${r.id}/actions`,
        body: { action: 'save', version: r.version, values: { [s.indicatorId]: { value: 7 } } },
      };
    },
  },
  {
    op: 'POST /api/v1/reporting/projects',
    expect: ADMIN_CREATES,
    request: async ({ t, serial }) => {
      const s = await reportingSetup(t);
      return { url: '/api/v1/reporting/projects', body: projectBody(serial, s.rootId) };
    },
  },
  {
    op: 'PUT /api/v1/reporting/projects/{id}',
    target: 'a fresh project moved to appraisal',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => {
      const p = await freshProject(t, serial);
      return {
        url: `/api/v1/reporting/projects/${p.id}`,
        body: { ...p.body, status: 'appraisal', version: p.version },
      };
    },
  },
  {
    op: 'PUT /api/v1/reporting/period-rules/{kind}/{fromPeriodKey}',
    target: 'a new cut-off rule from a half-year of its own',
    expect: ADMIN_ONLY,
    request: async ({ serial }) => ({
      url: `/api/v1/reporting/period-rules/half/${halfOfSerial(serial)}`,
      body: { cutoffEndDay: 20, version: 0 },
    }),
  },
  {
    op: 'DELETE /api/v1/reporting/period-rules/{kind}/{fromPeriodKey}',
    target: 'a fresh cut-off rule',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({ url: `${await freshPeriodRule(t, serial)}?version=1` }),
  },
  {
    op: 'PUT /api/v1/reporting/period-overrides/{kind}/{periodKey}',
    target: 'a half-year of its own set apart',
    expect: ADMIN_ONLY,
    request: async ({ serial }) => ({
      url: `/api/v1/reporting/period-overrides/half/${halfOfSerial(serial)}`,
      body: periodOverrideBody(halfOfSerial(serial)),
    }),
  },
  {
    op: 'DELETE /api/v1/reporting/period-overrides/{kind}/{periodKey}',
    target: 'a fresh override',
    expect: ADMIN_ONLY,
    request: async ({ t, serial }) => ({ url: `${await freshPeriodOverride(t, serial)}?version=1` }),
  },
  {
    op: 'PUT /api/v1/reporting/ranks/{year}',
    target: "the province's ranks of 2024",
    expect: ADMIN_ONLY,
    request: async ({ t }) => ({ url: '/api/v1/reporting/ranks/2024', body: await rankBody(t, 2024) }),
  },
  {
    op: 'GET /api/v1/ioc/events',
    target: 'the live-update signal of the dashboards (JSON without Accept: text/event-stream): their readers',
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/events'),
  },
  {
    op: 'GET /api/v1/ioc/export.pdf',
    target: "the PDF of a dashboard view of the caller's widest scope",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/export.pdf'),
  },
  {
    op: 'GET /api/v1/ioc/export.xlsx',
    target: "the XLSX of a dashboard view of the caller's widest scope",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/export.xlsx'),
  },
  {
    op: 'GET /api/v1/ioc/alerts',
    target: "the alerts in the caller's reach",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: get('/api/v1/ioc/alerts'),
  },
  {
    op: 'POST /api/v1/ioc/alerts/{id}/acknowledge',
    target: "an alert of Tân Ninh's (a fresh one per cell): its leader and the province's readers",
    //       anon A    B    cTN  hTN  sTN  chTN cSTP adm
    expect: [401, 403, 403, 403, 403, 403, 200, 403, 200],
    request: async ({ t, f, serial }) => ({
      url: `/api/v1/ioc/alerts/${await alertOf(t, f.tanNinh.id, serial)}/acknowledge`,
      body: { version: 1 },
    }),
  },
  {
    op: 'GET /api/v1/ioc/alert-rules',
    target: "the alert rules of the administrator's agency and below",
    expect: ADMIN_ONLY,
    request: get('/api/v1/ioc/alert-rules'),
  },
  {
    op: 'POST /api/v1/ioc/alert-rules',
    target: 'a rule for the whole province (the administrator’s agency)',
    expect: ADMIN_CREATES,
    request: ({ serial }) => ({
      url: '/api/v1/ioc/alert-rules',
      body: { name: `Quá hạn ${serial}`, kind: 'late_over_days', params: { days: serial % 30 } },
    }),
  },
  {
    op: 'GET /api/v1/ioc/security',
    target: 'the security view of the audit trail: administrators, for their agency and below',
    expect: ADMIN_ONLY,
    request: get('/api/v1/ioc/security'),
  },
  {
    op: 'PUT /api/v1/ioc/alert-rules/{id}',
    target: 'a fresh rule per cell',
    expect: ADMIN_ONLY,
    request: async ({ t, f, serial }) => ({
      url: `/api/v1/ioc/alert-rules/${await alertRuleOf(t, f.root.id, serial)}`,
      body: {
        version: 1,
        name: `Đúng hạn ${serial}`,
        kind: 'on_time_below',
        params: { threshold: 80 },
        enabled: false,
      },
    }),
  },
];

/** A rule of an agency, written straight to the database (one per cell). */
async function alertRuleOf(t: TestApp, agencyId: string, serial: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t.db.connection.db,
    sql`insert into alert_rules (id, agency_id, kind, name, params, created_at, updated_at)
        values (gen_random_uuid(), ${agencyId}, 'late_over_days', ${`Quy tắc ${serial}`}, '{"days":3}'::jsonb, now(), now())
        returning id`,
  );
  return (row as { id: string }).id;
}

/** An open alert of an agency's rule, written straight to the database (one per cell). */
async function alertOf(t: TestApp, agencyId: string, serial: number): Promise<string> {
  const rule = await alertRuleOf(t, agencyId, serial);
  const [row] = await queryRows<{ id: string }>(
    t.db.connection.db,
    sql`insert into alerts (id, rule_id, agency_id, subject_kind, subject_id, subject_name, window_key, value,
          threshold, message, first_seen_at, last_seen_at)
        values (gen_random_uuid(), ${rule}, ${agencyId}, 'dossier', ${`d${serial}`}, ${`H${serial}`}, 'open', 5, 3,
          '{"vi":"Quá hạn","en":"Late"}'::jsonb, now(), now())
        returning id`,
  );
  return (row as { id: string }).id;
}

/** Routes the OpenAPI description hides on purpose; public probes and metrics (nginx limits /metrics). */
const hidden: Row[] = [
  { op: 'GET /healthz', expect: PUBLIC, request: get('/healthz') },
  { op: 'GET /readyz', expect: PUBLIC, request: get('/readyz') },
  { op: 'GET /metrics', expect: PUBLIC, request: get('/metrics') },
  { op: 'GET /', expect: PUBLIC, request: get('/') },
  { op: 'GET /docs', expect: PUBLIC, request: get('/docs') },
  { op: 'GET /docs/json', expect: PUBLIC, request: get('/docs/json') },
  { op: 'GET /docs/yaml', expect: PUBLIC, request: get('/docs/yaml') },
  {
    // The RFC 3161 timestamp authority: a protocol endpoint outside /api/ (its clients send no CSRF header).
    op: 'POST /tsa',
    expect: PUBLIC,
    request: async ({ t }) => {
      // The province CA and its time-stamping certificate, as the server's start makes them.
      await prepareProvinceAuthority(t.ctx);
      return {
        url: '/tsa',
        payload: timestampRequest(Buffer.alloc(32, 9), Buffer.from([1, 2, 3, 4])),
        headers: { 'content-type': 'application/timestamp-query' },
      };
    },
    check: (_cell, res) => assert.equal(res.headers['content-type'], 'application/timestamp-reply'),
  },
  { op: 'GET /pki/root.crl', expect: PUBLIC, request: get('/pki/root.crl') },
  { op: 'GET /pki/issuing.crl', expect: PUBLIC, request: get('/pki/issuing.crl') },
  { op: 'GET /pki/root.cer', expect: PUBLIC, request: get('/pki/root.cer') },
  { op: 'GET /pki/issuing.cer', expect: PUBLIC, request: get('/pki/issuing.cer') },
  {
    // The OCSP responder (RFC 6960): outside /api/, its clients send no CSRF header; garbage gets an OCSP error.
    op: 'POST /pki/ocsp',
    expect: PUBLIC,
    request: () => ({
      url: '/pki/ocsp',
      payload: Buffer.from('3000', 'hex'),
      headers: { 'content-type': 'application/ocsp-request' },
    }),
    check: (_cell, res) => assert.equal(res.headers['content-type'], 'application/ocsp-response'),
  },
  { op: 'GET /pki/ocsp/*', expect: PUBLIC, request: get('/pki/ocsp/MAA%3D') },
  // The gateway's forwarding (machine to machine, outside /api/): a bearer token of a consumer, nothing else.
  ...(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map(
    (method): Row => ({
      op: `${method} /gateway/{service}/*`,
      expect: [401, 401, 401, 401, 401, 401, 401, 401, 401],
      machine: { errorCode: 'GATEWAY_UNAUTHENTICATED' },
      request: () => ({
        url: '/gateway/csdl-dan-cu/citizens/072090001234',
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      }),
    }),
  ),
];

// ---- the gateway's fixtures (made through the administrator's API)
const gatewayServiceBody = (serial: number) => ({
  code: `authz-service-${serial}`,
  name: `Dịch vụ ${serial}`,
  kind: 'external',
  baseUrl: 'https://api.example.gov.vn/v1',
  openapi: { openapi: '3.0.3', info: { title: `authz ${serial}`, version: '1' }, paths: {} },
});
const gatewayServices = new Map<number, { id: string; version: number }>();
async function gatewayService(t: TestApp, serial: number): Promise<{ id: string; version: number }> {
  const known = gatewayServices.get(serial);
  if (known) return known;
  const res = await callAs(t, 'POST', '/api/v1/gateway/services', sessions.get('admin'), {
    body: gatewayServiceBody(100_000 + serial),
  });
  assert.equal(res.statusCode, 201, res.body);
  gatewayServices.set(serial, res.json());
  return res.json();
}
async function gatewayConsumer(t: TestApp, serial: number) {
  const res = await callAs(t, 'POST', '/api/v1/gateway/consumers', sessions.get('admin'), {
    body: { code: `authz-fixture-${serial}`, name: `Hệ thống ${serial}` },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as {
    consumer: { id: string; code: string; clientId: string; version: number };
    clientSecret: string;
  };
}
let sealed = false;
/** The province CA and the root agency's organisation certificate: the seal anchors are signed with. */
async function provinceSeal(t: TestApp) {
  if (sealed) return;
  await prepareProvinceAuthority(t.ctx);
  const rootId = await provinceRootAgencyId(t.db.connection.db);
  await issueRegistryCertificate(t.ctx, null, { kind: 'organization', agencyId: rootId as string }, null);
  sealed = true;
}

const EDITED_PROCEDURE = '1.000894';

/** Phường Tân Ninh's id (the organisation certificates' holder in the rows above). */
async function tanNinhAgencyId(t: TestApp): Promise<string> {
  const res = await callAs(t, 'GET', '/api/v1/agencies?q=phuong%20tan%20ninh', sessions.get('admin'));
  return res.json().items[0].id;
}

/** A VietQR payment citizen A started for a fresh online dossier whose 20.000 đồng the clerk asked. */
async function startedTransfer(cell: Cell): Promise<string> {
  const d = await fileOnline(cell.t, 'citizenA', cell.f);
  const clerk = await cell.t.login('motcua.tanninh');
  const citizen = sessions.get('citizenA') as string;
  const asked = await cell.t.call('POST', `/api/v1/dossiers/${d.id}/actions`, {
    cookie: clerk,
    body: { version: d.version, action: 'request_payment', amount: 20000, description: 'Lệ phí' },
  });
  assert.equal(asked.statusCode, 200, asked.body);
  const started = await cell.t.call('POST', `/api/v1/dossiers/${d.id}/payments`, {
    cookie: citizen,
    body: { provider: 'vietqr' },
  });
  assert.equal(started.statusCode, 200, started.body);
  return started.json().payment.id;
}

/** A certificate issued by the administrator for one cell. */
async function freshCertificate(t: TestApp): Promise<{ id: string; version: number }> {
  const res = await callAs(t, 'POST', '/api/v1/signing/certificates', sessions.get('admin'), {
    body: { kind: 'organization', agencyId: await tanNinhAgencyId(t), validityDays: 30 },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const nextSerial = () => ++serialCounter;

// ---------------------------------------------------------------------------------------------------------
// Helpers

const sessions = new Map<Caller, string>();

function callAs(
  t: TestApp,
  method: string,
  url: string,
  cookie: string | undefined,
  options: { body?: unknown; headers?: Record<string, string>; payload?: Buffer; csrfHeader?: boolean } = {},
) {
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(unsafe && options.csrfHeader !== false ? { 'x-congso-request': '1' } : {}),
      ...(cookie ? { cookie: `congso_session=${cookie}` } : {}),
      ...options.headers,
    },
    ...(options.payload
      ? { payload: options.payload }
      : options.body !== undefined
        ? { payload: options.body as object }
        : {}),
  });
}

function ok(res: LightMyRequestResponse, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

/** Level-4 codes under Tân Ninh's block (000.01.50.H59), one per agency the matrix creates. */
let agencyOrdinal = 500;
const nextAgencyCode = () => `${++agencyOrdinal}.01.50.H59`;

function agencyBody(f: Fixtures, serial: number) {
  return {
    code: nextAgencyCode(),
    name: `Tổ kiểm thử phân quyền ${serial}`,
    shortName: `KT${serial}`,
    kind: 'unit',
    parentId: f.tanNinh.id,
    validFrom: '2026-11-01',
  };
}

function mergedInto(f: Fixtures) {
  const { validFrom: _, ...into } = agencyBody(f, nextSerial());
  return into;
}

/** A unit under Tân Ninh made by the administrator for one cell. */
async function throwawayAgency(cell: Cell) {
  const res = await callAs(cell.t, 'POST', '/api/v1/agencies', sessions.get('admin'), {
    body: agencyBody(cell.f, nextSerial()),
  });
  const a = ok(res, 201);
  return { id: a.id as string, version: a.version as number };
}

function officerBody(f: Fixtures, serial: number) {
  return {
    username: `kiemthu.${serial}`,
    fullName: `Cán bộ kiểm thử ${serial}`,
    agencyId: f.tanNinh.id,
    roles: ['specialist'],
    password: 'Tạm#thời-2026-kiểm',
  };
}

async function throwawayOfficer(cell: Cell) {
  const res = await callAs(cell.t, 'POST', '/api/v1/officers', sessions.get('admin'), {
    body: officerBody(cell.f, nextSerial()),
  });
  const o = ok(res, 201);
  return { id: o.id as string, version: o.version as number };
}

async function fileOnline(t: TestApp, caller: 'citizenA', f: Fixtures): Promise<DossierRef & { files: string[] }> {
  const cookie = sessions.get(caller) as string;
  const d = ok(
    await callAs(t, 'POST', '/api/v1/dossiers', cookie, {
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: f.tanNinh.id,
        applicant: { phone: applicantA.phone, email: applicantA.email, address: applicantA.address },
        documents: await t.documentsFor(cookie, '1.001193'),
      },
    }),
    201,
  );
  return { id: d.id, code: d.code, version: d.version, files: d.files.map((x: { id: string }) => x.id) };
}

/** A fresh online dossier of citizen A, received at Tân Ninh's counter (with Tân Ninh's seal in the registry). */
async function receivedDossierOfA(cell: Cell): Promise<DossierRef> {
  await withCertificates(cell.t);
  const d = await fileOnline(cell.t, 'citizenA', cell.f);
  await act(cell.t, 'clerkTanNinh', d, { action: 'receive' });
  return d;
}

/** A scan uploaded by Tân Ninh's one-stop clerk (a PDF the seal can go on). */
async function clerkScan(t: TestApp): Promise<string> {
  const clerk = sessions.get('clerkTanNinh') as string;
  const body = multipartBody('file', 'ban-quet.pdf', await sampleDocument('GIẤY CHỨNG NHẬN'));
  const res = await callAs(t, 'POST', '/api/v1/files', clerk, {
    payload: body.payload,
    headers: { 'content-type': body.contentType },
  });
  return ok(res, 201).id;
}

/** A paper of a fresh dossier of citizen A, digitised by Tân Ninh's clerk: an item of A's data store. */
async function digitisedItemOfA(cell: Cell): Promise<{ id: string; version: number }> {
  const d = await receivedDossierOfA(cell);
  const res = await callAs(
    cell.t,
    'POST',
    `/api/v1/dossiers/${d.id}/digitised-documents`,
    sessions.get('clerkTanNinh'),
    {
      body: { documentIndex: 0, fileId: await clerkScan(cell.t), checked: true },
    },
  );
  return ok(res, 201);
}
/** A calendar day `days` after the app's clock (Vietnam time). */
function dayAhead(t: TestApp, days: number): string {
  return new Date(t.clock.now.getTime() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
}
/** Citizen B confirmed as Minh Phát's legal representative; citizen A's authorisation in force, if any. */
async function authorisationOfA(
  cell: Cell,
): Promise<{ organisationId: string; linkOfA: { id: string; version: number } | null }> {
  const b = sessions.get('citizenB');
  const confirmed = await callAs(cell.t, 'POST', '/api/v1/representations/confirm', b, {
    body: { organisationCode: '3909876544' },
  });
  assert.ok([200, 201].includes(confirmed.statusCode), confirmed.body);
  const organisationId = confirmed.json().organisation.id as string;
  const links = ok(await callAs(cell.t, 'GET', `/api/v1/representations?organisationId=${organisationId}`, b))
    .items as { id: string; version: number; status: string; person: { nationalId: string } }[];
  const linkOfA = links.find((l) => l.status === 'active' && l.person.nationalId === usernames.citizenA) ?? null;
  return { organisationId, linkOfA };
}
async function act(t: TestApp, caller: Caller, d: DossierRef, body: Record<string, unknown>) {
  const res = await callAs(t, 'POST', `/api/v1/dossiers/${d.id}/actions`, sessions.get(caller), {
    body: { version: d.version, ...body },
  });
  const next = ok(res);
  d.version = next.version;
  return next;
}

/** The text a body shows: PDFs through pdftotext, spreadsheets cell by cell, anything else as UTF-8. */
async function bodyText(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('application/pdf')) {
    return execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', '-', '-'], { input: res.rawPayload }).toString('utf8');
  }
  if (type.startsWith('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((c) => cells.push(typeof c.value === 'object' ? c.text : String(c.value)))),
    );
    return cells.join('\n');
  }
  return res.rawPayload.toString('utf8');
}

function secretsOf(f: Fixtures): Secret[] {
  const readersOfA: Caller[] = ['citizenA', ...officersOfTanNinh, 'admin'];
  const person = (p: { fullName: string; nationalId: string; phone: string; address: string; email?: string }) => [
    p.fullName,
    p.nationalId,
    p.phone,
    p.phone.replace(/\D/g, ''),
    p.address,
    ...(p.email ? [p.email] : []),
  ];
  return [
    { name: 'citizen A (applicant)', readers: readersOfA, values: person(applicantA) },
    { name: 'dossier A', readers: readersOfA, values: [f.dossierA.id, f.dossierA.code] },
    { name: 'refused dossier', readers: readersOfA, values: [f.dossierRefused.id, f.dossierRefused.code] },
    {
      name: 'counter dossier',
      readers: [...officersOfTanNinh, 'admin'],
      values: [f.dossierCounter.id, f.dossierCounter.code, ...person(applicantCounter)],
    },
    // The PNG's bytes from its IHDR on (a run no other fixture or generated document has).
    { name: 'A’s own file', readers: ['citizenA'], values: [f.fileA, sampleFile('sample.png').subarray(12, 76)] },
    // The province administrators' outbox lists the e-mail that went with it.
    { name: 'A’s notification', readers: ['citizenA', 'admin'], values: [f.notificationA] },
  ];
}

const compact = (s: string) => s.replace(/\s+/g, '');

const expectedCode: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

function assertErrorShape(res: LightMyRequestResponse, code: string) {
  const body = res.json() as { error?: { code?: unknown; message?: { vi?: unknown; en?: unknown } } };
  assert.equal(body.error?.code, code, res.body);
  assert.ok(typeof body.error?.message?.vi === 'string' && body.error.message.vi.length > 0, 'a Vietnamese message');
  assert.ok(typeof body.error?.message?.en === 'string' && body.error.message.en.length > 0, 'an English message');
}

async function tableCounts(t: TestApp) {
  const [row] = await queryRows<Record<string, number>>(
    t.db.connection.db,
    sql`select (select count(*)::int from dossiers) as dossiers,
               (select count(*)::int from dossier_events) as dossier_events,
               (select count(*)::int from files) as files,
               (select count(*)::int from notifications) as notifications,
               (select count(*)::int from audit_events) as audit_events,
               (select count(*)::int from people) as people,
               (select count(*)::int from agencies) as agencies,
               (select count(*)::int from procedure_versions) as procedure_versions,
               (select count(*)::int from sessions) as sessions,
               (select count(*)::int from exchange_peers) as exchange_peers,
               (select count(*)::int from exchange_messages) as exchange_messages`,
  );
  return row;
}

// ---------------------------------------------------------------------------------------------------------

// 190 rows × 9 callers and the CSRF variants: a few minutes on a quiet machine, over ten under a load of 20.
describe('authorization matrix: every route × nine callers', { timeout: 1_800_000 }, () => {
  let t: TestApp;
  let nationalDb: NationalDbStandIn;
  let f: Fixtures;
  let openapi: Set<string>;
  let cellsRun = 0;

  before(async () => {
    // The search signals' per-address limit would answer 429 to the matrix's many posts from one address.
    idp = await startOidcStandIn({
      clients: [
        {
          clientId: 'congso-matrix',
          clientSecret: 'congso-matrix-secret',
          redirectUris: ['http://localhost:3000/api/v1/auth/oidc/citizen/callback'],
        },
      ],
    });
    nationalDb = await startNationalDbStandIn();
    t = await createTestApp({
      SEARCH_SIGNALS_PER_MINUTE: '0',
      OIDC_CITIZEN_ISSUER: idp.issuer,
      OIDC_CITIZEN_CLIENT_ID: 'congso-matrix',
      OIDC_CITIZEN_CLIENT_SECRET: 'congso-matrix-secret',
      POPULATION_DB_URL: nationalDb.url,
      BUSINESS_REGISTRY_URL: nationalDb.url,
    });
    await t.importDemoProcedures('1.001193', EDITED_PROCEDURE);
    for (const caller of callers) if (caller !== 'anonymous') sessions.set(caller, await t.login(usernames[caller]));
    const me = async (caller: Caller) =>
      ok(await callAs(t, 'GET', '/api/v1/auth/me', sessions.get(caller))).user as {
        id: string;
        agency: { id: string; code: string } | null;
      };
    const officerIds: Record<string, string> = {};
    for (const caller of [...officersOfTanNinh, 'clerkStp', 'admin'] as Caller[])
      officerIds[caller] = (await me(caller)).id;
    const agencyOf = async (caller: Caller) => {
      const a = (await me(caller)).agency as { id: string; code: string };
      return { id: a.id, code: a.code };
    };
    const [tanNinh, stp, root] = [await agencyOf('clerkTanNinh'), await agencyOf('clerkStp'), await agencyOf('admin')];
    const partial = { tanNinh, stp, root } as Fixtures;

    // Citizen A files online; the dossier is received, forwarded, assigned, a supplement is asked and given,
    // and the head apologises with a new date: every per-dossier form then exists.
    const filed = await fileOnline(t, 'citizenA', partial);
    const dossierA: DossierRef = { id: filed.id, code: filed.code, version: filed.version };
    await act(t, 'clerkTanNinh', dossierA, { action: 'receive' });
    await act(t, 'clerkTanNinh', dossierA, { action: 'forward', agencyId: tanNinh.id });
    await act(t, 'headTanNinh', dossierA, { action: 'assign', assigneeId: officerIds.specialistTanNinh });
    await act(t, 'specialistTanNinh', dossierA, {
      action: 'request_supplement',
      items: ['Giấy chứng sinh (bản chính)'],
      reason: 'Thiếu giấy chứng sinh',
    });
    await act(t, 'citizenA', dossierA, { action: 'submit_supplement', note: 'Đã bổ sung' });
    const { dueAt } = ok(await callAs(t, 'GET', `/api/v1/dossiers/${dossierA.id}`, sessions.get('citizenA'))) as {
      dueAt: string;
    };
    await act(t, 'headTanNinh', dossierA, {
      action: 'apologize',
      reason: 'Chậm do phải xác minh thêm',
      newDueAt: new Date(Date.parse(dueAt) + 7 * 86_400_000).toISOString(),
    });

    const refused = await fileOnline(t, 'citizenA', partial);
    const dossierRefused: DossierRef = { id: refused.id, code: refused.code, version: refused.version };
    await act(t, 'clerkTanNinh', dossierRefused, { action: 'refuse_receipt', reason: 'Sai thủ tục' });
    const withdrawn = await fileOnline(t, 'citizenA', partial);
    const dossierWithdrawn: DossierRef = { id: withdrawn.id, code: withdrawn.code, version: withdrawn.version };
    await act(t, 'citizenA', dossierWithdrawn, { action: 'withdraw', reason: 'Nộp nhầm thủ tục' });

    const counter = ok(
      await callAs(t, 'POST', '/api/v1/desk/dossiers', sessions.get('clerkTanNinh'), {
        body: { procedureCode: '1.001193', receivingAgencyId: tanNinh.id, applicant: applicantCounter },
      }),
      201,
    );
    const upload = await t.upload(sessions.get('citizenA') as string, {
      name: 'anh-chan-dung.png',
      bytes: sampleFile('sample.png'),
    });
    const notifications = ok(await callAs(t, 'GET', '/api/v1/notifications', sessions.get('citizenA')));
    const notificationA = (notifications.items as { id: string; dossierId: string }[]).find(
      (n) => n.dossierId === dossierA.id,
    )?.id;
    assert.ok(notificationA, 'A was notified about her dossier');
    f = {
      ...partial,
      dossierA,
      dossierRefused,
      dossierWithdrawn,
      dossierCounter: { id: counter.id, code: counter.code, version: counter.version },
      fileA: ok(upload, 201).id,
      fileAttached: filed.files[0] as string,
      notificationA,
      officerIds,
    };
    openapi = new Set(
      Object.entries(ok(await t.call('GET', '/docs/json')).paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
  });
  after(async () => {
    const rows = matrix.length + hidden.length;
    const unsafe = matrix.filter((r) => !r.op.startsWith('GET ')).length;
    console.log(
      `authorization matrix: ${openapi?.size ?? '?'} operations in ${matrix.length} rows + ${hidden.length} hidden routes = ${rows} rows × ${callers.length} callers = ${rows * callers.length} cells; CSRF: ${unsafe} state-changing rows × 2 variants × ${callers.length} callers = ${unsafe * 2 * callers.length} cells; ${cellsRun} cells run`,
    );
    await t?.close();
    await idp?.close();
    await nationalDb?.close();
  });

  test('every operation of the OpenAPI description has a row, and every row an operation', () => {
    const covered = new Set(matrix.map((r) => r.op));
    assert.deepEqual(
      [...openapi].filter((op) => !covered.has(op)),
      [],
      'operations without a row in the matrix: add them',
    );
    assert.deepEqual(
      [...covered].filter((op) => !openapi.has(op)),
      [],
      'rows of operations the OpenAPI description no longer has',
    );
  });

  test('every route registered outside the OpenAPI description is listed as hidden (or is a static file)', () => {
    // The tree with common prefixes: without them, find-my-way prints a wildcard after a parameter
    // (`/gateway/:service/*`) as a bare `*`.
    const registered = registeredRoutes(t.app.printRoutes());
    const known = new Set([...openapi, ...hidden.map((r) => r.op)]);
    // Swagger UI's own files, and the web app's (its assets, index.html, favicon).
    const isStatic = (path: string) =>
      /^\/docs[/*]/.test(path) || path.startsWith('/assets/') || /^\/[^/]+\.\w+$/.test(path);
    const path = (op: string) => op.slice(op.indexOf(' ') + 1);
    const asOpenApi = (op: string) => op.replace(/:(\w+)/g, '{$1}');
    const unknown = registered.filter((op) => !known.has(asOpenApi(op)) && !isStatic(path(op)));
    assert.deepEqual(unknown, [], 'routes neither in the OpenAPI description nor in the hidden list');
    const parsed = new Set(registered.map(asOpenApi));
    assert.deepEqual(
      [...openapi, ...hidden.map((r) => r.op)].filter((op) => !parsed.has(op)),
      [],
      'the route tree was read whole',
    );
  });

  const runRow = async (row: Row, variant: 'normal' | 'no CSRF header' | 'foreign Origin') => {
    const secrets = secretsOf(f);
    const problems: string[] = [];
    const method = row.op.slice(0, row.op.indexOf(' '));
    for (const [column, caller] of callers.entries()) {
      const base = sessions.get(caller);
      const cookie = row.ownSession && caller !== 'anonymous' ? await t.login(usernames[caller]) : base;
      const cell: Cell = { t, f, caller, cookie, serial: nextSerial() };
      const req = await row.request(cell);
      const expected = variant === 'normal' || row.machine ? (row.expect[column] as Status) : 403;
      const countsBefore = variant === 'normal' ? null : await tableCounts(t);
      const headers = {
        ...req.headers,
        ...(variant === 'foreign Origin' ? { origin: 'https://tan-ninh.example.com' } : {}),
      };
      const res = await callAs(t, method, req.url, cookie, {
        body: req.body,
        payload: req.payload,
        headers,
        csrfHeader: variant !== 'no CSRF header',
      });
      cellsRun++;
      const where = `${row.op}${row.target ? ` [${row.target}]` : ''} ${variant === 'normal' ? '' : `(${variant}) `}as ${caller}`;
      try {
        assert.equal(res.statusCode, expected, `status ${res.statusCode}: ${res.body.slice(0, 300)}`);
        const text = await bodyText(res);
        // A PDF may break a name or a code across lines: compare without white space too.
        const compactText = compact(text);
        const revealed = row.reveals?.(f) ?? [];
        for (const secret of secrets) {
          if (secret.readers.includes(caller) && res.statusCode < 300) continue;
          for (const value of secret.values) {
            if (typeof value === 'string' && revealed.includes(value)) continue;
            const leaked =
              typeof value === 'string'
                ? text.includes(value) || compactText.includes(compact(value))
                : Buffer.from(res.rawPayload).indexOf(value) >= 0;
            assert.ok(!leaked, `shows ${secret.name}: ${typeof value === 'string' ? value : '(bytes)'}`);
          }
        }
        if (res.statusCode >= 400) {
          assertErrorShape(
            res,
            row.machine?.errorCode ??
              (variant === 'normal'
                ? (row.errorCodes?.[caller] ?? (expectedCode[expected] as string))
                : 'CSRF_REJECTED'),
          );
        } else if (row.check) {
          await row.check(cell, res, text);
        }
        if (countsBefore) assert.deepEqual(await tableCounts(t), countsBefore, 'nothing written');
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        await row.cleanup?.(cell, res);
      }
    }
    return problems;
  };

  test('each cell answers as the matrix says, and shows nothing the caller may not read', async () => {
    const problems: string[] = [];
    for (const row of [...matrix, ...hidden]) problems.push(...(await runRow(row, 'normal')));
    assert.deepEqual(problems, []);
  });

  test('state-changing operations refuse requests without X-Congso-Request or from another site, writing nothing', async () => {
    const problems: string[] = [];
    for (const row of matrix.filter((r) => !r.op.startsWith('GET '))) {
      problems.push(...(await runRow(row, 'no CSRF header')));
      problems.push(...(await runRow(row, 'foreign Origin')));
    }
    assert.deepEqual(problems, []);
  });
});

/** `METHOD /path` of every route in Fastify's printed route tree (HEAD routes that shadow a GET left out). */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = Math.round((m[1] as string).length / 4);
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + (m[2] as string);
    stack[depth] = path;
    for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD') out.push(`${method} ${path}`);
  }
  return out;
}
