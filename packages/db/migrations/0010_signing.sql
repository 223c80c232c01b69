CREATE TABLE "certificate_authorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"subject" text NOT NULL,
	"serial_number" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"certificate_pem" text NOT NULL,
	"private_key_pem" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_authorities_kind_ck" CHECK ("certificate_authorities"."kind" in ('root','issuing'))
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"authority_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"common_name" text NOT NULL,
	"person_id" uuid,
	"agency_id" uuid,
	"serial_number" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"revoked_by" uuid,
	"certificate_pem" text NOT NULL,
	"private_key_pem" text,
	"key_storage" text DEFAULT 'database' NOT NULL,
	"issued_by" uuid,
	"search_text" text GENERATED ALWAYS AS (lower(f_unaccent(common_name || ' ' || subject || ' ' || serial_number))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "certificates_kind_ck" CHECK ("certificates"."kind" in ('personal','organization','timestamping','ocsp')),
	CONSTRAINT "certificates_key_storage_ck" CHECK ("certificates"."key_storage" in ('database','pkcs11','remote')),
	CONSTRAINT "certificates_personal_person_ck" CHECK ("certificates"."kind" <> 'personal' or "certificates"."person_id" is not null),
	CONSTRAINT "certificates_organization_agency_ck" CHECK ("certificates"."kind" <> 'organization' or "certificates"."agency_id" is not null),
	CONSTRAINT "certificates_revocation_ck" CHECK (("certificates"."revoked_at" is null) = ("certificates"."revocation_reason" is null) and ("certificates"."revocation_reason" is null or "certificates"."revocation_reason" in ('unspecified','keyCompromise','cACompromise','affiliationChanged','superseded','cessationOfOperation','privilegeWithdrawn'))),
	CONSTRAINT "certificates_validity_ck" CHECK ("certificates"."not_after" > "certificates"."not_before")
);
--> statement-breakpoint
ALTER TABLE "certificate_authorities" ADD CONSTRAINT "certificate_authorities_parent_id_certificate_authorities_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."certificate_authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_authority_id_certificate_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."certificate_authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_people_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issued_by_people_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_authorities_active_kind_uq" ON "certificate_authorities" USING btree ("kind") WHERE active;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_authorities_serial_uq" ON "certificate_authorities" USING btree ("serial_number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_serial_uq" ON "certificates" USING btree ("serial_number");--> statement-breakpoint
CREATE INDEX "certificates_person_idx" ON "certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "certificates_agency_idx" ON "certificates" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "certificates_kind_idx" ON "certificates" USING btree ("kind","not_after");--> statement-breakpoint
CREATE INDEX "certificates_revoked_idx" ON "certificates" USING btree ("revoked_at") WHERE revoked_at is not null;--> statement-breakpoint
CREATE INDEX "certificates_search_trgm_idx" ON "certificates" USING gin ("search_text" gin_trgm_ops);