/**
 * The simulator's clock. Holds lapse by it and slots in the past are refused by it; tests move it
 * (`POST /_sim/clock`) instead of waiting, so a ten-minute hold expires in no time.
 */

/** What the calendar reads the time from. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real time plus an offset tests can set or move forward. */
export class SimClock implements Clock {
  private offsetMs = 0;

  /** Starts at `start` (real time unless given) and runs on from there. */
  constructor(start?: number) {
    if (start !== undefined) this.set(start);
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Jumps to `instant` and runs on from there. */
  set(instant: number): void {
    if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
    this.offsetMs = instant - Date.now();
  }

  /** Moves forward by `ms` (never back: a hold that lapsed stays lapsed). */
  advance(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`advance must be a non-negative integer of ms, got ${ms}`);
    this.offsetMs += ms;
  }
}
