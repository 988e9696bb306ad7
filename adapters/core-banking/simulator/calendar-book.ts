/**
 * The advisors' bookings in the simulator: holds, confirmations, moves and cancellations, each
 * under an idempotency key, journaled before they are answered, replayed at start.
 *
 * Race-free by construction: a request is checked, journaled and applied in one synchronous call
 * (the journal's append is synchronous too), so Node's event loop cannot run a second request in
 * between. Twenty parallel holds of one slot reach `execute` one after the other; the first takes
 * the slot, the others find it taken.
 *
 * The journal records every decided answer with its key (refusals too), so a repeat of a key after
 * a restart answers exactly what the first call answered.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Booking, FreeBusy } from '../calendar.port';
import { BookingBody, CalendarErrorCode, type HoldRequestBody, type MoveRequestBody } from '../calendar.wire';
import { GatewayErrorCode } from '../wire';
import { Availability, overlaps, subtract, type Span } from './availability';
import type { BranchDirectory } from './branch-directory';
import type { Clock } from './clock';
import { JsonLinesJournal } from './journal';
import { addDays, localDateOf } from './local-time';

/** A request that changes the calendar. */
export type CalendarRequest =
  | { op: 'hold'; advisorId: string; body: HoldRequestBody }
  | { op: 'confirm'; bookingId: string }
  | { op: 'move'; bookingId: string; body: MoveRequestBody }
  | { op: 'cancel'; bookingId: string };

/** An HTTP answer as the gateway sends it. */
export interface Answer {
  status: number;
  body: unknown;
}

/** A booking as the simulator keeps it: the wire booking (status never `expired`) plus the customer. */
const StoredBooking = BookingBody.extend({ status: z.enum(['held', 'confirmed', 'cancelled']), customerId: z.string().optional(), heldAt: z.iso.datetime() });
type StoredBooking = z.infer<typeof StoredBooking>;

/** One line of the journal: a key, what it asked, what it was answered, and the booking it left. */
const JournalEntry = z.object({
  key: z.string(),
  fingerprint: z.string(),
  answer: z.object({ status: z.number().int(), body: z.unknown() }),
  booking: StoredBooking.optional(),
  at: z.iso.datetime(),
});
type JournalEntry = z.infer<typeof JournalEntry>;

const MINUTE_MS = 60_000;
/** Free/busy answers cover at most this much. */
export const MAX_RANGE_MS = 31 * 24 * 60 * MINUTE_MS;

export interface CalendarBookOptions {
  seed: number;
  directory: BranchDirectory;
  clock: Clock;
  /** How long a hold lasts unless confirmed. */
  holdTtlMs: number;
  /** Journal of decided requests; in memory only without it. */
  journalFile?: string;
}

export class CalendarBook {
  private readonly answers = new Map<string, { fingerprint: string; answer: Answer }>();
  private readonly bookings = new Map<string, StoredBooking>();
  private readonly byAdvisor = new Map<string, Set<string>>();
  private readonly availability: Availability;
  private readonly journal: JsonLinesJournal<JournalEntry> | undefined;
  private readonly directory: BranchDirectory;
  private readonly clock: Clock;
  private readonly holdTtlMs: number;

  constructor({ seed, directory, clock, holdTtlMs, journalFile }: CalendarBookOptions) {
    if (!Number.isSafeInteger(holdTtlMs) || holdTtlMs <= 0) throw new RangeError(`holdTtlMs must be a positive integer, got ${holdTtlMs}`);
    this.availability = new Availability(seed, directory);
    this.directory = directory;
    this.clock = clock;
    this.holdTtlMs = holdTtlMs;
    if (journalFile) {
      const { journal, entries } = JsonLinesJournal.open(journalFile, (value) => JournalEntry.parse(value));
      this.journal = journal;
      for (const entry of entries) this.apply(entry);
    }
  }

  /**
   * Runs a change under an idempotency key: the first answer for the key is kept and given again to
   * the same request, whatever happened since; another request under the key is refused (422).
   * The answer is on disk before this returns.
   */
  execute(key: string, request: CalendarRequest): Answer {
    const fingerprint = fingerprintOf(request);
    const earlier = this.answers.get(key);
    if (earlier) {
      if (earlier.fingerprint === fingerprint) return earlier.answer;
      return refusal(422, GatewayErrorCode.idempotencyKeyReused, 'Idempotency-Key was used before for another request');
    }
    const { answer, booking } = this.decide(request);
    const entry: JournalEntry = { key, fingerprint, answer, ...(booking ? { booking } : {}), at: new Date(this.clock.now()).toISOString() };
    // Journal first: if the disk write fails, nothing was applied and the caller gets a 500.
    this.journal?.append(entry);
    this.apply(entry);
    return answer;
  }

