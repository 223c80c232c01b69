-- The documents office queues its edXML packages and status messages in the exchange's own outbox
-- (exchange_messages and their exchange.deliver jobs): its former outbox table goes.
DROP TABLE "office_exchange_outbox" CASCADE;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD COLUMN "summary" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_messages_in_package_uq" ON "exchange_messages" USING btree ("peer_id","document_id") WHERE direction = 'in' and kind = 'package';