import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per procedure code; its content lives in versions. */
export const procedures = pgTable('procedures', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A procedure as in force from `valid_from` to `valid_to` (null: current). Editing creates a new version;
 * a dossier keeps the id of the version under which it was received. `data` is the whole Procedure
 * (documents, deadlines, fees, step template); the columns beside it are for listing and filtering.
 */
export const procedureVersions = pgTable(
  'procedure_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id),
    version: integer('version').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    field: text('field').notNull(),
    levels: text('levels').array().notNull(),
    serviceMode: text('service_mode').notNull(),
    implementingAgencies: text('implementing_agencies').notNull(),
    data: jsonb('data').notNull(),
    /** The signatures its electronic result carries: seal | signer_and_seal (core `resultSignatureRules`). */
    resultSignature: text('result_signature').notNull().default('seal'),
    searchText: text('search_text').generatedAlwaysAs(sql`lower(f_unaccent(name || ' ' || field || ' ' || code))`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('procedure_versions_number_uq').on(t.procedureId, t.version),
    uniqueIndex('procedure_versions_current_uq').on(t.procedureId).where(sql`valid_to is null`),
    index('procedure_versions_field_idx').on(t.field),
    index('procedure_versions_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('procedure_versions_result_signature_ck', sql`${t.resultSignature} in ('seal','signer_and_seal')`),
  ],
);

/**
 * Learning from use: per normalised search query and procedure code, how often people chose that procedure
 * after searching (a count decayed to `updated_at`). No person, session or address is kept.
 */
export const searchChoices = pgTable(
  'search_choices',
  {
    queryKey: text('query_key').notNull(),
    code: text('code').notNull(),
    weight: doublePrecision('weight').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** How many of the choices were a dossier filed (not decayed; for the province's review). */
    filings: integer('filings').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.queryKey, t.code] })],
);

/**
 * The dossiers already counted as a search's choice (a filing counts once): only the dossier's id and when,
 * not the query (which stays unlinked to any person in `search_choices`).
 */
export const searchFiledDossiers = pgTable('search_filed_dossiers', {
  dossierId: uuid('dossier_id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

/**
 * Searches the province should look at: per normalised query (content words, no digits) and kind — `empty`
 * (found nothing) or `refined` (replaced at once by another query without opening a result) — how often and
 * when last. No person, session or address is kept.
 */
export const searchMisses = pgTable(
  'search_misses',
  {
    queryKey: text('query_key').notNull(),
    kind: text('kind').notNull(),
    count: integer('count').notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.queryKey, t.kind] })],
);
