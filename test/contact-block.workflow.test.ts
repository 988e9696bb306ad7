/**
 * The re-contact block on Temporal's time-skipping test server: months pass in milliseconds.
 * The activities write to a real SQLite database, so the projection is checked too.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ContactBlockUseCases } from '../api/contact-blocks.use-cases';
import { addCalendarMonths } from '../domain/calendar-months';
import { ContactBlockErrors, contactBlockWorkflowId } from '../domain/contact-block';
import type { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import type { Database } from '../prisma/database';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv } from './support/temporal';
import { startOrExtendBlock } from '../workflows/contact-block.client';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = `contact-block-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let db: Database;
let store: PrismaContactBlockStore;
let blocks: ContactBlockUseCases;
let worker: RunningWorker;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  ({ db, blocks: store } = system);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: store, pseudonymOf: system.pseudonymOf });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const newCustomer = () => `K-${randomUUID().slice(0, 8)}`;
const now = async () => new Date(await env.currentTimeMs());

test('a six-month block is active until its end and then lifts itself', async () => {
  const customerId = newCustomer();
  const startedAt = await now();
  const result = await blocks.block({ customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }, 'req-1');

  expect(result).toMatchObject({ workflowId: contactBlockWorkflowId(system.pseudonymOf(customerId), 'kreditkarte'), created: true });
  const endsAt = new Date(result.endsAt);
  expect(endsAt.getTime()).toBeGreaterThanOrEqual(addCalendarMonths(startedAt, 6).getTime());
  expect(endsAt.getTime()).toBeLessThan(addCalendarMonths(startedAt, 6).getTime() + DAY);
  expect(await store.listActive(customerId, await now())).toEqual([
    expect.objectContaining({ topic: 'kreditkarte', status: 'active', endsAt: result.endsAt, reason: 'kein Interesse' }),
  ]);

  await env.sleep(endsAt.getTime() - (await env.currentTimeMs()) - DAY);
  expect((await blocks.state(customerId, 'kreditkarte')).status).toBe('active');

  const final = await env.client.workflow.getHandle(result.workflowId).result();
  expect(final.status).toBe('expired');
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(endsAt.getTime());
  expect(await store.listActive(customerId, await now())).toEqual([]);
  const row = await db.client.contactBlock.findFirstOrThrow({ where: { customerId } });
  expect(row).toMatchObject({ status: 'expired', version: 2 });
});

test('a second "no" extends the running block to the later end and never shortens it', async () => {
  const customerId = newCustomer();
  const first = await blocks.block({ customerId, topic: 'all', months: 6, reason: 'kein Interesse' }, undefined);
  await env.sleep(30 * DAY);
  const second = await blocks.block({ customerId, topic: 'all', months: 6, reason: 'wieder kein Interesse' }, undefined);
  expect(second.created).toBe(false);
  expect(second.workflowId).toBe(first.workflowId);
  expect(Date.parse(second.endsAt)).toBeGreaterThan(Date.parse(first.endsAt) + 25 * DAY);

  const shorter = await blocks.block({ customerId, topic: 'all', months: 1, reason: 'kurz' }, undefined);
  expect(shorter.endsAt).toBe(second.endsAt);

  const state = await blocks.state(customerId, 'all');
  expect(state).toMatchObject({ status: 'active', extensions: 2, endsAt: second.endsAt });
  const rows = await db.client.contactBlock.findMany({ where: { customerId } });
  expect(rows).toHaveLength(1);
  expect(rows[0]?.endsAt.toISOString()).toBe(second.endsAt);

  // Past the first end, still blocked; past the extended end, lifted.
  await env.sleep(Date.parse(first.endsAt) - (await env.currentTimeMs()) + DAY);
  expect((await blocks.state(customerId, 'all')).status).toBe('active');
  const final = await env.client.workflow.getHandle(first.workflowId).result();
  expect(final.status).toBe('expired');
});

test('a block can be lifted early, and a lifted block cannot be lifted again', async () => {
  const customerId = newCustomer();
  const { workflowId } = await blocks.block({ customerId, topic: 'baufinanzierung', months: 12, reason: 'kein Bedarf' }, undefined);
  await env.sleep(10 * DAY);

  const lifted = await blocks.lift(customerId, 'baufinanzierung', 'Kunde meldet sich selbst');
  expect(lifted).toMatchObject({ status: 'lifted', liftReason: 'Kunde meldet sich selbst' });
  expect(await env.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'lifted' });
  expect(await store.listActive(customerId, await now())).toEqual([]);
  expect(await db.client.contactBlock.findFirstOrThrow({ where: { customerId } })).toMatchObject({
    status: 'lifted',
    liftReason: 'Kunde meldet sich selbst',
  });

  await expect(blocks.lift(customerId, 'baufinanzierung', undefined)).rejects.toThrow();
});

test('a repeated request id answers the same without extending; a reused one with another request is rejected', async () => {
  const customerId = newCustomer();
  const body = { customerId, topic: 'girokonto', months: 3, reason: 'kein Interesse' };
  const first = await blocks.block(body, 'same-key');
  await env.sleep(5 * DAY);
  const again = await blocks.block(body, 'same-key');
  expect(again).toEqual(first);
  expect((await blocks.state(customerId, 'girokonto')).extensions).toBe(0);

  const rejected = blocks.block({ ...body, months: 4 }, 'same-key');
  await expect(rejected).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  const failure = await rejected.catch((error: WorkflowUpdateFailedError) => error.cause);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect((failure as ApplicationFailure).type).toBe(ContactBlockErrors.RequestIdReused);
  expect((await blocks.state(customerId, 'girokonto')).extensions).toBe(0);
});

test('after a block ended, a new "no" starts a new block and the earlier one stays on record', async () => {
  const customerId = newCustomer();
  const first = await blocks.block({ customerId, topic: 'depot', months: 1, reason: 'erstes Nein' }, undefined);
  await env.client.workflow.getHandle(first.workflowId).result();
  const second = await blocks.block({ customerId, topic: 'depot', months: 2, reason: 'zweites Nein' }, undefined);
  expect(second.created).toBe(true);
  expect(Date.parse(second.endsAt)).toBeGreaterThan(Date.parse(first.endsAt));
  const rows = await db.client.contactBlock.findMany({ where: { customerId }, orderBy: { startedAt: 'asc' } });
  expect(rows.map((row) => row.status)).toEqual(['expired', 'active']);
});

test('the customer data in the block never stands in clear text in Temporal history', async () => {
  const customerId = newCustomer();
  const reason = 'Kunde verärgert über Anrufe am Abend';
  const { workflowId } = await blocks.block({ customerId, topic: 'versicherung', months: 2, reason }, undefined);
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  expect(bytes.includes(Buffer.from('verärgert'))).toBe(false);
  expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
  // …while the workflow itself, through the codec, still sees it.
  expect((await blocks.state(customerId, 'versicherung')).reason).toBe(reason);
});

test('a block that cannot be stored within its bound raises an alert and fails, and the agent is never told it was blocked', async () => {
  // A worker whose database is away for good: the write retries (as a local activity, then on
  // durable timers) until STORE_WITHIN has passed.
  const outageQueue = `contact-block-outage-${randomUUID()}`;
  let attempts = 0;
  const failing: PrismaContactBlockStore = Object.assign(Object.create(store) as PrismaContactBlockStore, {
    async save(): Promise<void> {
      attempts += 1;
      throw new Error('database unreachable');
    },
  });
  const raisedBefore = system.alerts.raised.length;
  const outageWorker = await startWorker(env, outageQueue, { ...system.deps(env.client, outageQueue), blocks: failing });
  try {
    const customerId = newCustomer();
    const answer = startOrExtendBlock(env.client, outageQueue, { customerId, topic: 'kreditkarte' }, { requestId: randomUUID(), months: 3, reason: 'kein Interesse' }, system.pseudonymOf);
    const outcome = answer.then(
      () => 'answered',
      (error: unknown) => error,
    );
    const workflowId = contactBlockWorkflowId(system.pseudonymOf(customerId), 'kreditkarte');
    // result() lets the test server skip time while the write keeps failing.
    await eventuallyStarted(workflowId);
    const handle = env.client.workflow.getHandle(workflowId);
    await expect(handle.result()).rejects.toThrow();
    // Retried for the bound: the server gives up once the next wait (at most UNTIL_STORED's 5
    // minutes) would run past it.
    const { startTime, closeTime } = await handle.describe();
    const triedFor = (closeTime?.getTime() ?? Number.NaN) - startTime.getTime();
    expect(triedFor).toBeGreaterThanOrEqual(DAY - 6 * 60_000);
    expect(triedFor).toBeLessThan(DAY + 60 * 60_000);
    expect(await outcome).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(attempts).toBeGreaterThan(5);
    expect(system.alerts.raised.slice(raisedBefore)).toEqual([expect.objectContaining({ code: 'CONTACT_BLOCK_NOT_STORED', workflowId })]);
    expect(await store.listActive(customerId, await now())).toEqual([]);
  } finally {
    await outageWorker.stop();
  }
});

/** Waits until the workflow exists (the update-with-start is on its way). */
async function eventuallyStarted(workflowId: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    try {
      await env.client.workflow.getHandle(workflowId).describe();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${workflowId} did not start`);
}
