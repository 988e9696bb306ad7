/**
 * The callback request to the Direktberatung (DESIGN.md process 2): when a warm transfer is not
 * possible, the Direktberatung calls the customer back. Shared by API, workflow and activities.
 */
import { z } from 'zod';
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
  note: z.string().trim().max(1000).optional(),
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
}

export interface CallbackInput {
  callbackId: string;
  request: CallbackRequest;
  requestedBy: string;
  /** SHA-256 of the request body: a reused Idempotency-Key with another body is told apart. */
  fingerprint: string;
  policy: CallbackPolicy;
}

export type CallbackStatus = 'transferring' | 'waiting' | 'transferred' | 'done' | 'unreached' | 'cancelled';
export type CallbackOutcome = 'transferred' | 'appointment-wanted' | 'sold' | 'not-interested' | 'other' | 'unreached' | 'cancelled';

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
  status: CallbackStatus;
  outcome?: CallbackOutcome;
  transfer?: { outcome: string };
  attempts: CallbackAttempt[];
  /** The task the Direktberatung works now, if any. */
  openTaskId?: string;
  fingerprint: string;
}

/** The workflow id for a callback: one per agent and Idempotency-Key. */
export function callbackWorkflowId(callbackId: string): string {
  return `callback:${callbackId}`;
}

export const CallbackErrors = {
  AlreadyFinished: 'CallbackAlreadyFinished',
} as const;
