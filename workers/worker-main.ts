/**
 * Production entry point of a worker: `node dist/workers/worker-main.js`. Runs every workflow and
 * activity on the task queue against a Temporal cluster (TEMPORAL_ADDRESS); start as many as the
 * load needs. Configuration comes only from the environment (platform/config.ts) and is checked
 * before anything starts; SIGTERM stops it gracefully.
 */
import { Lifecycle } from '../platform/lifecycle';
import { createLogger } from '../platform/logger';
import { clusterConfigOrExit, connectClient, connectWorker, openSharedParts, requireThirdParties } from './composition';
import { installRuntime } from './runtime';
import { taskQueuesOf } from '../workflows/task-queues';
import { startWorkerProcess } from './worker-process';

async function main(): Promise<void> {
  const logger = createLogger('worker');
  const config = clusterConfigOrExit('worker');
  installRuntime(config);
  const lifecycle = new Lifecycle(logger);
  lifecycle.exitOnSignals();
  try {
    const parts = await openSharedParts(config, requireThirdParties(config));
    lifecycle.onStop('database', () => parts.db.close());
    const temporal = await connectClient(config, config.TEMPORAL_ADDRESS!, parts);
    lifecycle.onStop('temporal client', () => temporal.connection.close());
    const connection = await connectWorker(config, config.TEMPORAL_ADDRESS!);
    lifecycle.onStop('worker connection', () => connection.close());
    await startWorkerProcess(parts, temporal, connection, lifecycle, logger, () => void lifecycle.stop(1).then((code) => process.exit(code)));
    logger.info('worker running', { taskQueues: taskQueuesOf(config.TEMPORAL_TASK_QUEUE).join(','), namespace: config.TEMPORAL_NAMESPACE, pid: process.pid });
  } catch (error) {
    logger.error('worker could not start', { error: error instanceof Error ? error.message : String(error) });
    process.exit(await lifecycle.stop(1));
  }
}

void main();
