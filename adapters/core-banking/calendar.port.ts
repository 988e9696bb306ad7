/**
 * Branches, advisors and the advisors' calendars as the core-banking gateway keeps them: the part
 * of the {@link CoreBanking} port that appointments use (`core-banking.port.ts` re-exports it).
 *
 * Times on this port are instants, ISO 8601 with an offset (the gateway answers in UTC, `…Z`).
 * Opening and working hours are wall-clock windows in the branch's time zone (`Europe/Berlin`):
 * 09:00 stays 09:00 across the March and October clock changes, the instant moves.
 *
 * Every change (hold, confirm, move, cancel) carries an idempotency key: a repeat with the same key
 * and the same request answers what the first call answered, whatever happened in between; the same
 * key with another request is refused ({@link CalendarError} `idempotency-key-reused`).
 */
import type { IsoDate } from '../../domain/german-holidays';
import type { TimeWindow, Weekday } from '../../domain/calling-hours';
import { CoreBankingError } from './core-banking-error';

/** Wall-clock windows per weekday (`mon` … `sun`); an empty list means closed or not working. */
export type WeeklyHours = Readonly<Record<Weekday, readonly TimeWindow[]>>;

export type { TimeWindow, Weekday };

/** A branch (Filiale). */
export interface Branch {
  branchId: string;
  name: string;
  postcode: string;
  town: string;
  /** Two-letter federal state (its public holidays close the branch), e.g. `NW`. */
  federalState: string;
  /** IANA zone the hours are read in: `Europe/Berlin`. */
  timeZone: string;
  openingHours: WeeklyHours;
}

/** An advisor as other records name one (a customer's advisor, an advisor's deputy). */
export interface AdvisorRef {
  advisorId: string;
  name: string;
  email: string;
}

/** A day range an advisor is away, both days included (local dates of the branch). */
export interface Absence {
  from: IsoDate;
  to: IsoDate;
  reason: 'vacation' | 'training' | 'illness';
}

/** An advisor (Berater/in) of a branch. */
export interface Advisor extends AdvisorRef {
  branchId: string;
  /** Topics the advisor advises on, as Drehscheibe names them (`kreditkarte`, `baufinanzierung`, …). */
  topics: string[];
  /** When the advisor works, in the branch's time zone. Bookable time is this within the branch's opening hours. */
  workingHours: WeeklyHours;
  absences: Absence[];
  /** Stands in when the advisor is absent. */
  deputy: AdvisorRef;
}

/** A half-open interval of time `[start, end)`, as instants. */
export interface Interval {
  start: string;
  end: string;
}

/** What an advisor's calendar shows between `from` and `to`. */
export interface FreeBusy {
  advisorId: string;
  from: string;
  to: string;
  /**
   * Bookable time: working hours within the branch's opening hours, without absences and public
   * holidays of the branch's state, clipped to the range. A booking must lie inside one of these.
   */
  available: Interval[];
  /** Appointments and unexpired holds overlapping the range (whole, not clipped), by start. */
  busy: Array<Interval & { kind: 'appointment' | 'held' }>;
  /** `available` minus `busy`. */
  free: Interval[];
}

/**
 * `held`: reserved until `expiresAt`, then `expired` unless confirmed; `confirmed`: an appointment
 * in the advisor's calendar; `cancelled`: released.
 */
export type BookingStatus = 'held' | 'confirmed' | 'expired' | 'cancelled';

/** A reservation of one slot of one advisor's calendar. */
export interface Booking {
  bookingId: string;
  advisorId: string;
  start: string;
  end: string;
  status: BookingStatus;
  /** When a hold lapses unless confirmed (kept after confirmation, for the record). */
  expiresAt: string;
  /** Calendar entry title shown to the advisor, e.g. `Beratung Baufinanzierung`. */
  subject: string;
  /** Caller's reference (Drehscheibe's appointment id), if given. */
  reference?: string;
  /** Increases with every change (confirm, move, cancel); 1 for a new hold. */
  version: number;
}

/** Hold a slot; it lapses after the gateway's hold time unless confirmed. */
export interface HoldSlotCommand {
  advisorId: string;
  start: string;
  end: string;
  subject: string;
  /** The customer the slot is for (core banking knows its customers); optional. */
  customerId?: string;
  reference?: string;
  idempotencyKey: string;
}

