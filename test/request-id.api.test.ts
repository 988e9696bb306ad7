/**
 * The request id follows a request into its process (issue 14, section 3): `X-Request-Id` in,
 * echoed out, on the API's log lines, in a Temporal header on the update-with-start, carried by
 * the workflow interceptors into the activity it schedules, and on that activity's log lines.
 * Real parts: the app over HTTP, the Temporal dev server, the production worker (createWorkers,
 * bundling the workflows with their interceptors), a real database; logs are collected through
 * the loggers' injected writers.
 *
 * Its own file: it installs the SDK's runtime with a collecting logger (once per process).
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, type LogEntry } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../api/app';
import { REQUEST_ID_HEADER } from '../domain/request-id';
import { createLogger } from '../platform/logger';
import { RequestContext } from '../platform/request-context';
import { requestIdClientInterceptors } from '../platform/request-id-interceptors';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { createWorkers, runWorkers } from '../workers/worker';
import { appDeps } from './support/app';
import { createTestDatabase, primaryProvider } from './support/database';
import { eventually } from './support/eventually';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv, testDataConverter } from './support/temporal';
import { as } from './support/users';

const sdkLogs: LogEntry[] = [];
const apiLines: Array<Record<string, unknown>> = [];
const taskQueue = `request-id-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let workers: ReturnType<typeof runWorkers> | undefined;
let app: Express;
let context: RequestContext;

beforeAll(async () => {
  // test/support/quiet-temporal.ts installed a quiet runtime before this file; nothing uses it
  // yet, so it is replaced by one whose logger collects (DEBUG: the SDK logs activity completions there).
  await Runtime.instance().shutdown();
  installTemporalRuntime({ logLevel: 'DEBUG', log: (entry) => void sdkLogs.push(entry) });
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider(), { customers: 10 })]);
  context = new RequestContext();
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: testDataConverter, interceptors: requestIdClientInterceptors(context) });
  const created = await createWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter: testDataConverter,
    deps: system.deps(client, taskQueue),
    requestContext: context,
    shutdownGraceTime: '2 seconds',
  });
  workers = runWorkers(created);
  const logger = createLogger('api', (line) => void apiLines.push(JSON.parse(line) as Record<string, unknown>));
  app = createApp(appDeps({ temporal: client, taskQueue, ...system.appParts(), logger, requestContext: context }));
});

afterAll(async () => {
  if (workers) {
    workers.shutdown();
    await workers.running;
  }
  await system?.close();
  await env?.teardown();
});

/** The SDK's log entries of `activityType` in `workflowId`. */
const activityLogs = (workflowId: string, activityType: string) => sdkLogs.filter((entry) => entry.meta?.workflowId === workflowId && entry.meta?.activityType === activityType);

test('a request id goes from the request into the workflow and its activity, and back in the answer', async () => {
  const requestId = `call-4711.${randomUUID().slice(0, 8)}_A`;
  const customerId = `K-${randomUUID().slice(0, 8)}`;
  const created = await request(app)
    .post('/api/v1/contact-blocks')
    .set(as('agent'))
    .set('X-Request-Id', requestId)
    .send({ customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' })
    .expect(201);
  expect(created.headers['x-request-id']).toBe(requestId);
  const { workflowId } = created.body as { workflowId: string };

  // The API's log line of the request.
  expect(apiLines).toContainEqual(expect.objectContaining({ message: 'request', requestId, route: '/api/v1/contact-blocks', status: 201 }));
  // The workflow was started with the id in a header (and not in its input).
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  expect(Object.keys(started?.header?.fields ?? {})).toContain(REQUEST_ID_HEADER);
  // The activity that stored the block logged with it (the SDK's "Activity completed" line).
  const logged = await eventually(() => activityLogs(workflowId, 'saveContactBlock'), (entries) => entries.some((entry) => entry.message === 'Activity completed'), 'the activity log');
  expect(logged.filter((entry) => entry.message === 'Activity completed').map((entry) => entry.meta?.requestId)).toEqual([requestId]);

  // A second request (an update on the running workflow) brings its own id to the activity it causes.
  const extendId = `extend-${randomUUID().slice(0, 8)}`;
  await request(app).post('/api/v1/contact-blocks').set(as('agent')).set('X-Request-Id', extendId).send({ customerId, topic: 'kreditkarte', months: 9, reason: 'wieder nein' }).expect(200);
  await eventually(
    () => activityLogs(workflowId, 'saveContactBlock').filter((entry) => entry.message === 'Activity completed').map((entry) => entry.meta?.requestId),
    (ids) => ids.length === 2,
    'the second activity',
  ).then((ids) => expect(ids).toEqual([requestId, extendId]));
});

test('without a safe X-Request-Id the request gets a fresh UUID, never the given text', async () => {
  const plain = await request(app).get('/api/v1/me').set(as('agent')).expect(200);
  expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (const unsafe of ['max.mustermann@sparkasse.example', 'K-4711 Kreditkarte', 'x'.repeat(101), 'a\tb']) {
    const res = await request(app).get('/api/v1/me').set(as('agent')).set('X-Request-Id', unsafe).expect(200);
    expect(res.headers['x-request-id']).not.toBe(unsafe);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  }
  expect(JSON.stringify(apiLines)).not.toContain('mustermann');
});

test('every line the API writes during a request carries its id, the error line of a fault too', async () => {
  // A fault of ours: the blocks' table is missing in this database.
  const empty = await createTestDatabase('sqlite');
  const db = await empty.open({ migrate: false });
  try {
    const lines: Array<Record<string, unknown>> = [];
    const broken = createApp(
      appDeps({ temporal: env.client, taskQueue, ...system.appParts(), blocks: new PrismaContactBlockStore(db.client), logger: createLogger('api', (line) => void lines.push(JSON.parse(line) as Record<string, unknown>)) }),
    );
    const requestId = `fault-${randomUUID().slice(0, 8)}`;
    const res = await request(broken).get(`/api/v1/customers/K-${randomUUID().slice(0, 8)}/contact-blocks`).set(as('agent')).set('X-Request-Id', requestId).expect(500);
    expect(res.headers['x-request-id']).toBe(requestId);
    const failed = lines.find((line) => line.message === 'request failed');
    expect(failed).toEqual(expect.objectContaining({ requestId, errorId: res.body.errorId }));
    expect(lines.filter((line) => line.requestId !== requestId)).toEqual([]);
  } finally {
    await db.close();
    await empty.drop();
  }
});
