CREATE TABLE "ioc_counts" (
	"scope_kind" text NOT NULL,
	"scope_id" text NOT NULL,
	"period_kind" text NOT NULL,
	"period_key" text NOT NULL,
	"measure" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "ioc_counts_scope_kind_period_kind_period_key_scope_id_measure_pk" PRIMARY KEY("scope_kind","period_kind","period_key","scope_id","measure")
);
--> statement-breakpoint
CREATE TABLE "ioc_facts" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"province_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"commune_id" uuid,
	"field" text NOT NULL,
	"received_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"waiting_since" timestamp with time zone,
	"late_flag" boolean NOT NULL,
	"fact" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ioc_pending" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"marks" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ioc_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"horizon" timestamp with time zone,
	"rebuilt_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "ioc_facts" ADD CONSTRAINT "ioc_facts_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ioc_facts_province_received_idx" ON "ioc_facts" USING btree ("province_id","received_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_province_ended_idx" ON "ioc_facts" USING btree ("province_id","ended_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_agency_received_idx" ON "ioc_facts" USING btree ("agency_id","received_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_agency_ended_idx" ON "ioc_facts" USING btree ("agency_id","ended_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_commune_received_idx" ON "ioc_facts" USING btree ("commune_id","received_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_commune_ended_idx" ON "ioc_facts" USING btree ("commune_id","ended_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_field_received_idx" ON "ioc_facts" USING btree ("field","received_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_field_ended_idx" ON "ioc_facts" USING btree ("field","ended_at");--> statement-breakpoint
CREATE INDEX "ioc_facts_open_idx" ON "ioc_facts" USING btree ("province_id","due_at") WHERE received_at is not null and ended_at is null;--> statement-breakpoint
CREATE INDEX "ioc_facts_ended_idx" ON "ioc_facts" USING btree ("ended_at");--> statement-breakpoint
-- Dossiers already there are counted by the first catch-up after the upgrade.
INSERT INTO "ioc_pending" ("dossier_id") SELECT "id" FROM "dossiers";
