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
import { decideCall, judgeTarget, NOTHING_KNOWN, onlyTimeBound, reasonKey, reasonLabel, RUN_REASON_LABELS, type CampaignRunSettings, type CampaignTarget, type ContactState, type KnownFacts } from './campaign-run';

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
  /** Of all customers, this share asks per month, on another channel, to get no advertising for six months (a block on every topic). */
  blockRatePerMonth?: number;
}

export const DEFAULT_ANSWER_MODEL: AnswerModel = {
  reachRate: 0.55,
  outcomeRates: { 'interested-appointment': 0.08, 'interested-callback': 0.07, 'interested-transfer': 0.05, 'not-interested': 0.6, 'maybe-later': 0.2 },
  withdrawalRatePerMonth: 0.01,
};

export interface DryRunInput {
  version: CampaignVersion;
  population: readonly CampaignTarget[];
  /** What Drehscheibe knows of the customers today (see `KnownFacts`); none when missing. */
  known?: ReadonlyMap<string, KnownFacts>;
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

/** One customer's facts, shared by every campaign of a simulation (blocks and contacts of one count for all). */
interface Customer {
  target: CampaignTarget;
  consents: ConsentFact[];
  blocks: BlockFact[];
  /** When each of `blocks` was set (same order). */
  blockSetAt: number[];
  history: ContactFact[];
  interests: KnownFacts['interests'];
  /** Pending events, applied when the clock passes them. */
  withdrawalAt?: number;
  blockAt?: number;
}

/** A customer in one campaign's run. */
interface Contact {
  customer: number;
  attempts: number;
}

/** One call placed, for the log and the independent pass. */
export interface SimulatedCall {
  campaignId: string;
  customerId: string;
  /** Epoch milliseconds. */
  at: number;
  attempt: number;
  reached: boolean;
  outcome?: CampaignOutcome;
  /** The contact policy's reasons for allowing it (what the call carries into the history). */
  reasons: string[];
}

/** One campaign of a simulation, launched at `start`. */
export interface SimulatedRun {
  version: CampaignVersion;
  start: Date;
}

export interface SimulationInput {
  runs: readonly SimulatedRun[];
  population: readonly CampaignTarget[];
  /** What Drehscheibe knew of the customers at the start (blocks, history, consent evidence, interests); none when missing. */
  known?: ReadonlyMap<string, KnownFacts>;
  /** The simulated period: from the first launch to this instant. */
  end: Date;
  settings: CampaignRunSettings;
  answers: AnswerModel;
  seed: number;
}

export interface Simulation {
  reports: DryRunReport[];
  /** Every call placed, in time order. */
  calls: SimulatedCall[];
  /** The customers' events on the way (withdrawals, blocks from other channels), in time order. */
  events: Array<{ customerId: string; at: number; kind: 'withdrawal' | 'block' }>;
  /** Blocks as set, per customer (from calls answered "not interested" and from other channels). */
  blocksOf(customerId: string): ReadonlyArray<{ topic: string; setAt: number; endsAt: number }>;
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

const addMonths = (at: number, months: number) => {
  const date = new Date(at);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
};

/**
 * Simulates the runs hour by hour over one population, sharing each customer's facts between
 * them (a block, a withdrawal or a contact of one campaign counts for all) and the queue's pacing
 * (the campaigns of a queue take turns, one call at a time).
 */
export function simulateCampaigns(input: SimulationInput): Simulation {
  const { settings, answers } = input;
  const first = Math.min(...input.runs.map((run) => run.start.getTime()));
  const end = input.end.getTime();
  const months = Math.max(1, (end - first) / (30.44 * DAY));
  const customers: Customer[] = input.population.map((target) => {
    const known = input.known?.get(target.customerId) ?? NOTHING_KNOWN;
    // Known blocks were set before the simulation began.
    const customer: Customer = { target, consents: [...known.consents], blocks: [...known.blocks], blockSetAt: known.blocks.map(() => -Infinity), history: [...known.history], interests: known.interests };
    const hasPhoneConsent = target.consents.some((consent) => consent.channel === 'phone' && consent.granted);
    const withdrawal = draw(input.seed, target.customerId, 'withdrawal');
    const withdrawalChance = answers.withdrawalRatePerMonth * months;
    if (hasPhoneConsent && withdrawal < withdrawalChance) customer.withdrawalAt = first + Math.floor((withdrawal / withdrawalChance) * (end - first));
    const block = draw(input.seed, target.customerId, 'block');
    const blockChance = (answers.blockRatePerMonth ?? 0) * months;
    if (block < blockChance) customer.blockAt = first + Math.floor((block / blockChance) * (end - first));
    return customer;
  });
  const events: Simulation['events'] = [];
  const applyEvents = (customer: Customer, at: number) => {
    if (customer.withdrawalAt !== undefined && customer.withdrawalAt <= at) {
      customer.consents.push({ channel: 'phone', granted: false, recordedAt: new Date(customer.withdrawalAt) });
      events.push({ customerId: customer.target.customerId, at: customer.withdrawalAt, kind: 'withdrawal' });
      customer.withdrawalAt = undefined;
    }
    if (customer.blockAt !== undefined && customer.blockAt <= at) {
      customer.blocks.push({ topic: 'all', endsAt: new Date(addMonths(customer.blockAt, 6)) });
      customer.blockSetAt.push(customer.blockAt);
      events.push({ customerId: customer.target.customerId, at: customer.blockAt, kind: 'block' });
      customer.blockAt = undefined;
    }
  };
  const stateOf = (customer: Customer): ContactState => ({ consents: customer.consents, blocks: customer.blocks, history: customer.history });

  interface Run {
    version: CampaignVersion;
    start: number;
    end: number;
    queue: string;
    rates: Array<[CampaignOutcome, number]>;
    contacts: Contact[];
    launched: boolean;
    excluded: Map<string, Count>;
    excludedCustomers: number;
    dueAt: Map<number, number[]>;
    ready: number[];
    head: number;
    nextFresh: number;
    finished: number;
    calls: number;
    reached: number;
    notContactable: number;
    outcomes: Partial<Record<CampaignOutcome, number>>;
    stopped: Map<string, Count>;
    callsPerWeek: Map<string, number>;
  }
  const runs: Run[] = input.runs.map(({ version, start }) => {
    const { definition } = version;
    let runEnd = end;
    if (definition.validUntil) runEnd = Math.min(runEnd, Date.parse(`${definition.validUntil}T23:59:59+01:00`));
    return {
      version,
      start: start.getTime(),
      end: runEnd,
      queue: definition.queues.outbound,
      rates: definition.outcomes.map((rule): [CampaignOutcome, number] => [rule.outcome, answers.outcomeRates[rule.outcome] ?? 0]).filter(([, rate]) => rate > 0),
      contacts: [],
      launched: false,
      excluded: new Map(),
      excludedCustomers: 0,
      dueAt: new Map(),
      ready: [],
      head: 0,
      nextFresh: 0,
      finished: 0,
      calls: 0,
      reached: 0,
      notContactable: 0,
      outcomes: {},
      stopped: new Map(),
      callsPerWeek: new Map(),
    };
  });
  const calls: SimulatedCall[] = [];

  /** Selection at the launch, with each customer's facts of that moment. */
  const launch = (run: Run) => {
    run.launched = true;
    customers.forEach((customer, index) => {
      applyEvents(customer, run.start);
      const verdict = judgeTarget(run.version, customer.target, new Date(run.start), stateOf(customer), settings, customer.interests);
      if (verdict.eligible) {
        run.contacts.push({ customer: index, attempts: 0 });
        return;
      }
      run.excludedCustomers += 1;
      const seen = new Set<string>();
      for (const reason of verdict.reasons) {
        const key = reasonKey(reason);
        // The judgement and the contact policy can both name one cause (a minor): counted once.
        if (seen.has(key)) continue;
        seen.add(key);
        const count = run.excluded.get(key) ?? { key, label: reasonLabel(run.version, reason), count: 0 };
        count.count += 1;
        run.excluded.set(key, count);
      }
    });
  };
  let currentHour = 0;
  const schedule = (run: Run, contact: number, at: number) => {
    // Never into an hour already passed (its list was taken): the next hour at the earliest.
    const hour = Math.max(currentHour + 1, Math.floor((at - first) / HOUR));
    const list = run.dueAt.get(hour);
    if (list) list.push(contact);
    else run.dueAt.set(hour, [contact]);
  };
  const next = (run: Run): number | undefined => {
    if (run.head < run.ready.length) return run.ready[run.head++];
    if (run.nextFresh < run.contacts.length) return run.nextFresh++;
    return undefined;
  };

  /** One call (or its stop) for `run`; false when the run has no one due now. */
  const dial = (run: Run, at: number): boolean => {
    const index = next(run);
    if (index === undefined) return false;
    const contact = run.contacts[index]!;
    const customer = customers[contact.customer]!;
    applyEvents(customer, at);
    const { version } = run;
    const decision = decideCall(version, customer.target, new Date(at), stateOf(customer), settings);
    if (!decision.allowed) {
      if (onlyTimeBound(decision)) {
        schedule(run, index, decision.earliestAllowedAt!.getTime());
        return true;
      }
      run.finished += 1;
      const reason = decision.reasons[0]!;
      const count = run.stopped.get(reason.code) ?? { key: reason.code, label: RUN_REASON_LABELS[reason.code] ?? reason.message, count: 0 };
      count.count += 1;
      run.stopped.set(reason.code, count);
      return true;
    }
    contact.attempts += 1;
    run.calls += 1;
    const week = isoWeekOf(toLocalDateTime(new Date(at)).date);
    run.callsPerWeek.set(week, (run.callsPerWeek.get(week) ?? 0) + 1);
    const call: SimulatedCall = { campaignId: version.campaignId, customerId: customer.target.customerId, at, attempt: contact.attempts, reached: false, reasons: decision.reasons.map((reason) => reason.code) };
    calls.push(call);
    const topic = version.definition.offer.topic;
    if (draw(input.seed, version.campaignId, customer.target.customerId, 'reach', contact.attempts) < answers.reachRate && run.rates.length > 0) {
      run.reached += 1;
      run.finished += 1;
      const outcome = outcomeOf(draw(input.seed, version.campaignId, customer.target.customerId, 'outcome'), run.rates);
      call.reached = true;
      call.outcome = outcome;
      run.outcomes[outcome] = (run.outcomes[outcome] ?? 0) + 1;
      customer.history.push({ at: new Date(at), purpose: 'advertising', channel: 'phone', topic, campaignId: version.campaignId });
      if (outcome === 'not-interested') {
        customer.blocks.push({ topic, endsAt: new Date(addMonths(at, version.definition.blockMonths)) });
        customer.blockSetAt.push(at);
      }
    } else if (contact.attempts >= settings.maxAttempts) {
      run.notContactable += 1;
      run.finished += 1;
    } else {
      // Another day, and another time of day: a few hours later than this call.
      schedule(run, index, at + settings.attemptSpacingDays * DAY + ((contact.attempts * 3) % 9) * HOUR);
    }
    return true;
  };

  // Hour by hour: the campaigns of a queue take turns, one call at a time, as pacing allows.
  const perHour = Math.max(0, Math.min(settings.maxNewTasksPerHour, settings.maxOpenTasks));
  const queues = [...new Set(runs.map((run) => run.queue))];
  for (let hour = 0; first + hour * HOUR < end; hour++) {
    currentHour = hour;
    const at = first + hour * HOUR;
    for (const run of runs) {
      if (!run.launched && run.start <= at) launch(run);
      const due = run.dueAt.get(hour);
      if (due) {
        for (const index of due) run.ready.push(index);
        run.dueAt.delete(hour);
      }
    }
    if (runs.every((run) => run.launched && run.finished >= run.contacts.length)) break;
    if (!isCallingTime(new Date(at), settings.callingHours)) continue;
    for (const queue of queues) {
      const active = runs.filter((run) => run.queue === queue && run.launched && at < run.end);
      let released = 0;
      let idle = 0;
      // Round robin; each turn places (or stops) one call. Stops and moves take no slot.
      for (let turn = 0; released < perHour && idle < active.length; turn++) {
        const run = active[turn % active.length]!;
        const callsBefore = run.calls;
        // Calls spread over the hour, one after another.
        const placedAt = at + Math.floor((released * HOUR) / Math.max(perHour, 1));
        if (!dial(run, placedAt)) {
          idle += 1;
          continue;
        }
        idle = 0;
        if (run.calls > callsBefore) released += 1;
      }
    }
  }

  const reports = runs.map((run): DryRunReport => {
    const perCustomer = new Map<number, number>();
    for (const contact of run.contacts) perCustomer.set(contact.attempts, (perCustomer.get(contact.attempts) ?? 0) + 1);
    if (run.excludedCustomers > 0) perCustomer.set(0, (perCustomer.get(0) ?? 0) + run.excludedCustomers);
    return {
      campaignId: run.version.campaignId,
      version: run.version.version,
      from: new Date(run.start).toISOString(),
      to: new Date(run.end).toISOString(),
      months: Math.round((run.end - run.start) / (30.44 * DAY)),
      population: customers.length,
      selected: run.contacts.length,
      excluded: sortedCounts(run.excluded),
      excludedCustomers: run.excludedCustomers,
      calls: run.calls,
      reached: run.reached,
      outcomes: run.outcomes,
      notContactable: run.notContactable,
      stoppedAtDial: sortedCounts(run.stopped),
      stillWaiting: run.contacts.length - run.finished,
      callsPerCustomer: [...perCustomer.entries()].sort(([a], [b]) => a - b).map(([count, number]) => ({ calls: count, customers: number })),
      callsPerWeek: [...run.callsPerWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, count]) => ({ week, queue: run.queue, calls: count })),
      forbiddenContacts: 0,
      assumptions: [],
    };
  });

