/**
 * Recording a sale over HTTP starts its after-sales care call: against the Temporal dev server, a
 * worker, a real database and the simulators. The idempotency rule, bad input, roles, the care
 * call's state, the audit trail, and (with a demo's short wait) the call task in the agents'
 * queue completed over the API.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { DEFAULT_CARE_CALL_POLICY } from '../domain/care-call';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { as, type TestUser } from './support/users';

const WEEK = 7 * 24 * 60 * 60_000;
let api: ApiSystem;
/** The same system with a demo's wait of a second: the call task opens at once. */
let quick: Express;

beforeAll(async () => {
  api = await startApiSystem('sales-api');
  quick = api.appWith({ careCallPolicy: { ...DEFAULT_CARE_CALL_POLICY, delayMinutes: 1 / 60 } });
});
afterAll(async () => {
  await api?.stop();
});

const customerAt = (index: number) => api.system.coreBanking.population.customers[index]!.profile;
/** A customer with phone and email consent and both contact details. */
function reachableCustomer(skip = 0) {
  const found = api.system.coreBanking.population.customers.filter(
    (c) => c.profile.contact.phone && c.profile.contact.email && c.consents.some((k) => k.channel === 'phone' && k.granted) && c.consents.some((k) => k.channel === 'email' && k.granted),
  )[skip];
  if (!found) throw new Error('no reachable customer in the population');
  return found.profile;
}

function recordSale(body: object, { key = randomUUID() as string, app = api.app, user = 'agent' as TestUser } = {}) {
  return request(app).post('/api/v1/sales').set(as(user)).set('Idempotency-Key', key).send(body);
}

test('a sale starts its care call; its state says when it decides; start and read are in the audit trail', async () => {
  const customerId = customerAt(5).customerId;
  const soldAt = new Date().toISOString();
  const created = await recordSale({ customerId, product: 'mastercard-gold', soldAt, channel: 'branch', advisorId: 'B-0101' }).expect(201);
  expect(created.body).toMatchObject({ customerId, product: 'mastercard-gold', status: 'waiting' });
  expect(Date.parse(created.body.decideAt) - Date.parse(soldAt)).toBe(8 * WEEK);
  expect(created.headers.location).toBe(`/api/v1/sales/${created.body.saleId}`);
  // The workflow id carries the pseudonym, never the customer number.
  expect(created.body.workflowId).toMatch(/^care-call:c[0-9a-f]{20}~[0-9a-f]{24}$/);

  const read = await request(api.app).get(created.headers.location!).set(as('auditor')).expect(200);
  expect(read.body).toMatchObject({ saleId: created.body.saleId, customerId, product: 'mastercard-gold', topic: 'kreditkarte', status: 'waiting', attempts: [], decisions: [] });
  expect(read.body.fingerprint).toBeUndefined();

  const trail = await request(api.app).get(`/api/v1/audit?customerId=${customerId}`).set(as('auditor')).expect(200);
  const actions = trail.body.entries.map((entry: { action: string }) => entry.action);
  expect(actions).toEqual(expect.arrayContaining(['care-call.started', 'care-call.read']));
  expect(trail.body.entries.find((entry: { action: string }) => entry.action === 'care-call.started')).toMatchObject({ actor: 'agent.test', objectType: 'care-call', objectId: created.body.saleId, detail: { product: 'mastercard-gold', channel: 'branch' } });
});

