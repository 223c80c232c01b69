/**
 * The certificate registry: the province CA kept in the database (created on first need), certificates issued
 * and revoked as use cases (one transaction with the audit event), and what the public endpoints and the signing
 * service read (CRL entries, OCSP states, a holder's signing key). Keys are stored as encrypted PKCS#8
 * (SIGNING_KEY_PASSPHRASE); decrypted CA keys are kept per process (the database stays the truth).
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  authorize,
  type CertificateKind,
  CongsoError,
  type IssueCertificateBody,
  type OfficerRole,
  type RevocationReason,
  type RevokeCertificateBody,
  roleLabels,
} from '@congso/core';
import {
  activeCertificateOf,
  activeServiceCertificate,
  type CertificateAuthorityRow,
  type CertificateRow,
  type Connection,
  certificateHoldersBySerial,
  certificateStatesBySerial,
  getActiveAuthority,
  getAgencyById,
  getCertificateById,
  getPersonById,
  getProvinceRoot,
  getProvinceSetting,
  insertAuthorityIfNone,
  insertCertificate,
  queryRows,
  recordAudit,
  revokeCertificateRow,
  revokedCertificates,
  sql,
} from '@congso/db';
import type { Config } from '../config';
import {
  answerOcsp,
  buildCrl,
  type CaCredential,
  type Credential,
  createCertificateAuthority,
  decryptPrivateKey,
  encryptPrivateKey,
  type IssuedCertificate,
  issueCertificate,
  nameField,
  type PkiUrls,
  parseCertificate,
  type SubjectInput,
} from './pki/index';

/** What the registry needs of the server's context (the seed has no full AppContext). */
export interface RegistryContext {
  connection: Connection;
  config: Config;
  now: () => Date;
}

interface Meta {
  ip: string | null;
  requestId: string;
}

/** The public addresses written into certificates, under PUBLIC_BASE_URL. */
export function pkiUrls(config: Config) {
  const base = config.PUBLIC_BASE_URL;
  return {
    rootCrl: `${base}/pki/root.crl`,
    issuingCrl: `${base}/pki/issuing.crl`,
    ocsp: `${base}/pki/ocsp`,
    rootCertificate: `${base}/pki/root.cer`,
    issuingCertificate: `${base}/pki/issuing.cer`,
  };
}

function issuingUrls(config: Config): PkiUrls {
  const urls = pkiUrls(config);
  return { crl: urls.issuingCrl, ocsp: urls.ocsp, caIssuers: urls.issuingCertificate };
}

export interface ProvinceAuthority {
  root: CaCredential;
  issuing: CaCredential;
  rootRow: CertificateAuthorityRow;
  issuingRow: CertificateAuthorityRow;
  /** The delegated OCSP responder, with its key. */
  ocspResponder: Credential & { privateKey: CryptoKey };
}

type CryptoKey = import('./pki/index').CryptoKey;

const authorities = new WeakMap<Connection, Promise<ProvinceAuthority>>();

/** A lock id of its own for pg_advisory_xact_lock: creating the CA once when several processes start together. */
const CA_LOCK = 7_240_012;

/**
 * The province CA (root, issuing CA, OCSP responder), created in the database on first need and then read back
 * with decrypted keys, once per process.
 */
export function provinceAuthority(ctx: RegistryContext): Promise<ProvinceAuthority> {
  let promise = authorities.get(ctx.connection);
  if (!promise) {
    promise = loadOrCreateAuthority(ctx);
    authorities.set(ctx.connection, promise);
    promise.catch(() => authorities.delete(ctx.connection));
  }
  return promise;
}

/**
 * The province CA when it exists, else null: never creates it (what anonymous requests read, so they write
 * nothing; the server's start and the seed create it with `provinceAuthority`).
 */
export async function existingProvinceAuthority(ctx: RegistryContext): Promise<ProvinceAuthority | null> {
  if (!authorities.has(ctx.connection) && !(await getActiveAuthority(ctx.connection.db, 'issuing'))) return null;
  return provinceAuthority(ctx);
}

