/**
 * Consent capture on Temporal's time-skipping server, with a real database and the core-banking
 * simulator behind its HTTP adapter.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { ConsentUseCases } from '../api/consent.use-cases';
import { ConsentErrors, type ConsentCheckDecision } from '../domain/consent';
import { consentAnswerUpdate } from '../workflows/consent-check.messages';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv } from './support/temporal';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = `consent-${randomUUID()}`;
const settings = { declineMonths: 12, answerTimeoutMinutes: 60 };
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let consent: ConsentUseCases;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  consent = new ConsentUseCases({ temporal: env.client, taskQueue, coreBanking: system.coreBankingClient, evidence: system.evidence, scripts: system.scripts, settings, pseudonymOf: system.pseudonymOf });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const used = new Set<string>();
/** A fresh adult customer of the simulator matching `test` (each test gets its own). */
function customerWhere(test: (c: SimulatedCustomer) => boolean): string {
  const asOf = Date.parse(system.coreBanking.population.asOf);
  const found = system.coreBanking.population.customers.find(
    (c) => !used.has(c.profile.customerId) && asOf - Date.parse(c.profile.birthDate) > 20 * 365 * DAY && test(c),
  );
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}
const granted = (c: SimulatedCustomer, channel: string) => c.consents.some((x) => x.channel === channel && x.granted);
const withoutConsent = () => customerWhere((c) => c.consents.length === 0);

/** Consent writes core banking received for a customer (the simulator's own record). */
async function coreBankingWrites(customerId: string): Promise<Array<{ channel: string; granted: boolean }>> {
  const res = await fetch(`${system.coreBanking.url}/_sim/consents/${customerId}/writes`);
  const body = (await res.json()) as { writes: Array<{ channel: string; granted: boolean }> };
  return body.writes;
}

const check = (customerId: string, contactId = randomUUID().slice(0, 8)) => consent.check({ customerId, contactId, channel: 'phone' }, 'agent.test');
/**
 * Waits for a workflow to close by polling `describe()`. Never `result()` in this file: the
 * time-skipping client unlocks time skipping for that call, and the test server then jumps to
 * its next deadline (here ten years ahead) even when the workflow has already closed.
 */
