/**
 * The dry run of a campaign version before its launch (issue 12, section 3): the run simulated
 * over a population in simulated time, hour by hour, with the rules of the live run
 * (`campaign-run.ts`: selection, pacing, the contact policy at dial time with calling hours and
 * the holidays of each customer's state, caps, attempts) and a model of how customers answer.
 * No side effects: it reads its inputs and returns a report.
 *
 * What the model assumes, and the report says: the agents work each hour's call tasks within that
 * hour (so at most `min(maxNewTasksPerHour, maxOpenTasks)` calls an hour); Drehscheibe's own
 * blocks and contact history start empty (core banking's consents count); answers and consent
 * withdrawals are drawn per customer from a seeded hash, so the same inputs give the same report.
 *
 * The report's `forbiddenContacts` is counted by a second, independent pass: every call the
 * simulation placed is decided again by the contact policy with the facts as they stood at that
 * moment, rebuilt from the event log. It must be 0.
 */
import type { CampaignOutcome, CampaignVersion } from './campaign';
import { isCallingTime, toLocalDateTime } from './calling-hours';
import type { BlockFact, ConsentFact, ContactFact } from './contact-policy';
import { decideCall, judgeTarget, onlyTimeBound, reasonKey, type CampaignRunSettings, type CampaignTarget, type ContactState } from './campaign-run';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How customers answer, as rates between 0 and 1. */
export interface AnswerModel {
  /** A call attempt reaches the customer. */
  reachRate: number;
  /** Of the reached customers, each outcome's share (normalised over the version's allowed outcomes). */
  outcomeRates: Partial<Record<CampaignOutcome, number>>;
  /** Of the customers with phone consent, this share withdraws it per month during the run. */
  withdrawalRatePerMonth: number;
}

export const DEFAULT_ANSWER_MODEL: AnswerModel = {
  reachRate: 0.55,
  outcomeRates: { 'interested-appointment': 0.08, 'interested-callback': 0.07, 'interested-transfer': 0.05, 'not-interested': 0.6, 'maybe-later': 0.2 },
  withdrawalRatePerMonth: 0.01,
};

export interface DryRunInput {
  version: CampaignVersion;
  population: readonly CampaignTarget[];
  /** The simulated launch (the report's time 0). */
  start: Date;
  months: number;
  settings: CampaignRunSettings;
  answers: AnswerModel;
  /** Seeds the answers and withdrawals. */
  seed: number;
}

/** A count per key, for the report (sorted by count, largest first). */
export interface Count {
  key: string;
  /** German, for the process owner. */
  label: string;
  count: number;
}

export interface DryRunReport {
  campaignId: string;
  version: number;
  from: string;
  to: string;
  months: number;
  population: number;
  selected: number;
  /** Why customers were not selected (one customer can have several reasons). */
  excluded: Count[];
  excludedCustomers: number;
  /** Call tasks released (attempts). */
  calls: number;
  reached: number;
  outcomes: Partial<Record<CampaignOutcome, number>>;
  /** Customers never reached after every attempt. */
  notContactable: number;
  /** Customers whose call the contact policy stopped at dial time (consent withdrawn, block, cap). */
  stoppedAtDial: Count[];
  /** Customers still waiting for their turn when the simulated period ended. */
  stillWaiting: number;
  /** How many customers got how many calls (attempts), 0 included. */
  callsPerCustomer: Array<{ calls: number; customers: number }>;
  /** Call tasks per ISO week (bank time) and queue: capacity planning for the center. */
  callsPerWeek: Array<{ week: string; queue: string; calls: number }>;
  /** Calls the contact policy forbids at their moment, counted by the independent pass: must be 0. */
  forbiddenContacts: number;
  assumptions: string[];
}

