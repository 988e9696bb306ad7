/**
 * The after-sales care call on Temporal's time-skipping server, with a real database, a real SMTP
 * server and the core-banking simulator behind its HTTP adapter: eight weeks pass in
 * milliseconds; attempts on different business days at different times of day; the email
 * fallback; a block, a withdrawal or an erasure during the wait or between attempts; the legal
 * department's switch; not-contactable; follow-ups; cancel and failure paths. Waiting on the
 * database does not skip time, so time is advanced explicitly with env.sleep (never with
 * `result()`, which lets the server jump to its next deadline).
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ContactBlockUseCases } from '../api/contact-blocks.use-cases';
import { TaskUseCases } from '../api/tasks.use-cases';
import type { SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { DIREKTBERATUNG_HOURS, callbackWorkflowId, type CallbackPolicy } from '../domain/callback';
import { BANK_TIME_ZONE, toLocalDateTime } from '../domain/calling-hours';
import { DEFAULT_CARE_CALL_POLICY, careCallbackId, isCallingBusinessDay, type CareCallPolicy, type CareCallResult, type CareCallState, type SaleRequest } from '../domain/care-call';
import type { FederalState } from '../domain/german-holidays';
import type { User } from '../domain/identity';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { careCallStateQuery } from '../workflows/care-call.messages';
import { startCareCall, type CareCallSettings } from '../workflows/care-call.client';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv } from './support/temporal';
import { TEST_USERS } from './support/users';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const EIGHT_WEEKS = 56 * DAY;
const taskSettings: TaskBoardSettings = { escalationQueue: 'supervisor', escalationEmail: ['ksc-leitung@bank.example'], reminderEmail: [], appBaseUrl: 'http://drehscheibe.test' };
const callbackPolicy: CallbackPolicy = { queue: 'direktberatung', mailbox: ['direktberatung@bank.example'], slaMinutes: 120, reminderMinutesBeforeDue: 0, maxAttempts: 3, attemptSpacingMinutes: 240, transferTimeoutSeconds: 1, blockMonths: 6, workingHours: DIREKTBERATUNG_HOURS };
const agent = TEST_USERS.agent as User;

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let tasks: TaskUseCases;
let blocks: ContactBlockUseCases;
const taskQueue = `care-call-${randomUUID()}`;
/** Customers a test has taken: each test works on its own customer. */
const taken = new Set<string>();

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: system.blocks, pseudonymOf: system.pseudonymOf });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const granted = (c: SimulatedCustomer, channel: string) => c.consents.find((consent) => consent.channel === channel)?.granted === true;

/** A customer of the simulator no other test uses, matching `fits`. */
function customer(fits: (c: SimulatedCustomer) => boolean): SimulatedCustomer['profile'] {
  const found = system.coreBanking.population.customers.find((c) => c !== undefined && !taken.has(c.profile.customerId) && fits(c));
  if (!found) throw new Error('no such customer in the simulated population');
  taken.add(found.profile.customerId);
  return found.profile;
}
/** Phone and email, both with advertising consent. */
const reachable = (c: SimulatedCustomer) => Boolean(c.profile.contact.phone && c.profile.contact.email) && granted(c, 'phone') && granted(c, 'email');

function settings(policy: Partial<CareCallPolicy> = {}): CareCallSettings {
  return { taskQueue, policy: { ...DEFAULT_CARE_CALL_POLICY, ...policy }, callback: callbackPolicy, tasks: taskSettings, pseudonymOf: system.pseudonymOf };
}

async function sell(profile: { customerId: string }, policy: Partial<CareCallPolicy> = {}, sale: Partial<SaleRequest> = {}) {
  const soldAt = new Date(await env.currentTimeMs()).toISOString();
  const request: SaleRequest = { customerId: profile.customerId, product: 'mastercard-gold', soldAt, channel: 'branch', ...sale };
  const started = await startCareCall(env.client, settings(policy), { sale: request, saleKey: `test-${randomUUID()}`, requestedBy: 'agent.test' });
  return { ...started, sale: request };
}

const state = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(careCallStateQuery);

