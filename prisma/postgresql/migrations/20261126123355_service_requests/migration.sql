-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "process" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "snapshot" TEXT NOT NULL,
    "offeredCampaign" TEXT,
    "offeredVersion" INTEGER,
    "outcome" TEXT,
    "outcomeAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceRequest_customerId_decidedAt_idx" ON "ServiceRequest"("customerId", "decidedAt");
