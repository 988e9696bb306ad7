/**
 * The whole system behind the REST API for one test file: the Temporal dev server, the test
 * system (database, SMTP, simulators), a worker on its own task queue, and the express app.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp, type AppDeps } from '../../api/app';
import { appDeps } from './app';
import { primaryProvider } from './database';
import { startTestSystem, type TestSystem } from './system';
import { createDevServerEnv } from './temporal';
import { startWorker } from './worker';

export interface ApiSystem {
  env: TestWorkflowEnvironment;
  system: TestSystem;
  app: Express;
  taskQueue: string;
  /** Another app on the same system, e.g. with other settings. */
  appWith(overrides: Partial<AppDeps>): Express;
  stop(): Promise<void>;
}

export async function startApiSystem(name: string): Promise<ApiSystem> {
  const taskQueue = `${name}-${randomUUID()}`;
  const [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider())]);
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  const appWith = (overrides: Partial<AppDeps>) => createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts(), ...overrides }));
  return {
    env,
    system,
    taskQueue,
    app: appWith({}),
    appWith,
    async stop() {
      await worker.stop();
      await system.close();
      await env.teardown();
    },
  };
}
