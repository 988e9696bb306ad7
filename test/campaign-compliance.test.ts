/**
 * Twelve months of compliance, proven (issue 12, section 4): three overlapping campaigns run over
 * 10,000 synthetic customers for twelve simulated months with the rules of the live run, while
 * customers withdraw their phone consent and ask on other channels for no advertising (blocks).
 * From the contact log alone, with checks written here and not through the contact policy, the
 * test shows that no call broke consent, a block, a contact cap, calling hours or public holidays
 * of the customer's state, or the minors rule, and that every call carries its reasons.
 */
import { generatePopulation } from '../adapters/core-banking/simulator/population';
import { CampaignDefinitionSchema, type CampaignVersion } from '../domain/campaign';
import { simulateCampaigns, DEFAULT_ANSWER_MODEL } from '../domain/campaign-dry-run';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, type CampaignTarget } from '../domain/campaign-run';
import { toLocalDateTime } from '../domain/calling-hours';
import { adulthoodBegins } from '../domain/contact-policy';
import { isPublicHoliday, type FederalState } from '../domain/german-holidays';
import { PILOT_CATALOG } from '../domain/pilot-catalog';

const DAY = 86_400_000;
const population = generatePopulation({ seed: 42, size: 10_000, asOf: '2026-11-26' });
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
const byId = new Map(targets.map((target) => [target.customerId, target]));

const base = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition as { offer: object };
function campaign(campaignId: string, topic: string, criteria: object): CampaignVersion {
  return {
    campaignId,
    version: 1,
    definition: CampaignDefinitionSchema.parse({ ...base, trigger: { kind: 'selection' }, criteria, offer: { ...base.offer, topic }, caps: { perCustomer: 1, perCustomerDays: 365 } }),
    publishedAt: '2026-11-01T00:00:00.000Z',
    publishedBy: 'owner.test',
  };
}
const start = Date.parse('2026-11-26T08:00:00Z');
const runs = [
  { version: campaign('kreditkarte-herbst', 'kreditkarte', { kind: 'age', min: 18 }), start: new Date(start) },
  { version: campaign('geldanlage-winter', 'geldanlage', { kind: 'age', min: 30, max: 70 }), start: new Date(start + 61 * DAY) },
  { version: campaign('vorsorge-fruehjahr', 'altersvorsorge', { kind: 'age', min: 40 }), start: new Date(start + 122 * DAY) },
];
/** The bank's cap over all advertising: at most two contacts in 30 days. */
const GLOBAL_CAP = { maxContacts: 2, periodDays: 30 };
const simulation = simulateCampaigns({
  runs,
  population: targets,
  end: new Date(start + 365 * DAY),
  settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxNewTasksPerHour: 40, caps: [GLOBAL_CAP] },
  answers: { ...DEFAULT_ANSWER_MODEL, withdrawalRatePerMonth: 0.03, blockRatePerMonth: 0.01 },
  seed: 2026,
});
const { calls, events } = simulation;

/** The customer's phone consent at `at`: core banking's newest decision before it, unless withdrawn since. */
function phoneConsentAt(customerId: string, at: number): boolean {
  const bank = byId.get(customerId)!.consents.filter((c) => c.channel === 'phone' && Date.parse(c.recordedAt) <= at).sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt)).at(-1);
  const withdrawn = events.some((event) => event.customerId === customerId && event.kind === 'withdrawal' && event.at < at);
  return Boolean(bank?.granted) && !withdrawn;
}

describe('three campaigns over 10,000 customers for twelve months', () => {
  test('they ran, overlapped, and met withdrawals and blocks on the way', () => {
    expect(calls.length).toBeGreaterThan(1_000);
    for (const report of simulation.reports) {
      expect(report.calls).toBeGreaterThan(0);
      expect(report.forbiddenContacts).toBe(0);
      expect(report.excluded.find((count) => count.key === 'minor')?.count).toBeGreaterThan(0);
    }
    expect(events.filter((event) => event.kind === 'withdrawal').length).toBeGreaterThan(10);
    expect(events.filter((event) => event.kind === 'block').length).toBeGreaterThan(10);
    // Customers called by more than one campaign: the caps and blocks had something to do.
    const campaignsPerCustomer = new Map<string, Set<string>>();
    for (const call of calls) campaignsPerCustomer.set(call.customerId, (campaignsPerCustomer.get(call.customerId) ?? new Set()).add(call.campaignId));
    expect([...campaignsPerCustomer.values()].filter((set) => set.size > 1).length).toBeGreaterThan(10);
    // Some calls were stopped at dial time by what happened after the launch.
    const stopped = simulation.reports.flatMap((report) => report.stoppedAtDial.map((count) => count.key));
    expect(stopped).toEqual(expect.arrayContaining(['no-phone-consent', 'blocked']));
  });

  test('no call without phone consent at its moment', () => {
    expect(calls.filter((call) => !phoneConsentAt(call.customerId, call.at))).toEqual([]);
  });

  test('no call on a blocked topic', () => {
    const topicOf = new Map(runs.map((run) => [run.version.campaignId, run.version.definition.offer.topic]));
    const blocked = calls.filter((call) =>
      simulation.blocksOf(call.customerId).some((block) => block.setAt < call.at && call.at < block.endsAt && (block.topic === 'all' || block.topic === topicOf.get(call.campaignId))),
    );
    expect(blocked).toEqual([]);
  });

  test('no call beyond a cap: two contacts in 30 days over all campaigns, one per campaign in a year', () => {
    const reachedOf = new Map<string, typeof calls>();
    for (const call of calls) if (call.reached) reachedOf.set(call.customerId, [...(reachedOf.get(call.customerId) ?? []), call]);
    const over = calls.filter((call) => {
      const earlier = (reachedOf.get(call.customerId) ?? []).filter((contact) => contact.at < call.at);
      const inMonth = earlier.filter((contact) => contact.at > call.at - GLOBAL_CAP.periodDays * DAY).length;
      const sameCampaign = earlier.filter((contact) => contact.campaignId === call.campaignId && contact.at > call.at - 365 * DAY).length;
      return inMonth >= GLOBAL_CAP.maxContacts || sameCampaign >= 1;
    });
    expect(over).toEqual([]);
  });

  test('no call outside calling hours or on a public holiday of the customer’s state', () => {
    const outside = calls.filter((call) => {
      const local = toLocalDateTime(new Date(call.at));
      const state = byId.get(call.customerId)!.federalState as FederalState;
      const minutes = local.minuteOfDay;
      const inHours = local.weekday === 'sun' ? false : local.weekday === 'sat' ? minutes >= 9 * 60 && minutes < 14 * 60 : minutes >= 8 * 60 && minutes < 20 * 60;
      return !inHours || isPublicHoliday(local.date, state);
    });
    expect(outside).toEqual([]);
    // The period has holidays: Christmas, New Year, Easter … no call on 25 December anywhere.
    expect(calls.filter((call) => toLocalDateTime(new Date(call.at)).date === '2026-12-25')).toEqual([]);
  });

  test('no call to a minor; every call carries its reasons', () => {
    expect(calls.filter((call) => call.at < adulthoodBegins(byId.get(call.customerId)!.birthDate).getTime())).toEqual([]);
    expect(calls.filter((call) => !call.reasons.includes('allowed'))).toEqual([]);
  });
});
