-- The worker's sweep of deliveries whose job is gone (WebhookDeliverySweep) reads the pending ones in id order: one
-- range of this index, not a scan of every delivery ever made (they are kept).

-- CreateIndex
CREATE INDEX "webhook_deliveries_state_id_idx" ON "webhook_deliveries"("state", "id");
