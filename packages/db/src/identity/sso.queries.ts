import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../connection';
import { externalIdentities, oidcLogins, people } from '../schema/index';
import type { PersonRow } from './people.queries';

export type OidcLoginRow = typeof oidcLogins.$inferSelect;

export async function insertOidcLogin(tx: Executor, row: typeof oidcLogins.$inferInsert) {
  await tx.insert(oidcLogins).values(row);
}

/** Takes a pending sign-in by its state: the row is deleted, so a second callback with it finds nothing. */
export async function takeOidcLogin(tx: Executor, stateHash: string): Promise<OidcLoginRow | undefined> {
  const [row] = await tx.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning();
  return row;
}

export async function deleteExpiredOidcLogins(db: Executor, now: Date) {
  await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
}

export async function personOfExternalIdentity(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<PersonRow | undefined> {
  const [row] = await db
    .select({ person: people })
    .from(externalIdentities)
    .innerJoin(people, eq(people.id, externalIdentities.personId))
    .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, subject)))
    .limit(1);
  return row?.person;
}

/** Links (or touches) an external identity; a subject already linked to someone else keeps its person. */
export async function linkExternalIdentity(
  tx: Executor,
  values: { issuer: string; subject: string; provider: 'citizen' | 'officer'; personId: string; now: Date },
) {
  await tx
    .insert(externalIdentities)
    .values({
      issuer: values.issuer,
      subject: values.subject,
      provider: values.provider,
      personId: values.personId,
      linkedAt: values.now,
      lastLoginAt: values.now,
    })
    .onConflictDoUpdate({
      target: [externalIdentities.issuer, externalIdentities.subject],
      set: { lastLoginAt: values.now },
    });
}

export async function personByNationalId(db: Executor, nationalId: string): Promise<PersonRow | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(
      sql`${people.nationalId} = ${nationalId} or (${people.kind} = 'citizen' and ${people.username} = ${nationalId})`,
    )
    .limit(1);
  return row;
}

export async function officerByEmail(db: Executor, email: string): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(and(eq(people.kind, 'officer'), sql`lower(${people.email}) = lower(${email})`))
    .limit(2);
}

/** Marks a citizen "verified with VNeID" (the first time only keeps its date). */
export async function markVneidVerified(tx: Executor, personId: string, now: Date) {
  await tx
    .update(people)
    .set({
      vneidVerified: true,
      vneidVerifiedAt: sql`coalesce(${people.vneidVerifiedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(people.id, personId));
}
