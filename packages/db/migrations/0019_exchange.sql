CREATE TABLE "portal_sync_facts" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"created_synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sync_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"service" text NOT NULL,
	"is_updating" boolean NOT NULL,
	"idempotency_key" text NOT NULL,
	"reason" text DEFAULT 'change' NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"payload" jsonb,
	"last_error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "portal_sync_outbox_state_ck" CHECK ("portal_sync_outbox"."state" in ('pending', 'delivered', 'dead')),
	CONSTRAINT "portal_sync_outbox_service_ck" CHECK ("portal_sync_outbox"."service" in ('DongBoHoSoMC', 'CapNhatTienDoHoSoMC'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sync_outbox_key_uq" ON "portal_sync_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "portal_sync_outbox_open_idx" ON "portal_sync_outbox" USING btree ("dossier_id","id") WHERE state <> 'delivered';--> statement-breakpoint
CREATE INDEX "portal_sync_outbox_state_idx" ON "portal_sync_outbox" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "portal_sync_outbox_dossier_idx" ON "portal_sync_outbox" USING btree ("dossier_id","id");