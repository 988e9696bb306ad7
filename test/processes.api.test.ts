/**
 * The process view over HTTP (issue 9, part 5): one process by workflow id with its state, tasks,
 * steps from the Temporal history (no payloads) and the Temporal UI link; all processes of a
 * customer, found by the pseudonym in workflow ids (Temporal visibility, `STARTS_WITH`) and by
 * what the database links to the customer. Against the Temporal dev server, a worker, a real
 * database and the simulators.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ageOn } from '../adapters/core-banking/simulator/population';
import type { ProcessSummary, ProcessView } from '../api/processes.use-cases';
import { consentCheckWorkflow } from '../workflows/consent-check.workflow';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import type { TestSystem } from './support/system';
import { testPseudonymOf } from './support/temporal';
import { as } from './support/users';

let api: ApiSystem;
let system: TestSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('processes-api');
  ({ system, app } = api);
});

afterAll(async () => {
  await api?.stop();
});

const used = new Set<string>();
/** A fresh adult customer: each test has its own processes. */
function freshCustomer(): string {
  const { asOf, customers } = system.coreBanking.population;
  const found = customers.find((c) => !used.has(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && c.consents.length === 0 && !!c.profile.contact.phone);
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}

async function startCallback(customerId: string): Promise<string> {
  const res = await request(app)
    .post('/api/v1/callbacks')
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ customerId, topic: 'kreditkarte', preferredTime: { asap: true } })
    .expect(201);
  return res.body.workflowId as string;
}

const processPath = (workflowId: string) => `/api/v1/processes/${encodeURIComponent(workflowId)}`;

describe('one process', () => {
  test('a callback: type, status, its task and its steps, without payloads; the read is recorded', async () => {
    const customerId = freshCustomer();
    const workflowId = await startCallback(customerId);
    const res = await eventually(() => request(app).get(processPath(workflowId)).set(as('agent')), (r) => r.status === 200 && r.body.tasks.length > 0, 'the callback task');
    const view = res.body as ProcessView;
    expect(view).toMatchObject({ workflowId, type: 'callbackWorkflow', status: 'running', tasks: [expect.objectContaining({ id: `${workflowId}~attempt-1`, status: 'open', queue: 'direktberatung' })] });
    expect(Date.parse(view.startedAt)).not.toBeNaN();
    expect(view.closedAt).toBeUndefined();
    expect(view.temporalUiUrl).toBeUndefined();
    expect(view.steps[0]).toMatchObject({ kind: 'started', name: 'callbackWorkflow' });
    expect(view.steps).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'activity-scheduled', name: expect.any(String) })]));
    // Steps carry names and times only: never a payload, so never the customer number.
    expect(JSON.stringify(view.steps)).not.toContain(customerId);

    const trail = await request(app).get('/api/v1/audit').query({ customerId, limit: 200 }).set(as('auditor')).expect(200);
    expect(trail.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'process.read', actor: 'agent.test', objectType: 'process', objectId: workflowId })]));
  });

  test('a cancelled callback shows the update and how it closed', async () => {
    const workflowId = await startCallback(freshCustomer());
    const callbackId = workflowId.slice('callback:'.length);
    await eventually(() => request(app).get(processPath(workflowId)).set(as('agent')), (r) => r.status === 200 && r.body.tasks.length > 0, 'the callback task');
    await request(app).post(`/api/v1/callbacks/${callbackId}/cancel`).set(as('agent')).send({}).expect(200);
    const res = await eventually(() => request(app).get(processPath(workflowId)).set(as('auditor')), (r) => r.status === 200 && r.body.status !== 'running', 'the callback closing');
    const view = res.body as ProcessView;
    expect(view.status).toBe('completed');
    expect(view.closedAt).toEqual(expect.any(String));
    expect(view.steps).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'update', name: expect.any(String) })]));
    expect(view.steps[view.steps.length - 1]).toMatchObject({ kind: 'closed', status: 'completed' });
    expect(view.tasks[0]).toMatchObject({ status: 'cancelled' });
  });

  test('the link to the Temporal UI when it is configured', async () => {
    const workflowId = await startCallback(freshCustomer());
    const withUi = api.appWith({ temporalUiUrl: 'http://127.0.0.1:8233/' });
    const res = await request(withUi).get(processPath(workflowId)).set(as('supervisor')).expect(200);
    expect(res.body.temporalUiUrl).toBe(`http://127.0.0.1:8233/namespaces/${api.env.client.options.namespace}/workflows/${encodeURIComponent(workflowId)}`);
  });

  test('an unknown id → 404, a malformed one → 400 naming workflowId', async () => {
    await request(app).get(processPath('callback:000000000000000000000000')).set(as('agent')).expect(404);
    const res = await request(app).get(processPath('call back')).set(as('agent')).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'workflowId' })]);
    await request(app).get(processPath('x'.repeat(301))).set(as('agent')).expect(400);
  });

  test('no token → 401; a process owner → 403', async () => {
    await request(app).get(processPath('callback:000000000000000000000000')).expect(401);
    await request(app).get(processPath('callback:000000000000000000000000')).set(as('owner')).expect(403);
  });
});

