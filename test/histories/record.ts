/**
 * Records the histories that test/replay.test.ts replays (new ones only; existing files are kept), as binary protobuf (`temporal.api.
 * history.v1.History`; the SDK's JSON helpers trip over two nested protobufjs copies). Run it when a workflow type ships (or
 * ships a new path), never to "fix" a failing replay: a failing replay means the change needs
 * `patched()`.
 *
 *   npx tsx test/histories/record.ts
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ContactBlockUseCases } from '../../api/contact-blocks.use-cases';
import { resolveTemporalCli } from '../../tools/temporal-cli';
import { resolveTestServer } from '../../tools/test-server';
import { CallbackUseCases } from '../../api/callbacks.use-cases';
import { TaskUseCases } from '../../api/tasks.use-cases';
import { ConsentUseCases } from '../../api/consent.use-cases';
import { callbackPolicyOf, consentSettingsOf, loadConfig, taskSettingsOf } from '../../platform/config';
import { startTestSystem } from '../support/system';
import { startWorker } from '../support/worker';
import { HISTORIES_DIR, replayDataConverter } from '../support/replay-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const berater = { id: 'berater.replay', name: 'Berater', roles: ['backoffice' as const], queues: ['direktberatung'] };

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const store = system.blocks;
  const taskQueue = `record-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: store });
  const save = async (name: string, workflowId: string) => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    write(path.join(HISTORIES_DIR, 'contact-block', `${name}.binpb`), workflowId, history);
  };

  try {
    // Created, repeated (same key), extended, then expired on its own.
    const expired = await blocks.block({ customerId: 'K-REPLAY-1', topic: 'kreditkarte', months: 2, reason: 'kein Interesse' }, 'k-1');
    await blocks.block({ customerId: 'K-REPLAY-1', topic: 'kreditkarte', months: 2, reason: 'kein Interesse' }, 'k-1');
    await env.sleep(10 * DAY);
    await blocks.block({ customerId: 'K-REPLAY-1', topic: 'kreditkarte', months: 3, reason: 'wieder nein' }, 'k-2');
    await env.client.workflow.getHandle(expired.workflowId).result();
    await save('extended-then-expired', expired.workflowId);

    // Created, then lifted early.
    const lifted = await blocks.block({ customerId: 'K-REPLAY-2', topic: 'all', months: 6, reason: 'keine Werbung' }, undefined);
    await env.sleep(3 * DAY);
    await blocks.lift('K-REPLAY-2', 'all', 'Kunde wünscht Rückruf');
    await env.client.workflow.getHandle(lifted.workflowId).result();
    await save('lifted-early', lifted.workflowId);

  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
  await recordCallbacks();
}

/**
 * Callback histories come from the real dev server, as production's do (the callback's paths
 * interleave updates with running activities, where a real server's event order is what counts).
 * Durations are seconds instead of hours so the paths run in real time.
 */
async function recordCallbacks(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-callback-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  const seconds = (n: number) => n / 60;
  const policy = { ...callbackPolicyOf(config), slaMinutes: seconds(2), reminderMinutesBeforeDue: seconds(1), attemptSpacingMinutes: seconds(1), transferTimeoutSeconds: 1 };
  const callbacks = new CallbackUseCases({ temporal: env.client, taskQueue, policy, tasks: taskSettingsOf(config) });
  const tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  const taskOf = async (workflowId: string, number: number) => {
    for (;;) {
      const task = await system.tasks.get(`${workflowId}~attempt-${number}`);
      if (task) return task;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const save = async (name: string, workflowId: string) => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    write(path.join(HISTORIES_DIR, 'callback', `${name}.binpb`), workflowId, history);
  };
  try {
    const customerId = system.coreBanking.population.customers[0]!.profile.customerId;
    // Not reached, then (after escalation) reached and not interested: starts a block.
    const ladder = await callbacks.start({ customerId, topic: 'kreditkarte', preferredTime: { asap: true }, note: 'Replay' }, 'agent.replay', 'replay-1');
    await tasks.complete(berater, (await taskOf(ladder.workflowId, 1)).id, { reached: false });
    const second = await taskOf(ladder.workflowId, 2);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // past its due time: escalated
    await tasks.complete({ ...berater, id: 'supervisor.replay', roles: ['supervisor'] }, second.id, { reached: true, outcome: 'not-interested' });
    await env.client.workflow.getHandle(ladder.workflowId).result();
    await save('not-reached-escalated-not-interested', ladder.workflowId);

    // Warm transfer answered.
    const callId = system.telephony.control.startCall();
    system.telephony.control.setQueue('direktberatung', { agentsAvailable: 1, answerAfterMs: 10 });
    const transferred = await callbacks.start({ customerId, topic: 'girokonto', callId, preferredTime: { asap: true } }, 'agent.replay', 'replay-2');
    await env.client.workflow.getHandle(transferred.workflowId).result();
    await save('transferred', transferred.workflowId);

    // Consent: asked, "yes by phone", written through; and a withdrawal.
    const consent = new ConsentUseCases({ temporal: env.client, taskQueue, coreBanking: system.coreBankingClient, evidence: system.evidence, scripts: system.scripts, settings: consentSettingsOf(config) });
    const asked = await consent.check({ customerId: 'K-100000', contactId: 'replay-1', channel: 'phone' }, 'agent.replay');
    await consent.answer(asked.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.replay');
    await env.client.workflow.getHandle(`consent-check:${asked.checkId}`).result();
    write(path.join(HISTORIES_DIR, 'consent-check', 'asked-yes-written-through.binpb'), `consent-check:${asked.checkId}`, await env.client.workflow.getHandle(`consent-check:${asked.checkId}`).fetchHistory());
    const [withdrawn] = await consent.withdraw('K-100003', { channels: ['phone'] }, 'agent.replay', 'replay-withdrawal');
    await env.client.workflow.getHandle(withdrawn!.workflowId).result();
    write(path.join(HISTORIES_DIR, 'consent-withdrawal', 'phone.binpb'), withdrawn!.workflowId, await env.client.workflow.getHandle(withdrawn!.workflowId).fetchHistory());
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

/**
 * Stores a history and, in the folder's index.json, its workflow id: histories do not carry it,
 * and a replay under another id would compute other ids (task ids embed the workflow id).
 */
function write(file: string, workflowId: string, history: temporal.api.history.v1.IHistory): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // A stored history is what shipped: never overwrite it (delete it by hand if a type is retired).
  if (existsSync(file)) {
    console.log(`kept ${path.relative(process.cwd(), file)} (exists)`);
    return;
  }
  writeFileSync(file, temporal.api.history.v1.History.encode(history).finish(), { flag: 'wx' });
  const indexFile = path.join(path.dirname(file), 'index.json');
  const index = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as Record<string, string>) : {};
  index[path.basename(file)] = workflowId;
  writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
