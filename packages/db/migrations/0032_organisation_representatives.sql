CREATE TABLE "organisation_representatives" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"basis" text NOT NULL,
	"granted_by" uuid,
	"registry_log_id" text,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "organisation_representatives_role_ck" CHECK ("organisation_representatives"."role" in ('legal_representative','authorised_person')),
	CONSTRAINT "organisation_representatives_basis_ck" CHECK ("organisation_representatives"."basis" in ('business_registration','granted')),
	CONSTRAINT "organisation_representatives_basis_role_ck" CHECK (("organisation_representatives"."basis" = 'business_registration') = ("organisation_representatives"."role" = 'legal_representative')),
	CONSTRAINT "organisation_representatives_granted_ck" CHECK ("organisation_representatives"."basis" <> 'granted' or ("organisation_representatives"."granted_by" is not null and "organisation_representatives"."valid_until" is not null)),
	CONSTRAINT "organisation_representatives_revoked_ck" CHECK (("organisation_representatives"."revoked_at" is null) = ("organisation_representatives"."revocation_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "organisation_representatives" ADD CONSTRAINT "organisation_representatives_organisation_id_people_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_representatives" ADD CONSTRAINT "organisation_representatives_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_representatives" ADD CONSTRAINT "organisation_representatives_granted_by_people_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_representatives" ADD CONSTRAINT "organisation_representatives_revoked_by_people_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_representatives_open_uq" ON "organisation_representatives" USING btree ("organisation_id","person_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "organisation_representatives_person_idx" ON "organisation_representatives" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_organisation_id_people_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;