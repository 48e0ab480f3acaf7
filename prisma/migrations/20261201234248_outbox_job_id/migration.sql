-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "jobId" UUID NOT NULL DEFAULT gen_random_uuid();
