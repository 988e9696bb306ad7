-- CreateTable
CREATE TABLE "ChatTranscript" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "customerRef" TEXT NOT NULL,
    "customerId" TEXT,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "closedBy" TEXT NOT NULL,
    "topic" TEXT,
    "ciphertext" TEXT NOT NULL,
    "deleteAfter" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatTranscript_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatTranscript_conversationId_idx" ON "ChatTranscript"("conversationId");

-- CreateIndex
CREATE INDEX "ChatTranscript_deleteAfter_idx" ON "ChatTranscript"("deleteAfter");
