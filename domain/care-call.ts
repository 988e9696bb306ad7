/**
 * The after-sales care call (DESIGN.md process 4; issue 10, section 3): some weeks after a sale
 * the customer service center asks the customer whether they are satisfied. Pure rules shared by
 * the API, the workflow and the activities: the sale as the API takes it, the wait per product,
 * when the call attempts are (different business days, different times of day), the result the
 * agent records, and how a moment's contact-policy decision reads for this process.
 */
import { z } from 'zod';
import type { CallbackPolicy } from './callback';
import { BANK_TIME_ZONE, toLocalDateTime } from './calling-hours';
import { decideContact, type ContactChannel, type PolicyDecision, type PolicyReasonCode } from './contact-policy';
import { DEFAULT_FEDERAL_STATE, isPublicHoliday, type FederalState } from './german-holidays';
import { CustomerId } from './identifiers';
import { freeText } from './text';

// ---------------------------------------------------------------------------------------------
// Products and the wait

/**
 * The products a care call follows, with the topic a re-contact block names them by and their
 * German name for the agent's script. The keys are core banking's product codes.
 */
export const CARE_PRODUCTS = {
  'current-account': { topic: 'girokonto', title: 'Girokonto' },
  'mastercard-classic': { topic: 'kreditkarte', title: 'Mastercard Classic' },
  'mastercard-gold': { topic: 'kreditkarte', title: 'Mastercard Gold' },
  'overnight-account': { topic: 'tagesgeld', title: 'Tagesgeldkonto' },
  'savings-account': { topic: 'sparen', title: 'Sparkonto' },
  'savings-plan': { topic: 'sparen', title: 'Sparplan' },
  'building-society-contract': { topic: 'bausparen', title: 'Bausparvertrag' },
  'household-insurance': { topic: 'versicherung', title: 'Hausratversicherung' },
  overdraft: { topic: 'kredit', title: 'Dispositionskredit' },
  'consumer-loan': { topic: 'kredit', title: 'Privatkredit' },
  mortgage: { topic: 'baufinanzierung', title: 'Baufinanzierung' },
  'securities-account': { topic: 'depot', title: 'Depot' },
} as const satisfies Record<string, { topic: string; title: string }>;
export type CareProduct = keyof typeof CARE_PRODUCTS;
export const CARE_PRODUCT_CODES = Object.keys(CARE_PRODUCTS) as [CareProduct, ...CareProduct[]];

/** Eight weeks: the wait after a sale unless configured otherwise for the product. */
export const DEFAULT_CARE_DELAY_DAYS = 56;

/** How a sale was made. */
export const SALE_CHANNELS = ['branch', 'phone', 'video', 'online'] as const;

/** A sale may be recorded this long after it happened; older ones get no care call. */
export const SALE_MAX_AGE_DAYS = 365;
/** Desktop clocks differ a little: a sale may lie this far in the future. */
const SALE_CLOCK_SKEW_MS = 5 * 60_000;

/** The REST body of `POST /sales`, and what the appointment process hands over for a sale. */
export const SaleRequestSchema = z.strictObject({
  customerId: CustomerId,
  product: z.enum(CARE_PRODUCT_CODES),
  soldAt: z.iso.datetime({ offset: true }),
  channel: z.enum(SALE_CHANNELS),
  advisorId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'must be 1 to 64 letters, digits or dashes').optional(),
});
export type SaleRequest = z.infer<typeof SaleRequestSchema>;

/** Problems of a sale's time at `now`, each naming its field (empty when fine). */
export function saleProblems(sale: Pick<SaleRequest, 'soldAt'>, now: Date): Array<{ field: string; message: string }> {
  const at = Date.parse(sale.soldAt);
  if (at > now.getTime() + SALE_CLOCK_SKEW_MS) return [{ field: 'soldAt', message: 'must not lie in the future' }];
  if (at < now.getTime() - SALE_MAX_AGE_DAYS * DAY) return [{ field: 'soldAt', message: `must lie at most ${SALE_MAX_AGE_DAYS} days back` }];
  return [];
}

/** A sale key names one sale of a customer in workflow ids: no personal data, URL-safe. */
export const SaleKey = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1 to 100 letters, digits, dots, dashes or underscores');

/**
 * The workflow id of a sale's care call: the customer's pseudonym (never the number) and the
 * sale key. One process per sale.
 */
export function careCallWorkflowId(customerPseudonym: string, saleKey: string): string {
  return `care-call:${customerPseudonym}~${saleKey}`;
}

