/**
 * What bench/engine-ceiling.ts measures on one server: the ceiling's worker on a bundle of its
 * own, and the application (API, worker, test system of simulators and database) as the
 * agent-facing benchmarks run it, with one operation per measurement.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import '../../test/support/quiet-temporal';
import { createApp } from '../../api/app';
import { appDeps } from '../../test/support/app';
import { primaryProvider } from '../../test/support/database';
import { startTestSystem } from '../../test/support/system';
import { testDataConverter, workflowBundle } from '../../test/support/temporal';
import { tokenOf } from '../../test/support/users';
import { createWorkers, runWorkers } from '../../workers/worker';
import { ceilingActivities } from './ceiling.activities';
import type { Operation } from './load';
import type { BenchServer } from './temporal-server';

export interface BenchSystem {
  /** Each measurement's operation by its name in the table. */
  operations: Record<string, Operation>;
  /** The application database's URL (`file:` for SQLite), for benches that weigh its storage. */
  appDatabaseUrl: string;
  /** Workflows the application worker holds in its cache (sticky cache) right now. */
  cachedWorkflows(): number;
  close(): Promise<void>;
}

/**
 * The ceiling's worker, the application and its worker on `server`. `maxCachedWorkflows`: the
 * application worker's cache (default: the SDK's, by heap size), for benches that keep more waiting.
 */
export async function setUpBenchSystem(server: BenchServer, { bundle, maxCachedWorkflows }: { bundle?: WorkflowBundleWithSourceMap; maxCachedWorkflows?: number } = {}): Promise<BenchSystem> {
  const { env } = server;
  const namespace = env.namespace ?? 'default';
  const system = await startTestSystem(primaryProvider());
  const taskQueue = `bench-app-${randomUUID()}`;
  // Main and live-call queue, as the production worker polls them.
  const appWorkers = await createWorkers({
    connection: env.nativeConnection,
    namespace,
    taskQueue,
    dataConverter: testDataConverter,
    deps: system.deps(env.client, taskQueue),
    workflowBundle: bundle ?? (await workflowBundle()),
    maxCachedWorkflows,
  });
  const ceilingQueue = `bench-ceiling-${randomUUID()}`;
  const ceilingWorker = await Worker.create({
    connection: env.nativeConnection,
    namespace,
    taskQueue: ceilingQueue,
    workflowsPath: require.resolve('./ceiling.workflows'),
    activities: ceilingActivities,
    dataConverter: testDataConverter,
  });
  const appRun = runWorkers(appWorkers);
  const running = [appRun.running, ceilingWorker.run()];
  const app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
  const http = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${tokenOf('agent')}`, 'content-type': 'application/json' };
  const customers = system.coreBanking.population.customers.slice(0, 1000).map((c) => c.profile.customerId);
  const customer = (i: number) => customers[i % customers.length]!;
  const post = async (route: string, body: unknown, expected: number) => {
    const res = await fetch(`${base}${route}`, { method: 'POST', headers: { ...headers, 'Idempotency-Key': randomUUID() }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${route}: ${res.status} ${text}`);
  };
  const idleQueue = `bench-idle-${randomUUID()}`;
  const operations: Record<string, Operation> = {
    // No worker polls this queue: the start alone. They time out unseen (on a cluster too).
    'start only (raw SDK, no-op)': () => env.client.workflow.start('benchNoop', { taskQueue: idleQueue, workflowId: `bench-start-${randomUUID()}`, workflowExecutionTimeout: '5 minutes' }),
    'start → complete (raw SDK, no-op)': () => env.client.workflow.execute('benchNoop', { taskQueue: ceilingQueue, workflowId: `bench-noop-${randomUUID()}` }),
    'one activity (raw SDK)': () => env.client.workflow.execute('benchOneActivity', { taskQueue: ceilingQueue, workflowId: `bench-one-${randomUUID()}` }),
    'REST POST contact-block': (i) => post('/api/v1/contact-blocks', { customerId: customer(i), topic: `bench-${randomUUID().slice(0, 8)}`, months: 1, reason: 'Bench' }, 201),
    'REST POST callback': (i) => post('/api/v1/callbacks', { customerId: customer(i), topic: `bench-${randomUUID().slice(0, 8)}`, preferredTime: { asap: true } }, 201),
    'REST POST consent-check': async (i) => {
      const res = await fetch(`${base}/api/v1/consent-checks`, { method: 'POST', headers, body: JSON.stringify({ customerId: customer(i), contactId: `bench-${randomUUID().slice(0, 8)}`, channel: 'phone' }) });
      if (!res.ok) throw new Error(`consent-check: ${res.status} ${await res.text()}`);
      await res.json();
    },
  };
  return {
    operations,
    appDatabaseUrl: system.testDb.url,
    cachedWorkflows: () => appWorkers.reduce((sum, worker) => sum + worker.getStatus().numCachedWorkflows, 0),
    async close() {
      http.close();
      appRun.shutdown();
      ceilingWorker.shutdown();
      await Promise.all(running);
      await system.close();
    },
  };
}

