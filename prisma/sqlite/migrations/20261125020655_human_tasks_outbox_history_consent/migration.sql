-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "resultVersion" INTEGER NOT NULL,
    "queue" TEXT NOT NULL,
    "assignee" TEXT,
    "status" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "followUpAt" DATETIME,
    "title" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "result" TEXT,
    "completedBy" TEXT,
    "completedAt" DATETIME,
    "escalatedAt" DATETIME,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "idempotencyKey" TEXT NOT NULL PRIMARY KEY,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ContactHistory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "campaignId" TEXT,
    "workflowId" TEXT NOT NULL,
    "agentId" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ConsentEvidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "answer" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "scriptVersion" INTEGER,
    "wordingSha256" TEXT,
    "workflowId" TEXT NOT NULL,
    "coreBankingId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ConsentScript" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "content" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
