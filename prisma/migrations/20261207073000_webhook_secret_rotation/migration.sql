-- A subscription's secret can be rotated: the previous one, sealed like the current, signs deliveries too until
-- previousSecretExpiresAt, then the worker erases it.

-- AlterTable
ALTER TABLE "webhook_subscriptions" ADD COLUMN     "previousSecret" TEXT,
ADD COLUMN     "previousSecretExpiresAt" TIMESTAMPTZ(3);
