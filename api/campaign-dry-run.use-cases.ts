/**
 * The dry run of a campaign version before its launch (issue 12, section 3): reads the customer
 * base through core banking's selection, pages of 1,000, and runs `domain/campaign-dry-run.ts`
 * over it. Reads only: nothing is written, no process starts, no customer is contacted.
 */
import { z } from 'zod';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { CAMPAIGN_OUTCOMES } from '../domain/campaign';
import { dryRun, DEFAULT_ANSWER_MODEL, type DryRunReport } from '../domain/campaign-dry-run';
import type { KnownFactsReader } from '../activities/ports';
import { knownFactsWindow, type CampaignRunSettings, type CampaignTarget, type KnownFacts } from '../domain/campaign-run';
import type { CampaignStore } from './campaign-store';
import { conflict, notFound } from './http-error';

/** The largest population a dry run reads (the size of the bank the seed describes). */
export const MAX_DRY_RUN_POPULATION = 200_000;
const rate = z.number().min(0).max(1);

/** `POST /campaigns/{id}/versions/{version}/dry-run`. */
export const DryRunBodySchema = z.strictObject({
  /** Simulated months from now (default 12). */
  months: z.number().int().min(1).max(24).default(12),
  /** At most this many customers, in customer-number order (default: all, up to 200,000). */
  population: z.number().int().min(1).max(MAX_DRY_RUN_POPULATION).optional(),
  /** Pacing other than the configured one, to plan the center's capacity. */
  pacing: z.strictObject({ maxOpenTasks: z.number().int().min(1).max(100_000).optional(), maxNewTasksPerHour: z.number().int().min(1).max(100_000).optional() }).optional(),
  /** How customers answer (rates 0 to 1); default: reached 55 %, 1 % withdraw their phone consent per month. */
  answers: z
    .strictObject({
      reachRate: rate.optional(),
      withdrawalRatePerMonth: rate.optional(),
      outcomeRates: z.partialRecord(z.enum(CAMPAIGN_OUTCOMES), rate).optional(),
    })
    .optional(),
  /** Seeds the answers: the same body gives the same report. */
  seed: z.number().int().min(0).max(2_147_483_647).default(1),
});
export type DryRunBody = z.infer<typeof DryRunBodySchema>;

export interface DryRunUseCaseDeps {
  campaigns: Pick<CampaignStore, 'getVersion'>;
  coreBanking: Pick<CoreBanking, 'selectCustomers'>;
  /** What Drehscheibe knows of the customers (blocks, history, consent evidence, interests), as the live run's selection reads it. */
  knownFacts: KnownFactsReader;
  /** The configured run settings (pacing, attempts, calling hours, the bank's contact caps). */
  settings: CampaignRunSettings;
  now: () => Date;
}

const PAGE = 1_000;

export class CampaignDryRunUseCases {
  constructor(private readonly deps: DryRunUseCaseDeps) {}

  /**
   * The report of a dry run.
   *
   * @throws {HttpError} 404 for an unknown version; 409 for a campaign that is not a target selection.
   */
  async dryRun(campaignId: string, versionNumber: number, body: DryRunBody): Promise<DryRunReport & { durationMs: number }> {
    const version = await this.deps.campaigns.getVersion(campaignId, versionNumber);
    if (!version) throw notFound(`campaign ${campaignId} has no version ${versionNumber}`);
    if (version.definition.trigger.kind !== 'selection') {
      throw conflict(`campaign ${campaignId} is triggered by ${version.definition.trigger.kind}, not by a target selection: only selection campaigns are run (and dry-run) over the customer base`);
    }
    const started = Date.now();
    const start = this.deps.now();
    const settings: CampaignRunSettings = { ...this.deps.settings, ...body.pacing };
    const { population, known } = await this.population(body.population ?? MAX_DRY_RUN_POPULATION, knownFactsWindow(version, settings.caps, start));
    const answers = { ...DEFAULT_ANSWER_MODEL, ...body.answers, outcomeRates: { ...DEFAULT_ANSWER_MODEL.outcomeRates, ...body.answers?.outcomeRates } };
    const report = dryRun({ version, population, known, start, months: body.months, settings, answers, seed: body.seed });
    return { ...report, durationMs: Date.now() - started };
  }

  /** Up to `limit` customers from core banking, and what Drehscheibe knows of them, a page at a time. */
  private async population(limit: number, query: Parameters<KnownFactsReader['knownFacts']>[1]): Promise<{ population: CampaignTarget[]; known: Map<string, KnownFacts> }> {
    const population: CampaignTarget[] = [];
    const known = new Map<string, KnownFacts>();
    let cursor: string | undefined;
    do {
      const page = await this.deps.coreBanking.selectCustomers({ limit: Math.min(PAGE, limit - population.length), ...(cursor === undefined ? {} : { cursor }) });
      population.push(...page.customers);
      for (const [customerId, facts] of await this.deps.knownFacts.knownFacts(page.customers.map((target) => target.customerId), query)) known.set(customerId, facts);
      cursor = page.nextCursor;
    } while (cursor !== undefined && population.length < limit);
    return { population, known };
  }
}
