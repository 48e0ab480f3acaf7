-- Alertmanager's group key may be of any length (a group_by of every label makes a long one). A btree entry fails past
-- 2,704 bytes, and with it the whole notification (a 500, which Alertmanager retries for ever); a hash index keeps
-- only a hash of the key, has no such limit, and serves the only lookup made by it (equality). The proposals table
-- holds one row an alert firing, so the plain CREATE INDEX below is short.

-- DropIndex
DROP INDEX "proposals_groupKey_idx";

-- CreateIndex
CREATE INDEX "proposals_groupKey_idx" ON "proposals" USING HASH ("groupKey");