/** Waits (in real time, which skips nothing) until `check` holds. */
async function eventually<T>(probe: () => Promise<T> | T, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Lets the eight weeks pass and waits until the process has decided after the wait. */
async function afterTheWait(workflowId: string): Promise<CareCallState> {
  const { decideAt } = await state(workflowId);
  await env.sleep(Date.parse(decideAt) - (await env.currentTimeMs()) + MINUTE);
  return eventually(() => state(workflowId), (s) => s.decisions.some((d) => d.step === 'after-wait'), 'the decision after the wait');
}

/** Advances to attempt `number`'s time of day and answers its task once it is open. */
async function attempt(workflowId: string, number: number): Promise<TaskRecord> {
  const waiting = await eventually(() => state(workflowId), (s) => s.attempts.length === number || (s.attempts.length === number - 1 && s.nextAttemptAt !== undefined), `attempt ${number} to be planned`);
  if (waiting.attempts.length < number) await env.sleep(Date.parse(waiting.nextAttemptAt!) - (await env.currentTimeMs()) + 1_000);
  const id = `${workflowId}~attempt-${number}`;
  return eventually(() => system.tasks.get(id), (task) => task !== undefined, `task ${id}`) as Promise<TaskRecord>;
}

const complete = (task: TaskRecord, result: CareCallResult) => tasks.complete(agent, task.id, result);
const outcomes = async (customerId: string, workflowId: string) =>
  (await system.history.since(customerId, new Date(0))).filter((entry) => entry.workflowId === workflowId).map((entry) => entry.outcome).reverse();
const mails = (subject: string) => system.smtp.messages().filter((m) => m.subject?.includes(subject));

test('eight weeks after the sale: three attempts on different business days at different times of day, then the email', async () => {
  const profile = customer(reachable);
  const { workflowId, decideAt, status, sale } = await sell(profile);
  expect(status).toBe('waiting');
  expect(Date.parse(decideAt) - Date.parse(sale.soldAt)).toBe(EIGHT_WEEKS);
  // Nothing happens during the wait.
  await env.sleep(EIGHT_WEEKS - DAY);
  expect((await state(workflowId)).decisions).toEqual([]);

  await afterTheWait(workflowId);
  const seen: TaskRecord[] = [];
  for (let number = 1; number <= 3; number++) {
    const task = await attempt(workflowId, number);
    expect(task).toMatchObject({ queue: 'ksc', type: 'care-call', status: 'open' });
    expect(task.context).toMatchObject({ customerId: profile.customerId, product: 'Mastercard Gold', attempt: number });
    expect(String(task.context.script)).toContain('Mastercard Gold');
    // Due within calling hours, on a business day of the customer's state, after it opened.
    const due = toLocalDateTime(new Date(task.dueAt), BANK_TIME_ZONE);
    expect(isCallingBusinessDay(due.date, profile.federalState as FederalState)).toBe(true);
    expect(due.time >= '09:00' && due.time <= '19:30').toBe(true);
    expect(Date.parse(task.dueAt)).toBeGreaterThan(await env.currentTimeMs());
    const answer = await complete(task, { reached: false });
    expect(answer.next).toContain(number < 3 ? `attempt ${number + 1} of 3` : 'last attempt');
    expect(answer.step).toEqual(number < 3 ? { kind: 'next-attempt-day', attempt: number + 1, of: 3 } : { kind: 'email-fallback' });
    seen.push(task);
  }
  const final = await eventually(() => state(workflowId), (s) => s.status === 'emailed', 'the email fallback');
  // Different days, different times of day.
  expect(new Set(final.attempts.map((a) => a.day)).size).toBe(3);
  expect(new Set(final.attempts.map((a) => a.band)).size).toBe(3);
  expect(final.attempts.map((a) => a.reached)).toEqual([false, false, false]);
  const [email] = mails('Ihr Abschluss „Mastercard Gold“').filter((m) => m.to.includes(profile.contact.email!));
  expect(email?.text).toContain('von 1 (sehr zufrieden) bis 5 (sehr unzufrieden)');
  // Every decision and attempt is in the contact history.
  const recorded = await outcomes(profile.customerId, workflowId);
  expect(recorded.filter((o) => o === 'care-not-reached')).toHaveLength(3);
  expect(recorded.filter((o) => o === 'care-phone-allowed')).toHaveLength(final.decisions.filter((d) => d.channel === 'phone').length);
  expect(recorded).toEqual(expect.arrayContaining(['care-email-allowed', 'care-email-sent']));
  expect(recorded).not.toContain('care-phone-not-allowed');
  expect(seen).toHaveLength(3);
});

test('reached: satisfaction, a cancellation intention with its reason, and a callback the Direktberatung gets', async () => {
  const profile = customer(reachable);
  const { workflowId } = await sell(profile, {}, { product: 'current-account' });
  await afterTheWait(workflowId);
  const task = await attempt(workflowId, 1);
  // The reason comes with the intention, and only with it.
  await expect(complete(task, { reached: true, satisfaction: '4', followUp: 'callback', cancellationIntended: true })).rejects.toMatchObject({ status: 422, fields: [expect.objectContaining({ field: 'cancellationReason' })] });
  const answer = await complete(task, { reached: true, satisfaction: '4', followUp: 'callback', cancellationIntended: true, cancellationReason: 'price' });
  expect(answer.next).toBe('reached (satisfaction 4): the Direktberatung gets a callback task');
  expect(answer.step).toEqual({ kind: 'care-call-reached', followUp: 'callback' });
  const final = await eventually(() => state(workflowId), (s) => s.status === 'reached', 'the end');
  expect(final.result).toMatchObject({ satisfaction: '4', cancellationReason: 'price' });
  expect(final.followUp).toEqual({ kind: 'callback', callbackId: careCallbackId(workflowId) });
  const callbackTask = await eventually(() => system.tasks.get(`${callbackWorkflowId(careCallbackId(workflowId))}~attempt-1`), (t) => t !== undefined, 'the callback task');
  expect(callbackTask).toMatchObject({ queue: 'direktberatung', type: 'callback-attempt', context: expect.objectContaining({ customerId: profile.customerId, topic: 'girokonto' }) });
  const history = (await system.history.since(profile.customerId, new Date(0))).find((entry) => entry.id === `${workflowId}/attempt-1`);
  expect(history).toMatchObject({ purpose: 'care', outcome: 'care-reached', agentId: 'agent.test', note: 'satisfaction 4; follow-up callback; cancellation intended: price' });
});

test('reached and an appointment wanted: a task to book one opens in the agents\' queue; the process ends with its outcome', async () => {
  const profile = customer(reachable);
  const { workflowId } = await sell(profile);
  await afterTheWait(workflowId);
  const reached = await complete(await attempt(workflowId, 1), { reached: true, satisfaction: '1', followUp: 'appointment', cancellationIntended: false });
  expect(reached.step).toEqual({ kind: 'care-call-reached', followUp: 'appointment' });
  const booking = await eventually(() => system.tasks.get(`${workflowId}~appointment`), (t) => t !== undefined, 'the booking task');
  expect(booking).toMatchObject({ queue: 'ksc', type: 'care-appointment', status: 'open' });
  expect((await state(workflowId)).status).toBe('calling');
  const booked = await tasks.complete(agent, booking!.id, { outcome: 'booked' });
  expect(booked).toMatchObject({ next: 'the appointment request is recorded; the care call is done', step: { kind: 'process-done', process: 'care-call' } });
  const final = await eventually(() => state(workflowId), (s) => s.status === 'reached', 'the end');
  expect(final.followUp).toEqual({ kind: 'appointment', taskId: booking!.id, outcome: 'booked' });
});

test('a block on the product\'s topic that arrives during the wait is honoured: not contactable, with the reason', async () => {
  const profile = customer(reachable);
  const { workflowId } = await sell(profile);
  await env.sleep(10 * DAY);
  await blocks.block({ customerId: profile.customerId, topic: 'kreditkarte', months: 6, reason: 'kein Interesse (Filiale)' }, undefined, 'agent.test');
  const final = await afterTheWait(workflowId).then(() => eventually(() => state(workflowId), (s) => s.status === 'not-contactable', 'the end'));
  expect(final.attempts).toEqual([]);
  expect(final.decisions.map((d) => [d.channel, d.allowed, d.reasons])).toEqual([['phone', false, ['blocked']], ['email', false, ['blocked']]]);
  expect(final.notContactableReason).toContain('Re-contact block');
  const recorded = await outcomes(profile.customerId, workflowId);
  expect(recorded).toEqual(expect.arrayContaining(['care-phone-not-allowed', 'care-email-not-allowed', 'care-not-contactable']));
  expect(mails('Ihr Abschluss').filter((m) => m.to.includes(profile.contact.email!))).toEqual([]);
});

test('a withdrawal of phone consent between attempts is honoured at the next attempt: the email instead', async () => {
  const profile = customer(reachable);
  const { workflowId } = await sell(profile);
  await afterTheWait(workflowId);
  await complete(await attempt(workflowId, 1), { reached: false });
  await eventually(() => state(workflowId), (s) => s.nextAttemptAt !== undefined, 'the wait for attempt 2');
  await system.evidence.append({
    id: `test-withdrawal-${randomUUID()}`, customerId: profile.customerId, purpose: 'advertising', channel: 'phone', granted: false, answer: 'withdrawn',
    decidedAt: new Date(await env.currentTimeMs()).toISOString(), agentId: 'agent.test', workflowId: 'test',
  });
  await env.sleep(Date.parse((await state(workflowId)).nextAttemptAt!) - (await env.currentTimeMs()) + 1_000);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'emailed', 'the email');
  expect(final.attempts).toHaveLength(1);
  expect(final.decisions.find((d) => d.step === 'attempt-2')).toMatchObject({ channel: 'phone', allowed: false, reasons: ['no-phone-consent'] });
  expect(await system.tasks.get(`${workflowId}~attempt-2`)).toBeUndefined();
});

