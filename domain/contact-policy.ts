/**
 * The contact policy: may the bank contact this customer, for this purpose, on this channel, now?
 * One pure function, {@link decideContact}, used by every outbound step (workflows) and by the
 * API. It reports every rule that stands against a contact, in words an agent understands, and
 * the earliest instant at which time alone clears them all.
 *
 * Pure and deterministic: "now" is an input, nothing reads the clock, the network or random
 * numbers, so the same facts always give the same decision, also when a workflow replays.
 */
import type { CallingHours } from './calling-hours';
import {
  BANK_TIME_ZONE,
  checkCallingTime,
  formatLocalDateTime,
  InvalidCallingHoursError,
  nextCallingTime,
  startOfLocalDay,
  validateCallingHours,
} from './calling-hours';
import type { FederalState } from './german-holidays';
import { DEFAULT_FEDERAL_STATE, isFederalState, parseIsoDate } from './german-holidays';
import { ALL_TOPICS } from './identifiers';

export type { CallingHours, TimeWindow, Weekday } from './calling-hours';
export { DEFAULT_CALLING_HOURS } from './calling-hours';

/** Why the bank contacts a customer: a service matter, advertising (an offer), or an after-sales care call. */
export type ContactPurpose = 'service' | 'advertising' | 'care';

/** How a contact reaches the customer. */
export type ContactChannel = 'phone' | 'email' | 'letter' | 'messenger';

/**
 * A recorded answer to the question for advertising consent on one channel. The newest fact per
 * channel is the customer's current will; a withdrawal or refusal is `granted: false`.
 */
export interface ConsentFact {
  channel: ContactChannel;
  granted: boolean;
  recordedAt: Date;
}

/** A re-contact block (Sperrvermerk) on a topic until `endsAt`; topic `all` blocks every topic. */
export interface BlockFact {
  topic: string;
  endsAt: Date;
}

/** A past contact with the customer, as the contact history records it. */
export interface ContactFact {
  at: Date;
  purpose: ContactPurpose;
  channel: ContactChannel;
  topic: string;
  campaignId?: string;
}

/**
 * A limit on advertising contacts: at most `maxContacts` in any trailing `periodDays` (of 24 hours
 * each), over all channels. With `campaignId` the cap counts and limits only that campaign's
 * contacts; without, it counts and limits all advertising.
 */
export interface ContactCap {
  maxContacts: number;
  periodDays: number;
  campaignId?: string;
}

/** Who started the contact: the customer (inbound) or the bank (outbound). */
export type ContactInitiator = 'customer' | 'bank';

/** The contact being decided on. */
export interface ContactRequest {
  purpose: ContactPurpose;
  channel: ContactChannel;
  /** What the contact is about, e.g. `kreditkarte`; matched exactly against block topics. */
  topic: string;
  initiatedBy: ContactInitiator;
  campaignId?: string;
}

/** Everything the policy decides on. The caller loads the facts; the policy only reads them. */
export interface ContactPolicyInput {
  customer: {
    /** `YYYY-MM-DD`. */
    birthDate: string;
    /** Two-letter state code (e.g. `BY`); decides the public holidays. Unknown: the calling hours' state. */
    federalState?: string;
  };
  consents: readonly ConsentFact[];
  blocks: readonly BlockFact[];
  history: readonly ContactFact[];
  contact: ContactRequest;
  caps: readonly ContactCap[];
  callingHours: CallingHours;
  now: Date;
  /**
   * Whether a `care` contact needs advertising consent on its channel, as advertising does
   * (default false). The care-call process passes its configuration: by default it says yes,
   * the conservative reading of BGH, 10 July 2018, VI ZR 225/17.
   */
  careNeedsAdvertisingConsent?: boolean;
}

/** Every reason the policy can give. */
export type PolicyReasonCode =
  | 'allowed'
  | 'customer-initiated-service'
  | 'no-phone-consent'
  | 'no-email-consent'
  | 'no-messenger-consent'
  | 'blocked'
  | 'contact-cap-reached'
  | 'minor'
  | 'outside-calling-hours'
  | 'public-holiday';

/** One reason for a decision. */
export interface PolicyReason {
  code: PolicyReasonCode;
  /** One English sentence an agent can read to understand (and explain) the decision. */
  message: string;
  /** When this reason on its own stops applying; absent when time alone never clears it. */
  clearsAt?: Date;
}

