/**
 * The telephony (CTI) platform as Drehscheibe sees it. Implemented over HTTP against the CTI
 * gateway API in `adapters/telephony/openapi.yaml`; a simulator of that API serves development
 * and tests. Activities receive this port injected.
 */

export interface WarmTransferRequest {
  /** The running call of the agent with the customer. */
  callId: string;
  /** Queue to connect to, e.g. `direktberatung`. */
  targetQueue: string;
  /** What the receiving advisor hears before the customer is put through (customer and topic). */
  announcement: string;
  /** How long to wait for an advisor to answer. */
  timeoutSeconds: number;
  /** Same key → the same transfer attempt, never a second one. */
  idempotencyKey: string;
}

export type WarmTransferOutcome =
  /** An advisor answered and the customer was put through. */
  | { outcome: 'connected'; advisorId: string }
  /** Nobody in the queue was free. */
  | { outcome: 'no-agent-available' }
  /** Ringing, but nobody answered within the timeout. */
  | { outcome: 'timed-out' }
  /** The customer's call had ended (or the call id is unknown). */
  | { outcome: 'call-ended' };

export interface PlaceCallRequest {
  /** Number to dial (E.164). */
  phoneNumber: string;
  /** Queue whose agents take the call, e.g. `ksc-outbound`. */
  queue: string;
  /** Caller line identity shown to the customer. */
  callerId?: string;
  idempotencyKey: string;
}

export type PlaceCallOutcome =
  | { outcome: 'answered'; callId: string }
  | { outcome: 'no-answer' }
  | { outcome: 'busy' }
  | { outcome: 'failed'; reason: string };

export class TelephonyError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'timeout' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'TelephonyError';
  }
}

export interface Telephony {
  /** Announced transfer ("avisiertes Verbinden") of a running call; waits at most the timeout. */
  warmTransfer(request: WarmTransferRequest): Promise<WarmTransferOutcome>;
  /** An outbound call, connected to an agent of the queue when the customer answers. */
  placeCall(request: PlaceCallRequest): Promise<PlaceCallOutcome>;
}
