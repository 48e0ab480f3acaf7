-- The webhook fan-out sweep's one read: the few outbox rows still owed a fan-out, in id order. Partial, so it holds only
-- those (schema.prisma cannot express it: scripts/db-drift-check.mjs lists it as hand-written). CONCURRENTLY, so the
-- outbox, which every kill writes and nothing prunes, takes writes while it is built; that needs the statement alone in
-- its migration (run as one query, outside a transaction block).
CREATE INDEX CONCURRENTLY "outbox_webhooks_owed_idx" ON "outbox"("id") WHERE "webhooksFannedOutAt" IS NULL;
