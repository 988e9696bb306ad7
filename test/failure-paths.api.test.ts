/**
 * Failure paths over HTTP, against the dev server and a real database: requests that wait on a
 * process get a deadline and answer 503 with Retry-After instead of hanging, and a consent check
 * whose situation could not be loaded answers 503 and can be tried again for the same contact.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { startApiSystem, type ApiSystem } from './support/api-system';
import type { TestSystem } from './support/system';
import { as } from './support/users';

let api: ApiSystem;
let system: TestSystem;
let app: Express;
/** The same API on a task queue no worker polls: every process it starts waits for ever. */
let orphanApp: Express;

beforeAll(async () => {
  api = await startApiSystem('failure-paths-api');
  ({ system, app } = api);
  orphanApp = api.appWith({ taskQueue: `nobody-polls-${randomUUID()}`, temporalDeadlineMs: 1_500 });
});

afterAll(async () => {
  await api?.stop();
});

const customer = () => system.coreBanking.population.customers.find((c) => c.consents.length === 0)!.profile.customerId;

test('a start that waits on a process nobody runs answers 503 with Retry-After within the deadline, not never', async () => {
  const started = Date.now();
  // A block start answers once the process has stored the block: it waits on the process.
  const res = await request(orphanApp)
    .post('/api/v1/contact-blocks')
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ customerId: customer(), topic: 'kreditkarte', months: 1, reason: 'Kein Interesse' });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 503 });
  expect(res.headers['retry-after']).toBe('2');
  expect(res.body.error).toContain('did not answer in time');
  // Bounded by the configured deadline (1.5 s), with room for a busy machine.
  expect(Date.now() - started).toBeLessThan(15_000);
});

test('a callback start answers once its process is durably started, without waiting for a worker to run it', async () => {
  const key = randomUUID();
  const body = { customerId: customer(), topic: 'kreditkarte', preferredTime: { asap: true } };
  const res = await request(orphanApp).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', key).send(body);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { customerId: body.customerId, topic: 'kreditkarte' } });
  // The same key with another body, the process still unrun: refused by the stored first answer.
  await request(orphanApp).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', key).send({ ...body, topic: 'depot' }).expect(422);
});

test('a consent check while core banking is down answers 503; the same contact checks again once it is back', async () => {
  const customerId = customer();
  const contactId = `call-${randomUUID().slice(0, 8)}`;
  system.coreBanking.faults.failNext(50, 503);
  let down: request.Response;
  try {
    down = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId, channel: 'phone' });
  } finally {
    system.coreBanking.faults.reset();
  }
  expect(down.status).toBe(503);
  expect(down.headers['retry-after']).toBe('2');
  const again = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId, channel: 'phone' }).expect(200);
  expect(again.body).toMatchObject({ checkId: `${customerId}~${contactId}`, ask: true });
});