/**
 * The province CA for what anonymous clients fetch (CRLs, CA certificates, OCSP): read, never created on their
 * request. Before the server's start (or the seed) has made it there is nothing to publish: 404.
 */
export async function publishedAuthority(ctx: RegistryContext): Promise<ProvinceAuthority> {
  const authority = await existingProvinceAuthority(ctx);
  if (!authority) throw new CongsoError('NOT_FOUND', { details: { reason: 'no certificate authority yet' } });
  return authority;
}

/**
 * Counts the registry's changes made by this process (issue, revoke, a new service certificate), per database:
 * the signing environment rebuilds what it keeps when the count moved. Revocation itself is always read live.
 */
const changes = new WeakMap<Connection, number>();

export function registryChanges(connection: Connection): number {
  return changes.get(connection) ?? 0;
}

function changed(connection: Connection) {
  changes.set(connection, registryChanges(connection) + 1);
}

/**
 * What the server's start (and the seed) makes once so that nothing public has to: the province CA and the
 * time-stamping certificate.
 */
export async function prepareProvinceAuthority(ctx: RegistryContext): Promise<ProvinceAuthority> {
  const authority = await provinceAuthority(ctx);
  await timestampingCredential(ctx);
  return authority;
}

async function loadOrCreateAuthority(ctx: RegistryContext): Promise<ProvinceAuthority> {
  const db = ctx.connection.db;
  if (!(await getActiveAuthority(db, 'issuing'))) await createAuthority(ctx);
  const rootRow = await getActiveAuthority(db, 'root');
  const issuingRow = await getActiveAuthority(db, 'issuing');
  const responderRow = await activeServiceCertificate(db, 'ocsp', ctx.now());
  if (!rootRow || !issuingRow || !responderRow?.privateKeyPem) {
    throw new CongsoError('INTERNAL', { details: { reason: 'province CA incomplete' } });
  }
  const passphrase = ctx.config.SIGNING_KEY_PASSPHRASE;
  const [rootKey, issuingKey, responderKey] = await Promise.all([
    decryptPrivateKey(rootRow.privateKeyPem, passphrase),
    decryptPrivateKey(issuingRow.privateKeyPem, passphrase),
    decryptPrivateKey(responderRow.privateKeyPem, passphrase),
  ]);
  return {
    root: { ...parseCertificate(rootRow.certificatePem), privateKey: rootKey.cryptoKey },
    issuing: { ...parseCertificate(issuingRow.certificatePem), privateKey: issuingKey.cryptoKey },
    rootRow,
    issuingRow,
    ocspResponder: { ...parseCertificate(responderRow.certificatePem), privateKey: responderKey.cryptoKey },
  };
}

async function createAuthority(ctx: RegistryContext): Promise<void> {
  const db = ctx.connection.db;
  const province = await getProvinceSetting(db);
  const now = ctx.now();
  const urls = pkiUrls(ctx.config);
  await db.transaction(async (tx) => {
    await queryRows(tx, sql`select pg_advisory_xact_lock(${CA_LOCK})`);
    if (await getActiveAuthority(tx, 'issuing')) return;
    const ca = await createCertificateAuthority({
      province: province?.name ?? 'Congso',
      now,
      urls: {
        root: { crl: urls.rootCrl, caIssuers: urls.rootCertificate },
        issuing: { crl: urls.issuingCrl, caIssuers: urls.issuingCertificate },
      },
    });
    const passphrase = ctx.config.SIGNING_KEY_PASSPHRASE;
    const rootId = randomUUID();
    const issuingId = randomUUID();
    await insertAuthorityIfNone(tx, {
      id: rootId,
      kind: 'root',
      subject: ca.root.subject,
      serialNumber: ca.root.serialNumber,
      notBefore: ca.root.notBefore,
      notAfter: ca.root.notAfter,
      certificatePem: ca.root.pem,
      privateKeyPem: encryptPrivateKey(ca.root.privateKey, passphrase),
    });
    await insertAuthorityIfNone(tx, {
      id: issuingId,
      kind: 'issuing',
      parentId: rootId,
      subject: ca.issuing.subject,
      serialNumber: ca.issuing.serialNumber,
      notBefore: ca.issuing.notBefore,
      notAfter: ca.issuing.notAfter,
      certificatePem: ca.issuing.pem,
      privateKeyPem: encryptPrivateKey(ca.issuing.privateKey, passphrase),
    });
    const responder = await insertIssued(tx, issuingId, ca.ocspResponder, { passphrase, issuedBy: null });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: null,
      action: 'certificate_authority.created',
      entityType: 'certificate_authority',
      entityId: issuingId,
      data: { root: ca.root.subject, issuing: ca.issuing.subject, ocspResponder: responder.serialNumber },
      ip: null,
      requestId: null,
    });
  });
}

