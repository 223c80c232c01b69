import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { organisationRepresentatives, people } from '../schema/index';

export type RepresentationRow = typeof organisationRepresentatives.$inferSelect;

/** A link with the names it is shown with: the organisation's, the person's, the grantor's. */
export interface RepresentationListRow extends RepresentationRow {
  organisationName: string;
  organisationTaxCode: string | null;
  personName: string;
  personNationalId: string | null;
  grantedByName: string | null;
}

/**
 * The links of a person (the organisations they act for) or of an organisation (who acts for it), newest
 * first, revoked and expired ones included (the record of them).
 */
export async function listRepresentations(
  db: Executor,
  where: { personId: string } | { organisationId: string },
): Promise<RepresentationListRow[]> {
  const r = organisationRepresentatives;
  const rows = await db
    .select({
      link: r,
      organisationName: people.fullName,
      organisationTaxCode: people.taxCode,
      personName: sql<string>`(select p.full_name from people p where p.id = ${r.personId})`,
      personNationalId: sql<string | null>`(select p.national_id from people p where p.id = ${r.personId})`,
      grantedByName: sql<string | null>`(select p.full_name from people p where p.id = ${r.grantedBy})`,
    })
    .from(r)
    .innerJoin(people, eq(people.id, r.organisationId))
    .where('personId' in where ? eq(r.personId, where.personId) : eq(r.organisationId, where.organisationId))
    .orderBy(desc(r.createdAt), desc(r.id));
  return rows.map(({ link, ...names }) => ({ ...link, ...names }));
}

export async function getRepresentation(db: Executor, id: string): Promise<RepresentationRow | undefined> {
  const [row] = await db.select().from(organisationRepresentatives).where(eq(organisationRepresentatives.id, id));
  return row;
}

/** The link in force now between a person and an organisation (not revoked, started, not expired), if any. */
export async function representationInForce(
  db: Executor,
  personId: string,
  organisationId: string,
  now: Date,
): Promise<RepresentationRow | undefined> {
  const at = now.toISOString();
  const [row] = await db
    .select()
    .from(organisationRepresentatives)
    .where(
      and(
        eq(organisationRepresentatives.personId, personId),
        eq(organisationRepresentatives.organisationId, organisationId),
        isNull(organisationRepresentatives.revokedAt),
        lte(organisationRepresentatives.validFrom, sql`${at}::timestamptz`),
        or(
          isNull(organisationRepresentatives.validUntil),
          gt(organisationRepresentatives.validUntil, sql`${at}::timestamptz`),
        ),
      ),
    )
    .limit(1);
  return row;
}

/** The link not revoked between them (in force or expired): at most one (the unique index). */
export async function openRepresentation(
  db: Executor,
  personId: string,
  organisationId: string,
): Promise<RepresentationRow | undefined> {
  const [row] = await db
    .select()
    .from(organisationRepresentatives)
    .where(
      and(
        eq(organisationRepresentatives.personId, personId),
        eq(organisationRepresentatives.organisationId, organisationId),
        isNull(organisationRepresentatives.revokedAt),
      ),
    );
  return row;
}

export async function insertRepresentation(
  tx: Executor,
  values: typeof organisationRepresentatives.$inferInsert,
): Promise<RepresentationRow> {
  const [row] = await tx.insert(organisationRepresentatives).values(values).returning();
  return row as RepresentationRow;
}

/** Revokes a link not revoked yet, version-checked (undefined when it was revoked or changed meanwhile). */
export async function revokeRepresentation(
  tx: Executor,
  values: { id: string; expectedVersion: number; at: Date; by: string; reason: string },
): Promise<RepresentationRow | undefined> {
  const [row] = await tx
    .update(organisationRepresentatives)
    .set({
      revokedAt: values.at,
      revokedBy: values.by,
      revocationReason: values.reason,
      version: sql`${organisationRepresentatives.version} + 1`,
    })
    .where(
      and(
        eq(organisationRepresentatives.id, values.id),
        eq(organisationRepresentatives.version, values.expectedVersion),
        isNull(organisationRepresentatives.revokedAt),
      ),
    )
    .returning();
  return row;
}
