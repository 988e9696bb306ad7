/**
 * The task inbox and the callback request over HTTP, against the Temporal dev server, a worker,
 * a real database, the SMTP catcher and the simulators.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../api/app';
import { appDeps } from './support/app';
import { primaryProvider } from './support/database';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { as } from './support/users';

const taskQueue = `tasks-api-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let app: Express;

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider())]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const customer = () => system.coreBanking.population.customers[3]!.profile.customerId;
const newTopic = () => `kreditkarte-${randomUUID().slice(0, 8)}`;

function requestCallback(body: object, key: string = randomUUID()) {
  return request(app).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', key).send(body);
}

/** The first attempt's task of a callback, once its workflow has opened it. */
async function firstTask(workflowId: string): Promise<{ id: string; status: string; queue: string }> {
  const id = `${workflowId}~attempt-1`;
  for (let i = 0; i < 200; i++) {
    const res = await request(app).get(`/api/v1/tasks/${encodeURIComponent(id)}`).set(as('berater'));
    if (res.status === 200) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${id} never appeared`);
}

describe('a callback from the agent to a completed task of the Direktberatung', () => {
  test('request, see in the inbox, claim, complete, and read the outcome', async () => {
    const topic = newTopic();
    const created = await requestCallback({ customerId: customer(), topic, preferredTime: { asap: true }, note: 'Kunde will Gold-Karte' }).expect(201);
    expect(created.headers.location).toBe(`/api/v1/callbacks/${created.body.callbackId}`);
    const task = await firstTask(created.body.workflowId);
    expect(task).toMatchObject({ status: 'open', queue: 'direktberatung', context: expect.objectContaining({ topic, note: 'Kunde will Gold-Karte' }) });

    const inbox = await request(app).get('/api/v1/tasks?queue=direktberatung&limit=200').set(as('berater')).expect(200);
    expect(inbox.body.tasks.map((t: { id: string }) => t.id)).toContain(task.id);

    const claimed = await request(app).post(`/api/v1/tasks/${encodeURIComponent(task.id)}/claim`).set(as('berater')).expect(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', assignee: 'berater.test' });
    const mine = await request(app).get('/api/v1/tasks?assignee=berater.test&limit=200').set(as('berater')).expect(200);
    expect(mine.body.tasks.map((t: { id: string }) => t.id)).toContain(task.id);

    const done = await request(app).post(`/api/v1/tasks/${encodeURIComponent(task.id)}/complete`).set(as('berater')).send({ reached: true, outcome: 'sold', note: 'Gold-Karte beantragt' }).expect(200);
    expect(done.body).toMatchObject({ task: { status: 'completed', completedBy: 'berater.test' }, next: 'sold: the callback is done' });

    let state = await request(app).get(`/api/v1/callbacks/${created.body.callbackId}`).set(as('agent')).expect(200);
    for (let i = 0; i < 100 && state.body.status !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      state = await request(app).get(`/api/v1/callbacks/${created.body.callbackId}`).set(as('agent')).expect(200);
    }
    expect(state.body.fingerprint).toBeUndefined();
    expect(state.body).toMatchObject({ status: 'done', outcome: 'sold', attempts: [expect.objectContaining({ number: 1, reached: true, outcome: 'sold', completedBy: 'berater.test' })] });
    expect(system.smtp.messages().filter((m) => m.subject?.includes(topic))).toHaveLength(1);
  });
});

describe('idempotent start', () => {
  test('the same key and body answer the same process; another body with that key is refused', async () => {
    const body = { customerId: customer(), topic: newTopic(), preferredTime: { asap: true } };
    const key = `call-${randomUUID()}`;
    const first = await requestCallback(body, key).expect(201);
    const again = await requestCallback({ ...body }, key).expect(201);
    expect(again.body).toEqual(first.body);
    const other = await requestCallback({ ...body, note: 'anders' }, key).expect(422);
    expect(other.body.error).toContain('Idempotency-Key');
  });

  test('a missing Idempotency-Key is named', async () => {
    const res = await request(app).post('/api/v1/callbacks').set(as('agent')).send({ customerId: customer(), topic: newTopic(), preferredTime: { asap: true } }).expect(400);
    expect(res.body.error).toBe('Idempotency-Key: is required');
  });

  test.each([
    ['an unknown preferred time form', { preferredTime: { soon: true } }, 'preferredTime'],
    ['a window that ends before it starts', { preferredTime: { from: '2026-12-01T10:00:00+01:00', to: '2026-12-01T09:00:00+01:00' } }, 'preferredTime'],
    ['a bad customer number', { customerId: 'K 1' }, 'customerId'],
    ['an unknown field', { priority: 1 }, 'priority'],
  ])('bad input: %s → 400 naming %s', async (_name, change, field) => {
    const res = await requestCallback({ customerId: customer(), topic: newTopic(), preferredTime: { asap: true }, ...change }).expect(400);
    expect(res.body.error).toContain(field);
  });
});

describe('who may do what', () => {
  let taskId: string;
  beforeAll(async () => {
    const created = await requestCallback({ customerId: customer(), topic: newTopic(), preferredTime: { asap: true } }).expect(201);
    taskId = (await firstTask(created.body.workflowId)).id;
  });
  const path = (suffix = '') => `/api/v1/tasks/${encodeURIComponent(taskId)}${suffix}`;

  test('no token → 401, a role without tasks → 403', async () => {
    await request(app).get('/api/v1/tasks').expect(401);
    await request(app).get('/api/v1/tasks').set(as('auditor')).expect(403);
    await request(app).post('/api/v1/callbacks').set(as('berater')).set('Idempotency-Key', 'x').send({}).expect(403);
  });

  test("another queue's task is not revealed (404), and its queue cannot be listed (403)", async () => {
    await request(app).get(path()).set(as('backoffice')).expect(404);
    await request(app).post(path('/claim')).set(as('backoffice')).expect(404);
    const res = await request(app).get('/api/v1/tasks?queue=direktberatung').set(as('backoffice')).expect(403);
    expect(res.body.error).toContain('queue');
    const own = await request(app).get('/api/v1/tasks?limit=200').set(as('backoffice')).expect(200);
    expect(own.body.tasks.map((t: { id: string }) => t.id)).not.toContain(taskId);
  });

  test('claimed by someone else: claim and complete are conflicts (409); after unclaim it is free', async () => {
    await request(app).post(path('/claim')).set(as('berater')).expect(200);
    expect((await request(app).post(path('/claim')).set(as('berater2')).expect(409)).body.error).toContain('berater.test');
    await request(app).post(path('/complete')).set(as('berater2')).send({ reached: false }).expect(409);
    await request(app).post(path('/unclaim')).set(as('berater')).expect(200);
    await request(app).post(path('/claim')).set(as('berater2')).expect(200);
  });

  test('an invalid result is refused with 422 naming the field, and leaves nothing in history', async () => {
    const task = (await request(app).get(path()).set(as('berater2')).expect(200)).body as { workflowId: string };
    const before = (await env.client.workflow.getHandle(task.workflowId).fetchHistory()).events?.length;
    const res = await request(app).post(path('/complete')).set(as('berater2')).send({ reached: true, outcome: 'vielleicht' }).expect(422);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'outcome' })]);
    const missing = await request(app).post(path('/complete')).set(as('berater2')).send({ reached: true }).expect(422);
    expect(missing.body.error).toContain('outcome');
    expect((await env.client.workflow.getHandle(task.workflowId).fetchHistory()).events?.length).toBe(before);
  });

  test('only a supervisor reassigns; a completed task cannot be completed again (409)', async () => {
    await request(app).post(path('/reassign')).set(as('berater2')).send({ assignee: 'berater.test' }).expect(403);
    const moved = await request(app).post(path('/reassign')).set(as('supervisor')).send({ assignee: 'berater.test' }).expect(200);
    expect(moved.body).toMatchObject({ assignee: 'berater.test', status: 'claimed' });
    await request(app).post(path('/reassign')).set(as('supervisor')).send({}).expect(400);
    await request(app).post(path('/complete')).set(as('berater')).send({ reached: true, outcome: 'other' }).expect(200);
    const again = await request(app).post(path('/complete')).set(as('berater')).send({ reached: true, outcome: 'other' }).expect(409);
    expect(again.body.error).toContain('completed');
  });
});

describe('the inbox', () => {
  test('pages by cursor, most urgent first, without repeats', async () => {
    for (let i = 0; i < 3; i++) {
      const created = await requestCallback({ customerId: customer(), topic: newTopic(), preferredTime: { asap: true } }).expect(201);
      await firstTask(created.body.workflowId);
    }
    const seen: string[] = [];
    const dues: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(app).get(`/api/v1/tasks?queue=direktberatung&limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(as('berater')).expect(200);
      expect(res.body.tasks.length).toBeLessThanOrEqual(2);
      for (const task of res.body.tasks as Array<{ id: string; dueAt: string }>) {
        seen.push(task.id);
        dues.push(task.dueAt);
      }
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...dues].sort()).toEqual(dues);
  });

  test.each([
    ['status=lost', 'status'],
    ['limit=0', 'limit'],
    ['dueBefore=tomorrow', 'dueBefore'],
    ['cursor=not-a-cursor', 'cursor'],
    ['colour=red', 'colour'],
  ])('bad query %s → 400 naming %s', async (query, field) => {
    const res = await request(app).get(`/api/v1/tasks?${query}`).set(as('berater')).expect(400);
    expect(res.body.error).toContain(field);
  });
});

