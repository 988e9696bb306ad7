/**
 * A Drehscheibe worker for a test file: the production activities on the test system's ports,
 * the bundle built once per file, the production data converter, polling the test's task queue
 * and its live-call queue (workflows/task-queues.ts) as the production worker does.
 */
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { runWorkers, workerActivities, type WorkerDeps } from '../../workers/worker';
import { taskQueuesOf } from '../../workflows/task-queues';
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
  const [bundle, activities] = [await workflowBundle(), workerActivities(deps)];
  const workers = await Promise.all(
    taskQueuesOf(taskQueue).map((queue) =>
      Worker.create({
        connection: env.nativeConnection,
        // The environment's (a cluster's, in benches run against one).
        namespace: env.namespace ?? 'default',
        taskQueue: queue,
        workflowBundle: bundle,
        activities,
        dataConverter,
        ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
        // A suite's end must not wait on an activity that retries against a dead stand-in: running
        // activities are cancelled after the grace time, and the shutdown is forced after the second.
        shutdownGraceTime: '2 seconds',
        shutdownForceTime: '15 seconds',
      }),
    ),
  );
  const { running, shutdown } = runWorkers(workers);
  return {
    async stop() {
      shutdown();
      await running;
    },
  };
}