test('the idempotency rule: the same key and sale answer the first answer; another sale 422; no key 400', async () => {
  const body = { customerId: customerAt(6).customerId, product: 'savings-plan', soldAt: new Date().toISOString(), channel: 'phone' };
  const key = `sale-${randomUUID()}`;
  const first = await recordSale(body, { key }).expect(201);
  const again = await recordSale(body, { key }).expect(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.text).toBe(first.text);
  const other = await recordSale({ ...body, product: 'mortgage' }, { key }).expect(422);
  expect(other.body.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  // Another agent's same key is another sale.
  const colleague = await request(api.app).post('/api/v1/sales').set(as('agent2')).set('Idempotency-Key', key).send(body).expect(201);
  expect(colleague.body.saleId).not.toBe(first.body.saleId);
  const missing = await request(api.app).post('/api/v1/sales').set(as('agent')).send(body).expect(400);
  expect(missing.body.error).toMatch(/^Idempotency-Key/);
});

test('bad input names the field; an unknown customer is 404; only agents record sales', async () => {
  const body = { customerId: customerAt(7).customerId, product: 'mastercard-gold', soldAt: new Date().toISOString(), channel: 'branch' };
  expect((await recordSale({ ...body, product: 'yacht' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'product' })]);
  expect((await recordSale({ ...body, soldAt: 'yesterday' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'soldAt' })]);
  expect((await recordSale({ ...body, soldAt: new Date(Date.now() + WEEK).toISOString() }).expect(400)).body).toMatchObject({ error: 'soldAt: must not lie in the future' });
  expect((await recordSale({ ...body, soldAt: new Date(Date.now() - 60 * WEEK).toISOString() }).expect(400)).body.error).toMatch(/^soldAt: must lie at most 365 days back/);
  expect((await recordSale({ ...body, channel: 'fax' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'channel' })]);
  expect((await recordSale({ ...body, extra: 1 }).expect(400)).body.error).toMatch(/extra|Unrecognized/i);
  await recordSale({ ...body, customerId: 'K-999999' }).expect(404);
  await recordSale(body, { user: 'backoffice' }).expect(403);
  await request(api.app).get('/api/v1/sales/K-100000~nothing-here').set(as('agent')).expect(404);
  await request(api.app).get('/api/v1/sales/no-tilde').set(as('agent')).expect(400);
});

test('with a demo\'s short wait the call task is in the agents\' queue; completed over the API, the sale reads as reached', async () => {
  const customer = reachableCustomer(0);
  const created = await recordSale({ customerId: customer.customerId, product: 'current-account', soldAt: new Date().toISOString(), channel: 'online' }, { app: quick }).expect(201);
  const taskId = `${created.body.workflowId}~attempt-1`;
  let task: request.Response | undefined;
  for (let i = 0; i < 400 && task?.status !== 200; i++) {
    task = await request(quick).get(`/api/v1/tasks/${encodeURIComponent(taskId)}`).set(as('agent'));
    if (task.status !== 200) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(task?.body).toMatchObject({ type: 'care-call', queue: 'ksc', status: 'open', context: expect.objectContaining({ customerId: customer.customerId, product: 'Girokonto', attempt: 1 }) });
  const inbox = await request(quick).get('/api/v1/tasks?queue=ksc').set(as('agent')).expect(200);
  expect(inbox.body.tasks.map((t: { id: string }) => t.id)).toContain(taskId);

  const invalid = await request(quick).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/complete`).set(as('agent')).send({ reached: true, satisfaction: '6', followUp: 'none', cancellationIntended: false }).expect(422);
  expect(invalid.body.fields).toEqual([expect.objectContaining({ field: 'satisfaction' })]);
  const done = await request(quick).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/complete`).set(as('agent')).send({ reached: true, satisfaction: '2', followUp: 'none', cancellationIntended: false }).expect(200);
  expect(done.body.next).toBe('reached (satisfaction 2): the care call is done');
  let state: request.Response | undefined;
  for (let i = 0; i < 400 && state?.body.status !== 'reached'; i++) {
    state = await request(quick).get(`/api/v1/sales/${created.body.saleId}`).set(as('agent')).expect(200);
    if (state.body.status !== 'reached') await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(state?.body).toMatchObject({ status: 'reached', result: { satisfaction: '2', followUp: 'none' }, attempts: [expect.objectContaining({ reached: true, completedBy: 'agent.test' })] });
});
