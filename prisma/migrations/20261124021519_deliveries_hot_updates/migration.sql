-- DropIndex
DROP INDEX "deliveries_deviceId_state_rev_idx";

-- DropIndex
DROP INDEX "deliveries_revocationId_state_idx";

-- CreateIndex
CREATE INDEX "deliveries_deviceId_rev_idx" ON "deliveries"("deviceId", "rev");

-- Room on each page for the new row versions of sent and acknowledged deliveries (HOT updates).
ALTER TABLE "deliveries" SET (fillfactor = 80);
