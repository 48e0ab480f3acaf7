-- AlterTable
ALTER TABLE "revocations" ADD COLUMN     "bucketFrom" INTEGER,
ADD COLUMN     "bucketTo" INTEGER,
ADD COLUMN     "canceled" INTEGER NOT NULL DEFAULT 0;
