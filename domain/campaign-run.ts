/**
 * A campaign run (issue 12): a published `selection` campaign version turned into outbound call
 * tasks for the customers it selects. The rules here are shared by the live run and the dry run,
 * so that what the dry run promises is what the live run does:
 *
 * - **selection**: the version's judgement (minors, validity, criteria, exclusions) and the
 *   contact policy without the clock (consent, blocks, caps): a customer without a phone on record
 *   or without phone consent is excluded with the reason;
 * - **pacing**: at most `maxOpenTasks` open call tasks in the queue and at most
 *   `maxNewTasksPerHour` new ones per hour, inside the center's calling hours;
 * - **at dial time** the contact policy decides again with the facts of that moment (a consent
 *   withdrawn, a block set, a cap reached by another campaign since the launch: no call, with the
 *   reason); a reason that clears by time alone (calling hours, a public holiday of the
 *   customer's state) only moves the call;
 * - **attempts**: a customer not reached is tried again on a later business day, up to
 *   `maxAttempts`, then is not contactable.
 */
import { z } from 'zod';
import { CAMPAIGN_OUTCOMES, type CampaignOutcome, type CampaignVersion } from './campaign';
import { freeText } from './text';
import { describeCriterion, type CriterionSegment, type CustomerFacts, type ProductFact } from './campaign-criteria';
import type { Criterion } from './campaign-criteria.schema';
import { DEFAULT_CALLING_HOURS, toLocalDateTime, type CallingHours } from './calling-hours';
import { adulthoodBegins, decideContact, type BlockFact, type ConsentFact, type ContactCap, type ContactFact, type PolicyDecision, type PolicyReasonCode } from './contact-policy';
import { judgeCampaign, type CampaignVerdict, type RefinementReason } from './refinement';
import { INTEREST_VALID_DAYS } from './customer-profile';

const DAY_MS = 86_400_000;

/** One selected customer as core banking's selection reads them (no name, no contact details). */
export interface CampaignTarget {
  customerId: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  segment: CriterionSegment;
  federalState: string;
  branchId: string;
  reachable: { phone: boolean; email: boolean };
  products: readonly ProductFact[];
  consents: ReadonlyArray<{ channel: string; granted: boolean; recordedAt: string }>;
}

/** How fast a run releases call tasks, and how often it tries a customer. */
export interface CampaignRunSettings {
  /** At most this many call tasks of the run open at once in its queue. */
  maxOpenTasks: number;
  /** At most this many new call tasks per hour. */
  maxNewTasksPerHour: number;
  /** Call attempts per customer before "not contactable". */
  maxAttempts: number;
  /** The next attempt is at least this many days after the last (then the next calling time). */
  attemptSpacingDays: number;
  /** A call task is due after this many working minutes of the center. */
  callDueWorkingMinutes: number;
  /** When the center calls (the contact policy's calling hours; each customer's state adds its holidays). */
  callingHours: CallingHours;
  /** Contact caps over all advertising (the bank's), besides each campaign's own. */
  caps: readonly ContactCap[];
}

export const DEFAULT_CAMPAIGN_RUN_SETTINGS: CampaignRunSettings = {
  maxOpenTasks: 200,
  maxNewTasksPerHour: 60,
  maxAttempts: 3,
  attemptSpacingDays: 2,
  callDueWorkingMinutes: 240,
  callingHours: DEFAULT_CALLING_HOURS,
  caps: [],
};

/** The shortest time between two release passes of a run. */
export const MIN_RELEASE_INTERVAL_MS = 10_000;
const HOUR_MS = 3_600_000;

/**
 * How a run spreads its releases over the hour: `perPass` call tasks every `intervalMs`, so that
 * `maxNewTasksPerHour` arrive one after another rather than at once. Every release wakes a
 * contact process that decides and opens its task on the same workers that serve the agents; a
 * burst of hundreds of them queued the agents' claims behind it for seconds (bench:
 * campaign-agent-latency). The dry run spreads its calls over the hour the same way.
 */
