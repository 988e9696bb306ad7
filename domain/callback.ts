/**
 * The callback request to the Direktberatung (DESIGN.md process 2): when a warm transfer is not
 * possible, the Direktberatung calls the customer back. Shared by API, workflow and activities.
 */
import { z } from 'zod';
import { freeText } from './text';
import { addWorkingMinutes, isWorkingTime } from './business-calendar';
import { BANK_TIME_ZONE, type CallingHours } from './calling-hours';
import type { FederalState } from './german-holidays';
import { CustomerId, Topic } from './identifiers';

export const PreferredTimeSchema = z.union([
  z.strictObject({ asap: z.literal(true) }),
  z
    .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .refine((window) => Date.parse(window.from) < Date.parse(window.to), { message: 'must end after it starts', path: ['to'] }),
]);
export type PreferredTime = z.infer<typeof PreferredTimeSchema>;

/** The REST body of a callback request. */
export const CallbackRequestSchema = z.strictObject({
  customerId: CustomerId,
  topic: Topic,
  /** The running call, for the announced warm transfer first. */
  callId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1 to 64 letters, digits or dashes').optional(),
  preferredTime: PreferredTimeSchema,
  note: freeText(0, 1000).optional(),
  campaignId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase key').optional(),
});
export type CallbackRequest = z.infer<typeof CallbackRequestSchema>;

/** Settings of the callback process; durations come from configuration (or the campaign). */
export interface CallbackPolicy {
  queue: string;
  /** Mailbox of the Direktberatung, told about every callback. */
  mailbox: string[];
  /** When the customer asked for "as soon as possible": due this many minutes after the request. */
  slaMinutes: number;
  /** A reminder this many minutes before the due time (0: none). */
  reminderMinutesBeforeDue: number;
  maxAttempts: number;
  /** Wait between a failed attempt and the next. */
  attemptSpacingMinutes: number;
  transferTimeoutSeconds: number;
  /** Block length after "not interested". */
  blockMonths: number;
  /**
   * When the Direktberatung works: attempts are due inside these hours on days that are no
   * public holiday of the customer's state. Optional for callbacks started before it existed.
   */
  workingHours?: CallingHours;
}

/** The Direktberatung's working hours by default: Monday to Friday, 08:00–18:00 Berlin time. */
export const DIREKTBERATUNG_HOURS: CallingHours = {
  timeZone: BANK_TIME_ZONE,
  windows: {
    mon: [{ start: '08:00', end: '18:00' }],
    tue: [{ start: '08:00', end: '18:00' }],
    wed: [{ start: '08:00', end: '18:00' }],
    thu: [{ start: '08:00', end: '18:00' }],
    fri: [{ start: '08:00', end: '18:00' }],
    sat: [],
    sun: [],
  },
};

/**
 * When an attempt is due: the first one at the end of the customer's window when that end lies
 * in working time; otherwise the SLA counted in working time from `now` (evenings, weekends and
 * the holidays of the customer's state do not count).
 */
export function attemptDueAt(attempt: {
  number: number;
  preferred: PreferredTime;
  now: Date;
  slaMinutes: number;
  hours: CallingHours;
  federalState?: FederalState;
}): Date {
  const { preferred, now, hours, federalState } = attempt;
  if (attempt.number === 1 && 'to' in preferred) {
    const end = new Date(Date.parse(preferred.to));
    if (end > now && isWorkingTime(new Date(end.getTime() - 60_000), hours, federalState)) return end;
  }
  return addWorkingMinutes(now, attempt.slaMinutes, hours, federalState);
}

/** How far ahead a preferred time window may reach. */
export const PREFERRED_TIME_MAX_DAYS = 90;
/** A window may start this much in the past (clocks of agent desktops differ a little). */
const PREFERRED_TIME_SKEW_MS = 5 * 60_000;

/** Problems of a preferred time window at `now`, each naming its field (empty when fine). */
export function preferredTimeProblems(preferred: PreferredTime, now: Date): Array<{ field: string; message: string }> {
  if ('asap' in preferred) return [];
  const problems: Array<{ field: string; message: string }> = [];
  if (Date.parse(preferred.to) < now.getTime()) problems.push({ field: 'preferredTime.to', message: 'must not lie in the past' });
  else if (Date.parse(preferred.from) < now.getTime() - PREFERRED_TIME_SKEW_MS) problems.push({ field: 'preferredTime.from', message: 'must not lie in the past' });
  if (Date.parse(preferred.to) > now.getTime() + PREFERRED_TIME_MAX_DAYS * 86_400_000) {
    problems.push({ field: 'preferredTime.to', message: `must lie at most ${PREFERRED_TIME_MAX_DAYS} days ahead` });
  }
  return problems;
}

export interface CallbackInput {
  callbackId: string;
  request: CallbackRequest;
  requestedBy: string;
  /** SHA-256 of the request body: a reused Idempotency-Key with another body is told apart. */
  fingerprint: string;
  policy: CallbackPolicy;
}

export type CallbackStatus = 'transferring' | 'waiting' | 'transferred' | 'done' | 'unreached' | 'cancelled' | 'stopped';
/** `stopped`: a block on the topic or a withdrawal arrived after the request (see `stopReason`). */
export type CallbackOutcome = 'transferred' | 'appointment-wanted' | 'sold' | 'not-interested' | 'other' | 'unreached' | 'cancelled' | 'stopped';

export interface CallbackAttempt {
  number: number;
  taskId: string;
  dueAt: string;
  reached?: boolean;
  outcome?: string;
  completedBy?: string;
  completedAt?: string;
}

export interface CallbackState {
  callbackId: string;
  customerId: string;
  topic: string;
  /** The agent who asked for the callback: they (or a supervisor) may cancel it. */
  requestedBy?: string;
  status: CallbackStatus;
  outcome?: CallbackOutcome;
  transfer?: { outcome: string };
  attempts: CallbackAttempt[];
  /** The task the Direktberatung works now, if any. */
  openTaskId?: string;
  /** Why further attempts stopped (a block or a withdrawal that came after the request). */
  stopReason?: string;
  /** Whether the customer was told that we could not reach them (false: the email was rejected). */
  customerTold?: boolean;
  fingerprint: string;
}

/** The workflow id for a callback: one per agent and Idempotency-Key. */
export function callbackWorkflowId(callbackId: string): string {
  return `callback:${callbackId}`;
}

export const CallbackErrors = {
  AlreadyFinished: 'CallbackAlreadyFinished',
} as const;