  /** A booking as the API shows it, or undefined. */
  booking(bookingId: string): Booking | undefined {
    const stored = this.bookings.get(bookingId);
    return stored && this.view(stored);
  }

  /** Every booking of an advisor (any status), by start. */
  bookingsOf(advisorId: string): Booking[] {
    return [...(this.byAdvisor.get(advisorId) ?? [])]
      .map((id) => this.view(this.bookings.get(id) as StoredBooking))
      .sort((a, b) => a.start.localeCompare(b.start));
  }

  /** The advisor's calendar in `[from, to)`; undefined for an unknown advisor. */
  freeBusy(advisorId: string, from: number, to: number): FreeBusy | undefined {
    const advisor = this.directory.advisor(advisorId);
    if (!advisor) return undefined;
    const available: Span[] = [];
    const appointments: Span[] = [];
    for (let date = localDateOf(from); date <= localDateOf(to - 1); date = addDays(date, 1)) {
      for (const [start, end] of this.availability.bookable(advisor, date)) {
        if (start < to && end > from) available.push([Math.max(start, from), Math.min(end, to)]);
      }
      appointments.push(...this.availability.seededAppointments(advisor, date).filter((span) => overlaps(span, [from, to])));
    }
    const held = this.liveBookings(advisorId).filter((b) => overlaps(spanOf(b), [from, to]));
    const busy = [
      ...appointments.map((span) => ({ span, kind: 'appointment' as const })),
      ...held.map((b) => ({ span: spanOf(b), kind: b.status === 'held' ? ('held' as const) : ('appointment' as const) })),
    ].sort((a, b) => a.span[0] - b.span[0]);
    return {
      advisorId,
      from: iso(from),
      to: iso(to),
      available: available.map(interval),
      busy: busy.map(({ span, kind }) => ({ ...interval(span), kind })),
      free: subtract(available, busy.map((b) => b.span)).map(interval),
    };
  }

  close(): void {
    this.journal?.close();
  }

  private decide(request: CalendarRequest): { answer: Answer; booking?: StoredBooking } {
    const now = this.clock.now();
    if (request.op === 'hold') {
      const advisor = this.directory.advisor(request.advisorId);
      if (!advisor) return { answer: refusal(404, CalendarErrorCode.advisorNotFound, `advisor ${request.advisorId} not found`) };
      const span = spanOfTimes(request.body);
      const unavailable = this.unavailable(request.advisorId, span, now);
      if (unavailable) return { answer: unavailable };
      if (this.taken(request.advisorId, span)) return { answer: slotTaken() };
      const { subject, customerId, reference } = request.body;
      const booking: StoredBooking = {
        bookingId: randomUUID(),
        advisorId: request.advisorId,
        start: iso(span[0]),
        end: iso(span[1]),
        status: 'held',
        expiresAt: iso(now + this.holdTtlMs),
        subject,
        ...(reference === undefined ? {} : { reference }),
        ...(customerId === undefined ? {} : { customerId }),
        version: 1,
        heldAt: iso(now),
      };
      return { answer: { status: 201, body: this.view(booking) }, booking };
    }

    const stored = this.bookings.get(request.bookingId);
    if (!stored) return { answer: refusal(404, CalendarErrorCode.bookingNotFound, `booking ${request.bookingId} not found`) };
    const expired = stored.status === 'held' && Date.parse(stored.expiresAt) <= now;
    const changed = (patch: Partial<StoredBooking>) => {
      const booking = { ...stored, ...patch, version: stored.version + 1 };
      return { answer: { status: 200, body: this.view(booking) }, booking };
    };
    const unchanged = { answer: { status: 200, body: this.view(stored) } };

    if (request.op === 'cancel') return stored.status === 'cancelled' ? unchanged : changed({ status: 'cancelled' });
    if (stored.status === 'cancelled') return { answer: refusal(409, CalendarErrorCode.bookingCancelled, `booking ${stored.bookingId} was cancelled`) };
    if (expired) return { answer: refusal(410, CalendarErrorCode.holdExpired, `the hold of booking ${stored.bookingId} expired at ${stored.expiresAt}`) };
    if (request.op === 'confirm') return stored.status === 'confirmed' ? unchanged : changed({ status: 'confirmed' });

    const span = spanOfTimes(request.body);
    if (span[0] === Date.parse(stored.start) && span[1] === Date.parse(stored.end)) return unchanged;
    const unavailable = this.unavailable(stored.advisorId, span, now);
    if (unavailable) return { answer: unavailable };
    // The booking's own slot does not count against it: a move by half an hour may overlap it.
    if (this.taken(stored.advisorId, span, stored.bookingId)) return { answer: slotTaken() };
    return changed({ start: iso(span[0]), end: iso(span[1]) });
  }

