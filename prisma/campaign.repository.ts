/**
 * Campaigns in the application database (issue 11, section 1): one `Campaign` row per campaign
 * with its draft and the number of its live version, and one `CampaignVersion` row per published
 * version, inserted once and never changed.
 *
 * Concurrency:
 * - a draft save is one conditional update (`where id and draftRevision = the revision named`):
 *   of two owners saving from the same revision, one wins, the other is told it is stale;
 * - a publish is one transaction that inserts version n+1 and moves the campaign's `liveVersion`
 *   from n to n+1 (`where liveVersion = n`). The primary key (campaignId, version) makes a second
 *   version n+1 impossible: of concurrent publishes, one commits and the others fail and are told
 *   so (on SQLite the adapter runs transactions one after another, so the later ones find the
 *   draft published already).
 */
import { createHash } from 'node:crypto';
import type {
  CampaignDraft,
  CampaignListing,
  CampaignStore,
  CampaignVersionSummary,
  PublishedCampaignVersion,
  PublishOptions,
  PublishResult,
  SaveDraftOptions,
  SaveDraftResult,
} from '../api/campaign-store';
import { CampaignDefinitionSchema, type CampaignDefinition, type CampaignTrigger, type CampaignVersion } from '../domain/campaign';
import { toLocalDateTime } from '../domain/calling-hours';
import { canonicalJson, type Json } from '../domain/json-diff';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

type CampaignRow = Awaited<ReturnType<Db['campaign']['findFirstOrThrow']>>;
type VersionRow = Awaited<ReturnType<Db['campaignVersion']['findFirstOrThrow']>>;

export interface CampaignStoreOptions {
  /**
   * How long `livePublished` answers from memory (default 5 s; 0: always from the database). A
   * publish through this store clears the cache at once; other processes see it after this long.
   */
  cacheMs?: number;
  /** The clock of the cache (milliseconds). */
  nowMs?: () => number;
}

/** Thrown inside the publish transaction to roll it back when another publish moved the live version. */
class LostPublishRace extends Error {}

export class PrismaCampaignStore implements CampaignStore {
  private readonly cacheMs: number;
  private readonly nowMs: () => number;
  /** `livePublished` answers by day (`*`: every live version); a publish clears it. */
  private readonly cache = new Map<string, { loadedAt: number; versions: Promise<CampaignVersion[]> }>();

  constructor(
    private readonly db: Db,
    options: CampaignStoreOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.nowMs = options.nowMs ?? Date.now;
  }

