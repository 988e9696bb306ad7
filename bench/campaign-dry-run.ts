/**
 * How long does the dry run of a campaign take before its launch (issue 12, section 3: "10,000
 * customers × 12 months in under 60 s on this machine")? Runs the credit-card upgrade as a
 * selection campaign over the simulator's population of 10,000 (and 2,500 for the ratio) for
 * twelve simulated months, with the default pacing and answer model, and reports wall time,
 * calls placed and the ratio of the two sizes in one run (the machine is noisy).
 *
 *   npx tsx bench/campaign-dry-run.ts [size]
 */
import { performance } from 'node:perf_hooks';
import { generatePopulation } from '../adapters/core-banking/simulator/population';
import { CampaignDefinitionSchema, type CampaignVersion } from '../domain/campaign';
import { dryRun, DEFAULT_ANSWER_MODEL } from '../domain/campaign-dry-run';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, type CampaignTarget } from '../domain/campaign-run';
import { PILOT_CATALOG } from '../domain/pilot-catalog';

const size = Number(process.argv[2] ?? 10_000);
const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!;
const version: CampaignVersion = {
  campaignId: 'kreditkarte-selektion',
  version: 1,
  definition: CampaignDefinitionSchema.parse({ ...upgrade.definition, trigger: { kind: 'selection' } }),
  publishedAt: new Date().toISOString(),
  publishedBy: 'bench',
};

function targetsOf(n: number): CampaignTarget[] {
  return generatePopulation({ seed: 42, size: n }).customers.map(({ profile, products, consents }) => ({
    customerId: profile.customerId,
    birthDate: profile.birthDate,
    segment: profile.segment,
    federalState: profile.federalState,
    branchId: profile.branchId,
    reachable: { phone: Boolean(profile.contact.phone), email: Boolean(profile.contact.email) },
    products,
    consents,
  }));
}

/** The worst case for the simulation: every adult is selected (no product criterion). */
const broad: CampaignVersion = { ...version, campaignId: 'alle-erwachsenen', definition: { ...version.definition, criteria: { kind: 'age', min: 18 }, exclusions: [] } };

function measure(campaign: CampaignVersion, n: number) {
  const population = targetsOf(n);
  const started = performance.now();
  const report = dryRun({ version: campaign, population, start: new Date(), months: 12, settings: DEFAULT_CAMPAIGN_RUN_SETTINGS, answers: DEFAULT_ANSWER_MODEL, seed: 1 });
  return { campaign: campaign.campaignId, n, ms: performance.now() - started, report };
}

for (const campaign of [version, broad]) {
  const small = measure(campaign, Math.round(size / 4));
  const large = measure(campaign, size);
  for (const { n, ms, report } of [small, large]) {
    process.stdout.write(
      `${campaign.campaignId}: dry run ${n} customers x 12 months: ${(ms / 1000).toFixed(2)} s; selected ${report.selected}, calls ${report.calls}, reached ${report.reached}, still waiting ${report.stillWaiting}, forbidden ${report.forbiddenContacts}\n`,
    );
  }
  process.stdout.write(`${campaign.campaignId}: ratio ${large.n}/${small.n} customers: time x${(large.ms / small.ms).toFixed(2)} (linear would be x${(large.n / small.n).toFixed(2)})\n`);
}
