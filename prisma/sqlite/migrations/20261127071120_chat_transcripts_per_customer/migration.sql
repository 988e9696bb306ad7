-- CreateIndex
CREATE INDEX "ChatTranscript_customerId_closedAt_idx" ON "ChatTranscript"("customerId", "closedAt");

-- CreateIndex
CREATE INDEX "ChatTranscript_customerRef_closedAt_idx" ON "ChatTranscript"("customerRef", "closedAt");
