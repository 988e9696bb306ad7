/**
 * The simulated telephony platform behind the simulator's HTTP API: running calls, advisor
 * queues that answer (or not) after a set time, outbound dialling with a set outcome, injected
 * faults, and the gateway's idempotency. Pure in-memory state with timers; no HTTP in here.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RING_TIMEOUT_SECONDS, type PlaceCallBody, type WarmTransferBody } from '../gateway.schemas';
import type { PlaceCallOutcome, WarmTransferOutcome } from '../telephony.port';
import type {
  CallRecord,
  FaultInjection,
  OutboundBehaviour,
  QueueBehaviour,
  QueueSnapshot,
  TelephonySimulatorControl,
  TransferRecord,
} from './control';
import { IdempotencyRegistry } from './idempotency';
import { SimulatorError } from './simulator-error';

/** Outbound calls reach the customer at once unless a test says otherwise. */
const DEFAULT_OUTBOUND: OutboundBehaviour = { outcome: 'answered', afterMs: 0 };

interface Call extends CallRecord {
  /** Frees the advisor who took this call. */
  releaseAdvisor?: () => void;
}

interface Queue extends QueueBehaviour {
  /** Numbers of the advisors ringing or on a call; advisor ids are `{queue}-advisor-{n}`. */
  busyAdvisors: Set<number>;
}

/** A request the simulator holds on purpose (ringing, stalling). */
interface Held {
  /** Answers the request with an error (on reset). */
  abort(error: Error): void;
  /** Stops its timers and leaves it unanswered (on shutdown, when its connection goes anyway). */
  dispose(): void;
}

type Settle<T> = (value: T) => void;
type After = (ms: number, run: () => void) => void;

/**
 * The simulator's state and behaviour: the gateway operations for the HTTP routes, and the
 * controls for tests. One instance per simulator; nothing is shared between instances.
 */
export class TelephonySimulation implements TelephonySimulatorControl {
  private readonly callsById = new Map<string, Call>();
  private readonly transferLog: TransferRecord[] = [];
  private readonly queuesByName = new Map<string, Queue>();
  private readonly outboundByNumber = new Map<string, OutboundBehaviour>();
  private outboundDefault: OutboundBehaviour = DEFAULT_OUTBOUND;
  private fault: (FaultInjection & { remaining: number }) | undefined;
  private readonly transferKeys = new IdempotencyRegistry<WarmTransferOutcome>();
  private readonly outboundKeys = new IdempotencyRegistry<PlaceCallOutcome>();
  /** Hanging up ends the transfer ringing on a call. */
  private readonly hangUps = new Map<string, () => void>();
  private readonly held = new Set<Held>();

  // ---- the gateway API ------------------------------------------------------------------------

  /** `POST /calls/{callId}/warm-transfers`. */
  warmTransfer(callId: string, body: WarmTransferBody, idempotencyKey: string): Promise<WarmTransferOutcome> {
    const fingerprint = JSON.stringify([callId, body.targetQueue, body.announcement, body.timeoutSeconds]);
    return this.transferKeys.run(idempotencyKey, fingerprint, () => this.transfer(callId, body, idempotencyKey));
  }

  /** `POST /outbound-calls`. */
  placeCall(body: PlaceCallBody, idempotencyKey: string): Promise<PlaceCallOutcome> {
    const fingerprint = JSON.stringify([body.phoneNumber, body.queue, body.callerId ?? null, body.ringTimeoutSeconds ?? null]);
    return this.outboundKeys.run(idempotencyKey, fingerprint, () => this.dial(body, idempotencyKey));
  }

  /** The fault for the next gateway request, if one is armed. */
  takeFault(): FaultInjection | undefined {
    const fault = this.fault;
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.fault = undefined;
    return { status: fault.status, code: fault.code, stallMs: fault.stallMs };
  }

  /** Holds a request for `ms` (an injected slow gateway). */
  stall(ms: number): Promise<void> {
    return this.hold<void>((settle, after) => after(ms, () => settle()));
  }

