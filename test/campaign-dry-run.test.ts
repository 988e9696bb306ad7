/**
 * The dry run of a campaign version (issue 12, section 3) over the simulator's synthetic
 * population: the counts add up, pacing and calling hours hold, the same inputs give the same
 * report, withdrawals on the way stop calls at dial time, and the independent pass finds no call
 * the contact policy forbids.
 */
import { generatePopulation } from '../adapters/core-banking/simulator/population';
import { CampaignDefinitionSchema, type CampaignVersion } from '../domain/campaign';
import { dryRun, isoWeekOf, DEFAULT_ANSWER_MODEL, type DryRunInput } from '../domain/campaign-dry-run';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, judgeTarget, NOTHING_KNOWN, type CampaignTarget, type KnownFacts } from '../domain/campaign-run';
import { PILOT_CATALOG } from '../domain/pilot-catalog';

const population = generatePopulation({ seed: 42, size: 3_000, asOf: '2026-11-26' });
const targets: CampaignTarget[] = population.customers.map(({ profile, products, consents }) => ({
  customerId: profile.customerId,
  birthDate: profile.birthDate,
  segment: profile.segment,
  federalState: profile.federalState,
  branchId: profile.branchId,
  reachable: { phone: Boolean(profile.contact.phone), email: Boolean(profile.contact.email) },
  products,
  consents,
}));

const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!;
const version: CampaignVersion = {
  campaignId: 'kreditkarte-selektion',
  version: 1,
  definition: CampaignDefinitionSchema.parse({ ...upgrade.definition, trigger: { kind: 'selection' } }),
  publishedAt: '2026-11-01T00:00:00.000Z',
  publishedBy: 'owner.test',
};
// Thursday 26 November 2026, 09:00 Berlin time.
const input: DryRunInput = { version, population: targets, start: new Date('2026-11-26T08:00:00Z'), months: 12, settings: DEFAULT_CAMPAIGN_RUN_SETTINGS, answers: DEFAULT_ANSWER_MODEL, seed: 7 };

