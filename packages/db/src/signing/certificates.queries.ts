import {
  type CertificateKind,
  type CertificateStatus,
  foldVietnamese,
  type RegistryCounts,
  registryCountsOf,
} from '@congso/core';
import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { type Executor, likeEscape } from '../connection';
import { agencies, certificateAuthorities, certificates, people } from '../schema/index';

export type CertificateAuthorityRow = typeof certificateAuthorities.$inferSelect;
export type NewCertificateAuthority = typeof certificateAuthorities.$inferInsert;
export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;

/** The root or issuing CA in force. */
export async function getActiveAuthority(
  db: Executor,
  kind: 'root' | 'issuing',
): Promise<CertificateAuthorityRow | undefined> {
  const [row] = await db
    .select()
    .from(certificateAuthorities)
    .where(and(eq(certificateAuthorities.kind, kind), eq(certificateAuthorities.active, true)))
    .limit(1);
  return row;
}

/** Inserts a CA unless one of its kind is already in force (a concurrent first start); returns whether it did. */
export async function insertAuthorityIfNone(tx: Executor, values: NewCertificateAuthority): Promise<boolean> {
  const rows = await tx.insert(certificateAuthorities).values(values).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function insertCertificate(tx: Executor, values: NewCertificate): Promise<CertificateRow> {
  const [row] = await tx.insert(certificates).values(values).returning();
  return row as CertificateRow;
}

export async function getCertificateById(db: Executor, id: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  return row;
}

export async function getCertificateBySerial(db: Executor, serialNumber: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.serialNumber, serialNumber)).limit(1);
  return row;
}

/** Revokes a certificate if `version` still matches and it is not revoked; undefined otherwise. */
export async function revokeCertificateRow(
  tx: Executor,
  input: { id: string; version: number; revokedAt: Date; reason: string; revokedBy: string | null },
): Promise<CertificateRow | undefined> {
  const [row] = await tx
    .update(certificates)
    .set({
      revokedAt: input.revokedAt,
      revocationReason: input.reason,
      revokedBy: input.revokedBy,
      updatedAt: input.revokedAt,
      version: sql`${certificates.version} + 1`,
    })
    .where(and(eq(certificates.id, input.id), eq(certificates.version, input.version), isNull(certificates.revokedAt)))
    .returning();
  return row;
}

/** The SQL of a certificate's status at `now` (core's certificateStatusOf, in the database). */
export function certificateStatusSql(now: Date): SQL<CertificateStatus> {
  return sql<CertificateStatus>`(case when ${certificates.revokedAt} is not null then 'revoked'
    when ${certificates.notAfter} <= ${now.toISOString()}::timestamptz then 'expired' else 'active' end)`;
}

export interface ListCertificatesInput {
  now: Date;
  kind?: CertificateKind;
  status?: CertificateStatus;
  /** Name, subject or serial, diacritics ignored. */
  q?: string;
  personId?: string;
  agencyId?: string;
  limit: number;
  offset: number;
}

function listConditions(input: Omit<ListCertificatesInput, 'limit' | 'offset' | 'status'>): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [];
  if (input.kind) conditions.push(eq(certificates.kind, input.kind));
  if (input.personId) conditions.push(eq(certificates.personId, input.personId));
  if (input.agencyId) conditions.push(eq(certificates.agencyId, input.agencyId));
  if (input.q) {
    const folded = foldVietnamese(input.q.normalize('NFC')).toLowerCase();
    conditions.push(sql`${certificates.searchText} like ${`%${likeEscape(folded)}%`}`);
  }
  return conditions;
}

/** The registry: certificates newest first, with the holder's name and agency, and the counts by kind and status. */
export async function listCertificates(db: Executor, input: ListCertificatesInput) {
  const status = certificateStatusSql(input.now);
  const conditions = listConditions(input);
  if (input.status) conditions.push(sql`${status} = ${input.status}`);
  const where = and(...conditions);
  const rows = await db
    .select({
      certificate: certificates,
      status,
      personName: people.fullName,
      agencyName: agencies.name,
    })
    .from(certificates)
    .leftJoin(people, eq(people.id, certificates.personId))
    .leftJoin(agencies, eq(agencies.id, sql`coalesce(${certificates.agencyId}, ${people.agencyId})`))
    .where(where)
    .orderBy(desc(certificates.createdAt), asc(certificates.serialNumber))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(where);
  return { items: rows, total: Number(total?.n ?? 0) };
}

/** Counts by kind and status at `now` (the registry's tiles), over the whole registry. */
export async function countCertificates(db: Executor, now: Date): Promise<RegistryCounts> {
  const status = certificateStatusSql(now);
  const cells = await db
    .select({ kind: certificates.kind, status, count: sql<number>`count(*)::int` })
    .from(certificates)
    .groupBy(sql`1, 2`);
  return registryCountsOf(
    cells.map((c) => ({ kind: c.kind as CertificateKind, status: c.status, count: Number(c.count) })),
  );
}

/** The revocation state of serials (OCSP): serials the registry holds, revoked or not. */
export async function certificateStatesBySerial(db: Executor, serialNumbers: string[]) {
  if (serialNumbers.length === 0) return [];
  return db
    .select({
      serialNumber: certificates.serialNumber,
      revokedAt: certificates.revokedAt,
      revocationReason: certificates.revocationReason,
    })
    .from(certificates)
    .where(inArray(certificates.serialNumber, serialNumbers));
}

/** The holders (person, agency) of certificates by serial number (lowercase hex, as stored). */
export async function certificateHoldersBySerial(db: Executor, serialNumbers: string[]) {
  if (serialNumbers.length === 0) return [];
  return db
    .select({
      serialNumber: certificates.serialNumber,
      kind: certificates.kind,
      personId: certificates.personId,
      agencyId: certificates.agencyId,
    })
    .from(certificates)
    .where(inArray(certificates.serialNumber, serialNumbers));
}

/** Every revoked certificate of a CA (the CRL's entries), oldest revocation first. */
export async function revokedCertificates(db: Executor, authorityId: string) {
  return db
    .select({
      serialNumber: certificates.serialNumber,
      revokedAt: certificates.revokedAt,
      revocationReason: certificates.revocationReason,
    })
    .from(certificates)
    .where(and(eq(certificates.authorityId, authorityId), isNotNull(certificates.revokedAt)))
    .orderBy(asc(certificates.revokedAt), asc(certificates.serialNumber));
}

/**
 * The certificate a person or an agency signs with at `now`: active, of the holder's kind, the newest first.
 */
export async function activeCertificateOf(
  db: Executor,
  holder: { personId: string } | { agencyId: string },
  now: Date,
): Promise<CertificateRow | undefined> {
  const byHolder =
    'personId' in holder
      ? and(eq(certificates.kind, 'personal'), eq(certificates.personId, holder.personId))
      : and(eq(certificates.kind, 'organization'), eq(certificates.agencyId, holder.agencyId));
  const [row] = await db
    .select()
    .from(certificates)
    .where(
      and(
        byHolder,
        sql`${certificateStatusSql(now)} = 'active'`,
        sql`${certificates.notBefore} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(certificates.notBefore))
    .limit(1);
  return row;
}

/** The newest active service certificate (timestamping, ocsp) at `now`. */
export async function activeServiceCertificate(db: Executor, kind: 'timestamping' | 'ocsp', now: Date) {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.kind, kind), sql`${certificateStatusSql(now)} = 'active'`))
    .orderBy(desc(certificates.notBefore))
    .limit(1);
  return row;
}

export async function countAllCertificates(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates);
  return Number(row?.n ?? 0);
}
