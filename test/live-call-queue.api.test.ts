/**
 * What answers a live call runs on a task queue of its own (workflows/task-queues.ts): with the
 * main queue's backlog stalled entirely (300 callbacks started, no worker polling the main
 * queue), the consent check still answers, records the customer's answer and a withdrawal, as
 * only the live-call queue's Worker runs. Then the main queue's Worker comes up and works off the
 * backlog. Real parts: the app over HTTP, the Temporal dev server, the production activities, a
 * real database and the core-banking simulator.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../api/app';
import { workerActivities } from '../workers/worker';
import { liveCallQueueOf, taskQueuesOf } from '../workflows/task-queues';
import { appDeps } from './support/app';
import { primaryProvider } from './support/database';
import { eventually } from './support/eventually';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv, testDataConverter, testPseudonymOf, workflowBundle } from './support/temporal';
import { as } from './support/users';

const taskQueue = `live-call-${randomUUID()}`;
const BACKLOG = 300;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let app: Express;
const workers: Array<{ worker: Worker; running: Promise<void> }> = [];

/** A Worker of the production activities on `queue` (the test decides which queues are polled). */
async function poll(queue: string): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queue,
    workflowBundle: await workflowBundle(),
    activities: workerActivities(system.deps(env.client, taskQueue)),
    dataConverter: testDataConverter,
    shutdownGraceTime: '2 seconds',
    shutdownForceTime: '15 seconds',
  });
  workers.push({ worker, running: worker.run() });
}

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider())]);
  app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
  await poll(liveCallQueueOf(taskQueue));
});

afterAll(async () => {
  for (const { worker } of workers) worker.shutdown();
  await Promise.all(workers.map(({ running }) => running));
  await system?.close();
  await env?.teardown();
});

test('the live-call queue is the main queue\'s name with "-live", and a worker polls both', () => {
  expect(liveCallQueueOf('drehscheibe')).toBe('drehscheibe-live');
  expect(taskQueuesOf('drehscheibe')).toEqual(['drehscheibe', 'drehscheibe-live']);
});

test('with the main queue stalled behind a backlog, a consent check answers, takes the answer and a withdrawal; the backlog is worked off once its worker comes', async () => {
  const customers = system.coreBanking.population.customers.filter((c) => c.profile.contact.phone).map((c) => c.profile.customerId);
  // The backlog: callbacks start without waiting for a worker (201), their first tasks queue on the main queue.
  const started: string[] = [];
  for (let i = 0; i < BACKLOG; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        request(app)
          .post('/api/v1/callbacks')
          .set(as('agent'))
          .set('Idempotency-Key', randomUUID())
          .send({ customerId: customers[(i + j) % customers.length], topic: `backlog-${i + j}`, preferredTime: { asap: true } })
          .expect(201),
      ),
    );
    started.push(...batch.map((res) => res.body.workflowId as string));
  }
  const backlog = await env.client.workflow.getHandle(started[0]!).describe();
  expect(backlog.taskQueue).toBe(taskQueue);
  expect(backlog.historyLength).toBe(2); // started and its first workflow task scheduled: nobody took it

  const customerId = customers[BACKLOG + 1]!;
  const contactId = `call-${randomUUID().slice(0, 8)}`;
  const checked = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId, channel: 'phone' }).expect(200);
  expect(checked.body).toMatchObject({ checkId: `${customerId}~${contactId}` });
  expect(typeof checked.body.ask).toBe('boolean');
  const checkWorkflow = await env.client.workflow.getHandle(`consent-check:${testPseudonymOf(customerId)}~${contactId}`).describe();
  expect(checkWorkflow.taskQueue).toBe(liveCallQueueOf(taskQueue));

  if (checked.body.ask) {
    const answered = await request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checked.body.checkId)}/answer`).set(as('agent')).send({ answer: 'yes', channels: ['phone'] }).expect(201);
    expect(answered.body.evidence).toEqual([expect.objectContaining({ customerId, channel: 'phone', granted: true, answer: 'yes' })]);
  }
  const withdrawn = await request(app)
    .post(`/api/v1/customers/${customerId}/consents/withdraw`)
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ channels: ['email'], contactId })
    .expect(201);
  expect(withdrawn.body.evidence).toEqual([expect.objectContaining({ customerId, channel: 'email', granted: false, answer: 'withdrawn' })]);

  // Still nothing of the backlog ran: the live-call queue's Worker took none of it.
  expect((await env.client.workflow.getHandle(started[BACKLOG - 1]!).describe()).historyLength).toBe(2);

  // The main queue's Worker comes: every callback of the backlog opens its task.
  await poll(taskQueue);
  await eventually(
    async () => (await Promise.all(started.map(async (id) => (await env.client.workflow.getHandle(id).describe()).historyLength))).filter((length) => length <= 2).length,
    (waiting) => waiting === 0,
    'the backlog to be worked off',
    { attempts: 240, everyMs: 500 },
  );
}, 180_000);