describe('the dry run', () => {
  const report = dryRun(input);

  test('every customer is accounted for, and no call broke the contact policy', () => {
    expect(report.population).toBe(3_000);
    expect(report.selected + report.excludedCustomers).toBe(3_000);
    expect(report.selected).toBeGreaterThan(0);
    const stopped = report.stoppedAtDial.reduce((sum, count) => sum + count.count, 0);
    expect(report.reached + report.notContactable + stopped + report.stillWaiting).toBe(report.selected);
    const outcomes = Object.values(report.outcomes).reduce((sum, n) => sum + (n ?? 0), 0);
    expect(outcomes).toBe(report.reached);
    expect(report.callsPerCustomer.reduce((sum, row) => sum + row.calls * row.customers, 0)).toBe(report.calls);
    expect(report.callsPerCustomer.reduce((sum, row) => sum + row.customers, 0)).toBe(3_000);
    expect(Math.max(...report.callsPerCustomer.map((row) => row.calls))).toBeLessThanOrEqual(DEFAULT_CAMPAIGN_RUN_SETTINGS.maxAttempts);
    expect(report.forbiddenContacts).toBe(0);
  });

  test('the reasons of the exclusions: minors, criteria, consent, no phone number', () => {
    const keys = report.excluded.map((count) => count.key);
    expect(keys).toEqual(expect.arrayContaining(['minor', 'no-phone-consent']));
    expect(keys.some((key) => key.startsWith('criteria:'))).toBe(true);
    for (const count of report.excluded) expect(count.label.length).toBeGreaterThan(0);
    const minors = population.customers.filter((c) => c.profile.birthDate > '2008-11-26').length;
    expect(report.excluded.find((count) => count.key === 'minor')?.count).toBe(minors);
  });

  test('pacing and calling hours: no week has more calls than its calling hours allow', () => {
    // 08:00–20:00 on weekdays and 09:00–14:00 on Saturdays: at most 65 calling hours a week.
    const perWeek = 65 * Math.min(DEFAULT_CAMPAIGN_RUN_SETTINGS.maxNewTasksPerHour, DEFAULT_CAMPAIGN_RUN_SETTINGS.maxOpenTasks);
    for (const week of report.callsPerWeek) {
      expect(week.calls).toBeLessThanOrEqual(perWeek);
      expect(week.queue).toBe('ksc');
    }
    const slow = dryRun({ ...input, settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxNewTasksPerHour: 2 } });
    for (const week of slow.callsPerWeek) expect(week.calls).toBeLessThanOrEqual(65 * 2);
    expect(slow.calls).toBeLessThan(report.calls + 1);
    expect(slow.forbiddenContacts).toBe(0);
  });

  test('the same inputs give the same report; another seed other answers', () => {
    expect(dryRun(input)).toEqual(report);
    expect(dryRun({ ...input, seed: 8 }).outcomes).not.toEqual(report.outcomes);
  });

  test('consents withdrawn on the way stop calls at dial time, never a forbidden call', () => {
    const withdrawing = dryRun({ ...input, settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxNewTasksPerHour: 1 }, answers: { ...DEFAULT_ANSWER_MODEL, withdrawalRatePerMonth: 0.5 } });
    expect(withdrawing.stoppedAtDial.find((count) => count.key === 'no-phone-consent')?.count).toBeGreaterThan(0);
    expect(withdrawing.forbiddenContacts).toBe(0);
  });

  test("what Drehscheibe knows counts at the selection: its blocks, withdrawals, contacts and the interests noted", () => {
    const start = input.start;
    const eligible = targets.filter((target) => judgeTarget(version, target, start, NOTHING_KNOWN, DEFAULT_CAMPAIGN_RUN_SETTINGS).eligible).slice(0, 3);
    expect(eligible).toHaveLength(3);
    const [blocked, withdrawn, contacted] = eligible.map((target) => target.customerId) as [string, string, string];
    const daysBefore = (days: number) => new Date(start.getTime() - days * 86_400_000);
    const known = new Map<string, KnownFacts>([
      [blocked, { ...NOTHING_KNOWN, blocks: [{ topic: version.definition.offer.topic, endsAt: new Date('2027-05-26T00:00:00Z') }] }],
      [withdrawn, { ...NOTHING_KNOWN, consents: [{ channel: 'phone', granted: false, recordedAt: daysBefore(3) }] }],
      [contacted, { ...NOTHING_KNOWN, history: [{ at: daysBefore(10), purpose: 'advertising', channel: 'phone', topic: version.definition.offer.topic, campaignId: version.campaignId }] }],
    ]);
    const withKnown = dryRun({ ...input, known });
    expect(withKnown.selected).toBe(report.selected - 3);
    const count = (r: typeof report, key: string) => r.excluded.find((entry) => entry.key === key)?.count ?? 0;
    expect(count(withKnown, 'blocked')).toBe(count(report, 'blocked') + 1);
    expect(count(withKnown, 'no-phone-consent')).toBe(count(report, 'no-phone-consent') + 1);
    expect(count(withKnown, 'contact-cap-reached')).toBe(count(report, 'contact-cap-reached') + 1);
    expect(withKnown.forbiddenContacts).toBe(0);

    // A campaign for customers who mentioned plans to buy property: only those a profile note names.
    const property: typeof version = { ...version, definition: CampaignDefinitionSchema.parse({ ...version.definition, criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'interest', in: ['immobilienkauf'] }] } }) };
    const buyers = new Map<string, KnownFacts>(eligible.map((target) => [target.customerId, { ...NOTHING_KNOWN, interests: ['immobilienkauf'] }]));
    expect(dryRun({ ...input, version: property }).selected).toBe(0);
    expect(dryRun({ ...input, version: property, known: buyers }).selected).toBe(3);
  });

  test('ISO weeks in bank time', () => {
    expect(isoWeekOf('2026-11-26')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
  });
});