  // The independent pass: every placed call decided again from the event log at its moment.
  const byId = new Map(customers.map((customer) => [customer.target.customerId, customer]));
  const versions = new Map(runs.map((run) => [run.version.campaignId, run]));
  for (const call of calls) {
    const customer = byId.get(call.customerId)!;
    const before = (time: Date) => time.getTime() < call.at;
    const state: ContactState = {
      consents: customer.consents.filter((consent) => before(consent.recordedAt)),
      blocks: customer.blocks.filter((_, i) => customer.blockSetAt[i]! < call.at),
      history: customer.history.filter((contact) => before(contact.at)),
    };
    const run = versions.get(call.campaignId)!;
    if (!decideCall(run.version, customer.target, new Date(call.at), state, settings).allowed) {
      reports[runs.indexOf(run)]!.forbiddenContacts += 1;
    }
  }
  events.sort((a, b) => a.at - b.at);
  return {
    reports,
    calls,
    events,
    blocksOf: (customerId) => {
      const customer = byId.get(customerId);
      return customer ? customer.blocks.map((block, i) => ({ topic: block.topic, setAt: customer.blockSetAt[i]!, endsAt: block.endsAt.getTime() })) : [];
    },
  };
}

function sortedCounts(counts: Map<string, Count>): Count[] {
  return [...counts.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Runs the dry run of one version; see the module comment. */
export function dryRun(input: DryRunInput): DryRunReport {
  const end = new Date(addMonths(input.start.getTime(), input.months));
  const { reports } = simulateCampaigns({ runs: [{ version: input.version, start: input.start }], population: input.population, ...(input.known ? { known: input.known } : {}), end, settings: input.settings, answers: input.answers, seed: input.seed });
  const perHour = Math.max(0, Math.min(input.settings.maxNewTasksPerHour, input.settings.maxOpenTasks));
  return {
    ...reports[0]!,
    months: input.months,
    assumptions: [
      `Die Agenten bearbeiten die Anrufaufgaben einer Stunde in dieser Stunde: höchstens ${perHour} Anrufe je Stunde.`,
      'Es gilt, was heute bekannt ist: Einwilligungen aus dem Kernbankensystem, Einwilligungsnachweise, Sperrvermerke, Kontakthistorie und notierte Interessen aus Drehscheibe.',
      `Antworten: erreicht ${Math.round(input.answers.reachRate * 100)} %; Widerruf der Telefon-Einwilligung ${Math.round(input.answers.withdrawalRatePerMonth * 1000) / 10} % je Monat.`,
    ],
  };
}
