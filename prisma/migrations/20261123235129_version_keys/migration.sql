-- AlterTable
ALTER TABLE "device_inventory_items" ADD COLUMN     "vendorFirmwareKey" BYTEA NOT NULL;

-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "firmwareKey" BYTEA NOT NULL;

-- CreateIndex
CREATE INDEX "device_inventory_items_vendor_integration_vendorFirmwareKey_idx" ON "device_inventory_items"("vendor", "integration", "vendorFirmwareKey");
