CREATE TABLE "reporting_period_overrides" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"cutoff_start" date,
	"cutoff_end" date,
	"deadline" date,
	"reason" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reporting_period_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"from_period_key" text NOT NULL,
	"cutoff_end_day" integer NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "reporting_period_overrides" ADD CONSTRAINT "reporting_period_overrides_updated_by_id_people_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_period_rules" ADD CONSTRAINT "reporting_period_rules_updated_by_id_people_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_period_overrides_uq" ON "reporting_period_overrides" USING btree ("kind","period_key");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_period_rules_uq" ON "reporting_period_rules" USING btree ("kind","from_period_key");