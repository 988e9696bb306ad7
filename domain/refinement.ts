/**
 * Refinement of a service request into a sales offer (DESIGN.md process 6, "Modell V"; issue 11,
 * section 2): while the agent is still on the call, every published campaign triggered by the
 * service request is judged for this customer at this moment, and at most one offer is shown: the
 * eligible campaign with the highest priority. Every campaign's verdict keeps its reasons, so the
 * decision can be explained later to an auditor or to the customer.
 *
 * A campaign is out when any of these stands against it (each a reason of its own):
 * - the customer is a minor ("nicht für alle Kunden": never an offer to a minor, whatever a
 *   campaign's criteria say);
 * - the campaign is not valid on the day;
 * - its target criteria do not hold (each criterion that excluded the customer, with its path);
 * - one of its exclusions holds;
 * - the contact policy refuses an offer on the topic through this channel (advertising consent,
 *   re-contact block, the global and the campaign's own contact caps).
 *
 * Pure: the caller loads the facts and the policy's decisions; the same inputs give the same
 * decision, which is what the stored snapshot relies on.
 */
import { describeCriterion, evaluateCriterion, type CustomerFacts } from './campaign-criteria';
import type { CampaignVersion, ServiceProcess } from './campaign';
import { toLocalDateTime } from './calling-hours';
import type { PolicyDecision } from './contact-policy';

/** Why a campaign is not offered. */
export type RefinementReasonCode = 'minor' | 'not-valid' | 'criteria' | 'exclusion' | 'contact-policy';

export interface RefinementReason {
  code: RefinementReasonCode;
  /** German, for the agent and the auditor. */
  text: string;
  /** Where in the definition (e.g. `criteria.rules.2`, `exclusions.0`), when a rule is the reason. */
  path?: string;
  /** The contact policy's own code (e.g. `no-phone-consent`, `blocked`, `contact-cap-reached`). */
  policyCode?: string;
}

/** One campaign's verdict. */
export interface CampaignVerdict {
  campaignId: string;
  version: number;
  name: string;
  priority: number;
  eligible: boolean;
  reasons: RefinementReason[];
}

/** What the agent gets: at most one offer, and every campaign's verdict. */
export interface RefinementDecision {
  /** The offered campaign (highest priority among the eligible; ties: the campaign id, for a stable answer). */
  offered?: { campaignId: string; version: number };
  verdicts: CampaignVerdict[];
}

export interface RefinementInput {
  process: ServiceProcess;
  /** The instant of the decision (ISO). */
  at: string;
  /** Minor at `at` (the contact policy's reckoning of age, in the bank's time zone). */
  minor: boolean;
  facts: CustomerFacts;
  /** The live published version of every campaign (the caller filters nothing). */
  campaigns: readonly CampaignVersion[];
  /** The contact policy's decision for an offer of each campaign, by campaign id. */
  policy: ReadonlyMap<string, PolicyDecision>;
}

/** The campaigns a service request triggers: service-request campaigns naming the process. */
export function triggeredBy(process: ServiceProcess, campaigns: readonly CampaignVersion[]): CampaignVersion[] {
  return campaigns.filter((campaign) => campaign.definition.trigger.kind === 'service-request' && campaign.definition.trigger.processes.includes(process));
}

/** What one campaign is judged on. */
export interface JudgedFacts {
  /** The day of the decision in the bank's time zone (YYYY-MM-DD): validity dates are such days. */
  day: string;
  minor: boolean;
  facts: CustomerFacts;
  /** The contact policy's decision for the campaign's contact; undefined: it could not be taken. */
  policy: PolicyDecision | undefined;
}

/**
 * One campaign's verdict for one customer: minors, validity, criteria, exclusions and the contact
 * policy, each a reason of its own. Refinement and campaign runs (selection, dry run) judge with it.
 */
export function judgeCampaign(campaign: CampaignVersion, { day, minor, facts, policy }: JudgedFacts): CampaignVerdict {
  const { definition } = campaign;
  const reasons: RefinementReason[] = [];
  if (minor) reasons.push({ code: 'minor', text: 'Der Kunde ist minderjährig: Minderjährige erhalten keine Angebote.' });
  if ((definition.validFrom && day < definition.validFrom) || (definition.validUntil && day > definition.validUntil)) {
    reasons.push({ code: 'not-valid', text: `Die Kampagne gilt ${definition.validFrom ? `ab ${definition.validFrom}` : ''}${definition.validFrom && definition.validUntil ? ' ' : ''}${definition.validUntil ? `bis ${definition.validUntil}` : ''}.` });
  }
  const verdict = evaluateCriterion(definition.criteria, facts);
  for (const reason of verdict.reasons) reasons.push({ code: 'criteria', text: reason.text, path: reason.path ? `criteria.${reason.path}` : 'criteria' });
  definition.exclusions.forEach((exclusion, index) => {
    if (evaluateCriterion(exclusion, facts).holds) reasons.push({ code: 'exclusion', text: `Ausschluss: ${describeCriterion(exclusion)}`, path: `exclusions.${index}` });
  });
  if (!policy) reasons.push({ code: 'contact-policy', text: 'Die Kontaktregeln konnten nicht geprüft werden.' });
  else if (!policy.allowed) for (const reason of policy.reasons) reasons.push({ code: 'contact-policy', text: reason.message, policyCode: reason.code });
  return { campaignId: campaign.campaignId, version: campaign.version, name: definition.name, priority: definition.priority, eligible: reasons.length === 0, reasons };
}

/** The decision; see the module comment for the rules. */
export function decideRefinement(input: RefinementInput): RefinementDecision {
  // Validity days are days in the bank's time zone, as the campaign store reads them.
  const day = toLocalDateTime(new Date(input.at)).date;
  const verdicts = triggeredBy(input.process, input.campaigns).map((campaign) => judgeCampaign(campaign, { day, minor: input.minor, facts: input.facts, policy: input.policy.get(campaign.campaignId) }));
  const best = verdicts
    .filter((verdict) => verdict.eligible)
    .sort((a, b) => b.priority - a.priority || a.campaignId.localeCompare(b.campaignId))[0];
  return { ...(best ? { offered: { campaignId: best.campaignId, version: best.version } } : {}), verdicts };
}
