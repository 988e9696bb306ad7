-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "triggerKind" TEXT NOT NULL,
    "draft" TEXT NOT NULL,
    "draftSha256" TEXT NOT NULL,
    "draftRevision" INTEGER NOT NULL,
    "draftUpdatedAt" DATETIME NOT NULL,
    "draftUpdatedBy" TEXT NOT NULL,
    "liveVersion" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_id_liveVersion_fkey" FOREIGN KEY ("id", "liveVersion") REFERENCES "CampaignVersion" ("campaignId", "version") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateTable
CREATE TABLE "CampaignVersion" (
    "campaignId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "triggerKind" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "draftRevision" INTEGER NOT NULL,
    "validFrom" TEXT,
    "validUntil" TEXT,
    "publishedAt" DATETIME NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishKey" TEXT,

    PRIMARY KEY ("campaignId", "version"),
    CONSTRAINT "CampaignVersion_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE RESTRICT
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_id_liveVersion_key" ON "Campaign"("id", "liveVersion");
