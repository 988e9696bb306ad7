/**
 * Social-media reaction cases over HTTP on the dev server (issue 13, section 3): posts arrive
 * from the gateway simulator through the signed webhook (a forged or unsigned delivery refused
 * with nothing started, a retried one processed once, a signed non-post refused naming the
 * field); the case read by the team, supervisors and auditors (not by others), listed without the
 * post's text; a reputation-risk post alerting the first level by email at once and acknowledged
 * by a supervisor; refusals with 400, 401, 403, 404 and 409.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signWebhookBody } from '../adapters/messaging/webhook-signature';
import { SOCIAL_WEBHOOK_PATH } from '../api/social-webhook.routes';
import type { SocialCaseState } from '../domain/social-case';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { TEST_SOCIAL } from './support/system';
import { as } from './support/users';

let api: ApiSystem;
let server: Server;

beforeAll(async () => {
  api = await startApiSystem('social-api');
  server = await new Promise<Server>((resolve) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  api.system.socialMedia.control.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}${SOCIAL_WEBHOOK_PATH}`);
});

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await api?.stop();
});

const casePath = (caseId: string) => `/api/v1/social-cases/${encodeURIComponent(caseId)}`;
const exists = async (caseId: string) =>
  api.env.client.workflow
    .getHandle(caseId)
    .describe()
    .then(() => true)
    .catch(() => false);

test('a forged or unsigned delivery gets 401 and starts nothing; the signed one starts the case once, a retry processes nothing', async () => {
  const body = JSON.stringify({ network: 'facebook', postId: 'forged_1', kind: 'comment', author: { handle: 'mallory' }, text: 'Ich habe meine EC-Karte verloren', postedAt: new Date().toISOString() });
  const forged = await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Signature-256', signWebhookBody(body, 'not-the-secret-0123456789')).send(body).expect(401);
  expect(forged.body.error).toContain('X-Signature-256');
  await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').send(body).expect(401);
  expect(await exists('social-case:facebook~forged_1')).toBe(false);
  // The forgery claimed nothing: the gateway's own delivery of that post id still counts.
  const genuine = await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Signature-256', signWebhookBody(body, TEST_SOCIAL.webhookSecret)).send(body).expect(200);
  expect(genuine.body).toEqual({ caseId: 'social-case:facebook~forged_1', processed: true });

  const delivered = await api.system.socialMedia.control.post({ text: 'Wo finde ich Infos zum Tagesgeld?', postId: 'retry_1' });
  expect(delivered).toMatchObject({ caseId: 'social-case:facebook~retry_1', outcome: 200 });
  expect(await api.system.socialMedia.control.redeliver(delivered.deliveryId)).toBe(200);
  expect(api.system.socialMedia.control.deliveries().find((delivery) => delivery.deliveryId === delivered.deliveryId)?.outcomes).toEqual([200, 200]);
  const runs: string[] = [];
  for await (const execution of api.env.client.workflow.list({ query: `WorkflowId = '${delivered.caseId}'` })) runs.push(execution.runId);
  expect(runs).toHaveLength(1);
  const task = await eventually(() => api.system.tasks.get(`${delivered.caseId}~reaction`), (found) => found !== undefined, 'the task');
  expect(task).toMatchObject({ queue: 'social-media', type: 'social-reaction', context: expect.objectContaining({ type: 'product-question' }) as unknown });
});

test('a signed delivery that is not a post gets 400 naming the field; not JSON gets 400 naming the body', async () => {
  const missing = JSON.stringify({ network: 'facebook', postId: 'bad_1', kind: 'comment', author: { handle: 'x' }, postedAt: new Date().toISOString() });
  const refused = await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Signature-256', signWebhookBody(missing, TEST_SOCIAL.webhookSecret)).send(missing).expect(400);
  expect(refused.body.fields).toEqual([{ field: 'text', message: 'is required' }]);
  const badId = JSON.stringify({ network: 'myspace', postId: 'a/b', kind: 'comment', author: { handle: 'x' }, text: 'Hallo', postedAt: new Date().toISOString() });
  const named = await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Signature-256', signWebhookBody(badId, TEST_SOCIAL.webhookSecret)).send(badId).expect(400);
  expect((named.body.fields as Array<{ field: string }>).map((field) => field.field).sort()).toEqual(['network', 'postId']);
  await request(api.app).post(SOCIAL_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Signature-256', signWebhookBody('{no json', TEST_SOCIAL.webhookSecret)).send('{no json').expect(400);
  expect(await exists('social-case:facebook~bad_1')).toBe(false);
});

test('a reputation-risk post escalates by email at once; a supervisor acknowledges it; reads and the acknowledgement are audited', async () => {
  const { caseId } = await api.system.socialMedia.control.post({ text: 'Ich wurde von der Sparkasse über den Tisch gezogen!', postId: 'risk_1', author: { handle: 'erika.m', name: 'Erika Mustermann' } });
  const mail = await eventually(() => api.system.smtp.messages().filter((message) => message.text?.includes(caseId)), (found) => found.length === 1, 'the level-1 email');
  expect(mail[0]).toMatchObject({ to: ['social-media@sparkasse.example'], subject: expect.stringContaining('Reputationsrisiko (Stufe 1)') as unknown });

  const read = await request(api.app).get(casePath(caseId)).set(as('supervisor')).expect(200);
  const state = read.body as SocialCaseState;
  expect(state).toMatchObject({ caseId, type: 'reputation-risk', status: 'waiting-for-acknowledgement', author: { name: 'Erika Mustermann' }, escalation: { status: 'running' } });
  expect(state.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
  await request(api.app).get(casePath(caseId)).set(as('auditor')).expect(200);
  await request(api.app).get(casePath(caseId)).set(as('backoffice')).expect(403);
  await request(api.app).get(casePath(caseId)).expect(401);

  await request(api.app).post(`${casePath(caseId)}/acknowledge`).set(as('agent')).send({}).expect(403);
  const unknownField = await request(api.app).post(`${casePath(caseId)}/acknowledge`).set(as('supervisor')).send({ level: 1 }).expect(400);
  expect(unknownField.body.fields).toEqual([{ field: 'level', message: 'is not a known field' }]);
  const acknowledged = await request(api.app).post(`${casePath(caseId)}/acknowledge`).set(as('supervisor')).send({}).expect(200);
  expect(acknowledged.body.escalation).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'supervisor.test' });
  // A repeat answers the same.
  await request(api.app).post(`${casePath(caseId)}/acknowledge`).set(as('supervisor')).expect(200);

  const audit = await request(api.app).get('/api/v1/audit?limit=200').set(as('auditor')).expect(200);
  const actions = (audit.body.entries as Array<{ action: string; objectId?: string; actor: string }>).filter((entry) => entry.objectId === caseId).map((entry) => `${entry.actor}:${entry.action}`);
  expect(actions).toEqual(expect.arrayContaining(['system:social-case.received', 'system:social-case.evidence-preserved', 'system:social-case.escalated', 'supervisor.test:social-case.acknowledged', 'supervisor.test:social-case.read']));
  expect(JSON.stringify(audit.body)).not.toContain('über den Tisch');
});

test('refusals: 400 naming the id, 404 unknown, 409 acknowledging a case without escalation; the list has no post text', async () => {
  const badId = await request(api.app).get('/api/v1/social-cases/nonsense').set(as('agent')).expect(400);
  expect(badId.body.fields).toEqual([{ field: 'id', message: expect.any(String) as unknown }]);
  await request(api.app).get(casePath('social-case:facebook~unknown_1')).set(as('agent')).expect(404);
  await request(api.app).post(`${casePath('social-case:facebook~unknown_1')}/acknowledge`).set(as('supervisor')).expect(404);
  const badLimit = await request(api.app).get('/api/v1/social-cases?limit=0').set(as('agent')).expect(400);
  expect(badLimit.body.fields[0].field).toBe('limit');

  const { caseId } = await api.system.socialMedia.control.post({ text: 'Meine Kreditkarte ist weg, verloren beim Einkaufen', postId: 'lost_1' });
  await eventually(() => api.system.tasks.get(`${caseId}~reaction`), (found) => found !== undefined, 'the task');
  const conflict = await request(api.app).post(`${casePath(caseId)}/acknowledge`).set(as('supervisor')).expect(409);
  expect(conflict.body.error).toContain('SOCIAL_CASE_NOT_ESCALATING');

  const listed = await eventually(
    async () => (await request(api.app).get('/api/v1/social-cases?open=true').set(as('agent')).expect(200)).body as { cases: Array<{ caseId: string; type: string }> },
    (body) => body.cases.some((entry) => entry.caseId === caseId),
    'the case in the list',
  );
  expect(listed.cases.find((entry) => entry.caseId === caseId)).toMatchObject({ type: 'lost-card', status: 'waiting-for-team' });
  expect(JSON.stringify(listed)).not.toContain('Einkaufen');
});
