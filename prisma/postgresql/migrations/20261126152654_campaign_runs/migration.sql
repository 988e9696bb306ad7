-- CreateTable
CREATE TABLE "CampaignRun" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "queue" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "launchedBy" TEXT NOT NULL,
    "launchedAt" TIMESTAMP(3) NOT NULL,
    "read" INTEGER NOT NULL DEFAULT 0,
    "selected" INTEGER NOT NULL DEFAULT 0,
    "excluded" TEXT NOT NULL DEFAULT '{}',
    "cancelReason" TEXT,
    "endedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRunTarget" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "queue" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "result" TEXT,
    "outcome" TEXT,
    "reason" TEXT,
    "releasedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "CampaignRunTarget_pkey" PRIMARY KEY ("runId","customerId")
);

-- CreateIndex
CREATE INDEX "CampaignRun_campaignId_idx" ON "CampaignRun"("campaignId");

-- CreateIndex
CREATE INDEX "CampaignRunTarget_runId_state_seq_idx" ON "CampaignRunTarget"("runId", "state", "seq");

-- CreateIndex
CREATE INDEX "CampaignRunTarget_queue_state_idx" ON "CampaignRunTarget"("queue", "state");

-- CreateIndex
CREATE INDEX "CampaignRunTarget_queue_releasedAt_idx" ON "CampaignRunTarget"("queue", "releasedAt");
