/**
 * The Drehscheibe worker: runs every workflow and activity, polling the main task queue and its
 * live-call queue (workflows/task-queues.ts) with a Worker each.
 */
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type BundleOptions, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { PseudonymOf } from '../domain/pseudonym';
import { FAILURE_CONVERTER_PATH } from '../platform/temporal';
import { campaignContactsOn } from '../workflows/campaign-run.client';
import { chatRouterOn } from '../workflows/chat-router.client';
import type { ChatRouterInput } from '../workflows/chat-router.workflow';
import { startCareCall } from '../workflows/care-call.client';
import { startOrExtendBlock } from '../workflows/contact-block.client';
import { processStatus, startRepair } from '../workflows/repair.client';
import { taskQueuesOf } from '../workflows/task-queues';
import type { RequestContext } from '../platform/request-context';
import { requestIdActivityInterceptors } from '../platform/request-id-interceptors';

/**
 * What the worker's activities need: their ports, and the Temporal client and task queue through
 * which an activity starts another process (the callback's block after "not interested").
 */
export type WorkerDeps = Omit<ActivityDeps, 'blockStarter' | 'processes' | 'repairs' | 'careCalls' | 'campaignContacts' | 'chatRouter'> & {
  temporal: Client;
  taskQueue: string;
  pseudonymOf: PseudonymOf;
  /** The chat router's settings (it is started with them on first use). */
  chatRouting: Omit<ChatRouterInput, 'carried'> & { routerId?: string };
};

/** The activities on `deps`, with the workflow clients they use wired in. */
export function workerActivities({ temporal, taskQueue, pseudonymOf, chatRouting, ...ports }: WorkerDeps) {
  return createActivities({
    ...ports,
    blockStarter: { startOrExtend: (target, request) => startOrExtendBlock(temporal, taskQueue, target, request, pseudonymOf) },
    processes: { status: (workflowId) => processStatus(temporal, workflowId) },
    repairs: { start: (request, settings) => startRepair(temporal, taskQueue, request, settings) },
    campaignContacts: campaignContactsOn(temporal, taskQueue, pseudonymOf),
    chatRouter: chatRouterOn(temporal, taskQueue, { hours: chatRouting.hours, cap: chatRouting.cap }, chatRouting.routerId),
    careCalls: {
      start: async ({ sale, saleKey, requestedBy, policy, callback, tasks }) => {
        const started = await startCareCall(temporal, { taskQueue, policy, callback, tasks, pseudonymOf }, { sale, saleKey, requestedBy });
        return { saleId: started.saleId, workflowId: started.workflowId };
      },
    },
  });
}

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataConverter: DataConverter;
  deps: WorkerDeps;
  /**
   * How many workflows the worker keeps in memory between tasks. Campaign runs keep thousands of
   * contact processes waiting; bounded, the worker's memory stays flat however many wait (an
   * evicted one is replayed from history when its next task comes). Per queue's Worker. Default: the SDK's, by heap size.
   */
  maxCachedWorkflows?: number;
  /**
   * A pre-built bundle (tests build it once); by default the workflows are bundled at start. Build
   * it with `workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES`, or activities lose the request id.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Request scopes for activities (the worker's Temporal client reads the same), so processes they start carry the request id on. */
  requestContext?: RequestContext;
  /** How long a shutdown lets running activities finish before cancelling them (default: the SDK's). */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /** After the grace time, how long until the shutdown is forced (default: none; tests set it). */
  shutdownForceTime?: WorkerOptions['shutdownForceTime'];
}

/** Path of the workflows' entry point, for bundling: each workflow's module loaded on first use (why: workflows/worker-entry.ts). */
export const WORKFLOWS_PATH = require.resolve('../workflows/worker-entry');
/** The workflow interceptors (bundled with the workflows): the request id into activities' headers. */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/request-id.interceptors')];
/** Loaded once per worker and shared by all workflows (why and how: workflows/shared-libraries.ts). */
export const WORKFLOW_PRELOAD_MODULES = [require.resolve('../workflows/shared-libraries')];

/** Where to find a source module's code to bundle: itself (default), or its compiled counterpart (`npm run build`). */
export type ModuleLocator = (sourcePath: string) => string;

/**
 * How the workflows are bundled, wherever they are (the worker at start, `npm run build`, the
 * tests and benches), so no two places can bundle differently: the lazy entry, the failure
 * converter the data converter names (platform/temporal.ts; without it a workflow's failures
 * would be converted by the SDK's default), the interceptors, the shared libraries preloaded,
 * and zod always as its CommonJS build. That build seals each module's exports, which stops the
 * SDK's deep freeze of shared modules at zod's door; its ES module build (what `import` from
 * TypeScript sources resolves to) exports through getters on open objects, and the freeze would
 * reach and break zod's internals (a cached flag, its format regexes).
 *
 * `locate` maps source paths to the code being bundled (the build passes dist/'s);
 * `workflowsPath` and `preloadModules` other than the worker's only for benchmarks that compare.
 */
export function workflowBundleOptions({
  locate = (sourcePath) => sourcePath,
  workflowsPath = WORKFLOWS_PATH,
  preloadModules = WORKFLOW_PRELOAD_MODULES,
}: { locate?: ModuleLocator; workflowsPath?: string; preloadModules?: string[] } = {}): BundleOptions {
  const zodCommonJs = require.resolve('zod');
  return {
    workflowsPath: locate(workflowsPath),
    failureConverterPath: locate(FAILURE_CONVERTER_PATH),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES.map(locate),
    preloadModules: preloadModules.map(locate),
    webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string | false>), zod$: zodCommonJs } } }),
  };
}

/**
 * The worker's two Workers, one per task queue (main and live call), on one bundle and one set of
 * activities. Each has its own pollers, execution slots and workflow thread, so what an agent waits
 * for on a call never queues behind the main queue's backlog. Run and shut them down together.
 */
export async function createWorkers(setup: WorkerSetup): Promise<Worker[]> {
  // Bundled once for both (a bundle is seconds of CPU); a pre-built one carries the interceptors already.
  const workflowBundle = setup.workflowBundle ?? (await bundleWorkflowCode(workflowBundleOptions()));
  const activities = workerActivities(setup.deps);
  return Promise.all(
    taskQueuesOf(setup.taskQueue).map((taskQueue) =>
      Worker.create({
        connection: setup.connection,
        namespace: setup.namespace,
        taskQueue,
        dataConverter: setup.dataConverter,
        activities,
        interceptors: { activity: [requestIdActivityInterceptors(setup.requestContext)] },
        workflowBundle,
        ...(setup.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: setup.maxCachedWorkflows }),
        ...(setup.shutdownGraceTime === undefined ? {} : { shutdownGraceTime: setup.shutdownGraceTime }),
        ...(setup.shutdownForceTime === undefined ? {} : { shutdownForceTime: setup.shutdownForceTime }),
      }),
    ),
  );
}

/** The Workers running together: `run()` ends when all have stopped and fails when one fails (the others are shut down then). */
export function runWorkers(workers: Worker[]): { running: Promise<void>; shutdown(): void } {
  const shutdown = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const running = Promise.allSettled(
    workers.map((worker) =>
      worker.run().catch((error: unknown) => {
        // One failed: the process must not go on polling half of its queues.
        shutdown();
        throw error;
      }),
    ),
  ).then((results) => {
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return { running, shutdown };
}
