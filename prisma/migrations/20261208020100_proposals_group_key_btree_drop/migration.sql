-- The btree index on the group key, replaced by the hash index of the previous migration. CONCURRENTLY, alone in its
-- migration, so signals keep being written meanwhile.
DROP INDEX CONCURRENTLY "proposals_groupKey_idx";
