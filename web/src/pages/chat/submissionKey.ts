/**
 * The chat's `Idempotency-Key`s: one per submission; the same content sent again after a failure
 * without a clear answer (a timeout, a 503, a dropped connection) reuses it, so a message that did
 * reach the customer is not sent twice. A clear refusal (4xx) will not change with the same key:
 * the next try gets a new one.
 */
import { useCallback, useRef } from 'react';
import { ApiError } from '../../api/client';

/** A random UUID (v4); `crypto.randomUUID` exists in secure contexts only. */
export function newUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `keyFor(content)`: the key for this content (the pending one if the same content failed
 * before); `settled(failure?)`: call after the answer, with the error if there was one.
 */
export function useSubmissionKey(): { keyFor(content: unknown): string; settled(failure?: unknown): void } {
  const pending = useRef<{ fingerprint: string; key: string } | null>(null);
  const keyFor = useCallback((content: unknown) => {
    const fingerprint = JSON.stringify(content);
    if (pending.current?.fingerprint !== fingerprint) pending.current = { fingerprint, key: newUuid() };
    return pending.current.key;
  }, []);
  const settled = useCallback((failure?: unknown) => {
    if (failure === undefined || (failure instanceof ApiError && failure.status < 500)) pending.current = null;
  }, []);
  return { keyFor, settled };
}
