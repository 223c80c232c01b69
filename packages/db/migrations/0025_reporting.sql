CREATE TABLE "reporting_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"from_period_key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_indicators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"value_type" text NOT NULL,
	"aggregation" text NOT NULL,
	"responsible_agency_id" uuid,
	"min" double precision,
	"max" double precision,
	"source" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"owner_agency_id" uuid NOT NULL,
	"budget_vnd" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"targets" jsonb NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"template_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"period_kind" text NOT NULL,
	"period_key" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text NOT NULL,
	"values" jsonb NOT NULL,
	"return_reason" text,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submitted_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_id" uuid,
	"signed_pdf_key" text,
	"reminded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"revision" integer NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"period_kind" text NOT NULL,
	"deadline_working_days" integer NOT NULL,
	"items" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reporting_year_ranks" (
	"year" integer PRIMARY KEY NOT NULL,
	"dti_rank" integer,
	"dti_score" double precision,
	"service_rank" integer,
	"service_score" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reporting_assignments" ADD CONSTRAINT "reporting_assignments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_indicators" ADD CONSTRAINT "reporting_indicators_responsible_agency_id_agencies_id_fk" FOREIGN KEY ("responsible_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_projects" ADD CONSTRAINT "reporting_projects_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_reports" ADD CONSTRAINT "reporting_reports_template_id_reporting_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."reporting_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_reports" ADD CONSTRAINT "reporting_reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_reports" ADD CONSTRAINT "reporting_reports_submitted_by_id_people_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_reports" ADD CONSTRAINT "reporting_reports_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_templates" ADD CONSTRAINT "reporting_templates_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_assignments_uq" ON "reporting_assignments" USING btree ("template_code","agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_indicators_code_uq" ON "reporting_indicators" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_projects_code_uq" ON "reporting_projects" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_reports_uq" ON "reporting_reports" USING btree ("template_code","agency_id","period_key");--> statement-breakpoint
CREATE INDEX "reporting_reports_status_idx" ON "reporting_reports" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "reporting_reports_agency_idx" ON "reporting_reports" USING btree ("agency_id","period_key");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_templates_code_revision_uq" ON "reporting_templates" USING btree ("code","revision");