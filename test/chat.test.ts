/**
 * Messenger conversations end to end on the dev server (issue 13): the chat router's fairness
 * under a burst (200 conversations in a second across 20 agents), overflow by cap and the offer
 * when capacity frees, sticky assignment and re-routing when the agent goes offline; WhatsApp
 * over HTTP from the Cloud API simulator through the signed webhook (a forged or replayed
 * delivery refused, a retried one processed once), the agent's reply reaching the simulator
 * once per Idempotency-Key, the 24-hour window, a confidential request, and out of hours the
 * automatic reply once per closed period with the conversation in the external queue.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createApp } from '../api/app';
import { WHATSAPP_WEBHOOK_PATH } from '../api/whatsapp-webhook.routes';
import { signWebhookBody } from '../adapters/messaging/webhook-signature';
import type { ChatServiceHours } from '../domain/chat-service-hours';
import { chatSettingsOf, loadConfig } from '../platform/config';
import { chatRouterOn, type ChatRouterClient } from '../workflows/chat-router.client';
import { deliverCustomerMessage } from '../workflows/conversation.client';
import { conversationStateQuery, conversationWorkflowId, linkConversationCustomerUpdate, takeConversationUpdate, type ConversationState } from '../workflows/conversation.messages';
import { appDeps } from './support/app';
import { eventually } from './support/eventually';
import { startTestSystem, TEST_CHAT_HOURS, TEST_TRANSCRIPT_KEY, TEST_WHATSAPP, type TestSystem } from './support/system';
import { PrismaChatTranscriptStore } from '../prisma/chat-transcript.repository';
import { createDevServerEnv, testPseudonymOf } from './support/temporal';
import { as } from './support/users';
import { startWorker, type RunningWorker } from './support/worker';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import { TEST_TASK_SETTINGS } from './support/settings';
import { workerActivities } from '../workers/worker';

let env: TestWorkflowEnvironment;
let system: TestSystem;
const workers: RunningWorker[] = [];
const servers: Server[] = [];
const config = loadConfig({});
const NEVER_OPEN: ChatServiceHours = { ...TEST_CHAT_HOURS, windows: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } };

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem()]);
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  for (const worker of workers) await worker.stop();
  await system?.close();
  await env?.teardown();
});

/** A center of its own: worker, router and API on a fresh task queue. */
async function startCenter({ hours = TEST_CHAT_HOURS, cap = 4 }: { hours?: ChatServiceHours; cap?: number } = {}) {
  const taskQueue = `chat-${randomUUID()}`;
  const routerId = `chat-router-${taskQueue}`;
  workers.push(await startWorker(env, taskQueue, system.deps(env.client, taskQueue, { hours, cap, routerId })));
  const app = createApp(
    appDeps({
      ...system.appParts(),
      temporal: env.client,
      taskQueue,
      chat: {
        router: { hours, cap },
        conversation: { ...chatSettingsOf(config).conversation, hours },
        whatsapp: { appSecret: TEST_WHATSAPP.appSecret, verifyToken: TEST_WHATSAPP.verifyToken, replayWindowMinutes: config.WHATSAPP_REPLAY_WINDOW_MINUTES },
        routerId,
        transcripts: new PrismaChatTranscriptStore(system.db.client, TEST_TRANSCRIPT_KEY),
      },
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const router = chatRouterOn(env.client, taskQueue, { hours, cap }, routerId);
  const settings = { ...chatSettingsOf(config).conversation, hours };
  return { taskQueue, routerId, router, app, url, settings, hours, cap };
}

const conversation = (workflowId: string): Promise<ConversationState> => env.client.workflow.getHandle(workflowId).query(conversationStateQuery);
const loads = async (router: ChatRouterClient) => (await router.state()).agents.map((agent) => agent.conversations.length);

test('200 conversations in a second across 20 agents: loads within one, nobody over the cap, the rest in the external queue; a freed place takes the oldest waiting one', async () => {
  const center = await startCenter({ cap: 5 });
  const agents = Array.from({ length: 20 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
  for (const agent of agents) await center.router.setPresence(agent, 'online');
  const customers = Array.from({ length: 200 }, (_, i) => `kunde-${i}`);
  const deliver = (customer: string) =>
    deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef: testPseudonymOf(customer), settings: center.settings }, { messageId: `m-${customer}-1`, text: 'Hallo', at: new Date().toISOString() });

  // 90 at once first: below the center's capacity of 100, so balance is what decides. (Polled
  // gently: every query of the router waits behind its updates.)
  await Promise.all(customers.slice(0, 90).map(deliver));
  const first = await eventually(() => loads(center.router), (all) => all.reduce((a, b) => a + b, 0) === 90, '90 conversations routed', { attempts: 600, everyMs: 250 });
  expect(Math.max(...first) - Math.min(...first)).toBeLessThanOrEqual(1);
  // Then the other 110: every agent reaches the cap, nobody passes it, 100 wait outside.
  await Promise.all(customers.slice(90).map(deliver));
  const state = await eventually(() => center.router.state(), (s) => s.agents.reduce((n, a) => n + a.conversations.length, 0) + s.external.length === 200, 'all 200 routed', { attempts: 600, everyMs: 250 });
  expect(state.agents.map((agent) => agent.conversations.length)).toEqual(agents.map(() => 5));
  expect(state.external).toHaveLength(100);
  expect(state.external.every((entry) => entry.reason === 'all-agents-at-cap')).toBe(true);
  // Each conversation knows where it is.
  const waitingId = state.external[0]!.conversationId;
  expect(await eventually(() => conversation(waitingId), (c) => c.queue === 'external', 'the waiting one to know', { attempts: 600, everyMs: 250 })).toMatchObject({ overflowReason: 'all-agents-at-cap' });

  // An agent closes one: the oldest waiting conversation is offered to them at once.
  const closing = state.agents[3]!;
  await env.client.workflow.getHandle(closing.conversations[0]!).executeUpdate('closeConversation', { args: [{ agentId: closing.id, topic: 'Online-Banking' }] });
  const offered = await eventually(() => conversation(waitingId), (c) => c.queue === 'own', 'the oldest waiting conversation to be offered', { attempts: 600, everyMs: 250 });
  expect(offered.agentId).toBe(closing.id);
  const after = await center.router.state();
  expect(after.agents.find((agent) => agent.id === closing.id)!.conversations).toContain(waitingId);
  expect(after.external).toHaveLength(99);
}, 240_000);

test('a running conversation stays with its agent while online, and is routed again when the agent goes offline', async () => {
  const center = await startCenter();
  await center.router.setPresence('agent-a', 'online');
  const customerRef = testPseudonymOf('kunde-sticky');
  const write = (n: number) => deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef, settings: center.settings }, { messageId: `sticky-${n}`, text: `Nachricht ${n}`, at: new Date().toISOString() });
  const workflowId = await write(1);
  await eventually(() => conversation(workflowId), (c) => c.agentId === 'agent-a', 'the first agent');
  // A second agent with fewer chats comes online: the conversation stays where it is.
  await center.router.setPresence('agent-b', 'online');
  await write(2);
  expect(await eventually(() => conversation(workflowId), (c) => c.messages.length === 2, 'the second message')).toMatchObject({ agentId: 'agent-a' });
  // The agent goes offline: the next message goes to the other one.
  await center.router.setPresence('agent-a', 'offline');
  await write(3);
  expect(await eventually(() => conversation(workflowId), (c) => c.messages.length === 3 && c.agentId === 'agent-b', 're-routing')).toMatchObject({ queue: 'own' });
  expect((await center.router.state()).agents.find((agent) => agent.id === 'agent-a')!.conversations).toEqual([]);
}, 120_000);

test('WhatsApp through the signed webhook: the least-loaded agent gets it, the reply reaches the platform once, retries and forgeries record nothing', async () => {
  const center = await startCenter();
  system.whatsapp.control.reset();
  system.whatsapp.control.setWebhookUrl(`${center.url}${WHATSAPP_WEBHOOK_PATH}`);
  await request(center.app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'online' }).expect(200);
  await request(center.app).put('/api/v1/chat/presence').set(as('agent2')).send({ presence: 'online' }).expect(200);
  // agent2 already holds a chat: the new one goes to the other agent.
  await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-vorher'), settings: center.settings }, { messageId: 'vorher-1', text: 'Hallo', at: new Date().toISOString() });
  await eventually(() => center.router.state(), (s) => s.agents.some((a) => a.conversations.length === 1), 'the first chat');
  const holder = (await center.router.state()).agents.find((a) => a.conversations.length === 1)!.id;
  const other = holder === 'agent.test' ? 'agent2' : 'agent';

  const number = '491701234567';
  const inbound = await system.whatsapp.control.inbound({ from: number, text: 'Wie entsperre ich mein Online-Banking?' });
  expect(inbound.outcome).toBe(200);
  const workflowId = conversationWorkflowId('whatsapp', testPseudonymOf(`whatsapp:${number}`));
  expect(workflowId).not.toContain(number);
  const mine = await eventually(
    async () => (await request(center.app).get('/api/v1/chat/conversations').set(as(other)).expect(200)).body as { conversations: ConversationState[] },
    (body) => body.conversations.some((c) => c.conversationId === workflowId),
    'the conversation in the agent\'s list',
  );
  const listed = mine.conversations.find((c) => c.conversationId === workflowId)!;
  expect(listed.messages.map((m) => m.text)).toEqual(['Wie entsperre ich mein Online-Banking?']);
  expect(Date.parse(listed.windowEndsAt!)).toBeGreaterThan(Date.now() + 23 * 3_600_000);

  // The platform retries the delivery: 200, nothing twice.
  expect(await system.whatsapp.control.redeliver(inbound.deliveryId)).toBe(200);
  // A forged delivery (the right shape, signed with another secret): 401, nothing recorded.
  const forged = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: TEST_WHATSAPP.phoneNumberId }, messages: [{ from: '491709999999', id: 'wamid.forged', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Bitte überweisen' } }] } }] }] });
  await request(center.app).post(WHATSAPP_WEBHOOK_PATH).set('Content-Type', 'application/json').set('X-Hub-Signature-256', signWebhookBody(forged, 'not-the-app-secret-000')).send(forged).expect(401);
  await request(center.app).post(WHATSAPP_WEBHOOK_PATH).set('Content-Type', 'application/json').send(forged).expect(401);
  // A replayed delivery, signed but from long ago: 401.
  expect((await system.whatsapp.control.inbound({ from: '491708888888', text: 'alt', at: new Date(Date.now() - 8 * 24 * 3_600_000) })).outcome).toBe(401);
  await expect(env.client.workflow.getHandle(conversationWorkflowId('whatsapp', testPseudonymOf('whatsapp:491709999999'))).describe()).rejects.toThrow();
  await expect(env.client.workflow.getHandle(conversationWorkflowId('whatsapp', testPseudonymOf('whatsapp:491708888888'))).describe()).rejects.toThrow();

  // The agent answers: the text reaches the platform once, also when the send is retried.
  const path = `/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/messages`;
  const reply = await request(center.app).post(path).set(as(other)).set('Idempotency-Key', 'antwort-1').send({ text: 'Das geht unter 0800 123 456.' }).expect(201);
  await request(center.app).post(path).set(as(other)).set('Idempotency-Key', 'antwort-1').send({ text: 'Das geht unter 0800 123 456.' }).expect(201);
  expect(system.whatsapp.control.sent().filter((m) => m.to === number).map((m) => m.text)).toEqual(['Das geht unter 0800 123 456.']);
  expect(reply.body).toMatchObject({ direction: 'out', by: holder === 'agent.test' ? 'agent2.test' : 'agent.test' });
  // The other agent may not answer it.
  await request(center.app).post(path).set(as(other === 'agent' ? 'agent2' : 'agent')).set('Idempotency-Key', 'fremd-1').send({ text: 'Hallo' }).expect(409);
  const state = await conversation(workflowId);
  expect(state.messages.filter((m) => m.direction === 'in')).toHaveLength(1);

  // Closed: the agent's place frees.
  await request(center.app).post(`/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/close`).set(as(other)).send({ topic: 'Online-Banking' }).expect(200);
  await eventually(() => center.router.state(), (s) => s.agents.every((a) => !a.conversations.includes(workflowId)), 'the place to free');

  // The transcript is kept encrypted: the row shows no word of the customer's; supervisors read it.
  const transcriptsPath = `/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/transcripts`;
  const stored = await eventually(async () => (await request(center.app).get(transcriptsPath).set(as('supervisor')).expect(200)).body.transcripts as Array<{ messages: Array<{ text: string }>; topic: string; deleteAfter: string }>, (list) => list.length === 1, 'the transcript');
  expect(stored[0]!.messages.map((m) => m.text)).toEqual(['Wie entsperre ich mein Online-Banking?', 'Das geht unter 0800 123 456.']);
  expect(stored[0]!.topic).toBe('Online-Banking');
  expect(Date.parse(stored[0]!.deleteAfter)).toBeGreaterThan(Date.now() + 179 * 86_400_000);
  const rows = await system.db.client.chatTranscript.findMany({ where: { conversationId: workflowId } });
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows)).not.toContain('Online-Banking?');
  expect(JSON.stringify(rows)).not.toContain('0800 123 456');
  expect(JSON.stringify(rows)).not.toContain(number);
  await request(center.app).get(transcriptsPath).set(as('agent')).expect(403);
}, 120_000);

