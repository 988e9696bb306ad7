/**
 * A Drehscheibe worker for a test file: the production worker (createWorkers: the test's task
 * queue and its live-call queue) on the test system's ports, the bundle built once per file, the
 * production data converter.
 */
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorkers, runWorkers, type WorkerDeps } from '../../workers/worker';
import { testDataConverter, workflowBundle } from './temporal';

export interface RunningWorker {
  /** Stops polling and waits until running tasks are done. */
  stop(): Promise<void>;
}

export async function startWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  deps: WorkerDeps,
  { dataConverter = testDataConverter, maxCachedWorkflows }: { dataConverter?: DataConverter; maxCachedWorkflows?: number } = {},
): Promise<RunningWorker> {
  const workers = await createWorkers({
    connection: env.nativeConnection,
    // The environment's (a cluster's, in benches run against one).
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter,
    deps,
    workflowBundle: await workflowBundle(),
    maxCachedWorkflows,
    // A suite's end must not wait on an activity that retries against a dead stand-in: running
    // activities are cancelled after the grace time, and the shutdown is forced after the second.
    shutdownGraceTime: '2 seconds',
    shutdownForceTime: '15 seconds',
  });
  const { running, shutdown } = runWorkers(workers);
  return {
    async stop() {
      shutdown();
      await running;
    },
  };
}
