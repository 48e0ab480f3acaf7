-- The hash index takes the name schema.prisma gives the group key's index (@@index([groupKey], type: Hash)).
ALTER INDEX "proposals_groupKey_hash_idx" RENAME TO "proposals_groupKey_idx";