/** The decision: allowed or not, always with reasons. */
export interface PolicyDecision {
  allowed: boolean;
  /** Every rule that stands against the contact; when allowed, a single `allowed` or `customer-initiated-service`. */
  reasons: PolicyReason[];
  /**
   * Only on a denial: the earliest instant at which, with the same facts, the contact is allowed
   * (every time-bound reason cleared and, for bank-initiated calls, inside calling hours). Absent
   * when some reason never clears by time alone, such as missing consent.
   */
  earliestAllowedAt?: Date;
}

/** Thrown for malformed input; `field` names the offending part (e.g. `customer.birthDate`), for a 4xx answer. */
export class ContactPolicyInputError extends RangeError {
  override readonly name = 'ContactPolicyInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The age from which customers may receive advertising. */
export const ADVERTISING_MIN_AGE = 18;

/**
 * The instant a person born on `birthDate` turns 18: local midnight of the 18th birthday in
 * `timeZone`. Someone born on 29 February comes of age on 1 March in common years (§ 188 (3) BGB:
 * the period ends with the end of 28 February).
 */
export function adulthoodBegins(birthDate: string, timeZone: string = BANK_TIME_ZONE): Date {
  const { year, month, day } = parseIsoDate(birthDate);
  const targetYear = year + ADVERTISING_MIN_AGE;
  // 18 is no multiple of 4, so the 18th anniversary of a 29 February never falls in a leap year.
  const leapDayMissing = month === 2 && day === 29;
  const birthday = leapDayMissing ? `${pad(targetYear, 4)}-03-01` : `${pad(targetYear, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return startOfLocalDay(birthday, timeZone);
}

/**
 * Decides whether a contact may take place at `input.now`, with every reason that applies.
 *
 * Rules: a service contact the customer started is always allowed. Otherwise an active block on
 * the topic or on `all` denies; advertising needs the channel's consent (phone, email, messenger;
 * letters need none; so does a care contact when `careNeedsAdvertisingConsent` says so), stays
 * within every applicable contact cap and never reaches minors; and the
 * bank phones only inside calling hours and never on the customer's state's public holidays.
 *
 * @throws {ContactPolicyInputError} when the input is malformed (invalid date, unknown state,
 *   negative cap, bad calling hours): a decision on broken facts would be wrong either way. Only
 *   the contact itself is checked before a customer-initiated service contact is allowed, so that
 *   a broken record elsewhere never keeps the bank from answering a customer.
 * @example
 * const decision = decideContact({ customer, consents, blocks, history, caps,
 *   contact: { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte', initiatedBy: 'bank' },
 *   callingHours: DEFAULT_CALLING_HOURS, now: workflowNow });
 * if (!decision.allowed && decision.earliestAllowedAt) await sleep(decision.earliestAllowedAt.getTime() - workflowNow.getTime());
 */
export function decideContact(input: ContactPolicyInput): PolicyDecision {
  validateContact(input.contact);
  if (input.contact.purpose === 'service' && input.contact.initiatedBy === 'customer') {
    // The customer asked us: answering is never unsolicited, whatever consents or blocks say.
    return { allowed: true, reasons: [{ ...CUSTOMER_INITIATED_SERVICE }] };
  }
  validateFacts(input);
  const rules = applicableRules(input);
  const now = input.now.getTime();
  const reasons = rules.flatMap((rule) => rule.reasonsAt(now));
  // Copies, so that a caller editing its decision cannot change the next one.
  if (reasons.length === 0) return { allowed: true, reasons: [{ ...ALLOWED }] };
  const earliest = earliestAllowed(rules, now, input.history.length + rules.length + 8);
  return { allowed: false, reasons, ...(earliest === undefined ? {} : { earliestAllowedAt: new Date(earliest) }) };
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * One rule of the policy, as a function of time with the facts fixed. Rules are evaluated at
 * instants in milliseconds so that the search for the earliest allowed instant can re-ask them.
 */
interface Rule {
  /** What the rule holds against the contact at `at`; empty when nothing. */
  reasonsAt(at: number): PolicyReason[];
  /** The earliest instant ≥ `at` at which the rule holds nothing against it; undefined if time never clears it. */
  clearsFrom(at: number): number | undefined;
}

const CUSTOMER_INITIATED_SERVICE: PolicyReason = {
  code: 'customer-initiated-service',
  message: 'The customer contacted the bank about a service matter, so this contact is always allowed.',
};

const ALLOWED: PolicyReason = {
  code: 'allowed',
  message: 'No consent, re-contact block, contact limit, age or calling-hours rule stands against this contact.',
};

function applicableRules(input: ContactPolicyInput): Rule[] {
  const { contact, callingHours } = input;
  const timeZone = callingHours.timeZone;
  const rules: Rule[] = [];
  if (contact.purpose === 'advertising' || (contact.purpose === 'care' && input.careNeedsAdvertisingConsent === true)) {
    const consent = consentRule(contact.channel, input.consents, timeZone);
    if (consent) rules.push(consent);
  }
  rules.push(blockRule(contact.topic, input.blocks, timeZone));
  if (contact.purpose === 'advertising') {
    const caps = input.caps.filter((cap) => cap.campaignId === undefined || cap.campaignId === contact.campaignId);
    rules.push(...caps.map((cap) => capRule(cap, input.history, timeZone)));
    rules.push(minorRule(input.customer.birthDate, timeZone));
  }
  if (contact.channel === 'phone' && contact.initiatedBy === 'bank') {
    rules.push(callingHoursRule(callingHours, holidayState(input)));
  }
  return rules;
}

/** The customer's state decides the holidays; without one, the calling hours' own state. */
function holidayState(input: ContactPolicyInput): FederalState {
  const own = input.customer.federalState?.trim().toUpperCase();
  if (own !== undefined && isFederalState(own)) return own;
  return input.callingHours.federalState ?? DEFAULT_FEDERAL_STATE;
}

/**
 * Advertising consent (UWG § 7): phone, email and messenger each need their own; a letter needs
 * none. Consent does not change with time, so it clears now or never.
 */
function consentRule(channel: ContactChannel, consents: readonly ConsentFact[], timeZone: string): Rule | undefined {
  if (channel === 'letter') return undefined;
  const current = newestConsent(consents, channel);
  const granted = current?.granted === true;
  return {
    reasonsAt: () => (granted ? [] : [{ code: CONSENT_CODES[channel], message: consentMessage(channel, current, timeZone) }]),
    clearsFrom: (at) => (granted ? at : undefined),
  };
}

const CONSENT_CODES = {
  phone: 'no-phone-consent',
  email: 'no-email-consent',
  messenger: 'no-messenger-consent',
} as const satisfies Record<Exclude<ContactChannel, 'letter'>, PolicyReasonCode>;

const CHANNEL_WORDS: Readonly<Record<ContactChannel, string>> = {
  phone: 'by phone',
  email: 'by email',
  letter: 'by letter',
  messenger: 'via messenger',
};

/** The newest fact for the channel; on equal times a refusal wins, because doubt must not become consent. */
function newestConsent(consents: readonly ConsentFact[], channel: ContactChannel): ConsentFact | undefined {
  let newest: ConsentFact | undefined;
  for (const fact of consents) {
    if (fact.channel !== channel) continue;
    const time = fact.recordedAt.getTime();
    const newestTime = newest?.recordedAt.getTime() ?? -Infinity;
    if (time > newestTime || (time === newestTime && !fact.granted)) newest = fact;
  }
  return newest;
}

function consentMessage(channel: Exclude<ContactChannel, 'letter'>, current: ConsentFact | undefined, timeZone: string): string {
  const how = CHANNEL_WORDS[channel];
  if (current === undefined) {
    return `The customer has not given consent to advertising ${how}, so no offer may be made ${how}.`;
  }
  const when = formatLocalDateTime(current.recordedAt, timeZone);
  return `The customer refused or withdrew consent to advertising ${how} (recorded ${when}), so no offer may be made ${how}.`;
}

/** Re-contact blocks on the contact's topic or on `all`; a block is active while `endsAt` is after the instant. */
function blockRule(topic: string, blocks: readonly BlockFact[], timeZone: string): Rule {
  const relevant = blocks.filter((block) => block.topic === topic || block.topic === ALL_TOPICS);
  const latestEnd = Math.max(-Infinity, ...relevant.map((block) => block.endsAt.getTime()));
  return {
    reasonsAt: (at) => {
      const active = relevant.filter((block) => block.endsAt.getTime() > at);
      if (active.length === 0) return [];
      const longest = active.reduce((a, b) => (b.endsAt.getTime() > a.endsAt.getTime() ? b : a));
      return [{ code: 'blocked', message: blockMessage(longest, timeZone), clearsAt: new Date(latestEnd) }];
    },
    clearsFrom: (at) => Math.max(at, latestEnd),
  };
}

function blockMessage(block: BlockFact, timeZone: string): string {
  const subject = block.topic === ALL_TOPICS ? 'on any topic' : `about "${block.topic}"`;
  return `Re-contact block: the customer must not be approached ${subject} until ${formatLocalDateTime(block.endsAt, timeZone)}.`;
}

/**
 * A contact cap. The count at instant x covers advertising contacts in (x − period, x]; it falls
 * only when a contact leaves the window, so the earliest instant under the cap is `at` itself or
 * one of those exits.
 */
function capRule(cap: ContactCap, history: readonly ContactFact[], timeZone: string): Rule {
  const period = cap.periodDays * MS_PER_DAY;
  const times = history
    .filter((fact) => fact.purpose === 'advertising' && (cap.campaignId === undefined || fact.campaignId === cap.campaignId))
    .map((fact) => fact.at.getTime())
    .sort((a, b) => a - b);
  const countAt = (x: number): number => countAtMost(times, x) - countAtMost(times, x - period);
  const clearsFrom = (at: number): number | undefined =>
    [at, ...times.map((time) => time + period).filter((exit) => exit > at)].find((x) => countAt(x) < cap.maxContacts);
  return {
    reasonsAt: (at) => {
      const count = countAt(at);
      if (count < cap.maxContacts) return [];
      const clears = clearsFrom(at);
      const clearsAt = clears === undefined ? {} : { clearsAt: new Date(clears) };
      return [{ code: 'contact-cap-reached', message: capMessage(cap, count, clears, timeZone), ...clearsAt }];
    },
    clearsFrom,
  };
}

function capMessage(cap: ContactCap, count: number, clears: number | undefined, timeZone: string): string {
  const scope = cap.campaignId === undefined ? 'advertising' : `campaign "${cap.campaignId}"`;
  const contacts = `${count} ${scope} contact${count === 1 ? '' : 's'}`;
  const next = clears === undefined ? 'no further one is possible' : `the next is possible from ${formatLocalDateTime(new Date(clears), timeZone)}`;
  return `The customer has had ${contacts} in the last ${cap.periodDays} days (limit ${cap.maxContacts}), so ${next}.`;
}

/** How many of the ascending `times` are ≤ `x` (binary search). */
function countAtMost(times: readonly number[], x: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? Infinity) <= x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** No advertising to minors; the message leaves the birthday out, the date is in `clearsAt`. */
function minorRule(birthDate: string, timeZone: string): Rule {
  const adult = adulthoodBegins(birthDate, timeZone).getTime();
  return {
    reasonsAt: (at) =>
      at < adult
        ? [{ code: 'minor', message: 'The customer is under 18, so no advertising may be addressed to them.', clearsAt: new Date(adult) }]
        : [],
    clearsFrom: (at) => Math.max(at, adult),
  };
}

/** Bank-initiated calls only inside calling windows, never on a public holiday of the customer's state. */
function callingHoursRule(hours: CallingHours, state: FederalState): Rule {
  const clearsFrom = (at: number): number | undefined => nextCallingTime(new Date(at), hours, state)?.getTime();
  return {
    reasonsAt: (at) => {
      const check = checkCallingTime(new Date(at), hours, state);
      if (check.allowed) return [];
      const next = clearsFrom(at);
      const clearsAt = next === undefined ? {} : { clearsAt: new Date(next) };
      const opens =
        next === undefined ? 'no calling window is configured' : `the next calling window opens ${formatLocalDateTime(new Date(next), hours.timeZone)}`;
      const reasons: PolicyReason[] = [];
      if (check.holiday) {
        const day = `${check.holiday.date} is a public holiday in ${state} (${check.holiday.name})`;
        reasons.push({ code: 'public-holiday', message: `${day}, so the customer must not be called; ${opens}.`, ...clearsAt });
      }
      if (!check.inWindow) {
        const local = formatLocalDateTime(new Date(at), hours.timeZone);
        reasons.push({ code: 'outside-calling-hours', message: `${local} is outside calling hours; ${opens}.`, ...clearsAt });
      }
      return reasons;
    },
    clearsFrom,
  };
}

// ---------------------------------------------------------------------------------------------
// The earliest allowed instant

/**
 * The least instant ≥ `now` at which no rule holds anything against the contact. Each rule moves
 * the candidate to the earliest instant it accepts; a full pass that moves nothing is a fixpoint,
 * and since no rule ever skips an instant it would accept, the fixpoint is the least such instant.
 * Passes are bounded: after the first, only contacts entering a cap window can push again.
 */
function earliestAllowed(rules: readonly Rule[], now: number, maxPasses: number): number | undefined {
  let candidate = now;
  for (let pass = 0; pass < maxPasses; pass++) {
    let next = candidate;
    for (const rule of rules) {
      const cleared = rule.clearsFrom(next);
      if (cleared === undefined) return undefined;
      next = cleared;
    }
    if (next === candidate) return candidate;
    candidate = next;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation: input may come from JSON or a database, so its shape is checked at run time. An
// unknown purpose slipping through would skip the advertising rules, so it must fail loudly.

const MS_PER_DAY = 86_400_000;
const PURPOSES: readonly string[] = ['service', 'advertising', 'care'] satisfies ContactPurpose[];
const CHANNELS: readonly string[] = ['phone', 'email', 'letter', 'messenger'] satisfies ContactChannel[];
const INITIATORS: readonly string[] = ['customer', 'bank'] satisfies ContactInitiator[];

function validateContact(contact: ContactRequest): void {
  expectOneOf('contact.purpose', contact.purpose, PURPOSES);
  expectOneOf('contact.channel', contact.channel, CHANNELS);
  expectOneOf('contact.initiatedBy', contact.initiatedBy, INITIATORS);
  if (typeof contact.topic !== 'string') throw new ContactPolicyInputError('contact.topic', 'must be a string');
}

function validateFacts(input: ContactPolicyInput): void {
  expectDate('now', input.now);
  validateCustomer(input.customer);
  input.consents.forEach((fact, i) => {
    expectOneOf(`consents[${i}].channel`, fact.channel, CHANNELS);
    expectDate(`consents[${i}].recordedAt`, fact.recordedAt);
  });
  input.blocks.forEach((block, i) => expectDate(`blocks[${i}].endsAt`, block.endsAt));
  input.history.forEach((fact, i) => {
    expectOneOf(`history[${i}].purpose`, fact.purpose, PURPOSES);
    expectDate(`history[${i}].at`, fact.at);
  });
  input.caps.forEach(validateCap);
  validateHours(input.callingHours);
}

function validateCustomer(customer: ContactPolicyInput['customer']): void {
  try {
    parseIsoDate(customer.birthDate);
  } catch {
    // The value itself stays out of the message: a birth date is personal data and errors get logged.
    throw new ContactPolicyInputError('customer.birthDate', 'must be a calendar date YYYY-MM-DD');
  }
  const state = customer.federalState?.trim().toUpperCase();
  if (state !== undefined && !isFederalState(state)) {
    throw new ContactPolicyInputError('customer.federalState', `"${customer.federalState}" is not a German state code such as NW`);
  }
}

function validateCap(cap: ContactCap, i: number): void {
  if (!Number.isInteger(cap.maxContacts) || cap.maxContacts < 0) {
    throw new ContactPolicyInputError(`caps[${i}].maxContacts`, 'must be a whole number of at least 0');
  }
  if (!Number.isFinite(cap.periodDays) || cap.periodDays <= 0) {
    throw new ContactPolicyInputError(`caps[${i}].periodDays`, 'must be a positive number of days');
  }
}

function validateHours(hours: CallingHours): void {
  try {
    validateCallingHours(hours);
  } catch (error) {
    if (error instanceof InvalidCallingHoursError) throw new ContactPolicyInputError(`callingHours.${error.field}`, error.detail);
    throw error;
  }
}

/** Checks the tag rather than `instanceof`, which fails for dates from another realm (e.g. a workflow sandbox). */
function expectDate(field: string, value: unknown): void {
  const isDate = Object.prototype.toString.call(value) === '[object Date]';
  if (!isDate || Number.isNaN((value as Date).getTime())) throw new ContactPolicyInputError(field, 'must be a valid date');
}

function expectOneOf(field: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ContactPolicyInputError(field, `must be one of ${allowed.join(', ')}`);
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
