CREATE TABLE "gateway_anchors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"agency_id" uuid NOT NULL,
	"cms" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_consumers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"agency_id" uuid,
	"client_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_set_at" timestamp with time zone NOT NULL,
	"rate_limit_per_minute" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_consumers_rate_ck" CHECK ("gateway_consumers"."rate_limit_per_minute" > 0)
);
--> statement-breakpoint
CREATE TABLE "gateway_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"consumer_id" uuid,
	"consumer_code" text,
	"service_code" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"purpose" text,
	"dossier_id" uuid,
	"subject_national_id" text,
	"outcome" text NOT NULL,
	"status" integer NOT NULL,
	"error_code" text,
	"duration_ms" integer NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "gateway_log_outcome_ck" CHECK ("gateway_log"."outcome" in ('allowed','refused','rate_limited','failed'))
);
--> statement-breakpoint
CREATE TABLE "gateway_rights" (
	"consumer_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"granted_by" uuid,
	CONSTRAINT "gateway_rights_consumer_id_service_id_pk" PRIMARY KEY("consumer_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "gateway_services" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"base_url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"openapi" jsonb,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_services_kind_ck" CHECK ("gateway_services"."kind" in ('congso','external'))
);
--> statement-breakpoint
CREATE TABLE "gateway_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"consumer_id" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "population_lookups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid NOT NULL,
	"subject_national_id" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"log_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"dossier_id" uuid
);
--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "population_data_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateway_consumers" ADD CONSTRAINT "gateway_consumers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_rights" ADD CONSTRAINT "gateway_rights_consumer_id_gateway_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."gateway_consumers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_rights" ADD CONSTRAINT "gateway_rights_service_id_gateway_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."gateway_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_tokens" ADD CONSTRAINT "gateway_tokens_consumer_id_gateway_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."gateway_consumers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_lookups" ADD CONSTRAINT "population_lookups_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_lookups" ADD CONSTRAINT "population_lookups_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_anchors_seq_idx" ON "gateway_anchors" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_consumers_code_uq" ON "gateway_consumers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_consumers_client_uq" ON "gateway_consumers" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_log_id_uq" ON "gateway_log" USING btree ("id");--> statement-breakpoint
CREATE INDEX "gateway_log_subject_idx" ON "gateway_log" USING btree ("subject_national_id","seq");--> statement-breakpoint
CREATE INDEX "gateway_log_consumer_idx" ON "gateway_log" USING btree ("consumer_code","seq");--> statement-breakpoint
CREATE INDEX "gateway_log_service_idx" ON "gateway_log" USING btree ("service_code","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_services_code_uq" ON "gateway_services" USING btree ("code");--> statement-breakpoint
CREATE INDEX "gateway_tokens_consumer_idx" ON "gateway_tokens" USING btree ("consumer_id");--> statement-breakpoint
CREATE INDEX "population_lookups_subject_idx" ON "population_lookups" USING btree ("subject_national_id","at");--> statement-breakpoint
CREATE INDEX "population_lookups_dossier_idx" ON "population_lookups" USING btree ("dossier_id");