describe('all processes of a customer', () => {
  test('callbacks, blocks and consent checks, also one only Temporal knows by its pseudonym; no other customer\'s', async () => {
    const customerId = freshCustomer();
    const other = freshCustomer();
    const callback = await startCallback(customerId);
    const otherCallback = await startCallback(other);
    const block = await request(app).post('/api/v1/contact-blocks').set(as('agent')).send({ customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }).expect(201);
    // Started past the API: no audit entry, no database row names it; only its id's pseudonym.
    const contactId = `call-${randomUUID().slice(0, 8)}`;
    const hidden = `consent-check:${testPseudonymOf(customerId)}~${contactId}`;
    await api.env.client.workflow.start(consentCheckWorkflow, {
      workflowId: hidden,
      taskQueue: api.taskQueue,
      args: [{ checkId: `${customerId}~${contactId}`, request: { customerId, contactId, channel: 'phone' }, agentId: 'agent.test', settings: { declineMonths: 12, answerTimeoutMinutes: 60 } }],
    });

    const res = await eventually(
      () => request(app).get(`/api/v1/customers/${customerId}/processes`).set(as('berater')),
      (r) => r.status === 200 && (r.body.processes as ProcessSummary[]).some((p) => p.workflowId === hidden),
      'the consent check in visibility',
      { attempts: 400, everyMs: 50 },
    );
    const processes = res.body.processes as ProcessSummary[];
    expect(res.body.customerId).toBe(customerId);
    expect(processes).toEqual(
      expect.arrayContaining([
        // A fresh customer's callback may already have ended by the time visibility lists the check.
        expect.objectContaining({ workflowId: callback, type: 'callbackWorkflow', status: expect.stringMatching(/^(running|completed)$/), startedAt: expect.any(String) }),
        expect.objectContaining({ workflowId: block.body.workflowId, type: 'contactBlockWorkflow' }),
        expect.objectContaining({ workflowId: hidden, type: 'consentCheckWorkflow' }),
      ]),
    );
    expect(processes.map((p) => p.workflowId)).not.toContain(otherCallback);
    expect(new Set(processes.map((p) => p.workflowId)).size).toBe(processes.length);
    const starts = processes.map((p) => Date.parse(p.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const trail = await request(app).get('/api/v1/audit').query({ customerId, limit: 200 }).set(as('auditor')).expect(200);
    expect(trail.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'customer.processes.read', actor: 'berater.test' })]));
  });

  test("a sale's care call is found by its pseudonym as soon as Temporal has indexed it", async () => {
    const customerId = freshCustomer();
    await request(app)
      .post('/api/v1/sales')
      .set(as('agent'))
      .set('Idempotency-Key', randomUUID())
      .send({ customerId, product: 'mastercard-gold', soldAt: new Date().toISOString(), channel: 'branch' })
      .expect(201);
    // Only visibility knows it (nothing in the database names it yet), and visibility lags a little.
    const processes = await eventually(
      async () => (await request(app).get(`/api/v1/customers/${customerId}/processes`).set(as('agent')).expect(200)).body.processes as Array<{ workflowId: string; status: string }>,
      (list) => list.some((p) => p.workflowId.startsWith('care-call:')),
      'the care call in the list',
    );
    const careCall = processes.find((p) => p.workflowId.startsWith('care-call:'))!;
    expect(careCall.workflowId).toBe(`care-call:${system.pseudonymOf(customerId)}~${careCall.workflowId.split('~')[1]}`);
    expect(careCall.status).toBe('running');
  });

  test('a customer with none has an empty list', async () => {
    const res = await request(app).get(`/api/v1/customers/K-${randomUUID().slice(0, 8)}/processes`).set(as('auditor')).expect(200);
    expect(res.body.processes).toEqual([]);
  });

  test('a bad customer number → 400 naming customerId; 401; 403', async () => {
    const res = await request(app).get('/api/v1/customers/K%201/processes').set(as('agent')).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'customerId' })]);
    await request(app).get('/api/v1/customers/K-100001/processes').expect(401);
    await request(app).get('/api/v1/customers/K-100001/processes').set(as('owner')).expect(403);
  });
});
