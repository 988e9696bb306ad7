/**
 * Click-to-dial from a care-call task over HTTP (`POST /tasks/{id}/dial`), against the Temporal
 * dev server, a worker, a real database and the telephony simulator behind the HTTP adapter: only
 * the agent who claimed the task dials; the number comes from core banking and never appears in
 * the answer; each dial is in the contact history and the audit trail; a retried click is one
 * call; a CTI that is down or absent answers 503.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { DEFAULT_CARE_CALL_POLICY } from '../domain/care-call';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { as } from './support/users';

let api: ApiSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('task-dial-api');
  // A demo's wait of a second: the call task opens at once.
  app = api.appWith({ careCallPolicy: { ...DEFAULT_CARE_CALL_POLICY, delayMinutes: 1 / 60 } });
});
afterAll(async () => {
  await api?.stop();
});
afterEach(() => {
  api.system.telephony.control.reset();
});

let next = 0;
/** A fresh customer with phone and email consent and both contact details. */
function customer() {
  const found = api.system.coreBanking.population.customers.filter(
    (c) => c.profile.contact.phone && c.profile.contact.email && c.consents.some((k) => k.channel === 'phone' && k.granted) && c.consents.some((k) => k.channel === 'email' && k.granted),
  )[next++];
  if (!found) throw new Error('no reachable customer in the population');
  return found.profile;
}

/** Records a sale and answers its first call task's id, once the workflow has opened it. */
async function callTask(customerId: string): Promise<string> {
  const created = await request(app).post('/api/v1/sales').set(as('agent')).set('Idempotency-Key', randomUUID())
    .send({ customerId, product: 'mastercard-classic', soldAt: new Date().toISOString(), channel: 'branch' }).expect(201);
  const id = `${created.body.workflowId as string}~attempt-1`;
  for (let i = 0; i < 400; i++) {
    if ((await request(app).get(`/api/v1/tasks/${encodeURIComponent(id)}`).set(as('agent'))).status === 200) return id;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${id} never opened`);
}

const dial = (taskId: string, user: 'agent' | 'agent2' | 'berater' | 'supervisor' = 'agent', key?: string) => {
  const req = request(app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/dial`).set(as(user));
  return key ? req.set('Idempotency-Key', key) : req;
};
const claim = (taskId: string, user: 'agent' | 'agent2' = 'agent') => request(app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/claim`).set(as(user)).expect(200);

test('the agent who claimed the task dials: the CTI calls the number from core banking; history and audit record it, the answer holds no number', async () => {
  const profile = customer();
  const taskId = await callTask(profile.customerId);
  await claim(taskId);
  const dialled = await dial(taskId).expect(200);
  expect(dialled.body).toMatchObject({ taskId, outcome: 'answered', callId: expect.any(String) });
  expect(dialled.text).not.toContain(profile.contact.phone!);
  expect(dialled.text).not.toContain(profile.contact.phone!.replace('+', ''));

  const [call] = api.system.telephony.control.calls().filter((c) => c.phoneNumber === profile.contact.phone);
  expect(call).toMatchObject({ queue: 'ksc', outcome: 'answered' });
  const history = await api.system.history.since(profile.customerId, new Date(0));
  expect(history.find((entry) => entry.outcome === 'dialled-answered')).toMatchObject({ purpose: 'care', channel: 'phone', agentId: 'agent.test', topic: 'kreditkarte' });
  const trail = await request(app).get(`/api/v1/audit?customerId=${profile.customerId}`).set(as('auditor')).expect(200);
  const entry = trail.body.entries.find((e: { action: string }) => e.action === 'task.dialled');
  expect(entry).toMatchObject({ actor: 'agent.test', objectType: 'task', objectId: taskId, detail: { type: 'care-call', queue: 'ksc', outcome: 'answered' } });
  expect(JSON.stringify(trail.body)).not.toContain(profile.contact.phone!);
});

test('409 unless the caller claimed the task; 404 outside the queue; only agents dial', async () => {
  const taskId = await callTask(customer().customerId);
  expect((await dial(taskId).expect(409)).body.error).toBe('claim the task before you call the customer');
  await claim(taskId, 'agent2');
  expect((await dial(taskId).expect(409)).body.error).toBe('the task is claimed by agent2.test, not by you');
  await dial(taskId, 'supervisor').expect(403);
  await dial(taskId, 'berater').expect(403);
  await dial('care-call:nothing~attempt-1').expect(404);
  await dial(taskId, 'agent2').expect(200);
  expect(api.system.telephony.control.calls()).toHaveLength(1);
});

test('a retried click with the same Idempotency-Key is one call; a not answered call is said so', async () => {
  const profile = customer();
  const taskId = await callTask(profile.customerId);
  await claim(taskId);
  api.system.telephony.control.setOutbound({ outcome: 'no-answer', afterMs: 10 }, profile.contact.phone);
  const key = `click-${randomUUID()}`;
  const first = await dial(taskId, 'agent', key).expect(200);
  const again = await dial(taskId, 'agent', key).expect(200);
  expect(first.body.outcome).toBe('no-answer');
  expect(again.text).toBe(first.text);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(api.system.telephony.control.calls().filter((c) => c.phoneNumber === profile.contact.phone)).toHaveLength(1);
});

test('a CTI that is down answers 503 with Retry-After; without telephony configured, 503 as well', async () => {
  const taskId = await callTask(customer().customerId);
  await claim(taskId);
  api.system.telephony.control.injectFault({ status: 503, code: 'cti-down', times: 10 });
  const down = await dial(taskId).expect(503);
  expect(down.headers['retry-after']).toBeDefined();
  api.system.telephony.control.reset();
  const without = api.appWith({ telephony: undefined });
  await request(without).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/dial`).set(as('agent')).expect(503);
});
