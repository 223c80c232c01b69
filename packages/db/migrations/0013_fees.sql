CREATE TABLE "dossier_fees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_id" uuid NOT NULL,
	"request_version" integer,
	"due" text NOT NULL,
	"channel" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total" integer NOT NULL,
	"collector" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"settled_at" timestamp with time zone,
	CONSTRAINT "dossier_fees_status_ck" CHECK ("dossier_fees"."status" in ('requested','paid','waived','cancelled','exempt')),
	CONSTRAINT "dossier_fees_total_ck" CHECK ("dossier_fees"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fee_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_version_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"schedule" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dossier_fees" ADD CONSTRAINT "dossier_fees_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedules" ADD CONSTRAINT "fee_schedules_procedure_version_id_procedure_versions_id_fk" FOREIGN KEY ("procedure_version_id") REFERENCES "public"."procedure_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedules" ADD CONSTRAINT "fee_schedules_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossier_fees_dossier_idx" ON "dossier_fees" USING btree ("dossier_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_fees_open_uq" ON "dossier_fees" USING btree ("dossier_id") WHERE status = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "fee_schedules_period_uq" ON "fee_schedules" USING btree ("procedure_version_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_schedules_current_uq" ON "fee_schedules" USING btree ("procedure_version_id") WHERE valid_to is null;