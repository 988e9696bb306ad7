-- CreateTable
CREATE TABLE "ChatTranscript" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "customerRef" TEXT NOT NULL,
    "customerId" TEXT,
    "closedAt" DATETIME NOT NULL,
    "closedBy" TEXT NOT NULL,
    "topic" TEXT,
    "ciphertext" TEXT NOT NULL,
    "deleteAfter" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ChatTranscript_conversationId_idx" ON "ChatTranscript"("conversationId");

-- CreateIndex
CREATE INDEX "ChatTranscript_deleteAfter_idx" ON "ChatTranscript"("deleteAfter");
