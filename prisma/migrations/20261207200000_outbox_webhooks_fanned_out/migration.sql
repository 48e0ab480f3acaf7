-- Marks each outbox row once its webhook fan-out has made and queued its deliveries, so the worker's sweep
-- (WebhookFanoutSweep) can find a fan-out whose job Redis lost, or that failed, and queue it again.
--
-- Every row written before this migration reads as fanned out (at the epoch): their jobs ran under the previous
-- release, and the sweep must not send a subscriber the history again. A column added with a constant default is
-- only a catalog change in PostgreSQL 11 and later (the rows are not rewritten, the outbox is not locked for long);
-- dropping the default then leaves those rows their value and new rows null.

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN "webhooksFannedOutAt" TIMESTAMPTZ(3) DEFAULT '1970-01-01T00:00:00Z';
ALTER TABLE "outbox" ALTER COLUMN "webhooksFannedOutAt" DROP DEFAULT;

-- The sweep's one read: the few rows still owed, in id order. Partial, so it holds only those (schema.prisma cannot
-- express it: scripts/db-drift-check.mjs lists it as hand-written). Its build reads the outbox once and, outside
-- CONCURRENTLY (migrations run in one transaction), holds writes to it while it does.
CREATE INDEX "outbox_webhooks_owed_idx" ON "outbox"("id") WHERE "webhooksFannedOutAt" IS NULL;
