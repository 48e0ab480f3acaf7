-- Marks each outbox row once its webhook fan-out has made and queued its deliveries, so the worker's sweep
-- (WebhookFanoutSweep) can find a fan-out whose job Redis lost, or that failed for good, and queue it again.
-- Rows dispatched before this migration are taken as fanned out: their jobs ran under the previous release, and the
-- sweep must not send a subscriber the whole history again.

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN "webhooksFannedOutAt" TIMESTAMPTZ(3);

UPDATE "outbox" SET "webhooksFannedOutAt" = "dispatchedAt" WHERE "dispatchedAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "outbox_webhooksFannedOutAt_id_idx" ON "outbox"("webhooksFannedOutAt", "id");
