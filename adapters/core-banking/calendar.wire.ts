/**
 * The wire format of the gateway's branch, advisor and calendar API (`openapi.yaml`, tags
 * `branches`, `advisors`, `calendars`) as zod schemas, shared by the HTTP client and the simulator
 * like `wire.ts` is for customers and consents.
 */
import { z } from 'zod';
import type { Advisor, Booking, Branch, FreeBusy } from './calendar.port';

/** Error codes of the calendar API, in `{ code, message }` bodies. */
export const CalendarErrorCode = {
  branchNotFound: 'branch-not-found',
  advisorNotFound: 'advisor-not-found',
  bookingNotFound: 'booking-not-found',
  slotTaken: 'slot-taken',
  slotUnavailable: 'slot-unavailable',
  holdExpired: 'hold-expired',
  bookingCancelled: 'booking-cancelled',
} as const;

/** An instant with an offset, as the API takes and gives times (`2026-03-30T09:00:00+02:00`). */
export const Instant = z.iso.datetime({ offset: true });

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const TimeWindowBody = z.object({ start: HHMM, end: HHMM });
const Windows = z.array(TimeWindowBody);

export const WeeklyHoursBody = z.object({ mon: Windows, tue: Windows, wed: Windows, thu: Windows, fri: Windows, sat: Windows, sun: Windows });

export const BranchBody = z.object({
  branchId: z.string(),
  name: z.string(),
  postcode: z.string(),
  town: z.string(),
  federalState: z.string().length(2),
  timeZone: z.string(),
  openingHours: WeeklyHoursBody,
}) satisfies z.ZodType<Branch>;

export const BranchesBody = z.object({ branches: z.array(BranchBody) });
export interface BranchesBody { branches: Branch[] }

const AdvisorRefBody = z.object({ advisorId: z.string(), name: z.string(), email: z.string() });

export const AdvisorBody = AdvisorRefBody.extend({
  branchId: z.string(),
  topics: z.array(z.string()),
  workingHours: WeeklyHoursBody,
  absences: z.array(z.object({ from: z.iso.date(), to: z.iso.date(), reason: z.enum(['vacation', 'training', 'illness']) })),
  deputy: AdvisorRefBody,
}) satisfies z.ZodType<Advisor>;

export const AdvisorsBody = z.object({ advisors: z.array(AdvisorBody) });
export interface AdvisorsBody { advisors: Advisor[] }

const IntervalBody = z.object({ start: Instant, end: Instant });

export const FreeBusyBody = z.object({
  advisorId: z.string(),
  from: Instant,
  to: Instant,
  available: z.array(IntervalBody),
  busy: z.array(IntervalBody.extend({ kind: z.enum(['appointment', 'held']) })),
  free: z.array(IntervalBody),
}) satisfies z.ZodType<FreeBusy>;

export const BookingBody = z.object({
  bookingId: z.string(),
  advisorId: z.string(),
  start: Instant,
  end: Instant,
  status: z.enum(['held', 'confirmed', 'expired', 'cancelled']),
  expiresAt: Instant,
  subject: z.string(),
  reference: z.string().optional(),
  version: z.number().int().positive(),
}) satisfies z.ZodType<Booking>;

/** Free text the advisor's calendar shows: one line, no control characters. */
const Text = (max: number) => z.string().min(1).max(max).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** `POST /advisors/{advisorId}/holds`; the key in a header. */
export const HoldRequestBody = z.strictObject({
  start: Instant,
  end: Instant,
  subject: Text(200),
  customerId: z.string().min(1).max(64).optional(),
  reference: Text(200).optional(),
});
export type HoldRequestBody = z.infer<typeof HoldRequestBody>;

/** `POST /bookings/{bookingId}/move`. */
export const MoveRequestBody = z.strictObject({ start: Instant, end: Instant });
export type MoveRequestBody = z.infer<typeof MoveRequestBody>;

/** `GET /advisors/{advisorId}/free-busy?from=&to=`. */
export const FreeBusyQuery = z.object({ from: Instant, to: Instant });
