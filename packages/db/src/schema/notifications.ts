import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { dossiers } from './dossiers';
import { people } from './identity';

/**
 * What a person is told (in the app) of a change to their dossier, and the e-mail that goes with it when
 * they gave an address: written in the same transaction as the change (the outbox), delivered by a job.
 * Without SMTP (the demo), the e-mail is kept here, viewable by administrators, instead of being sent.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
    /** The dossier version whose event caused it (one notification per event and person). */
    dossierVersion: integer('dossier_version'),
    title: jsonb('title').notNull(),
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    emailTo: text('email_to'),
    /** queued → sent | kept (no SMTP configured) | failed (after the job's retries). */
    emailStatus: text('email_status'),
    emailSentAt: timestamp('email_sent_at', { withTimezone: true }),
    emailError: text('email_error'),
  },
  (t) => [
    index('notifications_person_idx').on(t.personId, t.createdAt),
    index('notifications_email_idx').on(t.createdAt).where(sql`email_to is not null`),
    check(
      'notifications_email_status_ck',
      sql`${t.emailStatus} is null or ${t.emailStatus} in ('queued','sent','kept','failed')`,
    ),
  ],
);
