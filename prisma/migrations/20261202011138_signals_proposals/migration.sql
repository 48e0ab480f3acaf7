-- CreateEnum
CREATE TYPE "ProposalState" AS ENUM ('open', 'confirmed', 'dismissed', 'auto-killed', 'invalid');

-- CreateEnum
CREATE TYPE "AutoKillPolicyState" AS ENUM ('pending', 'active', 'disabled');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'signals';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TimelineEntryType" ADD VALUE 'signal';
ALTER TYPE "TimelineEntryType" ADD VALUE 'proposal';

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL,
    "state" "ProposalState" NOT NULL DEFAULT 'open',
    "source" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "groupKey" TEXT,
    "alertname" TEXT,
    "summary" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "generatorUrl" TEXT,
    "scope" JSONB,
    "vendor" TEXT,
    "problems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "affectedDevices" INTEGER,
    "incidentId" UUID NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "killSwitchId" UUID,
    "policyId" UUID,
    "policyNote" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auto_kill_policies" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "state" "AutoKillPolicyState" NOT NULL DEFAULT 'pending',
    "alertname" TEXT,
    "source" TEXT,
    "vendor" TEXT NOT NULL,
    "integration" TEXT NOT NULL,
    "maxAffectedDevices" INTEGER NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "disabledById" UUID,
    "disabledAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auto_kill_policies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "proposals_source_fingerprint_createdAt_idx" ON "proposals"("source", "fingerprint", "createdAt");

-- CreateIndex
CREATE INDEX "proposals_groupKey_idx" ON "proposals"("groupKey");

-- CreateIndex
CREATE INDEX "proposals_state_id_idx" ON "proposals"("state", "id");

-- CreateIndex
CREATE UNIQUE INDEX "auto_kill_policies_name_key" ON "auto_kill_policies"("name");

-- CreateIndex
CREATE INDEX "auto_kill_policies_state_vendor_idx" ON "auto_kill_policies"("state", "vendor");

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
