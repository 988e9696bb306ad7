/**
 * The contact-block REST API over HTTP, against the real Temporal dev server, a running worker
 * and a real database (PostgreSQL when DATABASE_URL names one, else SQLite).
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Database } from '../prisma/database';
import { createApp } from '../api/app';
import { as } from './support/users';
import { appDeps } from './support/app';
import { primaryProvider, type TestDatabase } from './support/database';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';

const MAX_MONTHS = 24;
const taskQueue = `api-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let testDb: TestDatabase;
let worker: RunningWorker;
let app: Express;

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider())]);
  ({ testDb } = system);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts(), blockMaxMonths: MAX_MONTHS }));
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const newCustomer = () => `K-${randomUUID().slice(0, 8)}`;
const block = (body: object, key?: string) => {
  const call = request(app).post('/api/v1/contact-blocks').set(as('agent')).send(body);
  return key ? call.set('Idempotency-Key', key) : call;
};

test('GET /healthz reports Temporal and the database reachable', async () => {
  const res = await request(app).get('/healthz').set(as('agent')).expect(200);
  expect(res.body).toEqual({ status: 'ok', temporal: { ok: true }, database: { ok: true, provider: primaryProvider() } });
});

test('GET /healthz answers 503 and names the database when it is unreachable', async () => {
  const broken = await testDb.open({ migrate: false });
  await broken.close();
  const brokenDb: Database = { ...broken, ping: () => Promise.reject(new Error('connection refused')) };
  const brokenApp = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts(), db: brokenDb, blockMaxMonths: MAX_MONTHS }));
  const res = await request(brokenApp).get('/healthz').set(as('agent')).expect(503);
  expect(res.body).toMatchObject({ status: 'unavailable', temporal: { ok: true }, database: { ok: false, error: 'connection refused' } });
});

test('an agent blocks, extends, lists and lifts a block over REST', async () => {
  const customerId = newCustomer();
  const created = await block({ customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }, 'call-4711').expect(201);
  expect(created.body).toMatchObject({ workflowId: `contact-block:${system.pseudonymOf(customerId)}:kreditkarte`, customerId, topic: 'kreditkarte', created: true });

  // The same request again (a retry after a timeout, say) answers the same.
  const retried = await block({ customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }, 'call-4711').expect(201);
  expect(retried.body).toEqual(created.body);

  const listed = await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).expect(200);
  expect(listed.body).toEqual({
    customerId,
    blocks: [expect.objectContaining({ topic: 'kreditkarte', reason: 'kein Interesse', endsAt: created.body.endsAt })],
  });

  const extended = await block({ customerId, topic: 'kreditkarte', months: 9, reason: 'wieder nein' }).expect(200);
  expect(extended.body.created).toBe(false);
  expect(Date.parse(extended.body.endsAt)).toBeGreaterThan(Date.parse(created.body.endsAt));

  const state = await request(app).get(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('agent')).expect(200);
  expect(state.body).toMatchObject({ status: 'active', extensions: 1, endsAt: extended.body.endsAt });

  const lifted = await request(app).delete(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('agent')).send({ reason: 'Kunde wünscht Beratung' }).expect(200);
  expect(lifted.body).toMatchObject({ status: 'lifted', liftReason: 'Kunde wünscht Beratung' });
  expect((await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).expect(200)).body.blocks).toEqual([]);
  expect((await request(app).get(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('agent')).expect(200)).body.status).toBe('lifted');
});

test('blocks on different topics are separate processes', async () => {
  const customerId = newCustomer();
  await block({ customerId, topic: 'kreditkarte', months: 3, reason: 'nein' }).expect(201);
  await block({ customerId, topic: 'all', months: 1, reason: 'gar keine Werbung' }).expect(201);
  const listed = await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).expect(200);
  expect(listed.body.blocks.map((b: { topic: string }) => b.topic)).toEqual(['all', 'kreditkarte']);
});

test('an Idempotency-Key reused with a different body is rejected with 422', async () => {
  const customerId = newCustomer();
  await block({ customerId, topic: 'depot', months: 3, reason: 'nein' }, 'key-1').expect(201);
  const res = await block({ customerId, topic: 'depot', months: 4, reason: 'nein' }, 'key-1').expect(422);
  expect(res.body.error).toMatch(/Idempotency-Key/);
});

test('lifting or reading a block that does not exist answers 404', async () => {
  const customerId = newCustomer();
  const none = await request(app).delete(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('agent')).expect(404);
  expect(none.body.error).toBe(`no active contact block for customer ${customerId} on topic kreditkarte`);
  await request(app).get(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('agent')).expect(404);
  const { body } = await block({ customerId, topic: 'giro', months: 1, reason: 'nein' }).expect(201);
  await request(app).delete(`/api/v1/contact-blocks/${customerId}/giro`).set(as('agent')).expect(200);
  const again = await request(app).delete(`/api/v1/contact-blocks/${customerId}/giro`).set(as('agent')).expect(404);
  expect(again.body.error).toBeTruthy();
  // The workflow id names the customer by pseudonym only.
  expect(body.workflowId).toBe(`contact-block:${system.pseudonymOf(customerId)}:giro`);
  expect(body.workflowId).not.toContain(customerId);
});

describe('bad input gets a 400 that names the field, never a 500', () => {
  const valid = { customerId: 'K-1', topic: 'kreditkarte', months: 6, reason: 'kein Interesse' };
  test.each([
    ['a missing customerId', { ...valid, customerId: undefined }, 'customerId'],
    ['a missing reason', { ...valid, reason: undefined }, 'reason'],
    ['months as a string', { ...valid, months: '6' }, 'months'],
    ['months of zero', { ...valid, months: 0 }, 'months'],
    ['negative months', { ...valid, months: -3 }, 'months'],
    ['fractional months', { ...valid, months: 1.5 }, 'months'],
    ['months beyond the configured maximum', { ...valid, months: MAX_MONTHS + 1 }, 'months'],
    ['an empty reason', { ...valid, reason: '   ' }, 'reason'],
    ['a customerId with a colon', { ...valid, customerId: 'K:1' }, 'customerId'],
    ['an upper-case topic', { ...valid, topic: 'Kreditkarte' }, 'topic'],
    ['an unknown field', { ...valid, priority: 'high' }, 'priority'],
  ])('%s', async (_name, body, field) => {
    const res = await block(body).expect(400);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(res.body.error).toContain(field);
  });

  test('messages read as sentences an agent desktop can show', async () => {
    expect((await block({ ...valid, months: MAX_MONTHS + 1 }).expect(400)).body.error).toBe(`months: must be at most ${MAX_MONTHS}`);
    expect((await block({ ...valid, months: '6' }).expect(400)).body.error).toBe('months: must be a number');
    expect((await block({ ...valid, reason: '' }).expect(400)).body.error).toBe('reason: must not be empty');
    expect((await block({ ...valid, topic: undefined }).expect(400)).body.error).toBe('topic: is required');
  });

  test('malformed JSON', async () => {
    const res = await request(app).post('/api/v1/contact-blocks').set(as('agent')).set('Content-Type', 'application/json').send('{"customerId": ').expect(400);
    expect(res.body.error).toContain('body');
  });

  test('a body that is not an object', async () => {
    const res = await request(app).post('/api/v1/contact-blocks').set(as('agent')).set('Content-Type', 'application/json').send('[1,2]').expect(400);
    expect(res.body.error).toContain('body');
  });

  test('no body at all', async () => {
    const res = await request(app).post('/api/v1/contact-blocks').set(as('agent')).expect(400);
    expect(res.body.error).toContain('body');
  });

  test('an Idempotency-Key with spaces', async () => {
    const res = await block(valid, 'not a key').expect(400);
    expect(res.body.error).toContain('Idempotency-Key');
  });

  test('a bad customer number in the path', async () => {
    const res = await request(app).get('/api/v1/customers/K%3A1/contact-blocks').set(as('agent')).expect(400);
    expect(res.body.error).toContain('customerId');
  });

  test('an unknown field when lifting', async () => {
    const res = await request(app).delete('/api/v1/contact-blocks/K-1/kreditkarte').set(as('agent')).send({ why: 'x' }).expect(400);
    expect(res.body.error).toContain('why');
  });
});

describe('identity and roles', () => {
  const body = { customerId: 'K-auth', topic: 'kreditkarte', months: 1, reason: 'nein' };
  test('no token → 401 with a Bearer challenge', async () => {
    const res = await request(app).post('/api/v1/contact-blocks').send(body).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.error).toContain('Authorization');
  });
  test('an unknown token → 401', async () => {
    await request(app).get('/api/v1/customers/K-auth/contact-blocks').set({ Authorization: 'Bearer nope' }).expect(401);
  });
  test('a role that may not write → 403; the same role may read', async () => {
    const res = await request(app).post('/api/v1/contact-blocks').set(as('auditor')).send(body).expect(403);
    expect(res.body.error).toContain('agent');
    await request(app).get('/api/v1/customers/K-auth/contact-blocks').set(as('auditor')).expect(200);
    await request(app).get('/api/v1/customers/K-auth/contact-blocks').set(as('owner')).expect(403);
  });
  test('health and the OpenAPI document need no token', async () => {
    await request(app).get('/healthz').expect(200);
    await request(app).get('/api/v1/openapi.json').expect(200);
  });
});

test('unknown endpoints answer 404', async () => {
  await request(app).get('/api/v1/nothing-here').set(as('agent')).expect(404);
});

test('the OpenAPI document describes the block endpoints from the validating schemas', async () => {
  const res = await request(app).get('/api/v1/openapi.json').set(as('agent')).expect(200);
  const schema = res.body.paths['/api/v1/contact-blocks'].post.requestBody.content['application/json'].schema;
  expect(schema.required).toEqual(expect.arrayContaining(['customerId', 'topic', 'months', 'reason']));
  expect(schema.properties.months.maximum).toBe(MAX_MONTHS);
});
