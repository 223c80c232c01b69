CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"agency_id" uuid,
	"reason" text,
	"data" jsonb,
	"ip" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"code_level" smallint NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"province_code" text NOT NULL,
	"admin_unit_code" text,
	"admin_unit_name" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"is_demo_code" boolean DEFAULT false NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(f_unaccent(name || ' ' || short_name || ' ' || code || ' ' || coalesce(admin_unit_name, '')))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "agencies_kind_ck" CHECK ("agencies"."kind" in ('province','department','unit','district','commune')),
	CONSTRAINT "agencies_validity_ck" CHECK ("agencies"."valid_to" is null or "agencies"."valid_to" >= "agencies"."valid_from"),
	CONSTRAINT "agencies_code_level_ck" CHECK ("agencies"."code_level" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "agency_successions" (
	"predecessor_id" uuid NOT NULL,
	"successor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"reason" text,
	CONSTRAINT "agency_successions_predecessor_id_successor_id_pk" PRIMARY KEY("predecessor_id","successor_id"),
	CONSTRAINT "agency_successions_kind_ck" CHECK ("agency_successions"."kind" in ('rename','merge','split'))
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"username" text NOT NULL,
	"full_name" text NOT NULL,
	"national_id" text,
	"tax_code" text,
	"email" text,
	"phone" text,
	"agency_id" uuid,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	"password_changed_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"search_text" text GENERATED ALWAYS AS (lower(f_unaccent(full_name || ' ' || username || ' ' || coalesce(email, '')))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "people_kind_ck" CHECK ("people"."kind" in ('officer','citizen','organisation')),
	CONSTRAINT "people_officer_agency_ck" CHECK ("people"."kind" <> 'officer' or "people"."agency_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_successions" ADD CONSTRAINT "agency_successions_predecessor_id_agencies_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_successions" ADD CONSTRAINT "agency_successions_successor_id_agencies_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code_current_uq" ON "agencies" USING btree ("code") WHERE valid_to is null;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_admin_unit_current_uq" ON "agencies" USING btree ("admin_unit_code") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "agencies_search_trgm_idx" ON "agencies" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agency_successions_successor_idx" ON "agency_successions" USING btree ("successor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_username_uq" ON "people" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "people_national_id_uq" ON "people" USING btree ("national_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_tax_code_uq" ON "people" USING btree ("tax_code");--> statement-breakpoint
CREATE INDEX "people_agency_idx" ON "people" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "people_search_trgm_idx" ON "people" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sessions_person_idx" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");