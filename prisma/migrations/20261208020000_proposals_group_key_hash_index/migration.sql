-- Alertmanager's group key may be of any length (a group_by of every label makes a long one). A btree entry fails past
-- 2,704 bytes, and with it the whole notification (a 500, which Alertmanager retries for ever); a hash index keeps
-- only a hash of the key, has no such limit, and serves the only lookup made by it (equality). Built beside the btree
-- one, then the btree is dropped and this one takes its name (the next two migrations). CONCURRENTLY, so signals keep
-- being written while it is built; that needs the statement alone in its migration (run outside a transaction block).
CREATE INDEX CONCURRENTLY "proposals_groupKey_hash_idx" ON "proposals" USING HASH ("groupKey");
