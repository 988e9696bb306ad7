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
import { closeConversationUpdate, conversationStateQuery, handOverToAdvisorUpdate, type ConversationState } from '../workflows/conversation.messages';
import type { ChatTranscriptRecord } from '../activities/ports';
import { PrismaChatTranscriptStore } from '../prisma/chat-transcript.repository';
import { startTestSystem, TEST_CHAT_HOURS, TEST_TRANSCRIPT_KEY, type TestSystem } from './support/system';
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

test('a message that arrives as the conversation closes is not lost: the next conversation begins with it', async () => {
  // The transcript's store waits until the test lets it go: the run is closed but not yet ended.
  const lateQueue = `conversation-late-${randomUUID()}`;
  const lateRouterId = `chat-router-${lateQueue}`;
  const deps = system.deps(env.client, lateQueue, { routerId: lateRouterId });
  let storing: () => void = () => undefined;
  const storeStarted = new Promise<void>((resolve) => (storing = resolve));
  let letGo: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  const transcripts = deps.transcripts!;
  const gated = Object.assign(Object.create(transcripts) as typeof transcripts, {
    store: async (transcript: ChatTranscriptRecord) => {
      storing();
      await gate;
      await transcripts.store(transcript);
    },
  });
  const lateWorker = await startWorker(env, lateQueue, { ...deps, transcripts: gated });
  try {
    const router = chatRouterOn(env.client, lateQueue, { hours: TEST_CHAT_HOURS, cap: 4 }, lateRouterId);
    await router.setPresence('agent-spaet', 'online');
    const settings = { ...chatSettingsOf(loadConfig({})).conversation, hours: TEST_CHAT_HOURS };
    const write = (id: string, text: string) => deliverCustomerMessage(env.client, lateQueue, { channel: 'webchat', customerRef: testPseudonymOf('kunde-spaet'), settings }, { messageId: id, text, at: new Date().toISOString() });
    const workflowId = await write('spaet-1', 'Wann öffnet die Filiale?');
    const handle = env.client.workflow.getHandle(workflowId);
    for (let i = 0; i < 400 && (await handle.query(conversationStateQuery)).agentId !== 'agent-spaet'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const firstRun = (await handle.describe()).runId;

    await handle.executeUpdate(closeConversationUpdate, { args: [{ agentId: 'agent-spaet', topic: 'oeffnungszeiten' }] });
    await storeStarted;
    // Closed, storing its transcript: the customer writes once more (and the platform delivers it twice).
    await write('spaet-2', 'Danke! Und samstags?');
    await write('spaet-2', 'Danke! Und samstags?');
    letGo();

    // The closed run ends and the next one begins (asked by describe: a query to a run that ends
    // while it is asked waits on the test server).
    for (let i = 0; i < 400 && (await handle.describe()).runId === firstRun; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    let next = await handle.query(conversationStateQuery);
    for (let i = 0; i < 400 && !(next.status === 'open' && next.agentId === 'agent-spaet'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      next = await handle.query(conversationStateQuery);
    }
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(next).toMatchObject({ status: 'open', agentId: 'agent-spaet' });
    expect(next.messages.map((message) => message.text)).toEqual(['Danke! Und samstags?']);
    // The closed run's transcript holds what was said before the close.
    const stored = await new PrismaChatTranscriptStore(system.db.client, TEST_TRANSCRIPT_KEY).ofConversation(workflowId);
    expect(stored.map((transcript) => transcript.messages.map((message) => message.text))).toEqual([['Wann öffnet die Filiale?']]);
  } finally {
    letGo();
    await lateWorker.stop();
  }
}, 120_000);