type Tx = Parameters<Parameters<Connection['db']['transaction']>[0]>[0];

async function insertIssued(
  tx: Tx,
  authorityId: string,
  issued: IssuedCertificate,
  options: { passphrase: string; issuedBy: string | null; personId?: string; agencyId?: string },
): Promise<CertificateRow> {
  return insertCertificate(tx, {
    authorityId,
    kind: issued.kind,
    subject: issued.subject,
    commonName: nameField(issued.certificate.subjectName, 'commonName') ?? issued.subject,
    personId: options.personId ?? null,
    agencyId: options.agencyId ?? null,
    serialNumber: issued.serialNumber,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    certificatePem: issued.pem,
    privateKeyPem: issued.privateKey ? encryptPrivateKey(issued.privateKey, options.passphrase) : null,
    keyStorage: 'database',
    issuedBy: options.issuedBy,
  });
}

/** The position written as a personal certificate's title, from the officer's roles (signers first). */
const titleOrder: OfficerRole[] = [
  'agency_leader',
  'department_head',
  'document_clerk',
  'specialist',
  'one_stop_clerk',
];

function titleOf(roles: readonly string[]): string | undefined {
  const role = titleOrder.find((r) => roles.includes(r));
  return role ? roleLabels[role].vi : undefined;
}

/** The root agency's id: the registry is the province's, so rights are checked against the root. */
async function provinceRootPath(ctx: RegistryContext): Promise<string[]> {
  const province = await getProvinceSetting(ctx.connection.db);
  const root = province ? await getProvinceRoot(ctx.connection.db, province.code) : undefined;
  return root ? [root.id] : [];
}

export async function authorizeRegistry(
  ctx: RegistryContext,
  actor: Actor,
  permission: 'certificate.read' | 'certificate.manage',
) {
  authorize(actor, permission, { agencyPath: await provinceRootPath(ctx) });
}

/** A certificate's holder, checked: an active officer (personal) or an agency in force (organization). */
async function subjectFor(ctx: RegistryContext, body: IssueCertificateBody) {
  const db = ctx.connection.db;
  const province = (await getProvinceSetting(db))?.name;
  if (body.kind === 'personal') {
    const person = await getPersonById(db, body.personId);
    if (person?.kind !== 'officer') {
      throw new CongsoError('VALIDATION_FAILED', {
        messages: {
          vi: 'Chỉ cấp chứng thư cá nhân cho cán bộ.',
          en: 'Personal certificates are issued to officers only.',
        },
        details: [{ path: 'personId', code: 'not_an_officer' }],
      });
    }
    if (!person.active) {
      throw new CongsoError('INVALID_STATE', {
        messages: { vi: 'Tài khoản cán bộ này đã bị khóa.', en: 'This officer’s account is disabled.' },
      });
    }
    const agency = person.agencyId ? await getAgencyById(db, person.agencyId) : undefined;
    const subject: SubjectInput = {
      kind: 'personal',
      fullName: person.fullName,
      ...(person.nationalId ? { nationalId: person.nationalId } : {}),
      ...(titleOf(person.roles) ? { title: titleOf(person.roles) } : {}),
      ...(agency ? { organization: agency.name } : {}),
      ...(province ? { province } : {}),
      ...(person.email ? { email: person.email } : {}),
    };
    return { subject, holder: { personId: person.id }, agencyId: person.agencyId };
  }
  const agency = await getAgencyById(db, body.agencyId);
  if (!agency) {
    throw new CongsoError('VALIDATION_FAILED', {
      messages: { vi: 'Không tìm thấy cơ quan.', en: 'No such agency.' },
      details: [{ path: 'agencyId', code: 'not_found' }],
    });
  }
  if (agency.validTo) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Cơ quan này đã hết hiệu lực.', en: 'This agency is no longer in force.' },
    });
  }
  const subject: SubjectInput = {
    kind: 'organization',
    agencyName: agency.name,
    agencyCode: agency.code,
    ...(province ? { province } : {}),
  };
  return { subject, holder: { agencyId: agency.id }, agencyId: agency.id };
}