  // ---- controls -------------------------------------------------------------------------------

  startCall(callId: string = `call-${randomUUID()}`): string {
    if (this.callsById.has(callId)) throw new SimulatorError(409, 'call-exists', `call ${callId} exists already`);
    this.callsById.set(callId, { callId, direction: 'inbound', state: 'with-agent', startedAt: now() });
    return callId;
  }

  endCall(callId: string): void {
    const call = this.callsById.get(callId);
    if (!call) throw new SimulatorError(404, 'call-not-found', `no call ${callId}`);
    if (call.state === 'ringing') throw new SimulatorError(409, 'call-not-connected', `call ${callId} is still being dialled`);
    if (call.state === 'ended' || call.state === 'not-connected') return;
    this.hangUps.get(callId)?.();
    call.releaseAdvisor?.();
    call.releaseAdvisor = undefined;
    call.state = 'ended';
  }

  setQueue(queue: string, { agentsAvailable, answerAfterMs }: QueueBehaviour): void {
    const existing = this.queuesByName.get(queue);
    // Advisors busy right now stay busy; only the staffing and the answer time change.
    this.queuesByName.set(queue, { agentsAvailable, answerAfterMs, busyAdvisors: existing?.busyAdvisors ?? new Set() });
  }

  queues(): QueueSnapshot[] {
    return [...this.queuesByName].map(([queue, { agentsAvailable, answerAfterMs, busyAdvisors }]) => ({
      queue,
      agentsAvailable,
      answerAfterMs,
      busy: busyAdvisors.size,
    }));
  }

  setOutbound(behaviour: OutboundBehaviour, phoneNumber?: string): void {
    if (phoneNumber === undefined) this.outboundDefault = { ...behaviour };
    else this.outboundByNumber.set(phoneNumber, { ...behaviour });
  }

  injectFault(fault: FaultInjection): void {
    this.fault = { ...fault, remaining: fault.times ?? 1 };
  }

  transfers(): TransferRecord[] {
    return this.transferLog.map((record) => ({ ...record }));
  }

  calls(): CallRecord[] {
    return [...this.callsById.values()].map(({ releaseAdvisor: _release, ...record }) => ({ ...record }));
  }

  reset(): void {
    for (const held of [...this.held]) held.abort(new SimulatorError(503, 'simulator-reset', 'the simulator was reset'));
    this.callsById.clear();
    this.transferLog.length = 0;
    this.queuesByName.clear();
    this.outboundByNumber.clear();
    this.outboundDefault = DEFAULT_OUTBOUND;
    this.fault = undefined;
    this.transferKeys.clear();
    this.outboundKeys.clear();
    this.hangUps.clear();
  }

  /** Stops every timer, so a closed simulator keeps no process alive. */
  dispose(): void {
    for (const held of [...this.held]) held.dispose();
  }

  // ---- behaviour ------------------------------------------------------------------------------

  private async transfer(callId: string, body: WarmTransferBody, idempotencyKey: string): Promise<WarmTransferOutcome> {
    if (this.hangUps.has(callId)) throw new SimulatorError(409, 'transfer-in-progress', `call ${callId} is already being transferred`);
    const record: TransferRecord = { idempotencyKey, callId, ...body, requestedAt: now(), state: 'ringing' };
    this.transferLog.push(record);
    const outcome = await this.ring(callId, body);
    record.state = 'done';
    record.outcome = outcome.outcome;
    if (outcome.outcome === 'connected') record.advisorId = outcome.advisorId;
    return outcome;
  }

