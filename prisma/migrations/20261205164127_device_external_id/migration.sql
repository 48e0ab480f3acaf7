-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "externalId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "devices_externalId_key" ON "devices"("externalId");
