/**
 * Puts the default catalog (domain/pilot-catalog.ts: the twelve pilot service processes of seed
 * 000, and one selection campaign for campaign runs) into the campaign store as version 1 of each campaign, once: a campaign that exists (also
 * one a process owner has changed since) is left alone, so restarts and several API instances
 * starting at once seed nothing twice.
 */
import { CampaignDefinitionSchema } from '../domain/campaign';
import { DEFAULT_CATALOG } from '../domain/pilot-catalog';
import type { CampaignStore } from './campaign-store';

/** Who the catalog's drafts and versions are recorded as. */
export const CATALOG_AUTHOR = 'system:pilot-catalog';

/** Seeds the missing catalog campaigns; answers how many it published. */
export async function seedPilotCatalog(store: Pick<CampaignStore, 'getDraft' | 'saveDraft' | 'publish'>, at: Date = new Date()): Promise<number> {
  let published = 0;
  for (const { campaignId, definition } of DEFAULT_CATALOG) {
    if (await store.getDraft(campaignId)) continue;
    const saved = await store.saveDraft(campaignId, CampaignDefinitionSchema.parse(definition), { revision: 0, by: CATALOG_AUTHOR, at });
    // Another instance created it a moment ago: theirs stands.
    if (saved.kind !== 'saved') continue;
    const result = await store.publish(campaignId, { by: CATALOG_AUTHOR, revision: saved.draft.revision, key: `${CATALOG_AUTHOR}:${campaignId}`, at });
    if (result.kind === 'published') published++;
  }
  return published;
}
