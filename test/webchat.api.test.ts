/**
 * The customers' web chat and online callback request over HTTP (issue 13, the online branch),
 * against the real system (dev server, worker, database): a session without staff login, a
 * message that reaches a conversation an online agent gets, the agent's reply in the customer's
 * transcript without the agent's id, the automatic reply to a confidential request; a wrong or
 * missing token 401, bad input 400 naming the field; the "Direktrückruf online" starting the
 * callback process once per Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { scopedKey } from '../api/idempotency';
import { callbackWorkflowId } from '../domain/callback';
import { callbackStateQuery } from '../workflows/callback.messages';
import { chatRouterOn } from '../workflows/chat-router.client';
import { conversationStateQuery, conversationWorkflowId, type ConversationState } from '../workflows/conversation.messages';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { TEST_CHAT_HOURS } from './support/system';
import { testPseudonymOf } from './support/temporal';
import { as, TEST_USERS } from './support/users';

let api: ApiSystem;

beforeAll(async () => {
  api = await startApiSystem('webchat-api');
});
afterAll(async () => {
  await api?.stop();
});

const TOKEN = 'X-Webchat-Token';

async function openSession(): Promise<{ sessionId: string; token: string }> {
  const opened = await request(api.app).post('/api/v1/webchat/sessions').expect(201);
  expect(opened.body).toEqual({ sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), token: expect.any(String), expiresAt: expect.any(String) });
  // A session lasts WEBCHAT_SESSION_HOURS (default 24); expiry itself: test/webchat-limits.api.test.ts.
  expect(Date.parse(opened.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
  return opened.body as { sessionId: string; token: string };
}

const conversationOf = (sessionId: string): Promise<ConversationState> =>
  api.env.client.workflow.getHandle(conversationWorkflowId('webchat', testPseudonymOf(`webchat:${sessionId}`))).query(conversationStateQuery);

test('a customer writes without a staff login; an online agent gets it and answers; the customer reads the answer without the agent\'s id', async () => {
  const agent = TEST_USERS.agent.id;
  await chatRouterOn(api.env.client, api.taskQueue, { hours: TEST_CHAT_HOURS, cap: 4 }, `chat-router-${api.taskQueue}`).setPresence(agent, 'online');
  const { sessionId, token } = await openSession();

  // Nothing written yet: nothing to read.
  await request(api.app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).expect(404);

  const key = randomUUID();
  const sent = await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).set('Idempotency-Key', key).send({ text: 'Guten Tag, wie lange dauert eine neue Girocard?' }).expect(202);
  expect(sent.body).toEqual({ messageId: key });
  // A retried send with the same key is the same message.
  await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).set('Idempotency-Key', key).send({ text: 'Guten Tag, wie lange dauert eine neue Girocard?' }).expect(202);

  // The conversation is the session's (a pseudonym of the session id) and goes to the online agent.
  const routed = await eventually(() => conversationOf(sessionId), (state) => state.agentId === agent, 'the conversation to reach the online agent', { attempts: 400, everyMs: 100 });
  expect(routed).toMatchObject({ channel: 'webchat', customerRef: testPseudonymOf(`webchat:${sessionId}`), queue: 'own' });
  expect(routed.messages).toHaveLength(1);
  const mine = await request(api.app).get('/api/v1/chat/conversations').set(as('agent')).expect(200);
  expect(mine.body.conversations.map((conversation: ConversationState) => conversation.conversationId)).toContain(routed.conversationId);

  // The agent answers through the chat API.
  await request(api.app)
    .post(`/api/v1/chat/conversations/${encodeURIComponent(routed.conversationId)}/messages`)
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ text: 'Etwa fünf Werktage. Kann ich sonst noch helfen?' })
    .expect(201);

  const read = await eventually(
    () => request(api.app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).expect(200),
    (answer) => answer.body.messages.length === 2,
    'the answer in the customer\'s transcript',
    { attempts: 400, everyMs: 100 },
  );
  expect(read.headers['cache-control']).toBe('no-store');
  expect(read.body).toEqual({
    status: 'open',
    queue: 'own',
    messages: [
      { id: key, direction: 'in', text: 'Guten Tag, wie lange dauert eine neue Girocard?', at: expect.any(String) },
      { id: expect.any(String), direction: 'out', text: 'Etwa fünf Werktage. Kann ich sonst noch helfen?', at: expect.any(String), by: 'agent' },
    ],
  });
  expect(JSON.stringify(read.body)).not.toContain(agent);
  await request(api.app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'offline' }).expect(200);
});

test('a confidential request gets the automatic reply, marked "auto"', async () => {
  const { sessionId, token } = await openSession();
  await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).send({ text: 'Bitte führen Sie eine Überweisung über 300 Euro aus.' }).expect(202);
  const read = await eventually(
    () => request(api.app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).expect(200),
    (answer) => answer.body.messages.some((message: { by?: string }) => message.by === 'auto'),
    'the automatic reply',
    { attempts: 400, everyMs: 100 },
  );
  const automatic = read.body.messages.find((message: { by?: string }) => message.by === 'auto');
  expect(automatic).toMatchObject({ direction: 'out', text: expect.stringContaining('Bitte rufen Sie uns dazu an.') });
});

test('a missing or wrong token is 401; bad input is 400 naming the field; another method 405', async () => {
  const { sessionId, token } = await openSession();
  const other = await openSession();
  await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).send({ text: 'Hallo' }).expect(401);
  await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, other.token).send({ text: 'Hallo' }).expect(401);
  await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, `${token}x`).send({ text: 'Hallo' }).expect(401);
  await request(api.app).get(`/api/v1/webchat/sessions/${sessionId}`).expect(401);
  await request(api.app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, other.token).expect(401);

  const empty = await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).send({ text: '   ' }).expect(400);
  expect(empty.body.fields).toEqual([{ field: 'text', message: 'must not be empty' }]);
  const extra = await request(api.app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).send({ text: 'Hallo', agentId: 'x' }).expect(400);
  expect(extra.body.fields).toEqual([{ field: 'agentId', message: 'is not a known field' }]);
  const badId = await request(api.app).get('/api/v1/webchat/sessions/not-a-session').set(TOKEN, token).expect(400);
  expect(badId.body.fields).toEqual([{ field: 'sessionId', message: 'is not a session id' }]);

  const callback = await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', randomUUID()).send({ topic: 'girokonto', phone: 'ruf mich an' }).expect(400);
  expect(callback.body.fields).toEqual([{ field: 'phone', message: expect.stringContaining('is not a phone number') }]);
  const topic = await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', randomUUID()).send({ topic: 'lotto', phone: '0170 1234567' }).expect(400);
  expect(topic.body.fields.map((field: { field: string }) => field.field)).toEqual(['topic']);
  const past = await request(api.app)
    .post('/api/v1/webchat/callback-requests')
    .set('Idempotency-Key', randomUUID())
    .send({ topic: 'girokonto', phone: '0170 1234567', preferredTime: { from: '2020-01-01T09:00:00Z', to: '2020-01-01T10:00:00Z' } })
    .expect(400);
  expect(past.body.fields).toEqual([{ field: 'preferredTime.to', message: 'must not lie in the past' }]);
  const noKey = await request(api.app).post('/api/v1/webchat/callback-requests').send({ topic: 'girokonto', phone: '0170 1234567' }).expect(400);
  expect(noKey.body.fields).toEqual([{ field: 'Idempotency-Key', message: 'is required' }]);
  // Another method: 405 with Allow, without any Bearer token.
  const put = await request(api.app).put(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).send({}).expect(405);
  expect(put.headers.allow).toBe('GET, HEAD');
});

test('"Direktrückruf online" starts the callback process once per Idempotency-Key, with the phone number in the task\'s note', async () => {
  const key = randomUUID();
  const body = { topic: 'kreditkarte', phone: '+49 170 9876543', customerId: 'K-100042' };
  const first = await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', key).send(body).expect(201);
  expect(first.body).toEqual({ callbackId: scopedKey('webchat', key), topic: 'kreditkarte', preferredTime: { asap: true } });
  const again = await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', key).send(body).expect(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body).toEqual(first.body);
  await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', key).send({ ...body, topic: 'girokonto' }).expect(422);

  const workflowId = callbackWorkflowId(first.body.callbackId);
  const state = await eventually(() => api.env.client.workflow.getHandle(workflowId).query(callbackStateQuery), (s) => s.attempts.length === 1, 'the first attempt\'s task', { attempts: 400, everyMs: 100 });
  // Under a pseudonym of the phone number: the customer number the visitor named is unchecked.
  expect(state).toMatchObject({ requestedBy: 'webchat', topic: 'kreditkarte', status: 'waiting', customerId: `online-${testPseudonymOf('webchat-callback:+491709876543')}` });
  const task = await request(api.app).get(`/api/v1/tasks/${encodeURIComponent(state.attempts[0]!.taskId)}`).set(as('berater')).expect(200);
  expect(task.body.context.note).toContain('Rückrufnummer: +49 170 9876543');
  expect(task.body.context.note).toContain('Vom Kunden angegebene Kundennummer (ungeprüft): K-100042');
  expect(task.body.context.preferredTime).toBe('so bald wie möglich');

  // Another key is another request.
  const other = await request(api.app).post('/api/v1/webchat/callback-requests').set('Idempotency-Key', randomUUID()).send(body).expect(201);
  expect(other.body.callbackId).not.toBe(first.body.callbackId);
});
