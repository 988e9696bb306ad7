-- CreateTable
CREATE TABLE "ProfileNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "interests" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "queue" TEXT NOT NULL,
    "readAt" DATETIME,
    "readBy" TEXT
);

-- CreateIndex
CREATE INDEX "ProfileNote_customerId_recordedAt_idx" ON "ProfileNote"("customerId", "recordedAt");

-- CreateIndex
CREATE INDEX "ProfileNote_queue_readAt_recordedAt_idx" ON "ProfileNote"("queue", "readAt", "recordedAt");
