-- The device authorization grants this API started for the CLI: only their device codes are sent on to the OIDC
-- provider's token endpoint, each no sooner than its polling interval (POST /v1/auth/oidc/device/token).

-- CreateTable
CREATE TABLE "oidc_device_authorizations" (
    "id" UUID NOT NULL,
    "deviceCodeHash" TEXT NOT NULL,
    "intervalSec" INTEGER NOT NULL,
    "nextPollAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oidc_device_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "oidc_device_authorizations_deviceCodeHash_key" ON "oidc_device_authorizations"("deviceCodeHash");
