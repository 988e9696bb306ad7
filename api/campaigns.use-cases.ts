/**
 * Use cases behind the campaign endpoints (issue 11, section 1): a process owner edits a draft,
 * publishes it as an immutable version, and everyone who works with campaigns reads versions and
 * the differences between them. Agents see published versions only, never a draft.
 */
import type { CampaignDefinition } from '../domain/campaign';
import { diffJson, type Json, type JsonChange } from '../domain/json-diff';
import type { CampaignDraft, CampaignStore, CampaignVersionSummary, PublishedCampaignVersion } from './campaign-store';
import { conflict, HttpError, notFound } from './http-error';

export interface CampaignUseCaseDeps {
  campaigns: CampaignStore;
}

/** What the caller may see: drafts (process owners, supervisors, auditors) or published versions only (agents). */
export interface CampaignViewer {
  seesDrafts: boolean;
}

/** One campaign in the list. Without drafts: only published campaigns, and no `draft`. */
export interface CampaignListItem {
  campaignId: string;
  name: string;
  triggerKind: string;
  liveVersion?: number;
  livePublishedAt?: string;
  draft?: { revision: number; name: string; triggerKind: string; unpublishedChanges: boolean; updatedAt: string; updatedBy: string };
  updatedAt?: string;
}

/** One campaign: its live version, its versions (newest first) and, for those who see drafts, the draft. */
export interface CampaignView {
  campaignId: string;
  liveVersion?: number;
  draft?: CampaignDraft;
  versions: CampaignVersionSummary[];
}

/** A published version as the API answers it. */
export type CampaignVersionView = PublishedCampaignVersion & { live: boolean };

/** A publish's answer. */
export interface PublishedAnswer {
  campaignId: string;
  version: number;
  draftRevision: number;
  sha256: string;
  publishedAt: string;
  publishedBy: string;
}

/** The differences between two versions, or a version and the draft. */
export interface CampaignDiff {
  campaignId: string;
  from: number;
  to: number | 'draft';
  /** The draft's revision when `to` is the draft. */
  toRevision?: number;
  /** Paths are relative to the definition, e.g. `criteria.rules.1.min`. */
  changes: JsonChange[];
}

export class CampaignUseCases {
  constructor(private readonly deps: CampaignUseCaseDeps) {}

  /**
   * Saves the draft edited from `revision` (0: a new campaign).
   * @throws {HttpError} 409 when the draft was saved meanwhile or the campaign exists; 404 for a revision of an unknown campaign.
   */
  async saveDraft(campaignId: string, revision: number, definition: CampaignDefinition, by: string): Promise<{ created: boolean; draft: CampaignDraft }> {
    const result = await this.deps.campaigns.saveDraft(campaignId, definition, { revision, by });
    switch (result.kind) {
      case 'saved':
        return { created: result.created, draft: result.draft };
      case 'not-found':
        throw notFound(`no campaign ${campaignId}; send revision 0 to create it`);
      case 'exists':
        throw conflictOn(
          'revision',
          `campaign ${campaignId} exists already (its draft is at revision ${result.current.revision}); send that revision to change its draft`,
        );
      case 'stale':
        throw conflictOn(
          'revision',
          `the draft of campaign ${campaignId} is at revision ${result.current.revision} (saved by ${result.current.updatedBy} at ${result.current.updatedAt}), not ${revision}: load it again and make your changes to that revision`,
        );
    }
  }

  /** Every campaign; without drafts, only those with a published version. */
  async list(viewer: CampaignViewer): Promise<CampaignListItem[]> {
    const campaigns = await this.deps.campaigns.listCampaigns();
    if (viewer.seesDrafts) return campaigns;
    return campaigns
      .filter((campaign) => campaign.liveVersion !== undefined)
      .map(({ campaignId, name, triggerKind, liveVersion, livePublishedAt }) => ({ campaignId, name, triggerKind, liveVersion, livePublishedAt }));
  }