/** A 32-bit FNV-1a hash of the parts, as a number in [0, 1): the seeded draw of one decision. */
function draw(...parts: Array<string | number>): number {
  let hash = 0x811c9dc5;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/** ISO week of a local date, e.g. `2026-W48`. */
export function isoWeekOf(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day));
  const weekday = utc.getUTCDay() || 7;
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday);
  const weekYear = utc.getUTCFullYear();
  const week = Math.ceil(((utc.getTime() - Date.UTC(weekYear, 0, 1)) / DAY + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

interface CustomerRun {
  target: CampaignTarget;
  state: { consents: ConsentFact[]; blocks: BlockFact[]; history: ContactFact[] };
  /** When each of `state.blocks` was set (same order). */
  blockSetAt: number[];
  /** Pending consent withdrawal at this instant (applied when the clock passes it). */
  withdrawalAt?: number;
  attempts: number;
}

/** One placed call, for the independent pass. */
interface PlacedCall {
  index: number;
  at: number;
}

function outcomeOf(u: number, rates: ReadonlyArray<[CampaignOutcome, number]>): CampaignOutcome {
  const total = rates.reduce((sum, [, rate]) => sum + rate, 0);
  let acc = 0;
  for (const [outcome, rate] of rates) {
    acc += rate / total;
    if (u < acc) return outcome;
  }
  return rates.at(-1)![0];
}

/** Runs the simulation; see the module comment. */
export function dryRun(input: DryRunInput): DryRunReport {
  const { version, settings, answers } = input;
  const { definition } = version;
  const start = input.start.getTime();
  const endDate = new Date(input.start);
  endDate.setUTCMonth(endDate.getUTCMonth() + input.months);
  let end = endDate.getTime();
  if (definition.validUntil) end = Math.min(end, Date.parse(`${definition.validUntil}T23:59:59+01:00`));
  const queue = definition.queues.outbound;
  const allowedOutcomes = definition.outcomes.map((rule) => rule.outcome);
  const rates = allowedOutcomes.map((outcome): [CampaignOutcome, number] => [outcome, answers.outcomeRates[outcome] ?? 0]).filter(([, rate]) => rate > 0);
  const spanMs = end - start;

  // Selection at the launch.
  const excluded = new Map<string, Count>();
  let excludedCustomers = 0;
  const runs: CustomerRun[] = [];
  const empty: ContactState = { consents: [], blocks: [], history: [] };
  for (const target of input.population) {
    const verdict = judgeTarget(version, target, input.start, empty, settings);
    if (!verdict.eligible) {
      excludedCustomers += 1;
      const seen = new Set<string>();
      for (const reason of verdict.reasons) {
        const key = reasonKey(reason);
        // The judgement and the contact policy can both name one cause (a minor): counted once.
        if (seen.has(key)) continue;
        seen.add(key);
        const count = excluded.get(key) ?? { key, label: reason.text, count: 0 };
        count.count += 1;
        excluded.set(key, count);
      }
      continue;
    }
    const run: CustomerRun = { target, state: { consents: [], blocks: [], history: [] }, blockSetAt: [], attempts: 0 };
    const hasPhoneConsent = target.consents.some((consent) => consent.channel === 'phone' && consent.granted);
    const u = draw(input.seed, target.customerId, 'withdrawal');
    const chance = answers.withdrawalRatePerMonth * input.months;
    if (hasPhoneConsent && u < chance) run.withdrawalAt = start + Math.floor((u / chance) * spanMs);
    runs.push(run);
  }

  // Hour by hour: due retries first, then customers in selection order, as pacing allows.
  const perHour = Math.max(0, Math.min(settings.maxNewTasksPerHour, settings.maxOpenTasks));
  const dueAt = new Map<number, number[]>(); // hour index → run indexes due then
  // Customers whose (next) call is due, oldest first; `head` is the next to take (no shifting).
  const ready: number[] = [];
  let head = 0;
  let nextFresh = 0;
  const placed: PlacedCall[] = [];
  const callsPerWeek = new Map<string, number>();
  const stopped = new Map<string, Count>();
  const outcomes: Partial<Record<CampaignOutcome, number>> = {};
  let reached = 0;
  let notContactable = 0;
  let finished = 0;
  const schedule = (index: number, at: number) => {
    const hour = Math.floor((at - start) / HOUR);
    const list = dueAt.get(hour);
    if (list) list.push(index);
    else dueAt.set(hour, [index]);
  };
  const applyEvents = (run: CustomerRun, at: number) => {
    if (run.withdrawalAt !== undefined && run.withdrawalAt <= at) {
      run.state.consents.push({ channel: 'phone', granted: false, recordedAt: new Date(run.withdrawalAt) });
      run.withdrawalAt = undefined;
    }
  };

  for (let hour = 0; start + hour * HOUR < end && finished < runs.length; hour++) {
    const hourStart = start + hour * HOUR;
    const due = dueAt.get(hour);
    if (due) {
      for (const index of due) ready.push(index);
      dueAt.delete(hour);
    }
    if (!isCallingTime(new Date(hourStart), settings.callingHours)) continue;
    let released = 0;
    while (released < perHour) {
      let index: number | undefined = head < ready.length ? ready[head++] : undefined;
      if (index === undefined && nextFresh < runs.length) index = nextFresh++;
      if (index === undefined) break;
      const run = runs[index]!;
      // Calls spread over the hour, one after another.
      const at = hourStart + Math.floor((released * HOUR) / Math.max(perHour, 1));
      applyEvents(run, at);
      const decision = decideCall(version, run.target, new Date(at), run.state, settings);
      if (!decision.allowed) {
        if (onlyTimeBound(decision)) {
          schedule(index, decision.earliestAllowedAt!.getTime());
          continue;
        }
        finished += 1;
        const reason = decision.reasons[0]!;
        const count = stopped.get(reason.code) ?? { key: reason.code, label: reason.message, count: 0 };
        count.count += 1;
        stopped.set(reason.code, count);
        continue;
      }
      released += 1;
      run.attempts += 1;
      placed.push({ index, at });
      const week = isoWeekOf(toLocalDateTime(new Date(at)).date);
      callsPerWeek.set(week, (callsPerWeek.get(week) ?? 0) + 1);
      if (draw(input.seed, run.target.customerId, 'reach', run.attempts) < answers.reachRate && rates.length > 0) {
        reached += 1;
        finished += 1;
        const outcome = outcomeOf(draw(input.seed, run.target.customerId, 'outcome'), rates);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        run.state.history.push({ at: new Date(at), purpose: 'advertising', channel: 'phone', topic: definition.offer.topic, campaignId: version.campaignId });
        if (outcome === 'not-interested') {
          const blockEnd = new Date(at);
          blockEnd.setUTCMonth(blockEnd.getUTCMonth() + definition.blockMonths);
          run.state.blocks.push({ topic: definition.offer.topic, endsAt: blockEnd });
          run.blockSetAt.push(at);
        }
      } else if (run.attempts >= settings.maxAttempts) {
        notContactable += 1;
        finished += 1;
      } else {
        // Another day, and another time of day: a few hours later than this call.
        schedule(index, at + settings.attemptSpacingDays * DAY + ((run.attempts * 3) % 9) * HOUR);
      }
    }
  }

  // The independent pass: every placed call decided again from the event log at its moment.
  let forbiddenContacts = 0;
  for (const call of placed) {
    const run = runs[call.index]!;
    const before = (time: Date) => time.getTime() < call.at;
    const state: ContactState = {
      consents: run.state.consents.filter((consent) => before(consent.recordedAt)),
      blocks: run.state.blocks.filter((_, i) => run.blockSetAt[i]! < call.at),
      history: run.state.history.filter((contact) => before(contact.at)),
    };
    if (!decideCall(version, run.target, new Date(call.at), state, settings).allowed) forbiddenContacts += 1;
  }

  const perCustomer = new Map<number, number>();
  for (const run of runs) perCustomer.set(run.attempts, (perCustomer.get(run.attempts) ?? 0) + 1);
  if (excludedCustomers > 0) perCustomer.set(0, (perCustomer.get(0) ?? 0) + excludedCustomers);
  const sorted = (counts: Map<string, Count>) => [...counts.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    campaignId: version.campaignId,
    version: version.version,
    from: input.start.toISOString(),
    to: new Date(end).toISOString(),
    months: input.months,
    population: input.population.length,
    selected: runs.length,
    excluded: sorted(excluded),
    excludedCustomers,
    calls: placed.length,
    reached,
    outcomes,
    notContactable,
    stoppedAtDial: sorted(stopped),
    stillWaiting: runs.length - finished,
    callsPerCustomer: [...perCustomer.entries()].sort(([a], [b]) => a - b).map(([calls, customers]) => ({ calls, customers })),
    callsPerWeek: [...callsPerWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, calls]) => ({ week, queue, calls })),
    forbiddenContacts,
    assumptions: [
      `Die Agenten bearbeiten die Anrufaufgaben einer Stunde in dieser Stunde: höchstens ${perHour} Anrufe je Stunde.`,
      'Sperrvermerke und Kontakthistorie von Drehscheibe beginnen leer; Einwilligungen aus dem Kernbankensystem gelten.',
      `Antworten: erreicht ${Math.round(answers.reachRate * 100)} %; Widerruf der Telefon-Einwilligung ${Math.round(answers.withdrawalRatePerMonth * 1000) / 10} % je Monat.`,
    ],
  };
}
