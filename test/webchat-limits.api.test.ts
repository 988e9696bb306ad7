/**
 * The public web chat's protection against floods (api/webchat-limits.ts, api/webchat-token.ts),
 * over HTTP against the real system: a session token past WEBCHAT_SESSION_HOURS is refused with
 * 401 naming the reason (the tokens' clock injected, no sleeping); the N+1-th session, message or
 * callback request in a window gets 429 with Retry-After while another client IP (named by the
 * trusted proxy in X-Forwarded-For) goes on; a refused callback request starts nothing, and a
 * retry of the same Idempotency-Key is not counted twice. The settings: validated at start.
 *
 * Deterministic: each test has an app (and counters) of its own, and windows far longer than the
 * test, so no window ends while it runs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AppDeps } from '../api/app';
import { scopedKey } from '../api/idempotency';
import { DEFAULT_WEBCHAT_RATE_LIMITS, type WebchatRateLimits } from '../api/webchat-limits';
import { callbackWorkflowId } from '../domain/callback';
import { loadConfig, webchatSettingsOf } from '../platform/config';
import { conversationWorkflowId } from '../workflows/conversation.messages';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { appDeps } from './support/app';
import { testPseudonymOf } from './support/temporal';

let api: ApiSystem;
let baseChat: AppDeps['chat'];

beforeAll(async () => {
  api = await startApiSystem('webchat-limits');
  baseChat = appDeps({ temporal: api.env.client, taskQueue: api.taskQueue, ...api.system.appParts() }).chat;
});
afterAll(async () => {
  await api?.stop();
});

const TOKEN = 'X-Webchat-Token';
const HOUR = 3_600_000;
/** Limits no test reaches, to override one at a time. */
const GENEROUS: WebchatRateLimits = {
  sessionsPerIp: { limit: 1_000, windowMinutes: 60 },
  messagesPerIp: { limit: 1_000, windowMinutes: 60 },
  messagesPerSession: { limit: 1_000, windowMinutes: 60 },
  callbacksPerIp: { limit: 1_000, windowMinutes: 60 },
};

/** An app of its own (fresh counters) behind a trusted proxy on loopback, so X-Forwarded-For names the client. */
function appWith(limits: Partial<WebchatRateLimits>, now?: () => Date): Express {
  return api.appWith({ trustProxy: ['loopback'], chat: { ...baseChat, webchat: { sessionHours: 24, limits: { ...GENEROUS, ...limits }, ...(now ? { now } : {}) } } });
}

async function openSession(app: Express, ip: string): Promise<{ sessionId: string; token: string; expiresAt: string }> {
  const opened = await request(app).post('/api/v1/webchat/sessions').set('X-Forwarded-For', ip).expect(201);
  return opened.body as { sessionId: string; token: string; expiresAt: string };
}

