CREATE TABLE "office_assignments" (
	"document_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"from_id" uuid NOT NULL,
	"to_id" uuid NOT NULL,
	"level" text NOT NULL,
	"instructions" text,
	"due_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "office_assignments_document_id_seq_pk" PRIMARY KEY("document_id","seq")
);
--> statement-breakpoint
CREATE TABLE "office_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outgoing_document_id" uuid NOT NULL,
	"recipient_agency_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"incoming_document_id" uuid,
	"registered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "office_document_events" (
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"event" jsonb NOT NULL,
	CONSTRAINT "office_document_events_document_id_version_pk" PRIMARY KEY("document_id","version")
);
--> statement-breakpoint
CREATE TABLE "office_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"register_id" uuid,
	"number" integer,
	"notation" text,
	"type_code" text NOT NULL,
	"subject" text NOT NULL,
	"organ_name" text NOT NULL,
	"issued_date" date,
	"priority" integer DEFAULT 0 NOT NULL,
	"medium" text NOT NULL,
	"source" text,
	"file_id" uuid NOT NULL,
	"arrived_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"holder_id" uuid,
	"drafter_id" uuid,
	"work_file_id" uuid,
	"source_document_id" uuid,
	"external_ref" jsonb,
	"text_content" text DEFAULT '' NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(f_unaccent(subject || ' ' || coalesce(notation, '') || ' ' || organ_name || ' ' || text_content))) STORED,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "office_documents_direction_ck" CHECK ("office_documents"."direction" in ('incoming','outgoing')),
	CONSTRAINT "office_documents_medium_ck" CHECK ("office_documents"."medium" in ('electronic','paper')),
	CONSTRAINT "office_documents_priority_ck" CHECK ("office_documents"."priority" between 0 and 4)
);
--> statement-breakpoint
CREATE TABLE "office_exchange_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"document_id" uuid NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "office_exchange_outbox_kind_ck" CHECK ("office_exchange_outbox"."kind" in ('document','status'))
);
--> statement-breakpoint
CREATE TABLE "office_opinions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office_registers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "office_registers_kind_ck" CHECK ("office_registers"."kind" in ('incoming','outgoing')),
	CONSTRAINT "office_registers_number_ck" CHECK ("office_registers"."last_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE "office_work_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"retention" text NOT NULL,
	"note" text,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by_id" uuid NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "office_assignments" ADD CONSTRAINT "office_assignments_document_id_office_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_assignments" ADD CONSTRAINT "office_assignments_from_id_people_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_assignments" ADD CONSTRAINT "office_assignments_to_id_people_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_deliveries" ADD CONSTRAINT "office_deliveries_outgoing_document_id_office_documents_id_fk" FOREIGN KEY ("outgoing_document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_deliveries" ADD CONSTRAINT "office_deliveries_recipient_agency_id_agencies_id_fk" FOREIGN KEY ("recipient_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_deliveries" ADD CONSTRAINT "office_deliveries_incoming_document_id_office_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_document_events" ADD CONSTRAINT "office_document_events_document_id_office_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_register_id_office_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."office_registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_holder_id_people_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_drafter_id_people_id_fk" FOREIGN KEY ("drafter_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_documents" ADD CONSTRAINT "office_documents_work_file_id_office_work_files_id_fk" FOREIGN KEY ("work_file_id") REFERENCES "public"."office_work_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_exchange_outbox" ADD CONSTRAINT "office_exchange_outbox_document_id_office_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_opinions" ADD CONSTRAINT "office_opinions_document_id_office_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."office_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_opinions" ADD CONSTRAINT "office_opinions_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_registers" ADD CONSTRAINT "office_registers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_registers" ADD CONSTRAINT "office_registers_closed_by_id_people_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_work_files" ADD CONSTRAINT "office_work_files_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_work_files" ADD CONSTRAINT "office_work_files_opened_by_id_people_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "office_assignments_to_idx" ON "office_assignments" USING btree ("to_id");--> statement-breakpoint
CREATE UNIQUE INDEX "office_deliveries_uq" ON "office_deliveries" USING btree ("outgoing_document_id","recipient_agency_id");--> statement-breakpoint
CREATE INDEX "office_deliveries_inbox_idx" ON "office_deliveries" USING btree ("recipient_agency_id","registered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "office_documents_number_uq" ON "office_documents" USING btree ("register_id","number") WHERE number is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "office_documents_file_uq" ON "office_documents" USING btree ("agency_id","file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "office_documents_external_uq" ON "office_documents" USING btree ("agency_id",(external_ref->>'documentId')) WHERE external_ref is not null;--> statement-breakpoint
CREATE INDEX "office_documents_queue_idx" ON "office_documents" USING btree ("agency_id","direction","status","due_at");--> statement-breakpoint
CREATE INDEX "office_documents_holder_idx" ON "office_documents" USING btree ("holder_id","status");--> statement-breakpoint
CREATE INDEX "office_documents_registered_idx" ON "office_documents" USING btree ("agency_id","registered_at");--> statement-breakpoint
CREATE INDEX "office_documents_work_file_idx" ON "office_documents" USING btree ("work_file_id");--> statement-breakpoint
CREATE INDEX "office_documents_search_trgm_idx" ON "office_documents" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "office_exchange_outbox_pending_idx" ON "office_exchange_outbox" USING btree ("created_at") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "office_opinions_document_idx" ON "office_opinions" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "office_registers_agency_kind_year_uq" ON "office_registers" USING btree ("agency_id","kind","year");--> statement-breakpoint
CREATE UNIQUE INDEX "office_work_files_code_uq" ON "office_work_files" USING btree ("agency_id","year","code");--> statement-breakpoint
CREATE INDEX "office_work_files_closed_idx" ON "office_work_files" USING btree ("agency_id","closed_at");