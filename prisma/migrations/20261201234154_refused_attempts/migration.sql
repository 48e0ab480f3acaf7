-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "count" INTEGER;

-- CreateTable
CREATE TABLE "refused_attempts" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "key" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "reason" TEXT,
    "count" INTEGER NOT NULL,
    "firstRequestId" TEXT,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refused_attempts_pkey" PRIMARY KEY ("minute","key")
);