test('a transcript past its retention is deleted by the reconciler\'s purge, younger ones stay', async () => {
  const store = new PrismaChatTranscriptStore(system.db.client, TEST_TRANSCRIPT_KEY);
  const base = { channel: 'webchat', customerRef: 'cretention0000000000', closedBy: 'agent.test', messages: [{ id: 'm1', direction: 'in' as const, text: 'Hallo', at: new Date().toISOString() }] };
  await store.store({ ...base, conversationId: 'conversation:webchat~cretention0000000000', closedAt: '2026-01-01T10:00:00.000Z', deleteAfter: new Date(Date.now() - 60_000).toISOString() });
  await store.store({ ...base, conversationId: 'conversation:webchat~cretention0000000000', closedAt: '2026-06-01T10:00:00.000Z', deleteAfter: new Date(Date.now() + 86_400_000).toISOString() });
  const taskQueue = `chat-purge-${randomUUID()}`;
  const { purgeExpiredTranscripts } = workerActivities(system.deps(env.client, taskQueue));
  expect((await purgeExpiredTranscripts()).deleted).toBe(1);
  expect((await store.ofConversation('conversation:webchat~cretention0000000000')).map((t) => t.closedAt)).toEqual(['2026-06-01T10:00:00.000Z']);
  expect((await purgeExpiredTranscripts()).deleted).toBe(0);
});

