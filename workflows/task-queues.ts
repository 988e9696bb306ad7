/**
 * The task queues the processes run on. Dependency-free: the API starts processes on them, the
 * workers poll them.
 *
 * Two queues, one worker process polling both:
 * - the main queue (`TEMPORAL_TASK_QUEUE`): every long-running process, campaign launches, repairs;
 * - its live-call queue: what an agent waits for with a customer on the line (the consent check
 *   and a withdrawal). It has its own pollers and execution slots in each worker, so a backlog on
 *   the main queue (a campaign launching thousands of contacts, a wave of blocks) never queues in
 *   front of it. (Measured before: right after a load, 3 of 60 consent checks took over a second,
 *   one 15 s; the server's backlog of the main queue was ahead of them.)
 */

/** The live-call queue beside `taskQueue`: always derived, so a deployment cannot set one without the other. */
export function liveCallQueueOf(taskQueue: string): string {
  return `${taskQueue}-live`;
}

/** Both queues a worker polls for `taskQueue`, the main one first. */
export function taskQueuesOf(taskQueue: string): [main: string, liveCall: string] {
  return [taskQueue, liveCallQueueOf(taskQueue)];
}
