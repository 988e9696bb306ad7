/**
 * Appointments with branch advisors (DESIGN.md process 1; issue 10, section 2): one process per
 * appointment. Pure rules shared by the API, the workflow and the activities: the requests as
 * the API takes them, the settings, when the reminder goes out, when the advisor's outcome task
 * is due, the outcome the advisor records, and the process's state.
 */
import { z } from 'zod';
import type { CallbackPolicy } from './callback';
import { CARE_PRODUCT_CODES, CareAppointmentResultSchema, type CareCallPolicy } from './care-call';
import type { TimeWindow, Weekday } from './calling-hours';
import { toLocalDateTime } from './calling-hours';
import { instantAt, minutesOf } from './appointment-slots';
import { isFederalState, isPublicHoliday } from './german-holidays';
import { CustomerId, Topic } from './identifiers';
import { freeText } from './text';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Requests

/** How the appointment takes place. */
export const APPOINTMENT_CHANNELS = ['branch', 'phone', 'video'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

/** Branch and advisor ids as core banking spells them (`F-01`, `B-0101`): no personal data. */
export const StaffId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1 to 32 letters, digits or dashes');

/** Where an appointment came from (a campaign, an offer, a callback). */
export const AppointmentOriginSchema = z.strictObject({
  campaignId: StaffId.optional(),
  offerId: StaffId.optional(),
  callbackId: z.string().regex(/^[0-9a-f]{24}$/, 'is not a callback id').optional(),
});

/** The REST body of `POST /appointments`. */
export const AppointmentRequestSchema = z.strictObject({
  customerId: CustomerId,
  topic: Topic,
  advisorId: StaffId,
  start: z.iso.datetime({ offset: true }),
  channel: z.enum(APPOINTMENT_CHANNELS),
  note: freeText(0, 1000).optional(),
  origin: AppointmentOriginSchema.optional(),
});
export type AppointmentRequest = z.infer<typeof AppointmentRequestSchema>;

/** The REST body of a reschedule: the new start with the same advisor. */
export const RescheduleRequestSchema = z.strictObject({ start: z.iso.datetime({ offset: true }) });
/** The REST body of a cancel. */
export const CancelAppointmentSchema = z.strictObject({ reason: freeText(1, 500).optional() });

/** Longest day range one slot search covers. */
export const SLOT_SEARCH_MAX_DAYS = 14;
const IsoDateSchema = z.iso.date();

/** The query of `GET /appointment-slots`: `from` and `to` are local days, both included. */
export const SlotQuerySchema = z
  .strictObject({
    topic: Topic,
    branchId: StaffId.optional(),
    advisorId: StaffId.optional(),
    from: IsoDateSchema,
    to: IsoDateSchema,
    channel: z.enum(APPOINTMENT_CHANNELS).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .superRefine((query, ctx) => {
    if (!query.branchId && !query.advisorId) ctx.addIssue({ code: 'custom', path: ['branchId'], message: 'give a branchId or an advisorId' });
    const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not lie before from' });
    else if (days > SLOT_SEARCH_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `must lie at most ${SLOT_SEARCH_MAX_DAYS - 1} days after from` });
  });
export type SlotQuery = z.infer<typeof SlotQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Settings

/** Settings of the appointment process, from configuration. */
export interface AppointmentPolicy {
  /** Length of an appointment, in minutes. */
  lengthMinutes: number;
  /** Free time kept before and after every appointment, in minutes. */
  bufferMinutes: number;
  /** Grid of slot starts, in minutes. */
  stepMinutes: number;
  /** A slot must start at least this long after the booking, in minutes. */
  leadMinutes: number;
  /** Slots a search answers at most (unless the request asks for fewer). */
  maxSlots: number;
  /** The customer's reminder goes out this many hours before; none when booked later than that. */
  reminderHours: number;
  /** The outcome task goes to the branch's queue: this prefix and the branch id (`filiale-F-01`). */
  branchQueuePrefix: string;
  /** The agents' queue for a task to book the next appointment. */
  followUpQueue: string;
  /**
   * The task to book the next appointment is due after this many working minutes of the center
   * (optional: processes started before it existed use {@link DEFAULT_FOLLOW_UP_WORKING_MINUTES}).
   */
  followUpWorkingMinutes?: number;
}

/** One working day of the center: when a task to book a follow-up appointment falls due. */
export const DEFAULT_FOLLOW_UP_WORKING_MINUTES = 8 * 60;

export const DEFAULT_APPOINTMENT_POLICY: AppointmentPolicy = {
  lengthMinutes: 60,
  bufferMinutes: 15,
  stepMinutes: 30,
  leadMinutes: 60,
  maxSlots: 20,
  reminderHours: 24,
  branchQueuePrefix: 'filiale-',
  followUpQueue: 'ksc',
  followUpWorkingMinutes: DEFAULT_FOLLOW_UP_WORKING_MINUTES,
};

/** The queue of a branch's advisors, e.g. `filiale-F-01`. */
export function branchQueueOf(policy: Pick<AppointmentPolicy, 'branchQueuePrefix'>, branchId: string): string {
  return `${policy.branchQueuePrefix}${branchId}`;
}

// ---------------------------------------------------------------------------------------------
// Ids

/** The workflow id of an appointment: its id alone (a hash of the agent and key, no personal data). */
export function appointmentWorkflowId(appointmentId: string): string {
  return `appointment:${appointmentId}`;
}

/** The appointment's iCalendar UID: one per appointment, the same in every invitation and its cancel. */
export function appointmentUid(appointmentId: string): string {
  return `${appointmentId}@drehscheibe.sparkasse.example`;
}

/** The API's appointment ids: 24 hex digits. */
export const AppointmentId = z.string().regex(/^[0-9a-f]{24}$/, 'is not an appointment id');

/** A callback id (24 hex digits) derived from the appointment's workflow id, for the no-show's callback. */
export function noShowCallbackId(workflowId: string): string {
  return [0x811c9dc5, 0x01000193, 0x5bd1e995].map((seed) => fnv1a(`${workflowId}/no-show-callback`, seed).toString(16).padStart(8, '0')).join('');
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Times

/**
 * When the customer's reminder goes out: `reminderHours` before the start, unless the booking (or
 * the last reschedule) came later than that; then none (undefined).
 */
export function reminderAt(start: Date, bookedAt: Date, policy: Pick<AppointmentPolicy, 'reminderHours'>): Date | undefined {
  if (policy.reminderHours <= 0) return undefined;
  const at = new Date(start.getTime() - policy.reminderHours * 60 * MINUTE);
  return at.getTime() > bookedAt.getTime() ? at : undefined;
}

/** The branch facts the process needs (no personal data). */
export interface AppointmentBranch {
  branchId: string;
  name: string;
  town: string;
  federalState: string;
  timeZone: string;
  openingHours: Readonly<Record<Weekday, readonly TimeWindow[]>>;
}

/**
 * When the advisor's outcome task is due: the close of the branch's next business day after the
 * appointment (a day it opens that is no public holiday of its state).
 */
export function outcomeDueAt(end: Date, branch: AppointmentBranch): Date {
  let date = toLocalDateTime(end, branch.timeZone).date;
  for (let i = 0; i < 30; i++) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    if (isFederalState(branch.federalState) && isPublicHoliday(date, branch.federalState)) continue;
    const weekday = toLocalDateTime(instantAt(date, 12 * 60, branch.timeZone), branch.timeZone).weekday;
    const windows = branch.openingHours[weekday] ?? [];
    if (windows.length === 0) continue;
    return instantAt(date, Math.max(...windows.map((w) => minutesOf(w.end))), branch.timeZone);
  }
  // A branch closed for a month: a day later, so the task still escalates.
  return new Date(end.getTime() + DAY);
}

/** `Montag, 29. März 2027, 10:00 Uhr` in the bank's time zone. */
export function germanDateTime(instant: Date | string, timeZone = 'Europe/Berlin'): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const date = new Intl.DateTimeFormat('de-DE', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat('de-DE', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${date}, ${time} Uhr`;
}

/** German names of the topics an advisor advises on; others read as they are. */
export const TOPIC_TITLES: Record<string, string> = {
  girokonto: 'Girokonto',
  kreditkarte: 'Kreditkarte',
  geldanlage: 'Geldanlage',
  altersvorsorge: 'Altersvorsorge',
  baufinanzierung: 'Baufinanzierung',
  privatkredit: 'Privatkredit',
};
export const topicTitle = (topic: string) => TOPIC_TITLES[topic] ?? topic;

/** German names of the channels. */
export const CHANNEL_TITLES: Record<AppointmentChannel, string> = { branch: 'in der Filiale', phone: 'am Telefon', video: 'per Video' };

// ---------------------------------------------------------------------------------------------
// The advisor's outcome

const note = freeText(0, 1000).optional().meta({ title: 'Notiz', description: 'Was für den weiteren Verlauf wichtig ist.' });

/** What the advisor records after the appointment (titles: the German labels of the form). */
export const AppointmentOutcomeResultSchema = z
  .discriminatedUnion('outcome', [
    z
      .strictObject({
        outcome: z.literal('held').meta({ title: 'Ergebnis' }),
        sold: z.array(z.enum(CARE_PRODUCT_CODES)).max(CARE_PRODUCT_CODES.length).meta({ title: 'Abgeschlossene Produkte', description: 'Für jedes startet der Nachsorgeanruf.' }),
        followUp: z.boolean().optional().meta({ title: 'Folgetermin gewünscht?' }),
        note,
      })
      .meta({ title: 'Termin fand statt' }),
    z.strictObject({ outcome: z.literal('no-show').meta({ title: 'Ergebnis' }), note }).meta({ title: 'Kunde nicht erschienen' }),
    z.strictObject({ outcome: z.literal('cancelled-by-customer').meta({ title: 'Ergebnis' }), note }).meta({ title: 'Vom Kunden abgesagt' }),
  ])
  .meta({ title: 'Ergebnis des Beratungstermins', description: 'Ob der Termin stattfand, und was dabei herauskam.' });
export type AppointmentOutcomeResult = z.infer<typeof AppointmentOutcomeResultSchema>;

/** What the agent records on the task to book the next appointment. */
// The same result as the care call's booking task: only the form's title and description differ.
export const AppointmentFollowUpResultSchema = CareAppointmentResultSchema.meta({ title: 'Folgetermin vereinbaren', description: 'Der Kunde wünschte beim Beratungstermin einen Folgetermin.' });
export type AppointmentFollowUpResult = z.infer<typeof AppointmentFollowUpResultSchema>;

// ---------------------------------------------------------------------------------------------
// The process

/** Everything an appointment process is started with. */
export interface AppointmentInput {
  appointmentId: string;
  request: AppointmentRequest;
  /** End of the appointment (start + length), ISO. */
  end: string;
  advisorName: string;
  branch: AppointmentBranch;
  requestedBy: string;
  /** Tells a repeated request from another one under the same key. */
  fingerprint: string;
  policy: AppointmentPolicy;
  /** For the no-show's callback. */
  callback: CallbackPolicy;
  /** For the care calls of a sale. */
  careCall: CareCallPolicy;
}

export type AppointmentStatus =
  /** Holding and confirming the slot. */
  | 'booking'
  /** The slot was taken meanwhile (or is no slot any more): nothing was booked. */
  | 'slot-taken'
  /** Booked; waiting for the appointment. */
  | 'confirmed'
  | 'cancelled'
  /** Over; the advisor's outcome task is open. */
  | 'awaiting-outcome'
  | 'held'
  | 'no-show'
  | 'cancelled-by-customer';

/** One change of the appointment, as the customer's invitation went out for it. */
export interface AppointmentChange {
  kind: 'booked' | 'rescheduled' | 'cancelled';
  at: string;
  by: string;
  start: string;
  end: string;
  /** The iCalendar SEQUENCE of the invitation sent for it. */
  sequence: number;
  /** How the customer was told: by email (with the invitation), or not (no address known). */
  customerTold?: 'email' | 'none' | 'rejected';
  /** Its letters or contact-history entry could not be delivered: an APPOINTMENT_LETTER_FAILED repair is open. */
  deliveryFailed?: boolean;
}

export interface AppointmentState {
  appointmentId: string;
  customerId: string;
  topic: string;
  advisorId: string;
  advisorName: string;
  branchId: string;
  channel: AppointmentChannel;
  start: string;
  end: string;
  status: AppointmentStatus;
  requestedBy: string;
  bookingId?: string;
  /** iCalendar UID, the same for the whole life of the appointment. */
  uid: string;
  /** iCalendar SEQUENCE of the latest invitation: 0 when booked, +1 on every change. */
  sequence: number;
  changes: AppointmentChange[];
  reminder: { status: 'none' | 'scheduled' | 'sent' | 'no-address'; at?: string };
  outcomeTaskId?: string;
  outcome?: AppointmentOutcomeResult & { recordedBy?: string; recordedAt?: string };
  followUps: {
    careCalls: Array<{ product: string; saleId: string; workflowId: string }>;
    callbackId?: string;
    followUpTaskId?: string;
  };
  origin?: AppointmentRequest['origin'];
  fingerprint: string;
}

/** Failure types of the appointment's updates and steps; the API maps them to HTTP statuses. */
export const AppointmentErrors = {
  /** The calendar refused the slot: another booking has it (the port's `SlotTaken`). */
  SlotTaken: 'SlotTaken',
  /** The calendar refused the slot: not bookable time (the port's `SlotUnavailable`). */
  SlotUnavailable: 'SlotUnavailable',
  /** Cancelled, over, or not booked: it cannot be changed. */
  NotChangeable: 'AppointmentNotChangeable',
  /** The advisor's calendar could not be reached: nothing was changed; try again. */
  CalendarUnavailable: 'CalendarUnavailable',
  /** Another change is being carried out right now. */
  ChangeInProgress: 'AppointmentChangeInProgress',
  /** The appointment process failed for good. */
  Failed: 'AppointmentFailed',
} as const;
