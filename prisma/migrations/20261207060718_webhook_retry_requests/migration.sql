-- A person's retry of a webhook delivery is one ask until the worker acts on it (retryRequestedAt), and an attempt
-- claims its delivery before sending (attemptStartedAt), so two attempts at one delivery never run at once.

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "attemptStartedAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryRequestedAt" TIMESTAMPTZ(3);
