CREATE TABLE "search_filed_dossiers" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_choices" ADD COLUMN "filings" integer DEFAULT 0 NOT NULL;