/** The id the API names a care call by: `{customerId}~{saleKey}` (the API maps the number to its pseudonym). */
export function saleIdOf(customerId: string, saleKey: string): string {
  return `${customerId}~${saleKey}`;
}

/** How long the process waits after the sale before it decides, in minutes. */
export function careDelayMinutes(product: string, policy: Pick<CareCallPolicy, 'delayDaysByProduct' | 'delayMinutes'>): number {
  if (policy.delayMinutes !== undefined) return policy.delayMinutes;
  return (policy.delayDaysByProduct[product] ?? DEFAULT_CARE_DELAY_DAYS) * 24 * 60;
}

// ---------------------------------------------------------------------------------------------
// Settings

/** A time of day for call attempts, in the bank's local time (`HH:MM`). */
export interface AttemptBand {
  /** German name for the agent, e.g. `vormittags`. */
  name: string;
  start: string;
  end: string;
}

/** Morning, afternoon, early evening: inside the default calling hours on every working day. */
export const DEFAULT_ATTEMPT_BANDS: readonly AttemptBand[] = [
  { name: 'vormittags', start: '09:00', end: '12:00' },
  { name: 'nachmittags', start: '13:00', end: '16:30' },
  { name: 'abends', start: '17:00', end: '19:30' },
];

/** A reason a customer may give for wanting to cancel the product: its code (in the result) and German label (in the form). */
export interface CancellationReason {
  code: string;
  title: string;
}

/**
 * The reasons unless the bank's process owner configures others (`CARE_CANCELLATION_REASONS`).
 * The labels are what the agent's generated form shows (GET /api/v1/task-types).
 */
export const DEFAULT_CANCELLATION_REASONS: readonly CancellationReason[] = [
  { code: 'price', title: 'Preis oder Gebühren' },
  { code: 'service', title: 'Unzufrieden mit dem Service' },
  { code: 'better-offer', title: 'Besseres Angebot anderswo' },
  { code: 'no-longer-needed', title: 'Wird nicht mehr gebraucht' },
  { code: 'moving', title: 'Umzug' },
  { code: 'other', title: 'Anderer Grund' },
];

/** Bounds of a configured list: enough for any form, short enough for radio buttons and labels. */
export const CANCELLATION_REASON_LIMITS = { maxReasons: 20, maxCodeLength: 40, maxTitleLength: 60 } as const;

/**
 * A list of cancellation reasons as configuration may give it: 1 to 20 reasons; codes of lowercase
 * letters, digits and dashes, each once; labels 1 to 60 characters without control characters.
 */
export const CancellationReasonsSchema = z
  .array(
    z.strictObject({
      code: z
        .string()
        .regex(new RegExp(`^[a-z0-9-]{1,${CANCELLATION_REASON_LIMITS.maxCodeLength}}$`), `code must be 1 to ${CANCELLATION_REASON_LIMITS.maxCodeLength} lowercase letters, digits or dashes`),
      title: z
        .string()
        .trim()
        .min(1, 'label must not be empty')
        .max(CANCELLATION_REASON_LIMITS.maxTitleLength, `label must be at most ${CANCELLATION_REASON_LIMITS.maxTitleLength} characters`)
        .regex(/^[^\u0000-\u001f\u007f]*$/, 'label must not contain control characters'),
    }),
  )
  .min(1, 'at least one reason is needed')
  .max(CANCELLATION_REASON_LIMITS.maxReasons, `at most ${CANCELLATION_REASON_LIMITS.maxReasons} reasons`)
  .superRefine((reasons, ctx) => {
    const seen = new Set<string>();
    reasons.forEach((reason, index) => {
      if (seen.has(reason.code)) ctx.addIssue({ code: 'custom', path: [index, 'code'], message: `code ${reason.code} is given twice` });
      seen.add(reason.code);
    });
  });

/** The reasons a process offers: the list it was started with, or the default for processes started before it existed. */
export function cancellationReasonsOf(policy: Pick<CareCallPolicy, 'cancellationReasons'>): readonly CancellationReason[] {
  return policy.cancellationReasons ?? DEFAULT_CANCELLATION_REASONS;
}