test('the 24-hour window: a free-form reply after it is refused (409), and a confidential request gets the request to call', async () => {
  const center = await startCenter();
  system.whatsapp.control.reset();
  system.whatsapp.control.setWebhookUrl(`${center.url}${WHATSAPP_WEBHOOK_PATH}`);
  await request(center.app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'online' }).expect(200);
  // The customer's last message is 25 hours old (the platform delivered it late, inside its retry horizon).
  const number = '491705555555';
  expect((await system.whatsapp.control.inbound({ from: number, text: 'Bitte meine Karte sperren', at: new Date(Date.now() - 25 * 3_600_000) })).outcome).toBe(200);
  const workflowId = conversationWorkflowId('whatsapp', testPseudonymOf(`whatsapp:${number}`));
  const state = await eventually(() => conversation(workflowId), (c) => c.agentId === 'agent.test', 'the assignment');
  expect(state.confidentialTopics).toContain('card-block');
  // The request to call could not go out either (the window had ended): it says so, and nothing reached the platform.
  expect(state.messages.find((m) => m.by === 'auto')).toMatchObject({ failed: 'WHATSAPP_WINDOW_CLOSED' });
  expect(system.whatsapp.control.sent()).toEqual([]);
  const refused = await request(center.app).post(`/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/messages`).set(as('agent')).set('Idempotency-Key', 'spaet-1').send({ text: 'Gern!' }).expect(409);
  expect(refused.body.error).toContain('WHATSAPP_WINDOW_CLOSED');
  // An approved template may go out: it reaches the platform, filled in, once per key.
  const templates = `/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/templates`;
  const bad = await request(center.app).post(templates).set(as('agent')).set('Idempotency-Key', 'vorlage-0').send({ template: 'rueckruf_angebot', parameters: [] }).expect(400);
  expect(JSON.stringify(bad.body)).toContain('parameters');
  await request(center.app).post(templates).set(as('agent')).set('Idempotency-Key', 'vorlage-x').send({ template: 'freitext' }).expect(400);
  const sent = await request(center.app).post(templates).set(as('agent')).set('Idempotency-Key', 'vorlage-1').send({ template: 'rueckruf_angebot', parameters: ['Kartensperre'] }).expect(201);
  expect(sent.body.text).toContain('„Kartensperre“');
  await request(center.app).post(templates).set(as('agent')).set('Idempotency-Key', 'vorlage-1').send({ template: 'rueckruf_angebot', parameters: ['Kartensperre'] }).expect(201);
  expect(system.whatsapp.control.sent().map((m) => m.template?.name)).toEqual(['rueckruf_angebot']);
}, 120_000);

