-- Marks each outbox row once its webhook fan-out has made and queued its deliveries, so the worker's sweep
-- (WebhookFanoutSweep) can find a fan-out whose job Redis lost, or that failed, and queue it again.
--
-- Every row written before this migration reads as fanned out (at the epoch): their jobs ran under the previous
-- release, and the sweep must not send a subscriber the history again. A column added with a constant default is
-- only a catalog change in PostgreSQL 11 and later (the rows are not rewritten, and the outbox's lock is held for
-- that catalog change only); dropping the default then leaves those rows their value and new rows null. The sweep's
-- index is built by the next migration, concurrently.

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN "webhooksFannedOutAt" TIMESTAMPTZ(3) DEFAULT '1970-01-01T00:00:00Z';
ALTER TABLE "outbox" ALTER COLUMN "webhooksFannedOutAt" DROP DEFAULT;
