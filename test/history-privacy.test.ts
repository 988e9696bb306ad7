/**
 * Personal data stays out of Temporal in clear text (DESIGN.md "Personal data"): the processes
 * run through the API on the dev server (blocks, a callback whose transfer fails on a dead CTI and
 * whose attempt is completed as "not interested" (which blocks the topic), a consent check with its
 * answer, a withdrawal), then every history in the namespace is scanned, ids included, for the customer
 * numbers, names and email addresses involved: 0 hits.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import type { TestSystem } from './support/system';
import { as } from './support/users';

let api: ApiSystem;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('privacy');
  ({ env, system, app } = api);
});

afterAll(async () => {
  await api?.stop();
});


test('no history in the namespace shows a customer number, name or email address in clear text', async () => {
  const population = system.coreBanking.population.customers;
  const withEmail = population.filter((c) => c.profile.contact.email && c.consents.length === 0).slice(0, 2);
  const granted = population.find((c) => c.consents.some((x) => x.channel === 'email' && x.granted))!;
  const people = [...withEmail, granted].map((c) => c.profile);
  const [first, second] = withEmail.map((c) => c.profile);

  // A block, and its extension.
  await request(app).post('/api/v1/contact-blocks').set(as('agent')).send({ customerId: first!.customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }).expect(201);
  await request(app).post('/api/v1/contact-blocks').set(as('agent')).send({ customerId: first!.customerId, topic: 'kreditkarte', months: 9, reason: 'wieder nein' }).expect(200);

  // A callback whose warm transfer meets a dead CTI; the Direktberatung completes the attempt.
  system.telephony.control.injectFault({ status: 503, code: 'cti-down', times: 10 });
  const callId = system.telephony.control.startCall();
  const callback = await request(app).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', randomUUID())
    .send({ customerId: second!.customerId, topic: 'girokonto', callId, preferredTime: { asap: true }, note: 'bitte vormittags' }).expect(201);
  const taskId = `${callback.body.workflowId}~attempt-1`;
  await eventually(() => system.tasks.get(taskId), (task) => task !== undefined, 'the callback task');
  system.telephony.control.reset();
  await request(app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/complete`).set(as('berater')).send({ reached: true, outcome: 'not-interested' }).expect(200);

  // A consent check answered, and a withdrawal.
  const check = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId: second!.customerId, contactId: 'call-privacy', channel: 'phone' }).expect(200);
  await request(app).post(`/api/v1/consent-checks/${check.body.checkId}/answer`).set(as('agent')).send({ answer: 'yes', channels: ['phone', 'email'] }).expect(201);
  await request(app).post(`/api/v1/customers/${granted.profile.customerId}/consents/withdraw`).set(as('agent')).set('Idempotency-Key', randomUUID()).send({ channels: ['email'] }).expect(201);

  // Let every process reach its waiting point or its end.
  await eventually(
    async () => {
      const open = [];
      for await (const run of env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
        const described = await env.client.workflow.getHandle(run.workflowId).describe();
        if ((described.raw.pendingActivities ?? []).length > 0) open.push(run.workflowId);
      }
      return open;
    },
    (busy) => busy.length === 0,
    'every process to settle',
  );

  const needles = people.flatMap((p) => [p.customerId, p.givenName, p.familyName, p.contact.email].filter((n): n is string => !!n && n.length >= 3));
  const hits: string[] = [];
  let histories = 0;
  for await (const run of env.client.workflow.list()) {
    histories += 1;
    const history = await env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const text = `${run.workflowId} ${JSON.stringify(history)}`;
    // The report names the kind of datum, not the datum: test output is a log too.
    needles.forEach((needle, index) => {
      if (text.includes(needle)) hits.push(`${run.workflowId}: personal datum #${index}`);
    });
  }
  expect(histories).toBeGreaterThanOrEqual(5);
  expect(hits).toEqual([]);
});
