/**
 * Every Temporal call an HTTP request makes (starts, queries, and above all Updates, which wait
 * for the workflow's answer) shares one deadline, so a request never hangs on a busy or absent
 * worker: past it, the call fails with DEADLINE_EXCEEDED and the error handler answers 503 with
 * Retry-After. The request may still take effect; a retry with the same Idempotency-Key (or the
 * same task action, which the workflow answers idempotently) is safe.
 */
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';

/**
 * @param exempt paths (below the mount point) that never wait for Temporal and stay open for long,
 *   such as the task event stream: they run outside any deadline.
 */
export function temporalDeadline(temporal: Client, ms: number, exempt: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    if (exempt.includes(req.path)) {
      next();
      return;
    }
    // withDeadline keeps the deadline in async-local storage: every call made while this
    // request's handlers run, however deep, carries it.
    void temporal.withDeadline(Date.now() + ms, () => new Promise<void>((resolve) => {
      res.once('close', resolve);
      next();
    }));
  };
}
