/**
 * The port to where campaigns are kept (issue 11, section 1): drafts that process owners edit,
 * and immutable published versions. Used by the campaign endpoints (api/campaigns.use-cases.ts)
 * and by the service-request decision, which reads the live versions on a live call.
 *
 * Versions are never changed: publishing adds the next version and makes it the live one for new
 * contacts; a contact decided with an earlier version keeps reading that version by number.
 */
import type { CampaignDefinition, CampaignTrigger, CampaignVersion } from '../domain/campaign';

/** The draft of a campaign, as last saved. */
export interface CampaignDraft {
  campaignId: string;
  /** 1 for a new draft, +1 per save: a save must name the revision it was edited from. */
  revision: number;
  /** The definition as validated (defaults applied). */
  definition: CampaignDefinition;
  /** SHA-256 of the definition's canonical JSON (sorted keys). */
  sha256: string;
  updatedAt: string;
  updatedBy: string;
  createdAt: string;
  createdBy: string;
  /** The newest published version, if any. */
  liveVersion?: number;
  /** False when the draft is exactly the live version (nothing to publish). */
  unpublishedChanges: boolean;
}

/** A published version with what the store knows about it. */
export interface PublishedCampaignVersion extends CampaignVersion {
  /** SHA-256 of the definition's canonical JSON (sorted keys). */
  sha256: string;
  /** The draft revision it was published from. */
  draftRevision: number;
}

/** A version in a campaign's list of versions (without the definition). */
export interface CampaignVersionSummary {
  version: number;
  name: string;
  triggerKind: CampaignTrigger['kind'];
  sha256: string;
  draftRevision: number;
  publishedAt: string;
  publishedBy: string;
}

/** A campaign in the list of all campaigns. */
export interface CampaignListing {
  campaignId: string;
  /** The live version's, if any; else the draft's. */
  name: string;
  triggerKind: CampaignTrigger['kind'];
  liveVersion?: number;
  livePublishedAt?: string;
  draft: { revision: number; name: string; triggerKind: CampaignTrigger['kind']; unpublishedChanges: boolean; updatedAt: string; updatedBy: string };
  /** The latest change: a saved draft or a publish. */
  updatedAt: string;
}

/** What a draft save did. */
export type SaveDraftResult =
  /** Stored; `created` for the first draft of a new campaign. */
  | { kind: 'saved'; created: boolean; draft: CampaignDraft }
  /** The campaign's draft is at another revision than the one named (someone saved meanwhile). */
  | { kind: 'stale'; current: CampaignDraft }
  /** Revision 0 (a new campaign) for an id that exists. */
  | { kind: 'exists'; current: CampaignDraft }
  /** A revision above 0 for an id that does not exist. */
  | { kind: 'not-found' };

/** What a publish did. */
export type PublishResult =
  /** The draft is now this version, and it is live. */
  | { kind: 'published'; version: PublishedCampaignVersion }
  /** The draft was published before by this very request (same scoped Idempotency-Key): that version. */
  | { kind: 'replayed'; version: PublishedCampaignVersion }
  | { kind: 'not-found' }
  /** The draft is the same as the live version: nothing to publish. */
  | { kind: 'unchanged'; liveVersion: number; revision: number }
  /** The draft is at another revision than the one the caller reviewed. */
  | { kind: 'stale'; revision: number }
  /** Another publish of this campaign won the race for the next version number. */
  | { kind: 'conflict' };

export interface SaveDraftOptions {
  /** The revision the definition was edited from; 0 creates the campaign. */
  revision: number;
  by: string;
  at?: Date;
}

export interface PublishOptions {
  by: string;
  /** The draft revision the caller reviewed; none: whatever the draft is now. */
  revision?: number;
  /** The request's Idempotency-Key scoped to its caller (api/idempotency.ts scopedKey). */
  key?: string;
  at?: Date;
}

/** Where campaigns are kept (the application database: prisma/campaign.repository.ts). */
export interface CampaignStore {
  /** Creates the campaign (revision 0) or replaces its draft if it is still at `revision`. */
  saveDraft(campaignId: string, definition: CampaignDefinition, options: SaveDraftOptions): Promise<SaveDraftResult>;
  getDraft(campaignId: string): Promise<CampaignDraft | undefined>;
  /**
   * Publishes the draft as the next version, atomically: two concurrent publishes never get the
   * same number, and a draft equal to the live version is not published again.
   */
  publish(campaignId: string, options: PublishOptions): Promise<PublishResult>;
  /** Every campaign, by id. */
  listCampaigns(): Promise<CampaignListing[]>;
  /** The campaign's versions, newest first (empty for an unknown campaign or one never published). */
  listVersions(campaignId: string): Promise<CampaignVersionSummary[]>;
  /** One version, its definition exactly as published. */
  getVersion(campaignId: string, version: number): Promise<PublishedCampaignVersion | undefined>;
  /**
   * The live (newest published) version of every campaign, by campaign id; with `at`, only those
   * whose validity (`validFrom`…`validUntil`, days in the bank's time zone, both inclusive)
   * covers that instant's day. Definitions are parsed with today's schema (defaults applied).
   * Read on live calls: one indexed query, behind a small cache that a publish through this store
   * clears at once (other processes see a publish within the cache's lifetime).
   */
  livePublished(at?: Date): Promise<CampaignVersion[]>;
}