/** Settings of the care call, from configuration. */
export interface CareCallPolicy {
  /** The agents' queue the call tasks go to (`ksc`). */
  queue: string;
  /** Wait per product in days; products not named wait {@link DEFAULT_CARE_DELAY_DAYS}. */
  delayDaysByProduct: Record<string, number>;
  /**
   * Overrides every product's wait (demos: minutes instead of weeks). Then the first attempt's
   * task also opens as soon as the wait is over (still due at the end of its calling band), so a
   * demo shows it at once on any day.
   */
  delayMinutes?: number;
  /** Call attempts before the email fallback. */
  maxAttempts: number;
  /**
   * Whether the care call needs advertising consent on the channel. True by default: the
   * conservative reading of BGH, 10 July 2018, VI ZR 225/17, which treated a satisfaction
   * follow-up as advertising. The bank's legal department may switch it off.
   */
  needsAdvertisingConsent: boolean;
  /** Times of day the attempts rotate through. */
  bands: AttemptBand[];
  /**
   * The reasons the agent's form offers for a cancellation intention (`CARE_CANCELLATION_REASONS`).
   * A process keeps the list it was started with; processes started before the list was
   * configurable have none and use {@link DEFAULT_CANCELLATION_REASONS} (see
   * {@link cancellationReasonsOf}).
   */
  cancellationReasons?: CancellationReason[];
}

export const DEFAULT_CARE_CALL_POLICY: CareCallPolicy = {
  queue: 'ksc',
  delayDaysByProduct: {},
  maxAttempts: 3,
  needsAdvertisingConsent: true,
  bands: [...DEFAULT_ATTEMPT_BANDS],
  cancellationReasons: DEFAULT_CANCELLATION_REASONS.map((reason) => ({ ...reason })),
};

// ---------------------------------------------------------------------------------------------
// Attempt times

/** One call attempt's window: the task opens at `opensAt` and is due at `dueAt` (same local day). */
export interface AttemptSlot {
  /** Local date, YYYY-MM-DD. */
  day: string;
  /** Index into the bands. */
  band: number;
  opensAt: Date;
  dueAt: Date;
}

/** A band starting later than this before its end is not worth opening: the next one is taken. */
const MIN_SLOT_MS = 30 * 60_000;

/** A business day for calls: Monday to Friday, no public holiday of the customer's state. */
export function isCallingBusinessDay(day: string, state: FederalState = DEFAULT_FEDERAL_STATE): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !isPublicHoliday(day, state);
}

/**
 * The first attempt: the earliest band on a business day that still has half an hour left at
 * `after`. Later attempts: the band after the previous one's, on the next business day after the
 * previous attempt's day, so no two attempts share a day or (with three bands and three attempts)
 * a time of day.
 */
export function attemptSlot(input: { after: Date; previous?: Pick<AttemptSlot, 'day' | 'band'>; bands: readonly AttemptBand[]; federalState?: FederalState }): AttemptSlot {
  const { after, previous, bands } = input;
  const state = input.federalState ?? DEFAULT_FEDERAL_STATE;
  if (bands.length === 0) throw new RangeError('bands: at least one time of day is needed');
  const today = toLocalDateTime(after, BANK_TIME_ZONE).date;
  if (previous) {
    // Never on the previous attempt's day, and never in the past (after a late completion).
    const band = (previous.band + 1) % bands.length;
    const nextDay = addDays(previous.day, 1);
    for (let day = nextDay > today ? nextDay : today; ; day = addDays(day, 1)) {
      if (!isCallingBusinessDay(day, state)) continue;
      const slot = slotOn(day, band, bands);
      if (slot.dueAt.getTime() - after.getTime() >= MIN_SLOT_MS) return { ...slot, opensAt: new Date(Math.max(slot.opensAt.getTime(), after.getTime())) };
    }
  }
  for (let day = today; ; day = addDays(day, 1)) {
    if (!isCallingBusinessDay(day, state)) continue;
    for (let band = 0; band < bands.length; band++) {
      const slot = slotOn(day, band, bands);
      if (slot.dueAt.getTime() - after.getTime() >= MIN_SLOT_MS) {
        return { ...slot, opensAt: new Date(Math.max(slot.opensAt.getTime(), after.getTime())) };
      }
    }
  }
}

function slotOn(day: string, band: number, bands: readonly AttemptBand[]): AttemptSlot {
  const { start, end } = bands[band]!;
  return { day, band, opensAt: localInstant(day, start), dueAt: localInstant(day, end) };
}

/** The instant a Berlin wall clock shows `time` on `day` (business days hold no clock change). */
export function localInstant(day: string, time: string, timeZone: string = BANK_TIME_ZONE): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  let at = wall - toLocalDateTime(new Date(wall), timeZone).utcOffsetMinutes * 60_000;
  at = wall - toLocalDateTime(new Date(at), timeZone).utcOffsetMinutes * 60_000;
  return new Date(at);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Deciding at a step