/** The 429 every limit answers: Retry-After within the window, the project's error body naming the limit. */
function expectLimited(answer: request.Response, windowMinutes: number, names: RegExp): void {
  expect(answer.status).toBe(429);
  expect(answer.headers['retry-after']).toMatch(/^[0-9]+$/);
  const seconds = Number(answer.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(windowMinutes * 60);
  expect(answer.body).toEqual({ error: expect.stringMatching(names) });
}

async function expectNoProcess(workflowId: string): Promise<void> {
  await expect(api.env.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

test('API instances with shared counters (a cluster) count one budget per client, kept in the database without the address', async () => {
  const secret = randomBytes(32);
  const instance = () =>
    api.appWith({ trustProxy: ['loopback'], chat: { ...baseChat, webchatSecret: secret, webchat: { sessionHours: 24, limits: { ...GENEROUS, sessionsPerIp: { limit: 2, windowMinutes: 60 } }, sharedCounters: true } } });
  const [first, second] = [instance(), instance()];
  const ip = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
  await openSession(first, ip);
  await openSession(second, ip);
  // In memory, each instance would allow two: shared, the third from this client is refused on either.
  expectLimited(await request(first).post('/api/v1/webchat/sessions').set('X-Forwarded-For', ip), 60, /chat sessions/);
  expectLimited(await request(second).post('/api/v1/webchat/sessions').set('X-Forwarded-For', ip), 60, /chat sessions/);
  await openSession(second, '192.0.2.77');
  const counters = await api.system.appParts().db.client.rateLimitCounter.findMany();
  expect(counters.length).toBeGreaterThanOrEqual(2);
  expect(JSON.stringify(counters)).not.toContain(ip);
});

test('a session token is refused with 401 "has expired" once WEBCHAT_SESSION_HOURS have passed since it was issued', async () => {
  let clock = Date.now();
  const app = appWith({}, () => new Date(clock));
  const { sessionId, token, expiresAt } = await openSession(app, '203.0.113.1');
  expect(Date.parse(expiresAt)).toBe(Math.floor(clock / 1000) * 1000 + 24 * HOUR);

  // Just before the end: still this session's (nothing written yet: 404).
  clock += 24 * HOUR - 2_000;
  await request(app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).expect(404);

  clock += 2_000;
  const read = await request(app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, token).expect(401);
  expect(read.body).toEqual({ error: expect.stringContaining('expired'), fields: [{ field: TOKEN, message: 'has expired' }] });
  const sent = await request(app).post(`/api/v1/webchat/sessions/${sessionId}/messages`).set(TOKEN, token).send({ text: 'Hallo' }).expect(401);
  expect(sent.body.fields).toEqual([{ field: TOKEN, message: 'has expired' }]);
  await expectNoProcess(conversationWorkflowId('webchat', testPseudonymOf(`webchat:${sessionId}`)));

  // The issue time is signed: making the token younger makes it somebody else's.
  const [, mac] = token.split('.');
  const younger = await request(app).get(`/api/v1/webchat/sessions/${sessionId}`).set(TOKEN, `${Math.floor(clock / 1000)}.${mac}`).expect(401);
  expect(younger.body.fields).toEqual([{ field: TOKEN, message: 'does not belong to this session' }]);

  // A new session works at once.
  const fresh = await openSession(app, '203.0.113.1');
  await request(app).post(`/api/v1/webchat/sessions/${fresh.sessionId}/messages`).set(TOKEN, fresh.token).send({ text: 'Hallo' }).expect(202);
});

test('the N+1-th session from one IP in the window is 429 with Retry-After; another IP is unaffected', async () => {
  const limit = { limit: 3, windowMinutes: 10 };
  const app = appWith({ sessionsPerIp: limit });
  for (let i = 0; i < limit.limit; i++) await openSession(app, '203.0.113.10');
  const refused = await request(app).post('/api/v1/webchat/sessions').set('X-Forwarded-For', '203.0.113.10');
  expectLimited(refused, limit.windowMinutes, /^too many chat sessions opened from this network \(at most 3 in 10 minutes\); try again in \d+ seconds$/);
  await openSession(app, '203.0.113.11');
});

test('messages over the limit of a session are 429, and over the limit of an IP across its sessions; another IP writes on', async () => {
  const app = appWith({ messagesPerSession: { limit: 2, windowMinutes: 60 }, messagesPerIp: { limit: 4, windowMinutes: 60 } });
  const ip = '203.0.113.20';
  const first = await openSession(app, ip);
  const send = (session: { sessionId: string; token: string }, from: string) =>
    request(app).post(`/api/v1/webchat/sessions/${session.sessionId}/messages`).set('X-Forwarded-For', from).set(TOKEN, session.token).set('Idempotency-Key', randomUUID()).send({ text: 'Hallo?' });

  expect((await send(first, ip)).status).toBe(202);
  expect((await send(first, ip)).status).toBe(202);
  expectLimited(await send(first, ip), 60, /^too many messages in this chat session \(at most 2 in 60 minutes\)/);

  // Another session of the same IP: its own budget, until the IP's (4, the refused one counted) is used up.
  const second = await openSession(app, ip);
  expect((await send(second, ip)).status).toBe(202);
  expectLimited(await send(second, ip), 60, /^too many chat messages from this network \(at most 4 in 60 minutes\)/);

  const elsewhere = await openSession(app, '203.0.113.21');
  expect((await send(elsewhere, '203.0.113.21')).status).toBe(202);
});

test('callback requests over the limit are 429 and start nothing; a retry of the same key and bad input are not counted', async () => {
  const app = appWith({ callbacksPerIp: { limit: 2, windowMinutes: 60 } });
  const ip = '203.0.113.30';
  const body = { topic: 'girokonto', phone: '0170 1234567' };
  const ask = (key: string, from = ip, sent: object = body) => request(app).post('/api/v1/webchat/callback-requests').set('X-Forwarded-For', from).set('Idempotency-Key', key).send(sent);

  const firstKey = randomUUID();
  expect((await ask(firstKey)).status).toBe(201);
  const retried = await ask(firstKey);
  expect(retried.status).toBe(201);
  expect(retried.headers['idempotent-replayed']).toBe('true');
  expect((await ask(randomUUID(), ip, { ...body, phone: 'ruf mich an' })).status).toBe(400);
  // Only the first counted so far: the second request is still within the limit of 2.
  expect((await ask(randomUUID())).status).toBe(201);

  const refusedKey = randomUUID();
  expectLimited(await ask(refusedKey), 60, /^too many callback requests from this network \(at most 2 in 60 minutes\)/);
  await expectNoProcess(callbackWorkflowId(scopedKey('webchat', refusedKey)));

  expect((await ask(randomUUID(), '203.0.113.31')).status).toBe(201);
});

describe('configuration', () => {
  test('the defaults are those of a real online branch', () => {
    expect(webchatSettingsOf(loadConfig({}))).toEqual({ sessionHours: 24, limits: DEFAULT_WEBCHAT_RATE_LIMITS });
    expect(DEFAULT_WEBCHAT_RATE_LIMITS).toEqual({
      sessionsPerIp: { limit: 10, windowMinutes: 10 },
      messagesPerIp: { limit: 120, windowMinutes: 1 },
      messagesPerSession: { limit: 30, windowMinutes: 1 },
      callbacksPerIp: { limit: 5, windowMinutes: 60 },
    });
    expect(loadConfig({}).API_TRUST_PROXY).toBeUndefined();
  });

  test('set values are taken', () => {
    const config = loadConfig({ WEBCHAT_SESSION_HOURS: '2', WEBCHAT_MESSAGES_PER_SESSION: '10', WEBCHAT_MESSAGES_WINDOW_MINUTES: '5', WEBCHAT_CALLBACKS_PER_IP: '3' });
    expect(webchatSettingsOf(config)).toMatchObject({ sessionHours: 2, limits: { messagesPerSession: { limit: 10, windowMinutes: 5 }, messagesPerIp: { limit: 120, windowMinutes: 5 }, callbacksPerIp: { limit: 3, windowMinutes: 60 } } });
    expect(loadConfig({ API_TRUST_PROXY: '1' }).API_TRUST_PROXY).toBe(1);
    expect(loadConfig({ API_TRUST_PROXY: '10.0.0.0/8, loopback, 2001:db8::1' }).API_TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
  });

  test.each([
    [{ WEBCHAT_SESSION_HOURS: '0' }, 'WEBCHAT_SESSION_HOURS'],
    [{ WEBCHAT_SESSIONS_PER_IP: '0' }, 'WEBCHAT_SESSIONS_PER_IP'],
    [{ WEBCHAT_MESSAGES_PER_SESSION: 'many' }, 'WEBCHAT_MESSAGES_PER_SESSION'],
    [{ WEBCHAT_CALLBACKS_WINDOW_MINUTES: '100000' }, 'WEBCHAT_CALLBACKS_WINDOW_MINUTES'],
    [{ API_TRUST_PROXY: 'true' }, 'API_TRUST_PROXY'],
    [{ API_TRUST_PROXY: '*' }, 'API_TRUST_PROXY'],
    [{ API_TRUST_PROXY: '0' }, 'API_TRUST_PROXY'],
    [{ API_TRUST_PROXY: '10.0.0.0/33' }, 'API_TRUST_PROXY'],
  ])('a bad value stops the start and names the variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
  });
});
