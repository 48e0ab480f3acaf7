-- AlterTable
ALTER TABLE "revocations" ADD COLUMN     "acknowledged" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "fanoutCursor" UUID;