  async saveDraft(campaignId: string, definition: CampaignDefinition, { revision, by, at = new Date() }: SaveDraftOptions): Promise<SaveDraftResult> {
    const sha256 = hashOf(definition);
    const draft = {
      name: definition.name,
      triggerKind: definition.trigger.kind,
      draft: JSON.stringify(definition),
      draftSha256: sha256,
      draftUpdatedAt: at,
      draftUpdatedBy: by,
      updatedAt: at,
    };
    if (revision === 0) {
      try {
        await this.db.campaign.create({ data: { id: campaignId, ...draft, draftRevision: 1, createdAt: at, createdBy: by } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    } else {
      await this.db.campaign.updateMany({ where: { id: campaignId, draftRevision: revision }, data: { ...draft, draftRevision: revision + 1 } });
    }
    const current = await this.getDraft(campaignId);
    if (!current) return { kind: 'not-found' };
    // Ours, or a retry of ours whose answer was lost (same content, one revision on, same author).
    if (current.revision === revision + 1 && current.sha256 === sha256 && current.updatedBy === by) return { kind: 'saved', created: revision === 0, draft: current };
    return revision === 0 ? { kind: 'exists', current } : { kind: 'stale', current };
  }

  async getDraft(campaignId: string): Promise<CampaignDraft | undefined> {
    const row = await this.db.campaign.findUnique({ where: { id: campaignId }, include: { live: { select: { sha256: true } } } });
    return row ? toDraft(row, row.live?.sha256) : undefined;
  }

  async publish(campaignId: string, { by, revision, key, at = new Date() }: PublishOptions): Promise<PublishResult> {
    let result: PublishResult;
    try {
      result = await this.db.$transaction(
        async (tx) => {
          const campaign = await tx.campaign.findUnique({ where: { id: campaignId } });
          if (!campaign) return { kind: 'not-found' } as const;
          if (revision !== undefined && revision !== campaign.draftRevision) return { kind: 'stale', revision: campaign.draftRevision } as const;
          const live = campaign.liveVersion === null ? null : await tx.campaignVersion.findUnique({ where: { campaignId_version: { campaignId, version: campaign.liveVersion } } });
          if (live && live.sha256 === campaign.draftSha256) {
            // A retry of the request that published it (its answer was lost): the same version.
            if (key !== undefined && live.publishKey === key && live.draftRevision === campaign.draftRevision) return { kind: 'replayed', version: toVersion(live) } as const;
            return { kind: 'unchanged', liveVersion: live.version, revision: campaign.draftRevision } as const;
          }
          const definition = JSON.parse(campaign.draft) as CampaignDefinition;
          const created = await tx.campaignVersion.create({
            data: {
              campaignId,
              version: (campaign.liveVersion ?? 0) + 1,
              name: campaign.name,
              triggerKind: campaign.triggerKind,
              definition: campaign.draft,
              sha256: campaign.draftSha256,
              draftRevision: campaign.draftRevision,
              validFrom: definition.validFrom ?? null,
              validUntil: definition.validUntil ?? null,
              publishedAt: at,
              publishedBy: by,
              publishKey: key ?? null,
            },
          });
          const moved = await tx.campaign.updateMany({ where: { id: campaignId, liveVersion: campaign.liveVersion }, data: { liveVersion: created.version, updatedAt: at } });
          if (moved.count !== 1) throw new LostPublishRace();
          return { kind: 'published', version: toVersion(created) } as const;
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    } catch (error) {
      if (error instanceof LostPublishRace || isUniqueViolation(error)) return { kind: 'conflict' };
      throw error;
    }
    if (result.kind === 'published') this.invalidate();
    return result;
  }

  async listCampaigns(): Promise<CampaignListing[]> {
    const rows = await this.db.campaign.findMany({
      orderBy: { id: 'asc' },
      include: { live: { select: { name: true, triggerKind: true, sha256: true, publishedAt: true } } },
    });
    return rows.map((row) => ({
      campaignId: row.id,
      name: row.live?.name ?? row.name,
      triggerKind: (row.live?.triggerKind ?? row.triggerKind) as CampaignTrigger['kind'],
      ...(row.live && row.liveVersion !== null ? { liveVersion: row.liveVersion, livePublishedAt: row.live.publishedAt.toISOString() } : {}),
      draft: {
        revision: row.draftRevision,
        name: row.name,
        triggerKind: row.triggerKind as CampaignTrigger['kind'],
        unpublishedChanges: row.live?.sha256 !== row.draftSha256,
        updatedAt: row.draftUpdatedAt.toISOString(),
        updatedBy: row.draftUpdatedBy,
      },
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  async listVersions(campaignId: string): Promise<CampaignVersionSummary[]> {
    const rows = await this.db.campaignVersion.findMany({
      where: { campaignId },
      orderBy: { version: 'desc' },
      select: { version: true, name: true, triggerKind: true, sha256: true, draftRevision: true, publishedAt: true, publishedBy: true },
    });
    return rows.map((row) => ({ ...row, triggerKind: row.triggerKind as CampaignTrigger['kind'], publishedAt: row.publishedAt.toISOString() }));
  }

  async getVersion(campaignId: string, version: number): Promise<PublishedCampaignVersion | undefined> {
    const row = await this.db.campaignVersion.findUnique({ where: { campaignId_version: { campaignId, version } } });
    return row ? toVersion(row) : undefined;
  }

  async livePublished(at?: Date): Promise<CampaignVersion[]> {
    const day = at === undefined ? undefined : toLocalDateTime(at).date;
    const cacheKey = day ?? '*';
    const now = this.nowMs();
    const cached = this.cache.get(cacheKey);
    if (cached && now - cached.loadedAt < this.cacheMs) return cached.versions;
    const versions = this.loadLive(day);
    if (this.cacheMs > 0) {
      // Another day's answer is of no more use: at most one day and "every" are kept.
      for (const key of this.cache.keys()) if (key !== '*' && key !== cacheKey) this.cache.delete(key);
      this.cache.set(cacheKey, { loadedAt: now, versions });
      // A failed load is not kept (the caller gets its error).
      versions.catch(() => {
        if (this.cache.get(cacheKey)?.versions === versions) this.cache.delete(cacheKey);
      });
    }
    return versions;
  }

  /** One query: the versions some campaign points to as live, valid on `day` when given. */
  private async loadLive(day: string | undefined): Promise<CampaignVersion[]> {
    const rows = await this.db.campaignVersion.findMany({
      where: {
        liveOf: { isNot: null },
        ...(day === undefined
          ? {}
          : { AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: day } }] }, { OR: [{ validUntil: null }, { validUntil: { gte: day } }] }] }),
      },
      orderBy: { campaignId: 'asc' },
    });
    return rows.map((row) => ({
      campaignId: row.campaignId,
      version: row.version,
      definition: parseStored(row),
      publishedAt: row.publishedAt.toISOString(),
      publishedBy: row.publishedBy,
    }));
  }

  private invalidate(): void {
    this.cache.clear();
  }
}

/** SHA-256 of the definition's canonical JSON: equal definitions, equal hashes, whatever the key order. */
export function hashOf(definition: CampaignDefinition): string {
  return createHash('sha256').update(canonicalJson(definition as unknown as Json)).digest('hex');
}

function toDraft(row: CampaignRow, liveSha256: string | undefined): CampaignDraft {
  return {
    campaignId: row.id,
    revision: row.draftRevision,
    definition: JSON.parse(row.draft) as CampaignDefinition,
    sha256: row.draftSha256,
    updatedAt: row.draftUpdatedAt.toISOString(),
    updatedBy: row.draftUpdatedBy,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    ...(row.liveVersion === null ? {} : { liveVersion: row.liveVersion }),
    unpublishedChanges: liveSha256 !== row.draftSha256,
  };
}

/** The version as published: its stored JSON, not re-validated, so it reads exactly as it was. */
function toVersion(row: VersionRow): PublishedCampaignVersion {
  return {
    campaignId: row.campaignId,
    version: row.version,
    definition: JSON.parse(row.definition) as CampaignDefinition,
    publishedAt: row.publishedAt.toISOString(),
    publishedBy: row.publishedBy,
    sha256: row.sha256,
    draftRevision: row.draftRevision,
  };
}

/** A live definition for the decision: parsed with today's schema, so later defaults apply. */
function parseStored(row: VersionRow): CampaignDefinition {
  const parsed = CampaignDefinitionSchema.safeParse(JSON.parse(row.definition));
  if (!parsed.success) throw new Error(`campaign ${row.campaignId} version ${row.version} no longer fits the campaign schema: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  return parsed.data;
}
