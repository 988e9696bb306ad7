-- CreateTable
CREATE TABLE "ProfileNote" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "interests" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "queue" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "readBy" TEXT,

    CONSTRAINT "ProfileNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProfileNote_customerId_recordedAt_idx" ON "ProfileNote"("customerId", "recordedAt");

-- CreateIndex
CREATE INDEX "ProfileNote_queue_readAt_recordedAt_idx" ON "ProfileNote"("queue", "readAt", "recordedAt");
