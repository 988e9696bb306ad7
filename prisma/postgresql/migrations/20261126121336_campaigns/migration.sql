-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "triggerKind" TEXT NOT NULL,
    "draft" TEXT NOT NULL,
    "draftSha256" TEXT NOT NULL,
    "draftRevision" INTEGER NOT NULL,
    "draftUpdatedAt" TIMESTAMP(3) NOT NULL,
    "draftUpdatedBy" TEXT NOT NULL,
    "liveVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
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
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "publishKey" TEXT,

    CONSTRAINT "CampaignVersion_pkey" PRIMARY KEY ("campaignId","version")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_id_liveVersion_key" ON "Campaign"("id", "liveVersion");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_id_liveVersion_fkey" FOREIGN KEY ("id", "liveVersion") REFERENCES "CampaignVersion"("campaignId", "version") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "CampaignVersion" ADD CONSTRAINT "CampaignVersion_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;