  /** @throws {HttpError} 404 for an unknown campaign (without drafts: one never published). */
  async campaign(campaignId: string, viewer: CampaignViewer): Promise<CampaignView> {
    const [draft, versions] = await Promise.all([this.deps.campaigns.getDraft(campaignId), this.deps.campaigns.listVersions(campaignId)]);
    if (!draft || (!viewer.seesDrafts && versions.length === 0)) throw notFound(`no ${viewer.seesDrafts ? '' : 'published '}campaign ${campaignId}`);
    return {
      campaignId,
      ...(draft.liveVersion === undefined ? {} : { liveVersion: draft.liveVersion }),
      ...(viewer.seesDrafts ? { draft } : {}),
      versions,
    };
  }

  /** @throws {HttpError} 404 when there is no such version. */
  async version(campaignId: string, version: number): Promise<CampaignVersionView> {
    const found = await this.deps.campaigns.getVersion(campaignId, version);
    if (!found) throw notFound(`campaign ${campaignId} has no version ${version}`);
    const draft = await this.deps.campaigns.getDraft(campaignId);
    return { ...found, live: draft?.liveVersion === version };
  }

  /**
   * Publishes the draft as the next version. `revision`: the draft revision the owner reviewed;
   * `key`: the request's Idempotency-Key scoped to its caller.
   * @throws {HttpError} 404 unknown campaign; 409 nothing to publish, a draft changed since review, or a concurrent publish.
   */
  async publish(campaignId: string, { by, revision, key }: { by: string; revision?: number; key?: string }): Promise<{ replayed: boolean; answer: PublishedAnswer }> {
    const result = await this.deps.campaigns.publish(campaignId, { by, revision, key });
    switch (result.kind) {
      case 'published':
      case 'replayed': {
        const { version, draftRevision, sha256, publishedAt, publishedBy } = result.version;
        return { replayed: result.kind === 'replayed', answer: { campaignId, version, draftRevision, sha256, publishedAt, publishedBy } };
      }
      case 'not-found':
        throw notFound(`no campaign ${campaignId}`);
      case 'unchanged':
        throw conflict(`nothing to publish: the draft of campaign ${campaignId} (revision ${result.revision}) is the same as its live version ${result.liveVersion}`);
      case 'stale':
        throw conflictOn('revision', `the draft of campaign ${campaignId} is at revision ${result.revision} now, not the revision ${revision} you reviewed: look at it again before publishing`);
      case 'conflict':
        throw conflict(`another publish of campaign ${campaignId} made its next version at the same moment; look at its versions and publish again if the draft still differs`);
    }
  }

  /**
   * What changed from version `from` to version `to` or to the draft.
   * @throws {HttpError} 403 for the draft without drafts; 404 for a missing version or campaign.
   */
  async diff(campaignId: string, from: number, to: number | 'draft', viewer: CampaignViewer): Promise<CampaignDiff> {
    if (to === 'draft' && !viewer.seesDrafts) throw new HttpError(403, 'agents see published versions only: compare two versions');
    const before = await this.deps.campaigns.getVersion(campaignId, from);
    if (!before) throw notFound(`campaign ${campaignId} has no version ${from}`);
    if (to === 'draft') {
      const draft = await this.deps.campaigns.getDraft(campaignId);
      if (!draft) throw notFound(`no campaign ${campaignId}`);
      return { campaignId, from, to, toRevision: draft.revision, changes: diffJson(asJson(before.definition), asJson(draft.definition)) };
    }
    const after = await this.deps.campaigns.getVersion(campaignId, to);
    if (!after) throw notFound(`campaign ${campaignId} has no version ${to}`);
    return { campaignId, from, to, changes: diffJson(asJson(before.definition), asJson(after.definition)) };
  }
}

function conflictOn(field: string, message: string): HttpError {
  return new HttpError(409, message, [{ field, message }]);
}

function asJson(definition: CampaignDefinition): Json {
  return definition as unknown as Json;
}
