-- The inbox items an agency's clerk refused to register (a delivery inside Congso or an edXML package), with the reason.
CREATE TABLE "office_inbox_refusals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"source" text NOT NULL,
	"item_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"refused_by" uuid NOT NULL,
	"refused_at" timestamp with time zone NOT NULL,
	CONSTRAINT "office_inbox_refusals_source_ck" CHECK ("office_inbox_refusals"."source" in ('internal','edxml'))
);
--> statement-breakpoint
ALTER TABLE "office_inbox_refusals" ADD CONSTRAINT "office_inbox_refusals_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_inbox_refusals" ADD CONSTRAINT "office_inbox_refusals_refused_by_people_id_fk" FOREIGN KEY ("refused_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "office_inbox_refusals_uq" ON "office_inbox_refusals" USING btree ("agency_id","item_id");--> statement-breakpoint
CREATE INDEX "office_inbox_refusals_item_idx" ON "office_inbox_refusals" USING btree ("item_id");