import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Agencies form an effective-dated tree. A row is one agency as it stood between valid_from and
 * valid_to (inclusive; null = still in force). Renaming or merging closes rows and opens new ones
 * linked through agency_successions, so records made under the old agency keep pointing at it.
 */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    codeLevel: smallint('code_level').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => agencies.id),
    provinceCode: text('province_code').notNull(),
    adminUnitCode: text('admin_unit_code'),
    adminUnitName: text('admin_unit_name'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    isDemoCode: boolean('is_demo_code').notNull().default(false),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(name || ' ' || short_name || ' ' || code || ' ' || coalesce(admin_unit_name, '')))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('agencies_code_current_uq').on(t.code).where(sql`valid_to is null`),
    uniqueIndex('agencies_admin_unit_current_uq').on(t.adminUnitCode).where(sql`valid_to is null`),
    index('agencies_parent_idx').on(t.parentId),
    index('agencies_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('agencies_kind_ck', sql`${t.kind} in ('province','department','unit','district','commune')`),
    check('agencies_validity_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('agencies_code_level_ck', sql`${t.codeLevel} between 1 and 4`),
  ],
);

export const agencySuccessions = pgTable(
  'agency_successions',
  {
    predecessorId: uuid('predecessor_id')
      .notNull()
      .references(() => agencies.id),
    successorId: uuid('successor_id')
      .notNull()
      .references(() => agencies.id),
    kind: text('kind').notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.predecessorId, t.successorId] }),
    index('agency_successions_successor_idx').on(t.successorId),
    check('agency_successions_kind_ck', sql`${t.kind} in ('rename','merge','split')`),
  ],
);

/** Officers, citizens and organisations: everyone who signs in. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    username: text('username').notNull(),
    fullName: text('full_name').notNull(),
    nationalId: text('national_id'),
    taxCode: text('tax_code'),
    email: text('email'),
    phone: text('phone'),
    agencyId: uuid('agency_id').references(() => agencies.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(f_unaccent(full_name || ' ' || username || ' ' || coalesce(email, '')))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('people_username_uq').on(t.username),
    uniqueIndex('people_national_id_uq').on(t.nationalId),
    uniqueIndex('people_tax_code_uq').on(t.taxCode),
    index('people_agency_idx').on(t.agencyId),
    index('people_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('people_kind_ck', sql`${t.kind} in ('officer','citizen','organisation')`),
    check('people_officer_agency_ck', sql`${t.kind} <> 'officer' or ${t.agencyId} is not null`),
  ],
);

/** Server-side sessions, so that any number of server processes share them. The id is a hash of the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_person_idx').on(t.personId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed sign-in counters per username and per client address. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
