/**
 * Running the worker inside a process: create it, run it until the process stops, and start the
 * namespace's one task reconciler. Shared by the embedded default and the production worker.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { taskSettingsOf } from '../platform/config';
import type { Lifecycle } from '../platform/lifecycle';
import type { Logger } from '../platform/logger';
import { TASK_RECONCILER_ID, taskReconcilerWorkflow } from '../workflows/task-reconciler.workflow';
import { workerDepsOf, type SharedParts } from './composition';
import { createWorkers, runWorkers } from './worker';

/**
 * The workflow bundle `npm run build` writes beside the compiled code: a production worker loads
 * it instead of bundling the workflows at every start (seconds of CPU, and the code that runs is
 * the code that was built and tested). Absent (running from TypeScript): bundled at start.
 */
export const PREBUILT_WORKFLOW_BUNDLE = path.resolve(__dirname, '..', 'workflow-bundle.js');

/**
 * Starts the worker's Workers (main and live-call queue) on `connection` and registers its graceful stop with `lifecycle`: on SIGTERM
 * it stops polling, lets running activities finish (WORKER_SHUTDOWN_GRACE_SECONDS) and then ends.
 * `onFailure` is called when the worker stops by itself (a fatal error): the process should exit,
 * so its supervisor restarts it.
 */
export async function startWorkerProcess(
  parts: SharedParts,
  temporal: Client,
  connection: NativeConnection,
  lifecycle: Lifecycle,
  logger: Logger,
  onFailure: () => void,
): Promise<void> {
  const { config } = parts;
  const workers = await createWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: parts.dataConverter,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS}s`,
    requestContext: parts.requestContext,
    deps: workerDepsOf(parts, temporal),
    ...(existsSync(PREBUILT_WORKFLOW_BUNDLE) ? { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } } : {}),
  });
  let stopping = false;
  const { running, shutdown } = runWorkers(workers);
  lifecycle.onStop('worker', async () => {
    stopping = true;
    // The SDK's own signal handlers are off (platform/temporal-runtime), so this is the only shutdown.
    shutdown();
    await running;
  });
  running.catch((error: unknown) => {
    if (stopping) return;
    logger.error('worker stopped', { error: error instanceof Error ? error.message : String(error) });
    onFailure();
  });
  // The reconciler: one per namespace, so a second worker (or a restart) finds it running.
  await temporal.workflow.start(taskReconcilerWorkflow, {
    workflowId: TASK_RECONCILER_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ intervalMinutes: config.TASK_RECONCILE_MINUTES, settings: taskSettingsOf(config) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
