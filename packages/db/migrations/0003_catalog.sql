CREATE TABLE "procedure_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"field" text NOT NULL,
	"levels" text[] NOT NULL,
	"service_mode" text NOT NULL,
	"implementing_agencies" text NOT NULL,
	"data" jsonb NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(f_unaccent(name || ' ' || field || ' ' || code))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "procedure_versions" ADD CONSTRAINT "procedure_versions_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_versions_number_uq" ON "procedure_versions" USING btree ("procedure_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_versions_current_uq" ON "procedure_versions" USING btree ("procedure_id") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "procedure_versions_field_idx" ON "procedure_versions" USING btree ("field");--> statement-breakpoint
CREATE INDEX "procedure_versions_search_trgm_idx" ON "procedure_versions" USING gin ("search_text" gin_trgm_ops);