/**
 * Heartbeats for activities that can run long, so that a worker which dies under one (SIGKILL,
 * a lost machine) is noticed after the activity's `heartbeatTimeout` and the activity retried on
 * another worker, instead of after its whole `startToCloseTimeout`. Seen in bench/chaos.ts: a
 * killed worker held a campaign's selection step, and with it the whole campaign, for 5 minutes.
 *
 * The heartbeat says "this process is alive", not "this step made progress": a slow but living
 * attempt is not duplicated by a retry, and a step that hangs is still ended by its
 * start-to-close timeout. The SDK throttles heartbeats to the server (80 % of the timeout).
 */
import { Context } from '@temporalio/activity';

/** How often a living attempt says so; well below the shortest `heartbeatTimeout` used (30 s). */
export const HEARTBEAT_EVERY_MS = 5_000;

/** Runs `work` inside the current activity, heartbeating every `everyMs` until it settles. */
export async function whileHeartbeating<T>(work: () => Promise<T>, everyMs = HEARTBEAT_EVERY_MS): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