test('an erasure between attempts is honoured: no further attempt, not contactable', async () => {
  const found = system.coreBanking.population.customers.findIndex((c) => !taken.has(c.profile.customerId) && reachable(c));
  const profile = system.coreBanking.population.customers[found]!.profile;
  taken.add(profile.customerId);
  const { workflowId } = await sell(profile);
  await afterTheWait(workflowId);
  await complete(await attempt(workflowId, 1), { reached: false });
  const waiting = await eventually(() => state(workflowId), (s) => s.nextAttemptAt !== undefined, 'the wait for attempt 2');
  // Core banking erases the customer (GDPR Art. 17): the simulator no longer knows the number.
  const population = system.coreBanking.population.customers as Array<SimulatedCustomer | undefined>;
  const erased = population[found];
  population[found] = undefined;
  let final: CareCallState;
  try {
    await env.sleep(Date.parse(waiting.nextAttemptAt!) - (await env.currentTimeMs()) + 1_000);
    final = await eventually(() => state(workflowId), (s) => s.status === 'not-contactable', 'the end');
  } finally {
    population[found] = erased;
  }
  expect(final.decisions.slice(-2).map((d) => d.reasons)).toEqual([['customer-unknown'], ['customer-unknown']]);
  expect(await system.tasks.get(`${workflowId}~attempt-2`)).toBeUndefined();
});