test('out of hours: the conversation waits in the external queue and the customer gets the automatic reply once per closed period', async () => {
  const center = await startCenter({ hours: NEVER_OPEN });
  system.whatsapp.control.reset();
  system.whatsapp.control.setWebhookUrl(`${center.url}${WHATSAPP_WEBHOOK_PATH}`);
  await center.router.setPresence('agent-spaet', 'online');
  const number = '491707777777';
  expect((await system.whatsapp.control.inbound({ from: number, text: 'Hallo, ist jemand da?' })).outcome).toBe(200);
  const workflowId = conversationWorkflowId('whatsapp', testPseudonymOf(`whatsapp:${number}`));
  await eventually(() => conversation(workflowId), (c) => c.queue === 'external' && c.messages.some((m) => m.by === 'auto'), 'the automatic reply');
  expect((await system.whatsapp.control.inbound({ from: number, text: 'Noch eine Frage' })).outcome).toBe(200);
  const state = await eventually(() => conversation(workflowId), (c) => c.messages.filter((m) => m.direction === 'in').length === 2, 'the second message');
  expect(state).toMatchObject({ queue: 'external', overflowReason: 'outside-service-hours' });
  expect(state.messages.filter((m) => m.by === 'auto')).toHaveLength(1);
  expect(system.whatsapp.control.sent().filter((m) => m.to === number)).toHaveLength(1);
  expect((await center.router.state()).external.map((entry) => entry.conversationId)).toEqual([workflowId]);
  // The supervisors see it waiting outside, with the reason; agents may not look.
  const overview = await request(center.app).get('/api/v1/chat/overview').set(as('supervisor')).expect(200);
  expect(overview.body.external).toEqual([expect.objectContaining({ conversationId: workflowId, reason: 'outside-service-hours' })]);
  expect(overview.body.agents).toEqual([expect.objectContaining({ id: 'agent-spaet', presence: 'online', open: 0 })]);
  await request(center.app).get('/api/v1/chat/overview').set(as('agent')).expect(403);
  // The external center takes it.
  expect(await center.router.takeExternal('extern-1')).toBe(workflowId);
  await eventually(() => conversation(workflowId), (c) => c.agentId === 'extern-1', 'the external agent');
}, 120_000);

