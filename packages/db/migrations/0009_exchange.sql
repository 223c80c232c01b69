CREATE TABLE "exchange_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"peer_id" uuid NOT NULL,
	"exchange_id" uuid NOT NULL,
	"document_id" text NOT NULL,
	"from_organ_id" text NOT NULL,
	"to_organ_ids" text[] NOT NULL,
	"subject" text,
	"status_code" text,
	"status_at" timestamp with time zone,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"body" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "exchange_messages_direction_ck" CHECK ("exchange_messages"."direction" in ('in', 'out')),
	CONSTRAINT "exchange_messages_kind_ck" CHECK ("exchange_messages"."kind" in ('package', 'status')),
	CONSTRAINT "exchange_messages_state_ck" CHECK ("exchange_messages"."state" in ('queued', 'delivered', 'refused', 'failed', 'received'))
);
--> statement-breakpoint
CREATE TABLE "exchange_peers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"organ_ids" text[] NOT NULL,
	"public_key" text NOT NULL,
	"key_id" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_peer_id_exchange_peers_id_fk" FOREIGN KEY ("peer_id") REFERENCES "public"."exchange_peers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_messages_exchange_idx" ON "exchange_messages" USING btree ("peer_id","direction","exchange_id");--> statement-breakpoint
CREATE INDEX "exchange_messages_document_idx" ON "exchange_messages" USING btree ("document_id","direction","kind");--> statement-breakpoint
CREATE INDEX "exchange_messages_created_idx" ON "exchange_messages" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_peers_key_idx" ON "exchange_peers" USING btree ("key_id");