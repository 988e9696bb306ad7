-- CreateIndex
CREATE INDEX "Task_updatedAt_id_idx" ON "Task"("updatedAt", "id");
