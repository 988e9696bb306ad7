/**
 * Conversations' timers (issue 13), on the time-skipping server: after CHAT_IDLE_CLOSE_MINUTES
 * without a message either way it closes by itself (`idle`, by `system`) and the router frees its
 * agent's place, a message before that keeps it open; handed to an advisor nobody takes within
 * CHAT_ADVISOR_TIMEOUT_MINUTES, it goes back to the center with a note.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chatSettingsOf, loadConfig } from '../platform/config';
import { chatRouterOn } from '../workflows/chat-router.client';
import { deliverCustomerMessage } from '../workflows/conversation.client';
import { conversationStateQuery, handOverToAdvisorUpdate, type ConversationState } from '../workflows/conversation.messages';
import { startTestSystem, TEST_CHAT_HOURS, type TestSystem } from './support/system';
import { createTimeSkippingEnv, testPseudonymOf } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
const taskQueue = `conversation-idle-${randomUUID()}`;
const routerId = `chat-router-${taskQueue}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue, { routerId }));
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

test('a conversation silent for the idle time closes by itself and frees its agent; a message before that keeps it open', async () => {
  const router = chatRouterOn(env.client, taskQueue, { hours: TEST_CHAT_HOURS, cap: 4 }, routerId);
  await router.setPresence('agent-idle', 'online');
  const settings = { ...chatSettingsOf(loadConfig({})).conversation, hours: TEST_CHAT_HOURS, idleCloseMinutes: 60 };
  const write = (n: number) => deliverCustomerMessage(env.client, taskQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-still'), settings }, { messageId: `idle-${n}`, text: `Nachricht ${n}`, at: new Date().toISOString() });
  const workflowId = await write(1);
  const handle = env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 400 && (await handle.query(conversationStateQuery)).agentId !== 'agent-idle'; i++) await new Promise((resolve) => setTimeout(resolve, 25));

  await env.sleep('40 minutes');
  await write(2);
  for (let i = 0; i < 400 && (await handle.query(conversationStateQuery)).messages.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  await env.sleep('40 minutes');
  // 80 minutes after the first message, 40 after the second: still open.
  expect((await handle.query(conversationStateQuery)).status).toBe('open');

  const ended: ConversationState = await handle.result();
  expect(ended).toMatchObject({ status: 'closed', topic: 'idle', closedBy: 'system' });
  expect(ended.messages.map((message) => message.text)).toEqual(['Nachricht 1', 'Nachricht 2']);
  for (let i = 0; i < 400 && (await router.state()).agents[0]!.conversations.length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect((await router.state()).agents[0]!.conversations).toEqual([]);
}, 120_000);

test('handed to an advisor nobody of the branch takes: after the advisor timeout it goes back to the center with a note', async () => {
  const router = chatRouterOn(env.client, taskQueue, { hours: TEST_CHAT_HOURS, cap: 4 }, routerId);
  await router.setPresence('agent-zurueck', 'online');
  const settings = { ...chatSettingsOf(loadConfig({})).conversation, hours: TEST_CHAT_HOURS, advisorTimeoutMinutes: 30 };
  const workflowId = await deliverCustomerMessage(env.client, taskQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-berater-weg'), settings }, { messageId: 'berater-1', text: 'Bitte an meinen Berater', at: new Date().toISOString() });
  const handle = env.client.workflow.getHandle(workflowId);
  let state = await handle.query(conversationStateQuery);
  for (let i = 0; i < 400 && state.agentId === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    state = await handle.query(conversationStateQuery);
  }
  const holder = state.agentId!;
  const today = new Date().toISOString().slice(0, 10);
  const present = (await system.coreBankingClient.listAdvisors()).find((a) => !a.absences.some((x) => x.from <= today && today <= x.to))!;
  const handed = await handle.executeUpdate(handOverToAdvisorUpdate, { args: [{ agentId: holder, advisorId: present.advisorId }] });
  expect(handed).toMatchObject({ queue: 'advisor', advisor: { advisorId: present.advisorId } });

  await env.sleep('31 minutes');
  for (let i = 0; i < 400 && (await handle.query(conversationStateQuery)).queue === 'advisor'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const back = await handle.query(conversationStateQuery);
  expect(back).toMatchObject({ queue: 'own' });
  expect(back.agentId).toBeDefined();
  expect(back.notes).toContainEqual(expect.stringContaining('nicht innerhalb von 30 Minuten'));
  expect((await router.state()).advisors ?? []).toEqual([]);
}, 120_000);
