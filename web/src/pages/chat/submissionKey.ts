/**
 * The chat's `Idempotency-Key`s: one per submission; the same content sent again after a failure
 * without a clear answer (a timeout, a 503, a dropped connection) reuses it, so a message that did
 * reach the customer is not sent twice. A clear refusal (4xx) will not change with the same key:
 * the next try gets a new one.
 */
import { useCallback, useRef } from 'react';
import { ApiError } from '../../api/client';
import { newUuid } from '../../api/uuid';

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
