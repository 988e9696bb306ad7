/**
 * Fault injection for the simulator: answer the next n gateway requests with an error status,
 * or hold every gateway request for a while, so tests can meet outages and timeouts on purpose.
 * The `/_sim` control routes are never affected.
 */
import type { RequestHandler } from 'express';

/** The knobs tests turn, in code or over `POST /_sim/faults`. */
export interface FaultControls {
  /** The next `count` gateway requests answer `status` (503 unless given) and do nothing else. */
  failNext(count: number, status?: number): void;
  /** Every gateway request waits `ms` before it is handled (0 turns it off). */
  delay(ms: number): void;
  /** No more failures or delays. */
  reset(): void;
  /** What is set now. */
  state(): FaultState;
}

export interface FaultState {
  failNext: number;
  status: number;
  delayMs: number;
}

const DEFAULT_STATUS = 503;

export class Faults implements FaultControls {
  private failures = 0;
  private status = DEFAULT_STATUS;
  private delayMs = 0;
  private readonly pending = new Set<NodeJS.Timeout>();

  failNext(count: number, status = DEFAULT_STATUS): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`status must be 400 to 599, got ${status}`);
    this.failures = count;
    this.status = status;
  }

  delay(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`delay must be a non-negative integer of ms, got ${ms}`);
    this.delayMs = ms;
  }

  reset(): void {
    this.failures = 0;
    this.status = DEFAULT_STATUS;
    this.delayMs = 0;
  }

  state(): FaultState {
    return { failNext: this.failures, status: this.status, delayMs: this.delayMs };
  }

  /**
   * Drops requests still waiting out a delay, so a closing simulator leaves no timers behind.
   * Their connections are closed by the server.
   */
  cancelPending(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  /**
   * Express middleware in front of the gateway routes. A failure is taken when the request
   * arrives (so concurrent requests consume the count in arrival order) and answered after the
   * delay. A delayed request that does not fail is handled after the delay even if the client
   * gave up: like a real slow gateway, the write may happen although the caller saw a timeout.
   */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      const fail = this.failures > 0 ? this.status : undefined;
      if (fail !== undefined) this.failures--;
      const proceed = () => {
        if (fail === undefined) return next();
        res.status(fail).json({ code: 'simulated-fault', message: `simulated fault: status ${fail}` });
      };
      if (this.delayMs === 0) return proceed();
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        proceed();
      }, this.delayMs);
      this.pending.add(timer);
    };
  }
}