async function closed(workflowId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 400; i++) {
    if ((await handle.describe()).status.name !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${workflowId} did not close`);
}
/** The final state of a consent check (queries work on closed workflows, and skip no time). */
async function result(checkId: string) {
  await closed(consent.workflowIdOf(checkId));
  return consent.state(checkId);
}

test('no consent on file: the agent gets the script; "yes, by phone" becomes evidence and reaches core banking once', async () => {
  const customerId = withoutConsent();
  const decision = await check(customerId, 'call-1');
  expect(decision).toMatchObject({ ask: true, missingChannels: ['phone', 'email'], scriptVersion: 1 });
  if (!decision.ask) throw new Error('expected ask');
  expect(decision.script.question).toContain('telefonisch');
  expect(decision.script.objectionAnswers.map((o) => o.objection)).toContain('Wer ruft mich denn da an?');

  // Asking again in the same contact gives the same answer (one check per contact).
  expect(await check(customerId, 'call-1')).toEqual(decision);

  const { evidence } = await consent.answer(decision.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.test');
  expect(evidence).toEqual([
    expect.objectContaining({ customerId, channel: 'phone', granted: true, answer: 'yes', agentId: 'agent.test', contactId: 'call-1', scriptVersion: 1, wordingSha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
  ]);
  const final = await result(decision.checkId);
  expect(final).toMatchObject({ status: 'done', answer: 'yes' });
  expect(final.evidence[0]?.coreBankingId).toBeTruthy();
  expect(await coreBankingWrites(customerId)).toEqual([expect.objectContaining({ channel: 'phone', granted: true })]);
  const trail = await consent.trail(customerId);
  expect(trail.current).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'phone', granted: true })]));
  expect(trail.evidence[0]).toMatchObject({ coreBankingId: final.evidence[0]?.coreBankingId });
});

test('consent on both channels: nothing to ask', async () => {
  const customerId = customerWhere((c) => granted(c, 'phone') && granted(c, 'email'));
  const decision = await check(customerId);
  expect(decision).toMatchObject({ ask: false, code: 'already-granted' });
  expect((await result(decision.checkId)).status).toBe('not-asked');
});

test('a minor is not asked', async () => {
  const minor = system.coreBanking.population.customers.find((c) => c.profile.segment === 'youth' && c.consents.length === 0);
  const decision = await check(minor!.profile.customerId);
  expect(decision).toMatchObject({ ask: false, code: 'minor' });
});

test('the write-through reaches core banking exactly once although core banking fails twice', async () => {
  const customerId = withoutConsent();
  const decision = await check(customerId);
  system.coreBanking.faults.failNext(2, 503);
  await consent.answer(decision.checkId, { answer: 'no' }, 'agent.test');
  const final = await result(decision.checkId);
  expect(final.status).toBe('done');
  const writes = await coreBankingWrites(customerId);
  expect(writes.map((w) => w.channel).sort()).toEqual(['email', 'phone']);
  expect(writes.every((w) => !w.granted)).toBe(true);
});

test('after "no" the customer is not asked again until the configured months have passed', async () => {
  const customerId = withoutConsent();
  const first = await check(customerId);
  await consent.answer(first.checkId, { answer: 'no' }, 'agent.test');
  await result(first.checkId);

  const soon = await check(customerId);
  expect(soon).toMatchObject({ ask: false, code: 'declined-recently' });
  if (soon.ask) throw new Error('expected no ask');
  expect(soon.reason).toMatch(/do not ask again before \d{4}-\d{2}-\d{2}/);

  await env.sleep(11 * 30 * DAY);
  expect(await check(customerId)).toMatchObject({ ask: false, code: 'declined-recently' });
  await env.sleep(60 * DAY);
  expect(await check(customerId)).toMatchObject({ ask: true, missingChannels: ['phone', 'email'] });
});

test('"undecided" is recorded but not written to core banking, and may be asked again at the next contact', async () => {
  const customerId = withoutConsent();
  const decision = await check(customerId);
  const { evidence } = await consent.answer(decision.checkId, { answer: 'undecided' }, 'agent.test');
  expect(evidence.map((e) => [e.channel, e.answer, e.granted])).toEqual([['phone', 'undecided', false], ['email', 'undecided', false]]);
  expect((await result(decision.checkId)).status).toBe('done');
  expect(await coreBankingWrites(customerId)).toEqual([]);
  expect(await check(customerId)).toMatchObject({ ask: true });
});

test('the answer is validated before it enters history: a second answer or a bad one is refused', async () => {
  const customerId = withoutConsent();
  const decision = await check(customerId);
  const handle = env.client.workflow.getHandle(consent.workflowIdOf(decision.checkId));
  const refused = async (args: Parameters<typeof consent.answer>[1] & { agentId: string }, type?: string) => {
    const error = await handle.executeUpdate(consentAnswerUpdate, { args: [args as never] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    if (type) expect(((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(type);
  };
  await refused({ answer: 'yes', channels: [], agentId: 'a' } as never);
  await refused({ answer: 'maybe', agentId: 'a' } as never);
  await consent.answer(decision.checkId, { answer: 'yes', channels: ['email'] }, 'agent.test');
  await refused({ answer: 'no', agentId: 'a' }, ConsentErrors.NotAsking);
});

test('a withdrawal counts at once and is written through', async () => {
  const customerId = customerWhere((c) => granted(c, 'phone'));
  const before = await consent.trail(customerId);
  expect(before.current).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'phone', granted: true, source: 'core-banking' })]));

  const evidence = await consent.withdraw(customerId, { channels: ['phone'], contactId: 'call-9' }, 'agent.test', `w-${randomUUID()}`);
  expect(evidence).toEqual([expect.objectContaining({ channel: 'phone', granted: false, answer: 'withdrawn', agentId: 'agent.test' })]);
  const after = await consent.trail(customerId);
  expect(after.current).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'phone', granted: false })]));

  await closed(evidence[0]!.workflowId);
  expect(await coreBankingWrites(customerId)).toEqual([expect.objectContaining({ channel: 'phone', granted: false })]);
  const decision: ConsentCheckDecision = await check(customerId);
  expect(decision).toMatchObject({ ask: true });
});