test('an operator terminates a conversation its agent still holds: the reconciler frees the place, alerts and opens a repair task', async () => {
  const center = await startCenter();
  await center.router.setPresence('agent-t', 'online');
  const workflowId = await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-terminiert'), settings: center.settings }, { messageId: 'term-1', text: 'Hallo', at: new Date().toISOString() });
  await eventually(() => conversation(workflowId), (c) => c.agentId === 'agent-t', 'the assignment');
  await env.client.workflow.getHandle(workflowId).terminate('Test: Betrieb beendet das Gespräch');
  // A terminate runs no workflow code: the router still counts the conversation...
  expect((await center.router.state()).agents[0]!.conversations).toEqual([workflowId]);
  // ...until the reconciler's pass.
  const { reconcileOrphanedConversations } = workerActivities(system.deps(env.client, center.taskQueue, { hours: center.hours, cap: center.cap, routerId: center.routerId }));
  expect((await reconcileOrphanedConversations(TEST_TASK_SETTINGS)).released).toEqual([workflowId]);
  await eventually(() => center.router.state(), (state) => state.agents[0]!.conversations.length === 0, 'the place to free');
  expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'CONVERSATION_PROCESS_GONE', workflowId }));
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(workflowId, RepairCodes.ConversationProcessGone)}~repair`), (task) => task !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations' });
  // A second pass finds nothing.
  expect((await reconcileOrphanedConversations(TEST_TASK_SETTINGS)).released).toEqual([]);
}, 120_000);

test('handed to an advisor: the present advisor, the deputy of an absent one, or the center with a note when both are away; the branch takes it', async () => {
  const center = await startCenter();
  await request(center.app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'online' }).expect(200);
  const today = new Date().toISOString().slice(0, 10);
  const advisors = await system.coreBankingClient.listAdvisors();
  const absentToday = (id: string) => advisors.find((a) => a.advisorId === id)!.absences.some((x) => x.from <= today && today <= x.to);
  const present = advisors.find((a) => !absentToday(a.advisorId))!;
  const withDeputy = advisors.find((a) => absentToday(a.advisorId) && !absentToday(a.deputy.advisorId))!;
  const bothAway = advisors.find((a) => absentToday(a.advisorId) && absentToday(a.deputy.advisorId))!;
  const open = async (customer: string) => {
    const workflowId = await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef: testPseudonymOf(customer), settings: center.settings }, { messageId: `${customer}-1`, text: 'Ich möchte meine Beraterin sprechen', at: new Date().toISOString() });
    await eventually(() => conversation(workflowId), (c) => c.agentId === 'agent.test', 'the assignment');
    return { workflowId, path: `/api/v1/chat/conversations/${encodeURIComponent(workflowId)}/advisor` };
  };

  const toDeputy = await open('kunde-vertretung');
  const handed = await request(center.app).post(toDeputy.path).set(as('agent')).send({ advisorId: withDeputy.advisorId }).expect(200);
  expect(handed.body).toMatchObject({ queue: 'advisor', advisor: { advisorId: withDeputy.deputy.advisorId, deputyFor: withDeputy.name, queue: expect.stringMatching(/^filiale-/) } });
  expect(handed.body.agentId).toBeUndefined();
  // The agent's place is free; the router offers it to the deputy's branch.
  const routed = await center.router.state();
  expect(routed.agents.find((a) => a.id === 'agent.test')!.conversations).not.toContain(toDeputy.workflowId);
  expect(routed.advisors).toContainEqual(expect.objectContaining({ conversationId: toDeputy.workflowId, advisorId: withDeputy.deputy.advisorId }));
  // Someone outside that branch may not take it; someone of it does, and answers.
  await request(center.app).post(`/api/v1/chat/conversations/${encodeURIComponent(toDeputy.workflowId)}/take`).set(as('backoffice')).expect(409);
  const queue = handed.body.advisor.queue as string;
  const taken = await env.client.workflow.getHandle(toDeputy.workflowId).executeUpdate(takeConversationUpdate, { args: [{ agentId: 'filiale.user', queues: [queue] }] });
  expect(taken).toMatchObject({ agentId: 'filiale.user', queue: 'advisor' });
  await eventually(() => center.router.state(), (s) => (s.advisors ?? []).some((e) => e.conversationId === toDeputy.workflowId && e.takenBy === 'filiale.user'), 'the router to know');

  const toAdvisor = await open('kunde-berater');
  expect((await request(center.app).post(toAdvisor.path).set(as('agent')).send({ advisorId: present.advisorId }).expect(200)).body.advisor).toMatchObject({ advisorId: present.advisorId, name: present.name });

  const nobody = await open('kunde-niemand');
  const stays = await request(center.app).post(nobody.path).set(as('agent')).send({ advisorId: bothAway.advisorId }).expect(200);
  expect(stays.body).toMatchObject({ queue: 'own', agentId: 'agent.test' });
  expect(stays.body.notes).toEqual([expect.stringContaining('abwesend')]);

  // Bad input names the field; an unknown advisor is a 404.
  const bad = await request(center.app).post(nobody.path).set(as('agent')).send({}).expect(400);
  expect(JSON.stringify(bad.body)).toContain('customerId');
  await request(center.app).post(nobody.path).set(as('agent')).send({ advisorId: 'B-9999' }).expect(404);
}, 120_000);

test('supervisors manage the text modules: the defaults first, then added, changed and removed ones, audited; agents only read', async () => {
  const center = await startCenter();
  const list = async () => (await request(center.app).get('/api/v1/chat/text-modules').set(as('agent')).expect(200)).body.modules as Array<{ id: string; title: string; text: string }>;
  expect((await list()).map((m) => m.id)).toContain('begruessung');
  await request(center.app).put('/api/v1/chat/text-modules/kartensperre').set(as('supervisor')).send({ title: 'Kartensperre', text: 'Bitte rufen Sie den Sperr-Notruf 116 116 an.' }).expect(200);
  await request(center.app).put('/api/v1/chat/text-modules/kartensperre').set(as('supervisor')).send({ title: 'Kartensperre', text: 'Sperr-Notruf 116 116, rund um die Uhr.' }).expect(200);
  expect((await list()).find((m) => m.id === 'kartensperre')).toEqual({ id: 'kartensperre', title: 'Kartensperre', text: 'Sperr-Notruf 116 116, rund um die Uhr.' });
  await request(center.app).delete('/api/v1/chat/text-modules/begruessung').set(as('supervisor')).expect(204);
  await request(center.app).delete('/api/v1/chat/text-modules/begruessung').set(as('supervisor')).expect(404);
  // A removed default stays removed (it is not seeded again).
  expect((await list()).map((m) => m.id)).not.toContain('begruessung');
  const bad = await request(center.app).put('/api/v1/chat/text-modules/Gro%C3%9F').set(as('supervisor')).send({ title: 'x', text: 'y' }).expect(400);
  expect(JSON.stringify(bad.body)).toContain('id');
  expect(JSON.stringify((await request(center.app).put('/api/v1/chat/text-modules/leer').set(as('supervisor')).send({ title: 'Leer' }).expect(400)).body)).toContain('text');
  await request(center.app).put('/api/v1/chat/text-modules/agent').set(as('agent')).send({ title: 'A', text: 'B' }).expect(403);
  const audit = await request(center.app).get('/api/v1/audit?actor=supervisor.test').set(as('auditor')).expect(200);
  expect(JSON.stringify(audit.body)).toContain('chat.text-module-removed');
});

test('the external service center takes the oldest waiting conversation, sees no customer number, closes only its topics and hands the rest back', async () => {
  const center = await startCenter();
  // Nobody of the own center online: the conversation waits outside.
  const workflowId = await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-extern'), settings: center.settings }, { messageId: 'extern-1', text: 'Ich möchte eine Baufinanzierung besprechen', at: new Date().toISOString() });
  await eventually(() => conversation(workflowId), (c) => c.queue === 'external', 'the external queue');
  await request(center.app).post('/api/v1/chat/external/next').set(as('agent')).expect(403);
  const taken = await request(center.app).post('/api/v1/chat/external/next').set(as('extern')).expect(200);
  expect(taken.body).toMatchObject({ conversationId: workflowId, agentId: 'extern.test', queue: 'external' });
  await request(center.app).post('/api/v1/chat/external/next').set(as('extern')).expect(204);

  // Linked to the customer record: the bank's own people see the number, the external center does not.
  await env.client.workflow.getHandle(workflowId).executeUpdate(linkConversationCustomerUpdate, { args: [{ agentId: 'extern.test', customerId: 'K-100001' }] });
  const path = `/api/v1/chat/conversations/${encodeURIComponent(workflowId)}`;
  expect((await request(center.app).get(path).set(as('extern')).expect(200)).body.customerId).toBeUndefined();
  expect((await request(center.app).get(path).set(as('supervisor')).expect(200)).body.customerId).toBe('K-100001');

  // It answers; a topic outside its list it may not close, it hands it back.
  await request(center.app).post(`${path}/messages`).set(as('extern')).set('Idempotency-Key', 'extern-antwort').send({ text: 'Dazu verbinde ich Sie mit der Sparkasse.' }).expect(201);
  const refused = await request(center.app).post(`${path}/close`).set(as('extern')).send({ topic: 'baufinanzierung' }).expect(409);
  expect(refused.body.error).toContain('EXTERNAL_TOPIC_NOT_ALLOWED');
  await center.router.setPresence('agent.test', 'online');
  await request(center.app).post(`${path}/hand-back`).set(as('extern')).send({ note: 'Baufinanzierung: bitte Beratung anbieten' }).expect(200);
  const back = await eventually(() => conversation(workflowId), (c) => c.agentId === 'agent.test', 'the own center');
  expect(back).toMatchObject({ queue: 'own' });
  expect(back.notes).toContainEqual(expect.stringContaining('Baufinanzierung: bitte Beratung anbieten'));
  expect((await center.router.state()).external).toEqual([]);
  // Handed back, it is no longer the external agent's to hand back or answer.
  await request(center.app).post(`${path}/hand-back`).set(as('extern')).send({ note: 'nochmal' }).expect(409);
});

test('the agent links a conversation to the customer record and sees the customer\'s earlier conversations, by customer number and by pseudonym', async () => {
  const center = await startCenter({ cap: 5 });
  await center.router.setPresence('agent.test', 'online');
  const [customer, otherCustomer] = system.coreBanking.population.customers.map((entry) => entry.profile.customerId);
  const customerRef = testPseudonymOf(`kunde-historie-${center.taskQueue}`);
  const first = await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef, settings: center.settings }, { messageId: 'historie-1', text: 'Meine Karte ist weg', at: new Date().toISOString() });
  await eventually(() => conversation(first), (c) => c.agentId === 'agent.test', 'the agent');
  const path = `/api/v1/chat/conversations/${encodeURIComponent(first)}`;

  // Bad, unknown and foreign links are refused and change nothing.
  const bad = await request(center.app).put(`${path}/customer`).set(as('agent')).send({ customerId: 'kein kunde' }).expect(400);
  expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('customerId');
  const unknown = await request(center.app).put(`${path}/customer`).set(as('agent')).send({ customerId: 'K-999999' }).expect(404);
  expect(unknown.body.fields.map((f: { field: string }) => f.field)).toEqual(['customerId']);
  await request(center.app).put(`${path}/customer`).set(as('agent2')).send({ customerId: customer }).expect(409);
  await request(center.app).put(`${path}/customer`).set(as('extern')).send({ customerId: customer }).expect(403);
  expect((await conversation(first)).customerId).toBeUndefined();

  // The holder links it (twice: nothing changes), and it is on the record who did.
  const linked = await request(center.app).put(`${path}/customer`).set(as('agent')).send({ customerId: customer }).expect(200);
  expect(linked.body).toMatchObject({ conversationId: first, customerId: customer });
  await request(center.app).put(`${path}/customer`).set(as('agent')).send({ customerId: customer }).expect(200);
  const trail = await system.db.client.auditEntry.findMany({ where: { objectId: first, action: 'chat.customer-linked' } });
  expect(trail.map((entry) => [entry.actor, entry.customerId])).toEqual([['agent.test', customer], ['agent.test', customer]]);
  // No earlier conversation yet.
  expect((await request(center.app).get(`${path}/history`).set(as('agent')).expect(200)).body.conversations).toEqual([]);
  await request(center.app).post(`${path}/close`).set(as('agent')).send({ topic: 'Karte' }).expect(200);
  await eventually(() => system.db.client.chatTranscript.count({ where: { conversationId: first } }), (count) => count === 1, 'the transcript');

  // The same customer writes again (the same pseudonym): the earlier conversation is beside the new one.
  await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'webchat', customerRef, settings: center.settings }, { messageId: 'historie-2', text: 'Ist die neue Karte unterwegs?', at: new Date().toISOString() });
  await eventually(() => conversation(first), (c) => c.status === 'open' && c.agentId === 'agent.test' && c.messages.length === 1, 'the new conversation');
  const again = (await request(center.app).get(`${path}/history`).set(as('agent')).expect(200)).body.conversations as Array<{ customerId?: string; topic: string; messages: Array<{ text: string }> }>;
  expect(again).toHaveLength(1);
  expect(again[0]).toMatchObject({ customerId: customer, topic: 'Karte' });
  expect(again[0]!.messages.map((m) => m.text)).toEqual(['Meine Karte ist weg']);

  // On another channel, under another pseudonym: found once linked to the same customer number.
  const whatsapp = await deliverCustomerMessage(env.client, center.taskQueue, { channel: 'whatsapp', customerRef: testPseudonymOf(`whatsapp-historie-${center.taskQueue}`), settings: center.settings }, { messageId: 'historie-3', text: 'Hallo', at: new Date().toISOString() });
  await eventually(() => conversation(whatsapp), (c) => c.agentId === 'agent.test', 'the WhatsApp conversation');
  const whatsappPath = `/api/v1/chat/conversations/${encodeURIComponent(whatsapp)}`;
  expect((await request(center.app).get(`${whatsappPath}/history`).set(as('agent')).expect(200)).body.conversations).toEqual([]);
  await request(center.app).put(`${whatsappPath}/customer`).set(as('agent')).send({ customerId: otherCustomer }).expect(200);
  expect((await request(center.app).get(`${whatsappPath}/history`).set(as('agent')).expect(200)).body.conversations).toEqual([]);
  await request(center.app).put(`${whatsappPath}/customer`).set(as('agent')).send({ customerId: customer }).expect(200);
  const byNumber = (await request(center.app).get(`${whatsappPath}/history`).set(as('agent')).expect(200)).body.conversations as Array<{ conversationId: string }>;
  expect(byNumber.map((c) => c.conversationId)).toEqual([first]);

  // Only who may read the conversation reads its history; supervisors may.
  await request(center.app).get(`${whatsappPath}/history`).set(as('agent2')).expect(403);
  await request(center.app).get(`${whatsappPath}/history`).set(as('supervisor')).expect(200);
  await request(center.app).get('/api/v1/chat/conversations/conversation%3Awebchat~unbekannt/history').set(as('supervisor')).expect(404);
}, 120_000);

test('a router started by a routing request answers it (the request is in its first workflow task)', async () => {
  // No worker yet: the router's start and the request wait together for its first workflow task,
  // as they do when a busy worker picks the task up late.
  const taskQueue = `chat-first-${randomUUID()}`;
  const routerId = `chat-router-${taskQueue}`;
  const router = chatRouterOn(env.client, taskQueue, { hours: TEST_CHAT_HOURS, cap: 4 }, routerId);
  const conversationId = conversationWorkflowId('webchat', testPseudonymOf('kunde-erster'));
  await router.requestRoute(conversationId, 'erste-anfrage');
  workers.push(await startWorker(env, taskQueue, system.deps(env.client, taskQueue, { hours: TEST_CHAT_HOURS, cap: 4, routerId })));
  // Nobody online: it waits in the external queue.
  const state = await eventually(() => router.state(), (s) => s.external.length === 1, 'the external queue');
  expect(state.external).toEqual([expect.objectContaining({ conversationId, reason: 'no-agent-online' })]);
  expect((await env.client.workflow.getHandle(routerId).describe()).status.name).toBe('RUNNING');
});
