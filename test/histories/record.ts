/**
 * Records the histories that test/replay.test.ts replays, as binary protobuf (`temporal.api.
 * history.v1.History`; the SDK's JSON helpers trip over two nested protobufjs copies). Run it when a workflow type ships (or
 * ships a new path), never to "fix" a failing replay: a failing replay means the change needs
 * `patched()`.
 *
 *   npx tsx test/histories/record.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { ContactBlockUseCases } from '../../api/contact-blocks.use-cases';
import { resolveTestServer } from '../../tools/test-server';
import { WORKFLOWS_PATH } from '../../workers/worker';
import { startTestSystem } from '../support/system';
import { HISTORIES_DIR, replayDataConverter } from '../support/replay-fixtures';

const DAY = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const store = system.blocks;
  const taskQueue = `record-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(system.deps(env.client, taskQueue)),
    dataConverter: replayDataConverter,
  });
  const blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: store });
  const save = async (name: string, workflowId: string) => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const file = path.join(HISTORIES_DIR, 'contact-block', `${name}.binpb`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
  };

  await worker.runUntil(async () => {
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
  });
  await system.close();
  await env.teardown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