/**
 * What the process knows about the customer at a step, loaded by an activity. No contact data:
 * only whether a phone number and an email address exist.
 */
export interface CareSituation {
  /** False when core banking no longer knows the customer (erased, or never known). */
  known: boolean;
  birthDate?: string;
  federalState?: FederalState;
  consents: Array<{ channel: ContactChannel; granted: boolean; recordedAt: string }>;
  blocks: Array<{ topic: string; endsAt: string }>;
  hasPhone: boolean;
  hasEmail: boolean;
}

/** Why a channel is out at a step, besides the contact policy's own reasons. */
export type CareReasonCode = PolicyReasonCode | 'customer-unknown' | 'no-phone-number' | 'no-email-address';

export interface CareDecision {
  channel: 'phone' | 'email';
  allowed: boolean;
  reasons: Array<{ code: CareReasonCode; message: string }>;
}

/**
 * Reasons that only say "not at this instant": the attempt's task is due inside calling hours
 * on a business day anyway, so they do not take the phone away.
 */
const TIMING_ONLY: readonly CareReasonCode[] = ['outside-calling-hours', 'public-holiday'];

/**
 * Whether the care call may use `channel` now, by the contact policy (purpose `care`) and the
 * contact data core banking holds.
 */
export function decideCareContact(input: {
  situation: CareSituation;
  channel: 'phone' | 'email';
  topic: string;
  needsAdvertisingConsent: boolean;
  callingHours: Parameters<typeof decideContact>[0]['callingHours'];
  now: Date;
}): CareDecision {
  const { situation, channel } = input;
  if (!situation.known || !situation.birthDate) {
    return { channel, allowed: false, reasons: [{ code: 'customer-unknown', message: 'Core banking no longer knows the customer (erased or unknown), so nobody may contact them for this sale.' }] };
  }
  const decision: PolicyDecision = decideContact({
    customer: { birthDate: situation.birthDate, federalState: situation.federalState },
    consents: situation.consents.map((fact) => ({ channel: fact.channel, granted: fact.granted, recordedAt: new Date(fact.recordedAt) })),
    blocks: situation.blocks.map((block) => ({ topic: block.topic, endsAt: new Date(block.endsAt) })),
    history: [],
    caps: [],
    contact: { purpose: 'care', channel, topic: input.topic, initiatedBy: 'bank' },
    careNeedsAdvertisingConsent: input.needsAdvertisingConsent,
    callingHours: input.callingHours,
    now: input.now,
  });
  const reasons: CareDecision['reasons'] = decision.reasons
    .filter((reason) => reason.code !== 'allowed' && !TIMING_ONLY.includes(reason.code))
    .map(({ code, message }) => ({ code, message }));
  if (channel === 'phone' && !situation.hasPhone) reasons.push({ code: 'no-phone-number', message: 'Core banking holds no phone number for the customer.' });
  if (channel === 'email' && !situation.hasEmail) reasons.push({ code: 'no-email-address', message: 'Core banking holds no email address for the customer.' });
  if (reasons.length === 0) return { channel, allowed: true, reasons: [{ code: 'allowed', message: 'No consent, re-contact block or contact-data rule stands against this contact.' }] };
  return { channel, allowed: false, reasons };
}

// ---------------------------------------------------------------------------------------------
// The agent's form

const note = freeText(0, 1000).optional().meta({ title: 'Notiz', description: 'Was für den weiteren Verlauf wichtig ist.' });

/**
 * The result of one care-call attempt. `satisfaction` is a school grade (1 very satisfied … 5 very
 * dissatisfied). `followUp` leads on: an appointment (a task to book one) or a callback by the
 * Direktberatung. A cancellation intention needs its reason, one of `reasons` (by code). The
 * API checks a completion with the configured list, the workflow's update validator with the list
 * its process was started with (the final word).
 */
