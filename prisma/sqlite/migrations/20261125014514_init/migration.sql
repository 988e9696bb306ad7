-- CreateTable
CREATE TABLE "ContactBlock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "liftedAt" DATETIME,
    "liftedBy" TEXT,
    "liftReason" TEXT,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ContactBlock_customerId_status_endsAt_idx" ON "ContactBlock"("customerId", "status", "endsAt");

-- CreateIndex
CREATE INDEX "ContactBlock_workflowId_idx" ON "ContactBlock"("workflowId");