  /** Why the span cannot be booked at all (past, outside bookable time), or undefined. */
  private unavailable(advisorId: string, [start, end]: Span, now: number): Answer | undefined {
    if (start <= now) return refusal(422, CalendarErrorCode.slotUnavailable, 'the slot starts in the past');
    const advisor = this.directory.advisor(advisorId);
    const date = localDateOf(start);
    const inside = advisor && this.availability.bookable(advisor, date).some(([from, to]) => from <= start && end <= to);
    if (!inside) return refusal(422, CalendarErrorCode.slotUnavailable, 'the slot is outside the advisor’s bookable time (working hours, opening hours, absences, public holidays)');
    return undefined;
  }

  /** Whether an appointment or a live booking (other than `except`) overlaps the span. */
  private taken(advisorId: string, span: Span, except?: string): boolean {
    const advisor = this.directory.advisor(advisorId);
    if (!advisor) return false;
    if (this.availability.seededAppointments(advisor, localDateOf(span[0])).some((other) => overlaps(span, other))) return true;
    return this.liveBookings(advisorId).some((b) => b.bookingId !== except && overlaps(span, spanOf(b)));
  }

  /** Confirmed bookings and holds not yet expired. */
  private liveBookings(advisorId: string): StoredBooking[] {
    const now = this.clock.now();
    return [...(this.byAdvisor.get(advisorId) ?? [])]
      .map((id) => this.bookings.get(id) as StoredBooking)
      .filter((b) => b.status === 'confirmed' || (b.status === 'held' && Date.parse(b.expiresAt) > now));
  }

  private view({ customerId: _customerId, heldAt: _heldAt, ...booking }: StoredBooking): Booking {
    const expired = booking.status === 'held' && Date.parse(booking.expiresAt) <= this.clock.now();
    return { ...booking, status: expired ? 'expired' : booking.status };
  }

  private apply(entry: JournalEntry): void {
    this.answers.set(entry.key, { fingerprint: entry.fingerprint, answer: entry.answer });
    if (!entry.booking) return;
    this.bookings.set(entry.booking.bookingId, entry.booking);
    const ids = this.byAdvisor.get(entry.booking.advisorId) ?? new Set<string>();
    ids.add(entry.booking.bookingId);
    this.byAdvisor.set(entry.booking.advisorId, ids);
  }
}

/** One spelling per request: instants as UTC ISO, fields in a fixed order. */
function fingerprintOf(request: CalendarRequest): string {
  switch (request.op) {
    case 'hold': {
      const { start, end, subject, customerId, reference } = request.body;
      return JSON.stringify(['hold', request.advisorId, iso(Date.parse(start)), iso(Date.parse(end)), subject, customerId ?? null, reference ?? null]);
    }
    case 'move':
      return JSON.stringify(['move', request.bookingId, iso(Date.parse(request.body.start)), iso(Date.parse(request.body.end))]);
    default:
      return JSON.stringify([request.op, request.bookingId]);
  }
}

function refusal(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}

function slotTaken(): Answer {
  return refusal(409, CalendarErrorCode.slotTaken, 'the slot is taken');
}

function spanOf(booking: { start: string; end: string }): Span {
  return [Date.parse(booking.start), Date.parse(booking.end)];
}

function spanOfTimes(times: { start: string; end: string }): Span {
  return spanOf(times);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function interval([start, end]: Span): { start: string; end: string } {
  return { start: iso(start), end: iso(end) };
}
