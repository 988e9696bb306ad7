/**
 * The one idempotency rule over HTTP (api/idempotency.ts), on every endpoint that takes an
 * Idempotency-Key: scoped to the caller, fingerprinted with the request, the first answer replayed
 * byte for byte (also after the process closed, starting nothing), another body refused with 422,
 * a key still in flight answered 409.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PrismaIdempotencyStore } from '../prisma/idempotency.repository';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually as until } from './support/eventually';
import type { TestSystem } from './support/system';
import { as, type TestUser } from './support/users';

let api: ApiSystem;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('idempotency-api');
  ({ env, system, app } = api);
});

afterAll(async () => {
  await api?.stop();
});

const customers = () => system.coreBanking.population.customers;
const customer = (index = 5) => customers()[index]!.profile.customerId;
const grantedPhone = () => customers().find((c) => c.consents.some((consent) => consent.channel === 'phone' && consent.granted))!.profile.customerId;
const topic = () => `kreditkarte-${randomUUID().slice(0, 8)}`;

function callback(body: object, key: string, user: TestUser = 'agent') {
  return request(app).post('/api/v1/callbacks').set(as(user)).set('Idempotency-Key', key).send(body);
}
function block(body: object, key: string, user: TestUser = 'agent') {
  return request(app).post('/api/v1/contact-blocks').set(as(user)).set('Idempotency-Key', key).send(body);
}
function withdraw(customerId: string, body: object, key: string, user: TestUser = 'agent') {
  return request(app).post(`/api/v1/customers/${customerId}/consents/withdraw`).set(as(user)).set('Idempotency-Key', key).send(body);
}


describe('the same key with another body is refused (422 naming Idempotency-Key) on every endpoint that takes a key', () => {
  test('callbacks', async () => {
    const key = randomUUID();
    const body = { customerId: customer(), topic: topic(), preferredTime: { asap: true } };
    await callback(body, key).expect(201);
    const other = await callback({ ...body, note: 'anders' }, key).expect(422);
    expect(other.body.fields).toEqual([{ field: 'Idempotency-Key', message: 'was used before with a different request' }]);
  });

  test('contact blocks', async () => {
    const key = randomUUID();
    const body = { customerId: customer(), topic: topic(), months: 6, reason: 'kein Interesse' };
    await block(body, key).expect(201);
    const other = await block({ ...body, months: 7 }, key).expect(422);
    expect(other.body.fields).toEqual([{ field: 'Idempotency-Key', message: 'was used before with a different request' }]);
  });

  test('withdrawals: another body, and the same body for another customer', async () => {
    const key = randomUUID();
    const customerId = grantedPhone();
    const first = await withdraw(customerId, { channels: ['phone'] }, key).expect(201);
    await withdraw(customerId, { channels: ['phone', 'email'] }, key).expect(422);
    await withdraw(customer(7), { channels: ['phone'] }, key).expect(422);
    // The refused requests recorded nothing.
    const trail = await request(app).get(`/api/v1/customers/${customerId}/consents`).set(as('auditor')).expect(200);
    const mine = trail.body.evidence.filter((e: { workflowId: string }) => e.workflowId === first.body.evidence[0].workflowId);
    expect(mine).toHaveLength(1);
  });
});

describe('a repeat answers the first answer byte for byte and starts nothing', () => {
  test('a withdrawal repeated while core banking is still being written answers exactly the first answer', async () => {
    const key = randomUUID();
    const customerId = grantedPhone();
    system.coreBanking.faults.failNext(3, 503);
    try {
      const first = await withdraw(customerId, { channels: ['phone', 'email'] }, key).expect(201);
      const again = await withdraw(customerId, { channels: ['phone', 'email'] }, key).expect(201);
      expect(again.text).toBe(first.text);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
    } finally {
      system.coreBanking.faults.reset();
    }
  });

  test('a callback key used again after the callback closed answers the stored 201 and opens no second task or email', async () => {
    const key = randomUUID();
    const t = topic();
    const body = { customerId: customer(), topic: t, preferredTime: { asap: true } };
    const first = await callback(body, key).expect(201);
    const workflowId: string = first.body.workflowId;
    await until(() => system.tasks.get(`${workflowId}~attempt-1`), (task) => task !== undefined, 'the first task');
    await request(app).post(`/api/v1/callbacks/${first.body.callbackId}/cancel`).set(as('agent')).send({}).expect(200);
    await until(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name === 'COMPLETED', 'the callback to close');
    // A closed callback is finished, not missing (schemathesis found the 404 after a warm transfer).
    const late = await request(app).post(`/api/v1/callbacks/${first.body.callbackId}/cancel`).set(as('agent')).send({}).expect(409);
    expect(late.body.error).toBe('the callback has already finished (cancelled)');

    const again = await callback(body, key).expect(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.location).toBe(first.headers.location);
    const runs = [];
    for await (const run of env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    expect(runs).toHaveLength(1);
    const state = await request(app).get(`/api/v1/callbacks/${first.body.callbackId}`).set(as('agent')).expect(200);
    expect(state.body.status).toBe('cancelled');
    expect(system.smtp.messages().filter((m) => m.subject?.includes(t))).toHaveLength(1);
  });

  test('a callback whose stored answer was lost (crash before it was stored) reaches the closed process, not a new one', async () => {
    const key = randomUUID();
    const body = { customerId: customer(), topic: topic(), preferredTime: { asap: true } };
    const first = await callback(body, key).expect(201);
    await request(app).post(`/api/v1/callbacks/${first.body.callbackId}/cancel`).set(as('agent')).send({}).expect(200);
    await until(() => env.client.workflow.getHandle(first.body.workflowId).describe(), (d) => d.status.name === 'COMPLETED', 'the callback to close');
    // Forget the stored answer, as if the API had crashed between starting and storing.
    await system.db.client.idempotentRequest.deleteMany({ where: { scope: 'agent.test', key } });

    const again = await callback(body, key).expect(201);
    expect(again.body).toEqual(first.body);
    const runs = [];
    for await (const run of env.client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` })) runs.push(run);
    expect(runs).toHaveLength(1);
    // And the lower guard keeps the fingerprint: another body with that key is still refused.
    await system.db.client.idempotentRequest.deleteMany({ where: { scope: 'agent.test', key } });
    await callback({ ...body, note: 'anders' }, key).expect(422);
  });
});

describe('keys are scoped to the caller', () => {
  test('two agents using the same key start two callbacks', async () => {
    const key = `call-${randomUUID().slice(0, 8)}`;
    const body = { customerId: customer(), topic: topic(), preferredTime: { asap: true } };
    const anna = await callback(body, key, 'agent').expect(201);
    const karl = await callback(body, key, 'agent2').expect(201);
    expect(karl.body.callbackId).not.toBe(anna.body.callbackId);
    expect(karl.headers['idempotent-replayed']).toBeUndefined();
  });

  test("two agents' same key on one customer's block are two requests: both extend, neither is a replay of the other", async () => {
    const key = `call-${randomUUID().slice(0, 8)}`;
    const t = topic();
    const first = await block({ customerId: customer(), topic: t, months: 3, reason: 'kein Interesse' }, key, 'agent').expect(201);
    const second = await block({ customerId: customer(), topic: t, months: 6, reason: 'wieder kein Interesse' }, key, 'agent2').expect(200);
    expect(Date.parse(second.body.endsAt)).toBeGreaterThan(Date.parse(first.body.endsAt));
  });
});

describe('keys in flight, failures and bad keys', () => {
  test('concurrent requests with one key: one process, every answer is the first answer or a 409 with Retry-After', async () => {
    const key = randomUUID();
    const body = { customerId: customer(), topic: topic(), preferredTime: { asap: true } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => callback(body, key)));
    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(6);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    for (const answer of busy) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body.fields).toEqual([{ field: 'Idempotency-Key', message: 'a request with this key is still being processed' }]);
    }
    const runs = [];
    for await (const run of env.client.workflow.list({ query: `WorkflowId = '${created[0]!.body.workflowId}'` })) runs.push(run);
    expect(runs).toHaveLength(1);
  });

  test('a failed first request stores nothing: the key can be used with a corrected body', async () => {
    const key = randomUUID();
    await callback({ customerId: customer(), topic: 'Kein Topic', preferredTime: { asap: true } }, key).expect(400);
    await callback({ customerId: customer(), topic: topic(), preferredTime: { asap: true } }, key).expect(201);
  });

  test('a missing key on callbacks and a malformed key anywhere answer 400 naming Idempotency-Key', async () => {
    const missing = await request(app).post('/api/v1/callbacks').set(as('agent')).send({ customerId: customer(), topic: topic(), preferredTime: { asap: true } }).expect(400);
    expect(missing.body.fields).toEqual([{ field: 'Idempotency-Key', message: 'is required' }]);
    const bad = await block({ customerId: customer(), topic: topic(), months: 1, reason: 'x' }, 'mit leerzeichen').expect(400);
    expect(bad.body.fields[0].field).toBe('Idempotency-Key');
  });

  test('an in-flight key whose holder died is taken over after its lease; a live one is not', async () => {
    const store = new PrismaIdempotencyStore(system.db.client);
    const ref = { scope: 'agent.test', operation: 'POST /test', key: randomUUID() };
    const now = new Date();
    expect(await store.begin(ref, 'f1', now, new Date(now.getTime() + 60_000))).toEqual({ kind: 'new' });
    expect(await store.begin(ref, 'f1', now, new Date(now.getTime() + 60_000))).toEqual({ kind: 'in-flight' });
    expect(await store.begin(ref, 'f2', now, new Date(now.getTime() + 60_000))).toEqual({ kind: 'other-request' });
    const later = new Date(now.getTime() + 61_000);
    expect(await store.begin(ref, 'f1', later, new Date(later.getTime() + 60_000))).toEqual({ kind: 'new' });
    await store.finish(ref, { status: 201, body: '{"a":1}' }, later);
    expect(await store.begin(ref, 'f1', later, later)).toEqual({ kind: 'replay', answer: { status: 201, body: '{"a":1}' } });
  });
});
