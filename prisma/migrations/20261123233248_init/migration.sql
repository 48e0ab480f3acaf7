-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'responder', 'approver', 'auditor');

-- CreateEnum
CREATE TYPE "FailMode" AS ENUM ('closed', 'open');

-- CreateEnum
CREATE TYPE "KillSwitchState" AS ENUM ('active', 'lift-requested', 'lifting', 'lifted');

-- CreateEnum
CREATE TYPE "LiftRequestState" AS ENUM ('pending', 'approved', 'rejected', 'aborted', 'completed');

-- CreateEnum
CREATE TYPE "RevocationKind" AS ENUM ('kill', 'lift');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('queued', 'sent', 'acknowledged', 'failed', 'expired', 'canceled');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('SEV1', 'SEV2', 'SEV3', 'SEV4');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('triage', 'investigating', 'mitigated', 'resolved', 'closed');

-- CreateEnum
CREATE TYPE "TimelineEntryType" AS ENUM ('note', 'kill', 'lift_request', 'approval', 'rejection', 'lift_stage', 'lift', 'abort', 'break_glass', 'revocation_milestone', 'status_change', 'severity_change');

-- CreateEnum
CREATE TYPE "SigningKeyState" AS ENUM ('next', 'current', 'previous', 'retired');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "roles" "Role"[],
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "csrfHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "roles" "Role"[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendors" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendor_models" (
    "id" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendor_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integrations" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "vendorId" UUID NOT NULL,
    "capability" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "failMode" "FailMode" NOT NULL DEFAULT 'closed',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "firmware" TEXT NOT NULL,
    "region" TEXT,
    "cohort" TEXT,
    "enrolledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "decommissionedAt" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),
    "ackedRev" BIGINT NOT NULL DEFAULT 0,
    "inventoryAt" TIMESTAMPTZ(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_inventory_items" (
    "id" BIGSERIAL NOT NULL,
    "deviceId" UUID NOT NULL,
    "vendor" TEXT NOT NULL,
    "integration" TEXT NOT NULL,
    "vendorModel" TEXT NOT NULL,
    "vendorFirmware" TEXT NOT NULL,

    CONSTRAINT "device_inventory_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_credentials" (
    "id" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "device_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revision" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "rev" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kill_switches" (
    "id" UUID NOT NULL,
    "state" "KillSwitchState" NOT NULL DEFAULT 'active',
    "scope" JSONB NOT NULL,
    "vendor" TEXT NOT NULL,
    "integration" TEXT,
    "reason" TEXT NOT NULL,
    "incidentId" UUID,
    "createdById" UUID,
    "createdByToken" UUID,
    "revision" BIGINT NOT NULL,
    "affectedDevices" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "liftedAt" TIMESTAMPTZ(3),
    "releasedBelow" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "kill_switches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lift_requests" (
    "id" UUID NOT NULL,
    "killSwitchId" UUID NOT NULL,
    "state" "LiftRequestState" NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL,
    "stages" INTEGER[],
    "stageIntervalSec" INTEGER,
    "currentStage" INTEGER NOT NULL DEFAULT -1,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "nextStageAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lift_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revocations" (
    "id" UUID NOT NULL,
    "killSwitchId" UUID NOT NULL,
    "kind" "RevocationKind" NOT NULL,
    "rev" BIGINT NOT NULL,
    "target" INTEGER NOT NULL DEFAULT 0,
    "milestones" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fannedOutAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "revocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" BIGSERIAL NOT NULL,
    "revocationId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "rev" BIGINT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "acknowledgedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'triage',
    "summary" TEXT,
    "reportedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "mitigatedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_entries" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" "TimelineEntryType" NOT NULL,
    "actorId" UUID,
    "actor" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "refs" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timeline_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "requestId" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "seq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kid" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "state" "SigningKeyState" NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMPTZ(3),
    "retiredAt" TIMESTAMPTZ(3),
    "endorsement" TEXT,

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_tokenHash_key" ON "sessions"("tokenHash");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_createdById_idx" ON "api_tokens"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "vendors_slug_key" ON "vendors"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_models_vendorId_slug_key" ON "vendor_models"("vendorId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_key_key" ON "integrations"("key");

-- CreateIndex
CREATE INDEX "integrations_vendorId_idx" ON "integrations"("vendorId");

-- CreateIndex
CREATE INDEX "devices_model_idx" ON "devices"("model");

-- CreateIndex
CREATE INDEX "devices_region_idx" ON "devices"("region");

-- CreateIndex
CREATE INDEX "devices_cohort_idx" ON "devices"("cohort");

-- CreateIndex
CREATE INDEX "device_inventory_items_deviceId_idx" ON "device_inventory_items"("deviceId");

-- CreateIndex
CREATE INDEX "device_inventory_items_vendor_integration_deviceId_idx" ON "device_inventory_items"("vendor", "integration", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "device_credentials_hash_key" ON "device_credentials"("hash");

-- CreateIndex
CREATE INDEX "device_credentials_deviceId_idx" ON "device_credentials"("deviceId");

-- CreateIndex
CREATE INDEX "kill_switches_state_idx" ON "kill_switches"("state");

-- CreateIndex
CREATE INDEX "kill_switches_vendor_state_idx" ON "kill_switches"("vendor", "state");

-- CreateIndex
CREATE INDEX "kill_switches_incidentId_idx" ON "kill_switches"("incidentId");

-- CreateIndex
CREATE INDEX "lift_requests_killSwitchId_idx" ON "lift_requests"("killSwitchId");

-- CreateIndex
CREATE INDEX "lift_requests_state_nextStageAt_idx" ON "lift_requests"("state", "nextStageAt");

-- CreateIndex
CREATE INDEX "revocations_killSwitchId_idx" ON "revocations"("killSwitchId");

-- CreateIndex
CREATE INDEX "deliveries_revocationId_state_idx" ON "deliveries"("revocationId", "state");

-- CreateIndex
CREATE INDEX "deliveries_deviceId_state_rev_idx" ON "deliveries"("deviceId", "state", "rev");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_revocationId_deviceId_key" ON "deliveries"("revocationId", "deviceId");

-- CreateIndex
CREATE INDEX "outbox_dispatchedAt_id_idx" ON "outbox"("dispatchedAt", "id");

-- CreateIndex
CREATE INDEX "incidents_status_createdAt_idx" ON "incidents"("status", "createdAt");

-- CreateIndex
CREATE INDEX "timeline_entries_incidentId_at_idx" ON "timeline_entries"("incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_hash_key" ON "audit_log"("hash");

-- CreateIndex
CREATE INDEX "audit_log_action_seq_idx" ON "audit_log"("action", "seq");

-- CreateIndex
CREATE INDEX "audit_log_targetType_targetId_seq_idx" ON "audit_log"("targetType", "targetId", "seq");

-- CreateIndex
CREATE INDEX "audit_log_actorId_seq_idx" ON "audit_log"("actorId", "seq");

-- CreateIndex
CREATE INDEX "audit_checkpoints_seq_idx" ON "audit_checkpoints"("seq");

-- CreateIndex
CREATE INDEX "signing_keys_state_idx" ON "signing_keys"("state");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_models" ADD CONSTRAINT "vendor_models_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_vendorId_fkey" FOREIGN KEY ("vendorId") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_inventory_items" ADD CONSTRAINT "device_inventory_items_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_credentials" ADD CONSTRAINT "device_credentials_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kill_switches" ADD CONSTRAINT "kill_switches_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lift_requests" ADD CONSTRAINT "lift_requests_killSwitchId_fkey" FOREIGN KEY ("killSwitchId") REFERENCES "kill_switches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revocations" ADD CONSTRAINT "revocations_killSwitchId_fkey" FOREIGN KEY ("killSwitchId") REFERENCES "kill_switches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_revocationId_fkey" FOREIGN KEY ("revocationId") REFERENCES "revocations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ═══════════════════════════════════════════════════════════════════════════
-- Hand-written below: what schema.prisma cannot express. Prisma's diff does
-- not see these objects, and scripts/db-drift-check.mjs ignores them (its
-- HAND_WRITTEN list names them).
-- ═══════════════════════════════════════════════════════════════════════════

-- audit_log is append-only (hash-chained; see AuditEntry in schema.prisma).
-- One statement-level trigger refuses UPDATE, DELETE and TRUNCATE, even when
-- they would touch no row. It guards against application mistakes; the table
-- owner or a superuser can still disable it, so production should also grant
-- the application role nothing but SELECT and INSERT on this table. A later
-- migration that must rewrite audit rows has to disable the trigger explicitly.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only'
    USING DETAIL = TG_OP || ' on audit_log is not allowed; entries can only be inserted.';
END;
$$;

CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();

-- revision holds exactly one row (id = 1), the global revision counter that
-- every kill switch change raises.
ALTER TABLE "revision" ADD CONSTRAINT "revision_single_row" CHECK ("id" = 1);

INSERT INTO "revision" ("id","rev") VALUES (1, 0);