/**
 * Issues a personal or an organisation certificate (province administrators): a new key pair, the certificate
 * signed by the issuing CA with the CRL and OCSP addresses, the key encrypted; one transaction with its audit event.
 */
export async function issueRegistryCertificate(
  ctx: RegistryContext,
  actor: Actor | null,
  body: IssueCertificateBody,
  meta: Meta | null,
): Promise<CertificateRow> {
  if (actor) await authorizeRegistry(ctx, actor, 'certificate.manage');
  const { subject, holder, agencyId } = await subjectFor(ctx, body);
  const authority = await provinceAuthority(ctx);
  const now = ctx.now();
  const issued = await issueCertificate(authority.issuing, {
    subject,
    now,
    ...(body.validityDays ? { validityDays: body.validityDays } : {}),
    urls: issuingUrls(ctx.config),
  });
  const issuedRow = await ctx.connection.db.transaction(async (tx) => {
    const row = await insertIssued(tx, authority.issuingRow.id, issued, {
      passphrase: ctx.config.SIGNING_KEY_PASSPHRASE,
      issuedBy: actor?.id ?? null,
      ...holder,
    });
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor?.id ?? null,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: row.id,
      agencyId: agencyId ?? null,
      data: { kind: row.kind, serialNumber: row.serialNumber, subject: row.subject, notAfter: row.notAfter },
      ip: meta?.ip ?? null,
      requestId: meta?.requestId ?? null,
    });
    return row;
  });
  changed(ctx.connection);
  return issuedRow;
}

/**
 * Revokes a certificate with a reason (RFC 5280), version-checked; one transaction with its audit event.
 * `actor` null: the operator at the server's console (`congso certificates revoke`).
 */
export async function revokeRegistryCertificate(
  ctx: RegistryContext,
  actor: Actor | null,
  id: string,
  body: RevokeCertificateBody,
  meta: Meta | null,
): Promise<CertificateRow> {
  if (actor) await authorizeRegistry(ctx, actor, 'certificate.manage');
  const db = ctx.connection.db;
  const current = await getCertificateById(db, id);
  if (!current) throw new CongsoError('NOT_FOUND');
  if (current.revokedAt) {
    throw new CongsoError('INVALID_STATE', {
      messages: { vi: 'Chứng thư này đã bị thu hồi.', en: 'This certificate is already revoked.' },
    });
  }
  if (current.kind === 'ocsp') {
    throw new CongsoError('INVALID_STATE', {
      messages: {
        vi: 'Không thu hồi chứng thư của dịch vụ trả lời trạng thái (OCSP) tại đây.',
        en: 'The status responder’s (OCSP) certificate is not revoked here.',
      },
    });
  }
  const now = ctx.now();
  const revoked = await db.transaction(async (tx) => {
    const row = await revokeCertificateRow(tx, {
      id,
      version: body.version,
      revokedAt: now,
      reason: body.reason,
      revokedBy: actor?.id ?? null,
    });
    if (!row) throw new CongsoError('VERSION_CONFLICT');
    await recordAudit(tx, {
      occurredAt: now,
      actorId: actor?.id ?? null,
      action: 'certificate.revoked',
      entityType: 'certificate',
      entityId: row.id,
      agencyId: row.agencyId,
      reason: body.note ?? null,
      data: { reason: body.reason, serialNumber: row.serialNumber, ...(actor ? {} : { via: 'cli' }) },
      ip: meta?.ip ?? null,
      requestId: meta?.requestId ?? null,
    });
    return row;
  });
  changed(ctx.connection);
  return revoked;
}

