-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "process" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "snapshot" TEXT NOT NULL,
    "offeredCampaign" TEXT,
    "offeredVersion" INTEGER,
    "outcome" TEXT,
    "outcomeAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ServiceRequest_customerId_decidedAt_idx" ON "ServiceRequest"("customerId", "decidedAt");
