-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "resultVersion" INTEGER NOT NULL,
    "queue" TEXT NOT NULL,
    "assignee" TEXT,
    "status" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "followUpAt" TIMESTAMP(3),
    "title" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "result" TEXT,
    "completedBy" TEXT,
    "completedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "idempotencyKey" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateTable
CREATE TABLE "ContactHistory" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "campaignId" TEXT,
    "workflowId" TEXT NOT NULL,
    "agentId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentEvidence" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "answer" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "scriptVersion" INTEGER,
    "wordingSha256" TEXT,
    "workflowId" TEXT NOT NULL,
    "coreBankingId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentScript" (
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentScript_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "Task_queue_status_dueAt_idx" ON "Task"("queue", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Task_assignee_status_dueAt_idx" ON "Task"("assignee", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Task_workflowId_idx" ON "Task"("workflowId");

-- CreateIndex
CREATE INDEX "OutboxEmail_status_createdAt_idx" ON "OutboxEmail"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ContactHistory_customerId_at_idx" ON "ContactHistory"("customerId", "at");

-- CreateIndex
CREATE INDEX "ConsentEvidence_customerId_decidedAt_idx" ON "ConsentEvidence"("customerId", "decidedAt");
