/**
 * The gateway's idempotency: the first request with a key does the work; a repeat gets the same
 * answer, and waits for it when the first is still running. A key reused for a different request
 * is refused, because answering it with someone else's result would hide a caller's bug.
 */
import { SimulatorError } from './simulator-error';

/** Idempotency keys of one operation and the answer each got (or is about to get). */
export class IdempotencyRegistry<T> {
  private readonly entries = new Map<string, { fingerprint: string; result: Promise<T> }>();

  /** `fingerprint` identifies the request's content; `work` runs only for an unseen key. */
  run(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new SimulatorError(422, 'idempotency-key-reused', 'Idempotency-Key was already used for a different request'));
      }
      return existing.result;
    }
    const result = work();
    this.entries.set(key, { fingerprint, result });
    // A refused attempt did nothing, so a retry with the same key may try again.
    result.catch(() => {
      if (this.entries.get(key)?.result === result) this.entries.delete(key);
    });
    return result;
  }

  clear(): void {
    this.entries.clear();
  }
}
