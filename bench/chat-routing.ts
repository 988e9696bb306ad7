/**
 * Messenger routing on this machine (issue 13): WhatsApp messages per second through the signed
 * webhook, and how long a routing decision takes, in one run on one dev server.
 *
 * - The API (with the webhook) listens on a port; the Cloud API simulator signs and POSTs each
 *   customer's first message to it, `concurrency` at once, from `messages` different numbers.
 *   Messages per second: deliveries answered 200 (each one started its conversation) per second.
 * - The routing decision: in each conversation's history, from the routing activity's schedule to
 *   the router's answer (the signal `conversationRouted`), as the server recorded them: the
 *   conversation asking, the router deciding against every load, the answer arriving. p50 / p99.
 * - For scale, the same p50 / p99 of `GET /healthz` in the same run (ratios, as these machines are noisy).
 *
 *   npx tsx bench/chat-routing.ts [messages=400] [agents=20] [concurrency=16]
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import '../test/support/quiet-temporal';
import { createApp } from '../api/app';
import { WHATSAPP_WEBHOOK_PATH } from '../api/whatsapp-webhook.routes';
import { chatSettingsOf, loadConfig } from '../platform/config';
import { chatRouterOn } from '../workflows/chat-router.client';
import { conversationWorkflowId } from '../workflows/conversation.messages';
import { appDeps } from '../test/support/app';
import { primaryProvider } from '../test/support/database';
import { startTestSystem, TEST_CHAT_HOURS, TEST_WHATSAPP } from '../test/support/system';
import { testDataConverter, testPseudonymOf } from '../test/support/temporal';
import { startWorker } from '../test/support/worker';
import { resolveTemporalCli } from '../tools/temporal-cli';

const messages = Number(process.argv[2] ?? 400);
const agentCount = Number(process.argv[3] ?? 20);
const concurrency = Number(process.argv[4] ?? 16);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli(), log: { format: 'pretty', level: 'error' } },
    client: { dataConverter: testDataConverter },
  });
  const system = await startTestSystem(primaryProvider());
  const taskQueue = `bench-chat-${randomUUID()}`;
  const routerId = `chat-router-${taskQueue}`;
  const hours = TEST_CHAT_HOURS;
  const cap = 5;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue, { hours, cap, routerId }));
  const config = loadConfig({});
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
      },
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  system.whatsapp.control.setWebhookUrl(`${url}${WHATSAPP_WEBHOOK_PATH}`);
  try {
    const router = chatRouterOn(env.client, taskQueue, { hours, cap }, routerId);
    for (let i = 0; i < agentCount; i++) await router.setPresence(`agent-${i}`, 'online');
    const numbers = Array.from({ length: messages }, (_, i) => `4917${String(10_000_000 + i)}`);

    // Webhook throughput.
    let next = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < numbers.length) {
          const from = numbers[next++]!;
          const { outcome } = await system.whatsapp.control.inbound({ from, text: 'Hallo, ich habe eine Frage zum Online-Banking' });
          if (outcome !== 200) refused += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // Wait until every conversation is routed, then read the decisions from the histories.
    for (;;) {
      const state = await router.state();
      if (state.agents.reduce((n, agent) => n + agent.conversations.length, 0) + state.external.length >= messages) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const decisionsOf = async (froms: string[]) => {
      const decisions: number[] = [];
      for (const from of froms) {
        const history = await env.client.workflow.getHandle(conversationWorkflowId('whatsapp', testPseudonymOf(`whatsapp:${from}`))).fetchHistory();
        const at = (event: (typeof history.events & object)[number]) => Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6);
        const asked = history.events?.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'routeConversation');
        const answered = history.events?.find((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'conversationRouted');
        if (asked && answered) decisions.push(at(answered) - at(asked));
      }
      return decisions.sort((a, b) => a - b);
    };
    const decisions = await decisionsOf(numbers);

    // Paced: one customer at a time, the next once the previous is routed (a normal day: seed 001 has 400 messages a month).
    const paced = Array.from({ length: 50 }, (_, i) => `4916${String(10_000_000 + i)}`);
    for (const from of paced) {
      const before = (await router.state()).external.length;
      await system.whatsapp.control.inbound({ from, text: 'Eine Frage' });
      while ((await router.state()).external.length === before) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const pacedDecisions = await decisionsOf(paced);

    // The API's floor in the same run.
    const health: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await fetch(`${url}/healthz`);
      health.push(performance.now() - t);
    }
    health.sort((a, b) => a - b);

    const state = await router.state();
    const loads = state.agents.map((agent) => agent.conversations.length);
    process.stdout.write(`webhook: ${messages} signed deliveries (${concurrency} at once) in ${seconds.toFixed(1)} s: ${(messages / seconds).toFixed(0)} messages/s, ${refused} refused\n`);
    process.stdout.write(`routing decision during the burst (history: routing asked → answer): p50 ${percentile(decisions, 50)} ms, p99 ${percentile(decisions, 99)} ms over ${decisions.length} conversations\n`);
    process.stdout.write(`routing decision one at a time: p50 ${percentile(pacedDecisions, 50)} ms, p99 ${percentile(pacedDecisions, 99)} ms over ${pacedDecisions.length} conversations\n`);
    process.stdout.write(`GET /healthz in the same run: p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms; paced decision p99 is ${(percentile(pacedDecisions, 99) / percentile(health, 99)).toFixed(1)}× it\n`);
    process.stdout.write(`loads: ${agentCount} agents, cap ${cap}: min ${Math.min(...loads)}, max ${Math.max(...loads)}; ${state.external.length} in the external queue\n`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await worker.stop();
    await system.close();
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