test('no consent at all: not contactable with every reason; the legal department\'s switch lets the call through', async () => {
  const fits = (c: SimulatedCustomer) => Boolean(c.profile.contact.phone && c.profile.contact.email) && c.consents.length === 0;
  const strict = customer(fits);
  const { workflowId } = await sell(strict);
  await afterTheWait(workflowId);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'not-contactable', 'the end');
  expect(final.decisions.map((d) => d.reasons)).toEqual([['no-phone-consent'], ['no-email-consent']]);
  expect(final.notContactableReason).toMatch(/no-phone-consent: .*no-email-consent: /);

  const relaxed = customer(fits);
  const switched = await sell(relaxed, { needsAdvertisingConsent: false });
  await afterTheWait(switched.workflowId);
  expect(await attempt(switched.workflowId, 1)).toMatchObject({ type: 'care-call', queue: 'ksc' });
});

test('phone not allowed but email: the email at once, without a call task', async () => {
  const profile = customer((c) => Boolean(c.profile.contact.phone && c.profile.contact.email) && !granted(c, 'phone') && granted(c, 'email'));
  const { workflowId } = await sell(profile, { delayMinutes: 30 });
  await afterTheWait(workflowId);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'emailed', 'the email');
  expect(final.attempts).toEqual([]);
  expect(final.decisions.map((d) => [d.channel, d.allowed])).toEqual([['phone', false], ['email', true]]);
});

test('the same sale again reaches the same process; the same key with another sale is refused', async () => {
  const profile = customer(reachable);
  const sale: SaleRequest = { customerId: profile.customerId, product: 'savings-plan', soldAt: new Date(await env.currentTimeMs()).toISOString(), channel: 'phone' };
  const saleKey = `test-${randomUUID()}`;
  const first = await startCareCall(env.client, settings(), { sale, saleKey, requestedBy: 'agent.test' });
  const again = await startCareCall(env.client, settings(), { sale, saleKey, requestedBy: 'agent.test' });
  expect(again).toEqual(first);
  expect(first.workflowId).not.toContain(profile.customerId);
  await expect(startCareCall(env.client, settings(), { sale: { ...sale, product: 'mortgage' }, saleKey, requestedBy: 'agent.test' })).rejects.toMatchObject({ name: 'CareCallSaleKeyReusedError' });
});

test('a Temporal cancel closes the open call task', async () => {
  const profile = customer(reachable);
  const { workflowId } = await sell(profile);
  await afterTheWait(workflowId);
  const task = await attempt(workflowId, 1);
  await env.client.workflow.getHandle(workflowId).cancel();
  await eventually(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name === 'CANCELLED', 'the cancel');
  expect((await system.tasks.get(task.id))?.status).toBe('cancelled');
});

test('a failure (core banking refusing the facts) opens a repair task for operations', async () => {
  const profile = customer(reachable);
  const { workflowId, decideAt } = await sell(profile, { delayMinutes: 10 });
  system.coreBanking.faults.failNext(1, 422);
  await env.sleep(Date.parse(decideAt) - (await env.currentTimeMs()) + MINUTE);
  await eventually(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name === 'FAILED', 'the failure');
  system.coreBanking.faults.reset();
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(workflowId, RepairCodes.CareCallFailed)}~repair`), (t) => t !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations', context: expect.objectContaining({ code: 'CARE_CALL_FAILED', customerId: profile.customerId }) });
});
