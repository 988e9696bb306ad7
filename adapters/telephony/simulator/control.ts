/**
 * What tests and developers can steer and see in the telephony simulator. The same controls are
 * reachable in-process (`TelephonySimulator.control`) and over HTTP under `/_sim`.
 */
import type { PlaceCallOutcome, WarmTransferOutcome } from '../telephony.port';

/** How a queue of advisors behaves towards warm transfers. */
export interface QueueBehaviour {
  /** Advisors logged in and ready. Each is busy while ringing and while on a call it took. */
  agentsAvailable: number;
  /** When a ringing advisor picks up; `never` lets every transfer time out. */
  answerAfterMs: number | 'never';
}

/** A queue's behaviour and how many of its advisors are busy right now. */
export interface QueueSnapshot extends QueueBehaviour {
  queue: string;
  busy: number;
}

/** How an outbound call ends, and after how long. */
export interface OutboundBehaviour {
  outcome: PlaceCallOutcome['outcome'];
  /** Time until the outcome; past the request's ring timeout, an outcome becomes `no-answer`. */
  afterMs: number;
  /** Reason given with `failed`. */
  reason?: string;
}

/** A fault for the next gateway requests (never the `/_sim` controls). */
export interface FaultInjection {
  /** Answer with this error status (e.g. 503) instead of handling the request. */
  status?: number;
  /** Error code in the body of that answer; default `injected-fault`. */
  code?: string;
  /** Hold the request this long first; without `status` it is then handled normally (a slow gateway). */
  stallMs?: number;
  /** How many requests it hits; default 1. */
  times?: number;
}

/** Where a call stands, as the simulator sees it. */
export type CallState =
  /** Outbound: dialling or ringing at the customer's. */
  | 'ringing'
  /** Customer and agent are talking. */
  | 'with-agent'
  /** A warm transfer put the customer through; the agent's leg has ended. */
  | 'with-advisor'
  /** Outbound: nobody was reached. */
  | 'not-connected'
  | 'ended';

/** An inbound call started by a test, or an outbound call the gateway was asked to place. */
export interface CallRecord {
  callId: string;
  direction: 'inbound' | 'outbound';
  state: CallState;
  startedAt: string;
  /** Outbound: the queue whose agent takes the call. */
  queue?: string;
  /** The advisor the call was put through to. */
  advisorId?: string;
  /** Outbound only: the dialled number (simulator records hold test data). */
  phoneNumber?: string;
  callerId?: string;
  idempotencyKey?: string;
  /** Outbound: how dialling ended, once it has. */
  outcome?: PlaceCallOutcome['outcome'];
}

/** A warm-transfer attempt: its request (announcement included) and, once done, its outcome. */
export interface TransferRecord {
  idempotencyKey: string;
  callId: string;
  targetQueue: string;
  announcement: string;
  timeoutSeconds: number;
  requestedAt: string;
  state: 'ringing' | 'done';
  outcome?: WarmTransferOutcome['outcome'];
  advisorId?: string;
}

/** The simulator's controls. Records are copies: changing them changes nothing. */
export interface TelephonySimulatorControl {
  /** Registers a running inbound call between a customer and an agent; answers its id. */
  startCall(callId?: string): string;
  /** The customer hangs up: a ringing transfer ends as `call-ended`, an advisor on the call is free again. */
  endCall(callId: string): void;
  setQueue(queue: string, behaviour: QueueBehaviour): void;
  queues(): QueueSnapshot[];
  /** Behaviour of outbound calls to `phoneNumber`, or of all others when omitted. */
  setOutbound(behaviour: OutboundBehaviour, phoneNumber?: string): void;
  injectFault(fault: FaultInjection): void;
  /** Every transfer attempt, oldest first: exactly one per idempotency key. */
  transfers(): TransferRecord[];
  /** Every inbound call and outbound attempt, oldest first. */
  calls(): CallRecord[];
  /**
   * Forgets calls, queues, outbound behaviour, faults and idempotency keys. Requests still held
   * (ringing, stalled) are answered 503 `simulator-reset`.
   */
  reset(): void;
}

