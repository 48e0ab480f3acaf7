-- Since when each subscription has been enabled and wanting each of its event types: a subscription enabled again, or
-- given a new event type, is not sent the events written before that, however late the worker's fan-out runs. Null
-- (every subscription made before this migration) reads as since createdAt for every type, the rule before it. A
-- nullable column without a default is a catalog change only: no rewrite, no long lock.

-- AlterTable
ALTER TABLE "webhook_subscriptions" ADD COLUMN "eventsSince" JSONB;