test('the OpenAPI document describes callbacks and tasks from the validating schemas', async () => {
  const { body } = await request(app).get('/api/v1/openapi.json').expect(200);
  const callback = body.paths['/api/v1/callbacks'].post;
  expect(callback.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: true })]);
  expect(callback.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['customerId', 'topic', 'preferredTime']));
  expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/tasks', '/api/v1/tasks/{id}/complete', '/api/v1/tasks/{id}/reassign']));
  expect(body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
});

test('the queues with their people: my own queues, every known queue for a supervisor, nothing for a process owner', async () => {
  const { body: mine } = await request(app).get('/api/v1/task-queues').set(as('berater')).expect(200);
  expect(mine.queues).toEqual([
    {
      queue: 'direktberatung',
      // The supervisor works every queue, so a task may be handed to them too.
      people: expect.arrayContaining([{ id: 'berater.test', name: 'Berater' }, { id: 'berater2.test', name: 'Beraterin' }, { id: 'supervisor.test', name: 'Supervisor' }]),
    },
  ]);
  expect(mine.queues[0].people.map((person: { id: string }) => person.id)).not.toContain('agent.test');

  const { body: all } = await request(app).get('/api/v1/task-queues').set(as('supervisor')).expect(200);
  const names = all.queues.map((entry: { queue: string }) => entry.queue);
  expect(names).toEqual(expect.arrayContaining(['backoffice', 'direktberatung', 'ksc', 'operations', 'supervisor']));
  expect(names).toEqual([...names].sort());

  await request(app).get('/api/v1/task-queues').set(as('owner')).expect(403);
  await request(app).get('/api/v1/task-queues').expect(401);
});
