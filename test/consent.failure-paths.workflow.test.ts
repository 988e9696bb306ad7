/**
 * Consent capture when things go wrong, on the time-skipping server with the real database and
 * the core-banking simulator: core banking down during the check (503, and the same contact may
 * check again), the same answer sent twice (the agent's request ran past its deadline), and core
 * banking refusing the decision or the withdrawal for good (the proof stays; a repair task for
 * operations).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConsentUseCases } from '../api/consent.use-cases';
import { ConsentErrors } from '../domain/consent';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import type { TaskRecord } from '../domain/task';
import { consentWithdrawalWorkflow } from '../workflows/consent-withdrawal.workflow';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { eventually } from './support/eventually';
import { createTimeSkippingEnv } from './support/temporal';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = `consent-failures-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let consent: ConsentUseCases;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  consent = new ConsentUseCases({ temporal: env.client, taskQueue, coreBanking: system.coreBankingClient, evidence: system.evidence, scripts: system.scripts, settings: { declineMonths: 12, answerTimeoutMinutes: 60 }, pseudonymOf: system.pseudonymOf });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const used = new Set<string>();
function adultWithout(test: (channels: string[]) => boolean): string {
  const asOf = Date.parse(system.coreBanking.population.asOf);
  const found = system.coreBanking.population.customers.find(
    (c) => !used.has(c.profile.customerId) && asOf - Date.parse(c.profile.birthDate) > 20 * 365 * DAY && test(c.consents.filter((x) => x.granted).map((x) => x.channel)),
  );
  if (!found) throw new Error('no such customer');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}

const statusOf = (workflowId: string) => env.client.workflow.getHandle(workflowId).describe().then((d) => d.status.name);
const repairTask = (sourceWorkflowId: string, code: (typeof RepairCodes)[keyof typeof RepairCodes]) =>
  eventually(() => system.tasks.get(`${repairWorkflowId(sourceWorkflowId, code)}~repair`), (task) => task !== undefined, 'the repair task') as Promise<TaskRecord>;

test('core banking down during the check: the agent gets "unavailable" (503), and the same contact can check again once it is back', async () => {
  const customerId = adultWithout((granted) => granted.length === 0);
  system.coreBanking.faults.failNext(50, 503);
  let failure: unknown;
  try {
    failure = await consent.check({ customerId, contactId: 'call-down', channel: 'phone' }, 'agent.test').catch((error: unknown) => error);
  } finally {
    system.coreBanking.faults.reset();
  }
  expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((failure as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(ConsentErrors.Unavailable);
  await eventually(() => statusOf(consent.workflowIdOf(`${customerId}~call-down`)), (s) => s === 'FAILED', 'the failed check');
  expect((await consent.state(`${customerId}~call-down`)).status).toBe('unavailable');

  const again = await consent.check({ customerId, contactId: 'call-down', channel: 'phone' }, 'agent.test');
  expect(again).toMatchObject({ ask: true });
});

test('the same answer sent twice gets the same proof records; nothing is recorded twice', async () => {
  const customerId = adultWithout((granted) => granted.length === 0);
  const decision = await consent.check({ customerId, contactId: 'call-twice', channel: 'phone' }, 'agent.test');
  system.coreBanking.faults.failNext(2, 503); // keeps the check open while the repeat arrives
  const first = await consent.answer(decision.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.test');
  const second = await consent.answer(decision.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.test');
  expect(second.evidence.map((e) => e.id)).toEqual(first.evidence.map((e) => e.id));
  await expect(consent.answer(decision.checkId, { answer: 'no' }, 'agent.test')).rejects.toBeDefined();
  await eventually(() => statusOf(consent.workflowIdOf(decision.checkId)), (s) => s === 'COMPLETED', 'the check to finish');
  system.coreBanking.faults.reset();
  const trail = await consent.trail(customerId);
  expect(trail.evidence.filter((e) => e.contactId === 'call-twice')).toHaveLength(1);
});

test('core banking refusing the decision for good: the proof stays, the check fails, operations get a repair task', async () => {
  const customerId = adultWithout((granted) => granted.length === 0);
  const decision = await consent.check({ customerId, contactId: 'call-refused', channel: 'phone' }, 'agent.test');
  system.coreBanking.faults.failNext(1, 422);
  const { evidence } = await consent.answer(decision.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.test');
  const workflowId = consent.workflowIdOf(decision.checkId);
  await eventually(() => statusOf(workflowId), (s) => s === 'FAILED', 'the check to fail');
  system.coreBanking.faults.reset();
  const repair = await repairTask(workflowId, RepairCodes.ConsentNotWrittenThrough);
  expect(repair).toMatchObject({ queue: 'operations', status: 'open', context: expect.objectContaining({ customerId, code: 'CONSENT_NOT_WRITTEN_THROUGH' }) });
  expect((await consent.trail(customerId)).evidence.map((e) => e.id)).toContain(evidence[0]!.id);
  expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'CONSENT_NOT_WRITTEN_THROUGH', workflowId }));
});

test('core banking refusing a withdrawal for good: the withdrawal counts, operations get a repair task', async () => {
  const customerId = adultWithout((granted) => granted.includes('email'));
  // Started as the API starts it after its customer lookup, so the refusal meets the write-through.
  system.coreBanking.faults.failNext(1, 422);
  const handle = await env.client.workflow.start(consentWithdrawalWorkflow, {
    workflowId: `consent-withdrawal:${randomUUID()}`,
    taskQueue,
    args: [{ customerId, request: { channels: ['email'] }, agentId: 'agent.test' }],
  });
  await eventually(() => statusOf(handle.workflowId), (s) => s === 'FAILED', 'the withdrawal to fail');
  system.coreBanking.faults.reset();
  const repair = await repairTask(handle.workflowId, RepairCodes.WithdrawalNotWrittenThrough);
  expect(repair).toMatchObject({ queue: 'operations', status: 'open' });
  const trail = await consent.trail(customerId);
  expect(trail.current).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'email', granted: false })]));
  expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'CONSENT_WITHDRAWAL_NOT_WRITTEN_THROUGH', workflowId: handle.workflowId }));
});