/** Confirm or cancel a booking. */
export interface BookingCommand {
  bookingId: string;
  idempotencyKey: string;
}

/**
 * Move a booking to another slot of the same advisor. Atomic: the new slot is taken and the old
 * one released in one step, so the booking never has no slot and never two; if the new slot is
 * not free the booking stays where it was (`slot-taken`). A moved hold keeps its expiry.
 */
export interface MoveBookingCommand extends BookingCommand {
  start: string;
  end: string;
}

/** Why the calendar refused a request, as `CalendarError.reason`. */
export type CalendarErrorReason =
  | 'slot-taken'
  | 'slot-unavailable'
  | 'hold-expired'
  | 'booking-cancelled'
  | 'unknown-advisor'
  | 'unknown-booking'
  | 'idempotency-key-reused';

/**
 * `ApplicationFailure` types for calendar refusals, so activities and workflows share one spelling.
 * All of them are final: the same request would be refused again.
 */
export const CalendarFailureTypes = {
  'slot-taken': 'SlotTaken',
  'slot-unavailable': 'SlotUnavailable',
  'hold-expired': 'HoldExpired',
  'booking-cancelled': 'BookingCancelled',
  'unknown-advisor': 'UnknownAdvisor',
  'unknown-booking': 'UnknownBooking',
  'idempotency-key-reused': 'IdempotencyKeyReused',
} as const satisfies Record<CalendarErrorReason, string>;

/**
 * A refusal by the calendar. Never retryable: trying the same request again cannot change the
 * answer (the gateway answers a repeated key with its first answer). Activities turn it into
 * `ApplicationFailure.create({ type: error.type, message: error.message, nonRetryable: true })`.
 * Transport failures stay plain {@link CoreBankingError}s (`unavailable`, `timeout`: retryable).
 */
export class CalendarError extends CoreBankingError {
  /** The `ApplicationFailure` type, e.g. `SlotTaken`. */
  readonly type: (typeof CalendarFailureTypes)[CalendarErrorReason];

  constructor(
    readonly reason: CalendarErrorReason,
    message: string,
  ) {
    super(reason === 'unknown-advisor' || reason === 'unknown-booking' ? 'not-found' : 'rejected', message);
    this.name = 'CalendarError';
    this.type = CalendarFailureTypes[reason];
  }
}

/** Branches, advisors and calendars: the methods {@link CoreBanking} adds for appointments. */
export interface BranchCalendars {
  /** All branches, by id. */
  listBranches(): Promise<Branch[]>;
  /** One branch, or undefined for an unknown id. */
  getBranch(branchId: string): Promise<Branch | undefined>;
  /** Advisors, by id; only those of a branch and/or advising on a topic when asked. */
  listAdvisors(filter?: { branchId?: string; topic?: string }): Promise<Advisor[]>;
  /** One advisor, or undefined for an unknown id. */
  getAdvisor(advisorId: string): Promise<Advisor | undefined>;
  /** The advisor's calendar in `[from, to)` (at most 31 days); `unknown-advisor` if there is none. */
  getFreeBusy(advisorId: string, range: { from: string; to: string }): Promise<FreeBusy>;
  /** A booking, or undefined for an unknown id. */
  getBooking(bookingId: string): Promise<Booking | undefined>;
  /** Holds a slot: `slot-taken`, `slot-unavailable`, `unknown-advisor`. */
  holdSlot(command: HoldSlotCommand): Promise<Booking>;
  /** Confirms a hold (a confirmed booking stays confirmed): `hold-expired`, `booking-cancelled`, `unknown-booking`. */
  confirmBooking(command: BookingCommand): Promise<Booking>;
  /** Moves a booking atomically: `slot-taken`, `slot-unavailable`, `hold-expired`, `booking-cancelled`, `unknown-booking`. */
  moveBooking(command: MoveBookingCommand): Promise<Booking>;
  /** Releases the slot (a cancelled booking stays cancelled): `unknown-booking`. */
  cancelBooking(command: BookingCommand): Promise<Booking>;
}