export function releaseCadence(maxNewTasksPerHour: number): { intervalMs: number; perPass: number } {
  const perHour = Math.max(1, Math.floor(maxNewTasksPerHour));
  const passesPerHour = Math.min(perHour, HOUR_MS / MIN_RELEASE_INTERVAL_MS);
  return { intervalMs: Math.floor(HOUR_MS / passesPerHour), perPass: Math.ceil(perHour / passesPerHour) };
}

/** Policy reasons that clear by time alone: they move a call, they never exclude a customer. */
const TIME_BOUND: ReadonlySet<PolicyReasonCode> = new Set(['outside-calling-hours', 'public-holiday']);

/** What the contact policy looks at besides the target: Drehscheibe's own facts at that moment. */
export interface ContactState {
  /** Consent decisions Drehscheibe recorded after core banking's (withdrawals first of all). */
  consents: readonly ConsentFact[];
  blocks: readonly BlockFact[];
  history: readonly ContactFact[];
}

/**
 * What Drehscheibe itself knows of a customer when a run selects (the live run and the dry run
 * alike): its consent evidence, re-contact blocks, contact history and the interests noted in
 * profile notes. Core banking's facts come with the target.
 */
export interface KnownFacts extends ContactState {
  interests: CustomerFacts['interests'];
}

/**
 * How far back a run reads the contact history: the longest contact cap (the bank's and the
 * campaign's), at least a year (the criteria on the last contact of a topic).
 */
export function historyWindowDays(version: CampaignVersion, caps: readonly ContactCap[]): number {
  return Math.max(365, ...caps.map((cap) => cap.periodDays), version.definition.caps.perCustomerDays);
}

/** What a selection at `at` reads of Drehscheibe's facts: blocks active then, the history window, interests still valid. */
export function knownFactsWindow(version: CampaignVersion, caps: readonly ContactCap[], at: Date): { at: Date; historySince: Date; interestsSince: Date } {
  return { at, historySince: new Date(at.getTime() - historyWindowDays(version, caps) * DAY_MS), interestsSince: new Date(at.getTime() - INTEREST_VALID_DAYS * DAY_MS) };
}

/** A customer Drehscheibe knows nothing about. */
export const NOTHING_KNOWN: KnownFacts = { consents: [], blocks: [], history: [], interests: [] };

const consentFactsOf = (target: CampaignTarget, state: ContactState): ConsentFact[] => [
  ...target.consents.map((consent) => ({ channel: consent.channel as ConsentFact['channel'], granted: consent.granted, recordedAt: new Date(consent.recordedAt) })),
  ...state.consents,
];

/** The criteria's facts of a target at `at`. */
export function targetFacts(target: CampaignTarget, at: Date, state: ContactState, interests: CustomerFacts['interests'] = []): CustomerFacts {
  const consents = consentFactsOf(target, state);
  const current = (channel: 'phone' | 'email') =>
    consents.filter((consent) => consent.channel === channel && consent.recordedAt.getTime() <= at.getTime()).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime()).at(-1)?.granted ?? false;
  const lastContactByTopic: Record<string, string> = {};
  for (const contact of state.history) {
    const previous = lastContactByTopic[contact.topic];
    if (contact.at.getTime() <= at.getTime() && (previous === undefined || Date.parse(previous) < contact.at.getTime())) lastContactByTopic[contact.topic] = contact.at.toISOString();
  }
  return {
    at: at.toISOString(),
    birthDate: target.birthDate,
    segment: target.segment,
    federalState: target.federalState,
    branchId: target.branchId,
    products: target.products,
    lastContactByTopic,
    consents: { phone: current('phone'), email: current('email') },
    interests,
  };
}

