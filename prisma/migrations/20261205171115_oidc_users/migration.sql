-- DropIndex
DROP INDEX "users_email_key";

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "issuer" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "oidc_logins" (
    "id" UUID NOT NULL,
    "stateHash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "consumedAt" TIMESTAMPTZ(3),

    CONSTRAINT "oidc_logins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "oidc_logins_stateHash_key" ON "oidc_logins"("stateHash");

-- CreateIndex
CREATE UNIQUE INDEX "users_issuer_email_key" ON "users"("issuer", "email");

-- CreateIndex
CREATE UNIQUE INDEX "users_issuer_subject_key" ON "users"("issuer", "subject");
