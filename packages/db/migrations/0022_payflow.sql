CREATE TABLE "payment_reports" (
	"day" text PRIMARY KEY NOT NULL,
	"file_key" text NOT NULL,
	"summary" jsonb NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "paid_online_at" timestamp with time zone;