/** The contact policy for the run's call to `target` at `at`. */
export function decideCall(version: CampaignVersion, target: CampaignTarget, at: Date, state: ContactState, settings: Pick<CampaignRunSettings, 'callingHours' | 'caps'>): PolicyDecision {
  const { definition } = version;
  return decideContact({
    customer: { birthDate: target.birthDate, federalState: target.federalState },
    consents: consentFactsOf(target, state),
    blocks: state.blocks,
    history: state.history,
    contact: { purpose: 'advertising', channel: 'phone', topic: definition.offer.topic, initiatedBy: 'bank', campaignId: version.campaignId },
    caps: [...settings.caps, { maxContacts: definition.caps.perCustomer, periodDays: definition.caps.perCustomerDays, campaignId: version.campaignId }],
    callingHours: settings.callingHours,
    now: at,
  });
}

/** Why a selected customer gets no call: the judgement's reasons, or no phone on record. */
export type SelectionVerdict = { eligible: true } | { eligible: false; reasons: RefinementReason[] };

/**
 * The selection verdict for `target` at `at`: the version's judgement with the contact policy's
 * lasting reasons only (the time of day decides when to call, not whom).
 */
export function judgeTarget(version: CampaignVersion, target: CampaignTarget, at: Date, state: ContactState, settings: Pick<CampaignRunSettings, 'callingHours' | 'caps'>, interests: CustomerFacts['interests'] = []): SelectionVerdict {
  const decision = decideCall(version, target, at, state, settings);
  const lasting = decision.reasons.filter((reason) => !TIME_BOUND.has(reason.code));
  const policy: PolicyDecision = decision.allowed || lasting.length === 0 ? { allowed: true, reasons: [] } : { allowed: false, reasons: lasting };
  const verdict: CampaignVerdict = judgeCampaign(version, {
    day: toLocalDateTime(at).date,
    minor: at.getTime() < adulthoodBegins(target.birthDate).getTime(),
    facts: targetFacts(target, at, state, interests),
    policy,
  });
  const reasons = [...verdict.reasons];
  if (!target.reachable.phone) reasons.push({ code: 'contact-policy', text: 'Keine Telefonnummer im Kernbankensystem.', policyCode: 'no-phone-number' });
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

/**
 * Whether a denial only moves the call: every reason is the time of day or a holiday. A block or
 * a cap also clears some day, but for a run it is a "no" with its reason, not a later call.
 */
export function onlyTimeBound(decision: PolicyDecision): boolean {
  return !decision.allowed && decision.earliestAllowedAt !== undefined && decision.reasons.every((reason) => TIME_BOUND.has(reason.code));
}

/** A short, stable key of a selection or dial reason for counting (the policy's code, else the rule's path). */
export function reasonKey(reason: RefinementReason): string {
  return reason.policyCode ?? (reason.path ? `${reason.code}:${reason.path}` : reason.code);
}

// ---------------------------------------------------------------------------------------------
// The live run: ids, states, the call task

/** Failure types of a run's updates; the API maps them to HTTP statuses. */
export const CampaignRunErrors = {
  /** Pause, resume or cancel in a state that does not allow it. */
  NotInState: 'CampaignRunNotInState',
} as const;

/** Where a run stands. */
export type CampaignRunStatus = 'selecting' | 'running' | 'paused' | 'cancelled' | 'completed';
/** Where one customer's contact stands. */
export type RunTargetState = 'waiting' | 'released' | 'task-open' | 'ended';
/** How a customer's contact ended. */
export type RunTargetResult = 'reached' | 'not-contactable' | 'stopped' | 'cancelled' | 'failed';

/** The id of the run of a version: one per version, so launching twice starts nothing twice. */
export function campaignRunId(campaignId: string, version: number): string {
  return `run-${campaignId}-v${version}`;
}
/** The run's workflow id. */
export const campaignRunWorkflowId = (runId: string) => `campaign-run:${runId}`;
/** One customer's contact process in a run: the customer by pseudonym (no customer number in ids). */
export const campaignContactWorkflowId = (runId: string, pseudonym: string) => `campaign-contact:${runId}~${pseudonym}`;

/** The result of one outbound campaign call (task type `campaign-call@1`). */
export const CampaignCallResultSchema = z
  .discriminatedUnion('reached', [
    z
      .strictObject({
        reached: z.literal(true).meta({ title: 'Kunde erreicht?' }),
        outcome: z.enum(CAMPAIGN_OUTCOMES).meta({ title: 'Antwort auf das Angebot' }),
        note: freeText(0, 1000).optional().meta({ title: 'Notiz', description: 'Was für den weiteren Verlauf wichtig ist.' }),
      })
      .meta({ title: 'erreicht' }),
    z
      .strictObject({
        reached: z.literal(false).meta({ title: 'Kunde erreicht?' }),
        note: freeText(0, 1000).optional().meta({ title: 'Notiz' }),
      })
      .meta({ title: 'nicht erreicht' }),
  ])
  .meta({ title: 'Kampagnenanruf', description: 'Ob der Kunde erreicht wurde und was er zum Angebot sagt.' });
export type CampaignCallResult = z.infer<typeof CampaignCallResultSchema>;

/** The same, with only the answers the campaign version allows (what its process checks). */
export function campaignCallResultSchema(allowed: readonly CampaignOutcome[]) {
  return CampaignCallResultSchema.superRefine((result, ctx) => {
    if (result.reached && !allowed.includes(result.outcome)) ctx.addIssue({ code: 'custom', path: ['outcome'], message: `is not an answer this campaign allows (${allowed.join(', ')})` });
  });
}

/** What a run's process gets to decide a call: the facts loaded fresh at dial time. */
export interface DialDecision {
  allowed: boolean;
  /** Only clears by time (calling hours, a holiday): call again at `earliestAllowedAt`. */
  timeBound: boolean;
  earliestAllowedAt?: string;
  reasons: Array<{ code: string; message: string }>;
}

/** German names of the reasons a run counts (the contact policy's codes and the run's own). */
export const RUN_REASON_LABELS: Readonly<Record<string, string>> = {
  'no-phone-consent': 'Keine Einwilligung in Werbung per Telefon',
  'no-email-consent': 'Keine Einwilligung in Werbung per E-Mail',
  'no-messenger-consent': 'Keine Einwilligung in Werbung per Messenger',
  'no-phone-number': 'Keine Telefonnummer im Kernbankensystem',
  'customer-unknown': 'Kunde im Kernbankensystem nicht mehr bekannt',
  minor: 'Minderjährig: keine Werbung',
  blocked: 'Sperrvermerk zum Thema',
  'contact-cap-reached': 'Höchstzahl werblicher Kontakte erreicht',
  'outside-calling-hours': 'Außerhalb der Anrufzeiten',
  'public-holiday': 'Feiertag im Bundesland des Kunden',
  'not-valid': 'Kampagne an diesem Tag nicht gültig',
  'process-gone': 'Kontaktprozess beendet, bevor er abgebrochen wurde',
  'process-failed': 'Kontaktprozess fehlgeschlagen (Reparaturaufgabe)',
};

/** The rule of a criterion at a reason's path (`rules.1.rule`), or undefined. */
function ruleAt(criterion: Criterion, path: string): Criterion | undefined {
  let current: unknown = criterion;
  for (const part of path.split('.').filter(Boolean)) current = (current as Record<string, unknown> | undefined)?.[part];
  return current && typeof current === 'object' && 'kind' in current ? (current as Criterion) : undefined;
}

/**
 * A reason's label for counting customers: the same for every customer it applies to (a
 * criterion's own reason names the customer's value, e.g. "Alter 17 liegt unter 18").
 */
export function reasonLabel(version: CampaignVersion, reason: RefinementReason): string {
  if (reason.policyCode && RUN_REASON_LABELS[reason.policyCode]) return RUN_REASON_LABELS[reason.policyCode]!;
  if (reason.code === 'criteria' && reason.path) {
    const rule = ruleAt(version.definition.criteria, reason.path.replace(/^criteria\.?/, ''));
    if (rule) return `Zielkriterium nicht erfüllt: ${describeCriterion(rule)}`;
  }
  return RUN_REASON_LABELS[reason.code] ?? reason.text;
}
