import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies, people } from './identity';

/**
 * The province's test certificate authority: a root and the issuing CA under it (one of each in force). Private
 * keys are encrypted PKCS#8 PEM (passphrase from SIGNING_KEY_PASSPHRASE).
 */
export const certificateAuthorities = pgTable(
  'certificate_authorities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => certificateAuthorities.id),
    subject: text('subject').notNull(),
    serialNumber: text('serial_number').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    certificatePem: text('certificate_pem').notNull(),
    privateKeyPem: text('private_key_pem').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('certificate_authorities_active_kind_uq').on(t.kind).where(sql`active`),
    uniqueIndex('certificate_authorities_serial_uq').on(t.serialNumber),
    check('certificate_authorities_kind_ck', sql`${t.kind} in ('root','issuing')`),
  ],
);

/**
 * End-entity certificates the issuing CA signed: a person's (personal), an agency's (organization), and the
 * services' (timestamping, ocsp). Status is derived: revoked when `revoked_at` is set, else expired after
 * `not_after`, else active. `private_key_pem` (encrypted) is null when the key lives elsewhere (a token).
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorityId: uuid('authority_id')
      .notNull()
      .references(() => certificateAuthorities.id),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    commonName: text('common_name').notNull(),
    personId: uuid('person_id').references(() => people.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    serialNumber: text('serial_number').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
    revokedBy: uuid('revoked_by').references(() => people.id),
    certificatePem: text('certificate_pem').notNull(),
    privateKeyPem: text('private_key_pem'),
    keyStorage: text('key_storage').notNull().default('database'),
    issuedBy: uuid('issued_by').references(() => people.id),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(common_name || ' ' || subject || ' ' || serial_number))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('certificates_serial_uq').on(t.serialNumber),
    index('certificates_person_idx').on(t.personId),
    index('certificates_agency_idx').on(t.agencyId),
    index('certificates_kind_idx').on(t.kind, t.notAfter),
    index('certificates_revoked_idx').on(t.revokedAt).where(sql`revoked_at is not null`),
    index('certificates_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('certificates_kind_ck', sql`${t.kind} in ('personal','organization','timestamping','ocsp')`),
    check('certificates_key_storage_ck', sql`${t.keyStorage} in ('database','pkcs11','remote')`),
    check('certificates_personal_person_ck', sql`${t.kind} <> 'personal' or ${t.personId} is not null`),
    check('certificates_organization_agency_ck', sql`${t.kind} <> 'organization' or ${t.agencyId} is not null`),
    check(
      'certificates_revocation_ck',
      sql`(${t.revokedAt} is null) = (${t.revocationReason} is null) and (${t.revocationReason} is null or ${t.revocationReason} in ('unspecified','keyCompromise','cACompromise','affiliationChanged','superseded','cessationOfOperation','privilegeWithdrawn'))`,
    ),
    check('certificates_validity_ck', sql`${t.notAfter} > ${t.notBefore}`),
  ],
);