export function careCallResultSchema(reasons: readonly CancellationReason[]) {
  const codes = reasons.map((reason) => reason.code);
  if (codes.length === 0) throw new RangeError('cancellation reasons: at least one is needed');
  return z
    .discriminatedUnion('reached', [
      z
        .strictObject({
          reached: z.literal(true).meta({ title: 'Kunde erreicht?' }),
          satisfaction: z.enum(['1', '2', '3', '4', '5']).meta({ title: 'Zufriedenheit', description: '1 = sehr zufrieden … 5 = sehr unzufrieden' }),
          followUp: z.enum(['none', 'appointment', 'callback']).meta({ title: 'Wunsch nach weiterem Kontakt' }),
          cancellationIntended: z.boolean().meta({ title: 'Möchte der Kunde kündigen?' }),
          cancellationReason: z.enum(codes as [string, ...string[]]).optional().meta({ title: 'Kündigungsgrund', description: 'Nur wenn der Kunde kündigen möchte.' }),
          note,
        })
        .meta({ title: 'erreicht' }),
      z
        .strictObject({
          reached: z.literal(false).meta({ title: 'Kunde erreicht?' }),
          note,
        })
        .meta({ title: 'nicht erreicht' }),
    ])
    .superRefine((result, ctx) => {
      if (!result.reached) return;
      if (result.cancellationIntended && result.cancellationReason === undefined) {
        ctx.addIssue({ code: 'custom', path: ['cancellationReason'], message: 'is needed when the customer wants to cancel' });
      }
      if (!result.cancellationIntended && result.cancellationReason !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['cancellationReason'], message: 'only when the customer wants to cancel' });
      }
    })
    .meta({ title: 'Nachsorgeanruf', description: 'Ob der Kunde erreicht wurde, wie zufrieden er ist und wie es weitergeht.' });
}

/** The result schema with the default reasons ({@link DEFAULT_CANCELLATION_REASONS}). */
export const CareCallResultSchema = careCallResultSchema(DEFAULT_CANCELLATION_REASONS);
export type CareCallResult = z.infer<typeof CareCallResultSchema>;

/** The result of the task to book an appointment the customer asked for in the care call. */
export const CareAppointmentResultSchema = z
  .strictObject({
    outcome: z.enum(['booked', 'not-wanted', 'not-reached']).meta({ title: 'Ergebnis' }),
    note,
  })
  .meta({ title: 'Termin vereinbaren', description: 'Der Kunde wünschte im Nachsorgeanruf einen Beratungstermin.' });
export type CareAppointmentResult = z.infer<typeof CareAppointmentResultSchema>;

// ---------------------------------------------------------------------------------------------
// The process's state

export type CareCallStatus = 'waiting' | 'calling' | 'emailing' | 'reached' | 'emailed' | 'not-contactable' | 'cancelled';

export interface CareCallAttempt {
  number: number;
  taskId: string;
  /** Local day and time of day (band name). */
  day: string;
  band: string;
  opensAt: string;
  dueAt: string;
  reached?: boolean;
  completedBy?: string;
  completedAt?: string;
}

export interface CareCallState {
  saleId: string;
  customerId: string;
  product: string;
  topic: string;
  soldAt: string;
  status: CareCallStatus;
  /** When the process decides (the sale plus the wait). */
  decideAt: string;
  attempts: CareCallAttempt[];
  /** Every decision, newest last: step, channel, allowed, the reasons' codes. */
  decisions: Array<{ step: string; at: string; channel: 'phone' | 'email'; allowed: boolean; reasons: CareReasonCode[] }>;
  result?: CareCallResult;
  followUp?: { kind: 'callback'; callbackId: string } | { kind: 'appointment'; taskId: string; outcome?: string };
  /** Why the process ended without reaching the customer (`not-contactable`). */
  notContactableReason?: string;
  /** While the process waits for an attempt's time of day: when its task opens. */
  nextAttemptAt?: string;
  openTaskId?: string;
  fingerprint: string;
}

export interface CareCallInput {
  saleId: string;
  saleKey: string;
  sale: SaleRequest;
  /** Who recorded the sale (an agent, or the process that made it). */
  requestedBy: string;
  /** The sale as first given: a reused sale key with another sale is told apart. */
  fingerprint: string;
  policy: CareCallPolicy;
  /** Settings of the callback a customer may ask for in the call. */
  callback: CallbackPolicy;
}

/**
 * The callback id of a care call's follow-up callback: 24 hex digits like the API's, derived from
 * the care call's workflow id (FNV-1a, three seeds), so a replay or a retry reaches the same
 * callback. Pure: the workflow computes it.
 */
export function careCallbackId(workflowId: string): string {
  return [0x811c9dc5, 0x01000193, 0x5bd1e995].map((seed) => fnv1a(`${workflowId}/callback`, seed).toString(16).padStart(8, '0')).join('');
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export const CareCallErrors = {
  SaleKeyReused: 'CareCallSaleKeyReused',
} as const;

const DAY = 86_400_000;
