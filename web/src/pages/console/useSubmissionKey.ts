/**
 * One `Idempotency-Key` per submission: the same form content sent again after a failure (a
 * timeout, a 503, a dropped connection) carries the same key, so the API runs it once; changed
 * content, or a new submission after a success, gets a new key.
 */
import { useCallback, useRef } from 'react';

/** A fresh key, e.g. `konsole-3f2a…`. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `konsole-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export function useSubmissionKey(): { keyFor(body: unknown): string; succeeded(): void } {
  const pending = useRef<{ fingerprint: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown) => {
    const fingerprint = JSON.stringify(body);
    if (pending.current?.fingerprint !== fingerprint) pending.current = { fingerprint, key: newKey() };
    return pending.current.key;
  }, []);
  const succeeded = useCallback(() => {
    pending.current = null;
  }, []);
  return { keyFor, succeeded };
}

/** A call id the console proposes when the telephony system gives none: `anruf-` and 8 hex digits. */
export function newCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `anruf-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
