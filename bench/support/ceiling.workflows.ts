/**
 * The engine's ceiling: the least a workflow can be (no steps) and the least a durable step can
 * be (one activity that does nothing). Bundled on their own for bench/engine-ceiling.ts, so the
 * ceiling owes nothing to Drehscheibe's workflows.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ceilingActivities } from './ceiling.activities';

const { benchStep } = proxyActivities<typeof ceilingActivities>({ startToCloseTimeout: '10 seconds' });

/** Starts and completes: one workflow task. */
export async function benchNoop(): Promise<void> {}

/** One activity: two workflow tasks and an activity task, as a process's first step is. */
export async function benchOneActivity(): Promise<void> {
  await benchStep();
}
