CREATE TABLE "data_store_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"number" text,
	"issuing_agency_id" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"file_id" uuid NOT NULL,
	"source_dossier_id" uuid NOT NULL,
	"document_index" integer,
	"made_by" uuid NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "data_store_items_file_id_unique" UNIQUE("file_id"),
	CONSTRAINT "data_store_items_kind_ck" CHECK ("data_store_items"."kind" in ('electronic_result','digitised_paper')),
	CONSTRAINT "data_store_items_revoked_ck" CHECK (("data_store_items"."revoked_at" is null) = ("data_store_items"."revocation_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "dossier_reused_documents" (
	"dossier_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"document_index" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"source_dossier_id" uuid NOT NULL,
	"reused_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossier_reused_documents_dossier_id_item_id_pk" PRIMARY KEY("dossier_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "procedure_versions" ADD COLUMN "result_signature" text DEFAULT 'seal' NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "digitised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "result_electronic_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "reused_data_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_store_items" ADD CONSTRAINT "data_store_items_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_store_items" ADD CONSTRAINT "data_store_items_issuing_agency_id_agencies_id_fk" FOREIGN KEY ("issuing_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_store_items" ADD CONSTRAINT "data_store_items_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_store_items" ADD CONSTRAINT "data_store_items_source_dossier_id_dossiers_id_fk" FOREIGN KEY ("source_dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_store_items" ADD CONSTRAINT "data_store_items_made_by_people_id_fk" FOREIGN KEY ("made_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_reused_documents" ADD CONSTRAINT "dossier_reused_documents_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_reused_documents" ADD CONSTRAINT "dossier_reused_documents_item_id_data_store_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."data_store_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_reused_documents" ADD CONSTRAINT "dossier_reused_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_reused_documents" ADD CONSTRAINT "dossier_reused_documents_source_dossier_id_dossiers_id_fk" FOREIGN KEY ("source_dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_store_items_owner_idx" ON "data_store_items" USING btree ("owner_id","made_at");--> statement-breakpoint
CREATE INDEX "data_store_items_source_idx" ON "data_store_items" USING btree ("source_dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_store_items_digitised_uq" ON "data_store_items" USING btree ("source_dossier_id","document_index") WHERE kind = 'digitised_paper';--> statement-breakpoint
CREATE INDEX "dossier_reused_documents_file_idx" ON "dossier_reused_documents" USING btree ("file_id");--> statement-breakpoint
ALTER TABLE "procedure_versions" ADD CONSTRAINT "procedure_versions_result_signature_ck" CHECK ("procedure_versions"."result_signature" in ('seal','signer_and_seal'));