const crlCache = new WeakMap<Connection, Map<string, Buffer>>();

/**
 * The CRL of the root or the issuing CA, built from the live revocation state. Nothing is written to publish it:
 * `thisUpdate` is the later of the start of the current hour and the latest revocation, and the CRL number is
 * that instant in seconds, so it grows with every change, and every process builds the same CRL (RSA PKCS#1 v1.5
 * signatures are deterministic). `nextUpdate` is a day after the hour.
 */
export async function currentCrl(ctx: RegistryContext, which: 'root' | 'issuing'): Promise<Buffer> {
  const authority = await publishedAuthority(ctx);
  const ca = which === 'root' ? authority.root : authority.issuing;
  const row = which === 'root' ? authority.rootRow : authority.issuingRow;
  const revoked = which === 'root' ? [] : await revokedCertificates(ctx.connection.db, row.id);
  const hour = Math.floor(ctx.now().getTime() / 3_600_000) * 3_600_000;
  const latest = revoked.reduce((max, r) => Math.max(max, r.revokedAt?.getTime() ?? 0), 0);
  const thisUpdate = Math.floor(Math.max(hour, latest) / 1000) * 1000;
  const key = `${which}:${thisUpdate}:${revoked.length}`;
  let cache = crlCache.get(ctx.connection);
  if (!cache) {
    cache = new Map();
    crlCache.set(ctx.connection, cache);
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const der = await buildCrl(ca, {
    entries: revoked.map((r) => ({
      serialNumber: r.serialNumber,
      revokedAt: r.revokedAt as Date,
      reason: r.revocationReason as RevocationReason,
    })),
    thisUpdate: new Date(thisUpdate),
    nextUpdate: new Date(hour + 86_400_000),
    crlNumber: thisUpdate / 1000,
  });
  if (cache.size > 16) cache.clear();
  cache.set(key, der);
  return der;
}

/** Answers an OCSP request (DER) from the live revocation state; never throws for a bad request. */
export async function answerOcspRequest(ctx: RegistryContext, request: Uint8Array): Promise<Buffer> {
  const authority = await publishedAuthority(ctx);
  return answerOcsp(request, {
    responder: authority.ocspResponder,
    issuer: authority.issuing,
    now: ctx.now(),
    lookup: async (serials) => {
      const rows = await certificateStatesBySerial(ctx.connection.db, serials);
      return new Map(
        rows.map((r) => [
          r.serialNumber,
          r.revokedAt
            ? { status: 'revoked' as const, revokedAt: r.revokedAt, reason: r.revocationReason as RevocationReason }
            : { status: 'good' as const },
        ]),
      );
    },
  });
}

/** The CA's certificates: the trust anchor (root) and the intermediate (issuing), DER. */
export async function trustAnchors(ctx: RegistryContext): Promise<{ root: Buffer; intermediates: Buffer[] }> {
  const authority = await provinceAuthority(ctx);
  return { root: authority.root.der, intermediates: [authority.issuing.der] };
}

/** A serial number as one key: lowercase hex without leading zeros (`00AB12` and `ab12` are the same). */
export function normalizeSerial(hex: string): string {
  return hex
    .trim()
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
}

/** The spellings a stored serial of `hex` may have: lowercase, with leading zeros up to 20 bytes (RFC 5280). */
function serialSpellings(hex: string): string[] {
  const bare = normalizeSerial(hex);
  if (!/^[0-9a-f]{1,40}$/.test(bare)) return [];
  const out = [bare];
  for (let n = bare.length + 1; n <= 40; n++) out.push(bare.padStart(n, '0'));
  return out;
}

/**
 * The revocation state of serials (hex, any case, leading zeros or not), as the registry holds it, keyed by the
 * normalised serial (`normalizeSerial`): absent = unknown to the registry.
 */
export async function certificateStates(ctx: RegistryContext, serialNumbers: string[]) {
  const rows = await certificateStatesBySerial(ctx.connection.db, [...new Set(serialNumbers.flatMap(serialSpellings))]);
  return new Map(
    rows.map((r) => [
      normalizeSerial(r.serialNumber),
      r.revokedAt
        ? { status: 'revoked' as const, revokedAt: r.revokedAt, reason: r.revocationReason as RevocationReason }
        : { status: 'good' as const },
    ]),
  );
}

/** Who holds the certificates of these serials (hex, any spelling), keyed by the normalised serial. */
export async function certificateHolders(ctx: RegistryContext, serialNumbers: string[]) {
  const rows = await certificateHoldersBySerial(ctx.connection.db, [
    ...new Set(serialNumbers.flatMap(serialSpellings)),
  ]);
  return new Map(
    rows.map((r) => [normalizeSerial(r.serialNumber), { kind: r.kind, personId: r.personId, agencyId: r.agencyId }]),
  );
}

/** A key file as the signing service reads it: the encrypted key, its passphrase, the chain leaf first (PEM). */
export interface SigningKeyFile {
  certificateId: string;
  serialNumber: string;
  kind: CertificateKind;
  keyPem: string;
  passphrase: string;
  certificatesPem: string;
}

/**
 * The signing key of a person (their active personal certificate) or an agency (its active organisation
 * certificate), or null when they have none whose key the registry holds.
 */
export async function signingKeyOf(
  ctx: RegistryContext,
  holder: { personId: string } | { agencyId: string },
): Promise<SigningKeyFile | null> {
  const row = await activeCertificateOf(ctx.connection.db, holder, ctx.now());
  if (!row?.privateKeyPem) return null;
  const authority = await provinceAuthority(ctx);
  return {
    certificateId: row.id,
    serialNumber: row.serialNumber,
    kind: row.kind as CertificateKind,
    keyPem: row.privateKeyPem,
    passphrase: ctx.config.SIGNING_KEY_PASSPHRASE,
    certificatesPem: row.certificatePem + authority.issuing.pem + authority.root.pem,
  };
}

/**
 * The time-stamping key file (certificate with EKU timeStamping, its encrypted key, the chain leaf first), issued
 * when missing (one transaction with its audit event) unless `create` is false: then null. The server's start
 * creates it, so the public POST /tsa only ever reads.
 */
export async function timestampingCredential(
  ctx: RegistryContext,
  options: { create?: boolean } = {},
): Promise<SigningKeyFile | null> {
  const db = ctx.connection.db;
  let row = await activeServiceCertificate(db, 'timestamping', ctx.now());
  if (!row && options.create === false) return null;
  const authority = await provinceAuthority(ctx);
  if (!row) {
    const now = ctx.now();
    row = await db.transaction(async (tx) => {
      await queryRows(tx, sql`select pg_advisory_xact_lock(${CA_LOCK})`);
      const existing = await activeServiceCertificate(tx, 'timestamping', now);
      if (existing) return existing;
      const province = (await getProvinceSetting(tx))?.name ?? 'Congso';
      const issued = await issueCertificate(authority.issuing, {
        subject: {
          kind: 'timestamping',
          name: `Congso ${province} TSA (thử nghiệm)`,
          organization: `UBND tỉnh ${province}`,
          province,
        },
        now,
        urls: issuingUrls(ctx.config),
      });
      const inserted = await insertIssued(tx, authority.issuingRow.id, issued, {
        passphrase: ctx.config.SIGNING_KEY_PASSPHRASE,
        issuedBy: null,
      });
      await recordAudit(tx, {
        occurredAt: now,
        actorId: null,
        action: 'certificate.issued',
        entityType: 'certificate',
        entityId: inserted.id,
        data: { kind: inserted.kind, serialNumber: inserted.serialNumber, subject: inserted.subject },
        ip: null,
        requestId: null,
      });
      return inserted;
    });
    changed(ctx.connection);
  }
  if (!row.privateKeyPem) throw new CongsoError('INTERNAL', { details: { reason: 'TSA key missing' } });
  return {
    certificateId: row.id,
    serialNumber: row.serialNumber,
    kind: row.kind as CertificateKind,
    keyPem: row.privateKeyPem,
    passphrase: ctx.config.SIGNING_KEY_PASSPHRASE,
    certificatesPem: row.certificatePem + authority.issuing.pem + authority.root.pem,
  };
}