  /** Rings a free advisor of the queue until they answer, the timeout passes or the customer hangs up. */
  private async ring(callId: string, { targetQueue, timeoutSeconds }: WarmTransferBody): Promise<WarmTransferOutcome> {
    const call = this.callsById.get(callId);
    // Only the agent can hand the call on: once it is with an advisor, it has ended for the agent.
    if (!call || call.state !== 'with-agent') return { outcome: 'call-ended' };
    const queue = this.queuesByName.get(targetQueue);
    const advisor = queue ? freeAdvisor(queue) : undefined;
    if (!queue || advisor === undefined) return { outcome: 'no-agent-available' };

    queue.busyAdvisors.add(advisor);
    const release = () => queue.busyAdvisors.delete(advisor);
    const advisorId = `${targetQueue}-advisor-${advisor}`;
    const timeoutMs = timeoutSeconds * 1000;
    const { answerAfterMs } = queue;
    return this.hold<WarmTransferOutcome>(
      (settle, after) => {
        const end = (outcome: WarmTransferOutcome) => {
          this.hangUps.delete(callId);
          settle(outcome);
        };
        this.hangUps.set(callId, () => {
          release();
          end({ outcome: 'call-ended' });
        });
        if (answerAfterMs !== 'never' && answerAfterMs <= timeoutMs) {
          after(answerAfterMs, () => {
            // The agent's leg ends; the advisor stays busy until the customer hangs up.
            call.state = 'with-advisor';
            call.advisorId = advisorId;
            call.releaseAdvisor = release;
            end({ outcome: 'connected', advisorId });
          });
        }
        after(timeoutMs, () => {
          release();
          end({ outcome: 'timed-out' });
        });
      },
      () => {
        this.hangUps.delete(callId);
        release();
      },
    );
  }

  private async dial(body: PlaceCallBody, idempotencyKey: string): Promise<PlaceCallOutcome> {
    const behaviour = this.outboundByNumber.get(body.phoneNumber) ?? this.outboundDefault;
    const call: Call = {
      callId: `out-${randomUUID()}`,
      direction: 'outbound',
      state: 'ringing',
      startedAt: now(),
      queue: body.queue,
      phoneNumber: body.phoneNumber,
      ...(body.callerId !== undefined ? { callerId: body.callerId } : {}),
      idempotencyKey,
    };
    this.callsById.set(call.callId, call);
    const ringMs = (body.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS) * 1000;
    await this.hold<void>((settle, after) => after(Math.min(behaviour.afterMs, ringMs), () => settle()));
    const outcome = outboundOutcome(behaviour, call.callId, behaviour.afterMs <= ringMs);
    call.outcome = outcome.outcome;
    call.state = outcome.outcome === 'answered' ? 'with-agent' : 'not-connected';
    return outcome;
  }

  /**
   * A promise answered by `start`'s timers, registered so reset() can answer it with an error and
   * dispose() can stop its timers. `onAbort` undoes what the request holds (a busy advisor).
   */
  private hold<T>(start: (settle: Settle<T>, after: After) => void, onAbort?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timers = new Set<NodeJS.Timeout>();
      const stop = () => {
        for (const timer of timers) clearTimeout(timer);
        this.held.delete(held);
      };
      const held: Held = {
        abort: (error) => {
          stop();
          onAbort?.();
          reject(error);
        },
        dispose: stop,
      };
      this.held.add(held);
      start(
        (value) => {
          stop();
          resolve(value);
        },
        (ms, run) => void timers.add(setTimeout(run, ms)),
      );
    });
  }
}

/** The lowest-numbered advisor of the queue who is neither ringing nor on a call. */
function freeAdvisor(queue: Queue): number | undefined {
  for (let n = 1; n <= queue.agentsAvailable; n += 1) if (!queue.busyAdvisors.has(n)) return n;
  return undefined;
}

function outboundOutcome(behaviour: OutboundBehaviour, callId: string, withinRingTime: boolean): PlaceCallOutcome {
  if (!withinRingTime) return { outcome: 'no-answer' };
  switch (behaviour.outcome) {
    case 'answered':
      return { outcome: 'answered', callId };
    case 'failed':
      return { outcome: 'failed', reason: behaviour.reason ?? 'simulated failure' };
    case 'no-answer':
    case 'busy':
      return { outcome: behaviour.outcome };
  }
}

function now(): string {
  return new Date().toISOString();
}
