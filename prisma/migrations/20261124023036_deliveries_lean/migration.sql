-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_deviceId_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_revocationId_fkey";

-- DropIndex
DROP INDEX "deliveries_revocationId_deviceId_key";

-- AlterTable
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "deliveries_pkey" PRIMARY KEY ("revocationId", "deviceId");
