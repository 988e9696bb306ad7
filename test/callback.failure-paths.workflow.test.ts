/**
 * Every way a callback can end besides success, on the time-skipping server with the real
 * database, SMTP server and simulators: a dead CTI during the transfer, mail rejected for good, a
 * failed process, a Temporal cancel and a terminate (on the dev server), the cancel/complete race, the business
 * calendar (weekends, holidays, the customer's window) and a block or withdrawal arriving
 * between attempts.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EmailOutbox } from '../adapters/email/email.port';
import { SmtpSendError } from '../adapters/email/smtp-transport';
import { createActivities } from '../activities';
import { CallbackUseCases } from '../api/callbacks.use-cases';
import { scopedKey } from '../api/idempotency';
import { TaskUseCases } from '../api/tasks.use-cases';
import { ContactBlockUseCases } from '../api/contact-blocks.use-cases';
import { addWorkingMinutes, isWorkingTime } from '../domain/business-calendar';
import { toLocalDateTime } from '../domain/calling-hours';
import { DIREKTBERATUNG_HOURS, type CallbackPolicy, type CallbackRequest, type CallbackState } from '../domain/callback';
import { isPublicHoliday, type FederalState } from '../domain/german-holidays';
import type { User } from '../domain/identity';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { callbackStateQuery } from '../workflows/callback.messages';
import { processStatus, startRepair } from '../workflows/repair.client';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { eventually } from './support/eventually';
import { TEST_CALLBACK_POLICY, TEST_TASK_SETTINGS } from './support/settings';
import { createDevServerEnv, createTimeSkippingEnv } from './support/temporal';
import { TEST_USERS, testUserRegistry } from './support/users';

const MINUTE = 60_000;
const policy: CallbackPolicy = TEST_CALLBACK_POLICY;
const taskSettings: TaskBoardSettings = TEST_TASK_SETTINGS;
const berater = TEST_USERS.berater as User;
const supervisor = TEST_USERS.supervisor as User;

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let callbacks: CallbackUseCases;
let tasks: TaskUseCases;
let blocks: ContactBlockUseCases;
/** Email keys (by suffix within a marked workflow) the mail server rejects for good. */
const rejectedKeys = new Set<string>();
/** Email keys whose send fails with a bug-like, non-retryable failure. */
const brokenKeys = new Set<string>();
const taskQueue = `callback-failures-${randomUUID()}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  const deps = system.deps(env.client, taskQueue);
  const outbox: EmailOutbox = {
    async sendOnce(message) {
      if (rejectedKeys.has(message.idempotencyKey)) throw new SmtpSendError('550 mailbox unavailable', 'EENVELOPE', 550, true);
      if (brokenKeys.has(message.idempotencyKey)) throw ApplicationFailure.nonRetryable('simulated defect', 'SimulatedDefect');
      return deps.outbox.sendOnce(message);
    },
  };
  worker = await startWorker(env, taskQueue, { ...deps, outbox });
  callbacks = new CallbackUseCases({ temporal: env.client, taskQueue, policy, tasks: taskSettings });
  tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks, users: testUserRegistry, queues: ['supervisor', 'direktberatung', 'operations'] });
  blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: system.blocks, pseudonymOf: system.pseudonymOf });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

function customer() {
  const found = system.coreBanking.population.customers.find((c) => c.profile.contact.email && c.consents.length === 0);
  if (!found) throw new Error('no customer with email');
  return found.profile;
}

async function start(overrides: Partial<CallbackRequest> = {}) {
  const request: CallbackRequest = { customerId: customer().customerId, topic: `kreditkarte-${randomUUID().slice(0, 6)}`, preferredTime: { asap: true }, ...overrides };
  return { ...(await callbacks.start(request, 'agent.test', randomUUID())), request };
}


const taskOf = (workflowId: string, key: string) => eventually(() => system.tasks.get(`${workflowId}~${key}`), (task) => task !== undefined, `task ${key}`) as Promise<TaskRecord>;
const state = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(callbackStateQuery);
const statusOf = (workflowId: string) => env.client.workflow.getHandle(workflowId).describe().then((d) => d.status.name);
/** Until the process waits for a person with no activity in flight: what the test does next meets it at rest. */
async function idle(workflowId: string, topic: string): Promise<void> {
  // The mailbox email is the last activity before the process waits for the Direktberatung.
  await eventually(() => system.smtp.messages().filter((m) => m.subject?.includes(`Thema ${topic}`)), (found) => found.length === 1, 'the mailbox email');
  await eventually(() => env.client.workflow.getHandle(workflowId).describe(), (d) => (d.raw.pendingActivities ?? []).length === 0, 'the process to be idle');
}
const repairTask = (workflowId: string, code: string) => taskOf(repairWorkflowId(workflowId, code as never), 'repair');

test('a dead CTI during the warm transfer still reaches the Direktberatung: task and mailbox email', async () => {
  system.telephony.control.injectFault({ status: 503, code: 'cti-down', times: 20 });
  try {
    const callId = system.telephony.control.startCall();
    const { workflowId, request } = await start({ callId });
    const task = await taskOf(workflowId, 'attempt-1');
    expect(task).toMatchObject({ status: 'open', queue: 'direktberatung' });
    expect((await state(workflowId)).transfer).toEqual({ outcome: 'failed' });
    await eventually(() => system.smtp.messages().filter((m) => m.subject?.includes(`Thema ${request.topic}`)), (found) => found.length === 1, 'the mailbox email');
    const history = await system.history.since(request.customerId, new Date(0));
    expect(history.filter((h) => h.workflowId === workflowId).map((h) => h.outcome)).toContain('transfer-failed');

    // The failure is in Temporal's history, but neither its message nor anything else in that
    // history shows the customer number or the gateway's words in clear text.
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const failed = events.find((event) => event.activityTaskFailedEventAttributes)?.activityTaskFailedEventAttributes;
    expect(failed?.failure?.message).toBe('Encoded failure');
    const text = JSON.stringify(events);
    expect(text).not.toContain('cti-down');
    expect(text).not.toContain(request.customerId);
  } finally {
    system.telephony.control.reset();
  }
});

test('the mailbox rejecting the callback email for good: the task stays, operations get a repair task and an alert', async () => {
  // The workflow id follows from agent and key, so the rejection is armed before the start.
  const key = randomUUID();
  rejectedKeys.add(`callback:${scopedKey('agent.test', key)}/callback-email`);
  const armed = await callbacks.start({ customerId: customer().customerId, topic: `mailbox-${randomUUID().slice(0, 6)}`, preferredTime: { asap: true } }, 'agent.test', key);
  const repair = await repairTask(armed.workflowId, RepairCodes.CallbackMailboxRejected);
  expect(repair).toMatchObject({ queue: 'operations', status: 'open', type: 'repair' });
  expect(repair.context).toMatchObject({ code: 'CALLBACK_MAILBOX_EMAIL_REJECTED', sourceWorkflowId: armed.workflowId });
  expect((await taskOf(armed.workflowId, 'attempt-1')).status).toBe('open');
  expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'CALLBACK_MAILBOX_EMAIL_REJECTED', workflowId: armed.workflowId }));
  expect(await statusOf(armed.workflowId)).toBe('RUNNING');

  // Operations record the resolution; the repair process ends.
  await tasks.complete(supervisor, repair.id, { resolution: 'fixed', note: 'Postfach wieder freigegeben' });
  await eventually(() => statusOf(repairWorkflowId(armed.workflowId, RepairCodes.CallbackMailboxRejected)), (s) => s === 'COMPLETED', 'the repair to end');
});

test('a customer email rejected after the last attempt: unreached, not told, and a repair task', async () => {
  const { workflowId } = await start();
  rejectedKeys.add(`${workflowId}/unreached`);
  for (let number = 1; number <= policy.maxAttempts; number++) {
    const task = await taskOf(workflowId, `attempt-${number}`);
    await tasks.complete(berater, task.id, { reached: false });
    if (number < policy.maxAttempts) await env.sleep(policy.attemptSpacingMinutes * MINUTE + MINUTE);
  }
  const repair = await repairTask(workflowId, RepairCodes.CustomerEmailRejected);
  expect(repair.queue).toBe('operations');
  const final = await eventually(() => state(workflowId), (s) => s.status === 'unreached', 'the callback to end');
  expect(final).toMatchObject({ outcome: 'unreached', customerTold: false });
});

test('a process that fails for good closes its open task and opens a repair task', async () => {
  const key = randomUUID();
  const workflowId = `callback:${scopedKey('agent.test', key)}`;
  brokenKeys.add(`${workflowId}/callback-email`);
  await callbacks.start({ customerId: customer().customerId, topic: `defekt-${randomUUID().slice(0, 6)}`, preferredTime: { asap: true } }, 'agent.test', key);
  await eventually(() => statusOf(workflowId), (s) => s === 'FAILED', 'the process to fail');
  expect((await system.tasks.get(`${workflowId}~attempt-1`))?.status).toBe('cancelled');
  const repair = await repairTask(workflowId, RepairCodes.CallbackFailed);
  expect(repair).toMatchObject({ queue: 'operations', status: 'open' });
  expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'CALLBACK_FAILED', workflowId }));
});

test('a Temporal cancel closes the open task and opens no repair', async () => {
  const { workflowId, request } = await start();
  const task = await taskOf(workflowId, 'attempt-1');
  await idle(workflowId, request.topic);
  await env.client.workflow.getHandle(workflowId).cancel();
  await eventually(() => statusOf(workflowId), (s) => s === 'CANCELLED', 'the cancel');
  expect((await system.tasks.get(task.id))?.status).toBe('cancelled');
  expect(await processStatus(env.client, repairWorkflowId(workflowId, RepairCodes.CallbackFailed))).toBe('not-found');
  await expect(tasks.claim(berater, task.id)).rejects.toMatchObject({ status: 409 });
});

test('a block on the topic that arrives between attempts stops the callback, with the reason recorded', async () => {
  const { workflowId, request } = await start();
  await tasks.complete(berater, (await taskOf(workflowId, 'attempt-1')).id, { reached: false });
  await eventually(() => state(workflowId), (s) => s.openTaskId === undefined && s.attempts.length === 1 && s.attempts[0]!.reached === false, 'the spacing wait');
  await blocks.block({ customerId: request.customerId, topic: request.topic, months: 6, reason: 'kein Interesse (anderer Kanal)' }, undefined, 'agent.test');
  await env.sleep(policy.attemptSpacingMinutes * MINUTE + MINUTE);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'stopped', 'the stop');
  expect(final.outcome).toBe('stopped');
  expect(final.stopReason).toContain(`re-contact block on ${request.topic}`);
  expect(await system.tasks.get(`${workflowId}~attempt-2`)).toBeUndefined();
  const history = await system.history.since(request.customerId, new Date(0));
  expect(history.filter((h) => h.workflowId === workflowId).map((h) => h.outcome)).toContain('callback-stopped-blocked');
});

test('a withdrawal of phone consent between attempts stops the callback', async () => {
  const profile = customer();
  const { workflowId } = await start({ customerId: profile.customerId });
  await tasks.complete(berater, (await taskOf(workflowId, 'attempt-1')).id, { reached: false });
  await eventually(() => state(workflowId), (s) => s.openTaskId === undefined && s.attempts.length === 1, 'the spacing wait');
  await system.evidence.append({
    id: `test-withdrawal-${randomUUID()}`, customerId: profile.customerId, purpose: 'advertising', channel: 'phone', granted: false, answer: 'withdrawn',
    decidedAt: new Date(await env.currentTimeMs()).toISOString(), agentId: 'agent.test', workflowId: 'test',
  });
  await env.sleep(policy.attemptSpacingMinutes * MINUTE + MINUTE);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'stopped', 'the stop');
  expect(final.stopReason).toContain('phone contact withdrawn');
});

test("the customer's window: the task opens at its start and is due at its end", async () => {
  const now = await env.currentTimeMs();
  // A window on a working day two weeks ahead, 10:00–12:00 Berlin time, in working hours.
  let day = new Date(now + 14 * 24 * 60 * MINUTE);
  const state0 = customer().federalState as FederalState;
  while (!isWorkingTime(new Date(Date.parse(`${toLocalDateTime(day).date}T09:00:00Z`)), DIREKTBERATUNG_HOURS, state0)) day = new Date(day.getTime() + 24 * 60 * MINUTE);
  const date = toLocalDateTime(day).date;
  const from = new Date(`${date}T09:00:00Z`).toISOString(); // 10:00 or 11:00 Berlin
  const to = new Date(`${date}T11:00:00Z`).toISOString();
  const { workflowId } = await start({ preferredTime: { from, to } });
  await env.sleep(MINUTE);
  expect(await system.tasks.get(`${workflowId}~attempt-1`)).toBeUndefined();
  await env.sleep(Date.parse(from) - (await env.currentTimeMs()) + MINUTE);
  const task = await taskOf(workflowId, 'attempt-1');
  expect(task.dueAt).toBe(to);
  expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(Date.parse(from));
});

test('an attempt that would be due on a weekend or a holiday is due on the next business day, in working hours', async () => {
  const profile = customer();
  const federalState = profile.federalState as FederalState;
  // Christmas: the 25th and 26th are holidays everywhere in Germany. Start at 17:30 Berlin on
  // the 24th of the coming December (an evening before the holidays).
  const now = await env.currentTimeMs();
  const year = new Date(now).getUTCFullYear() + (new Date(now).getUTCMonth() === 11 && new Date(now).getUTCDate() >= 24 ? 1 : 0);
  const target = Date.parse(`${year}-12-24T16:30:00Z`);
  await env.sleep(target - now);
  const { workflowId } = await start({ customerId: profile.customerId });
  const task = await taskOf(workflowId, 'attempt-1');
  const due = new Date(task.dueAt);
  const local = toLocalDateTime(due);
  expect(['sat', 'sun']).not.toContain(local.weekday);
  expect(isPublicHoliday(local.date, federalState)).toBe(false);
  expect(local.date > `${year}-12-26`).toBe(true);
  expect(isWorkingTime(new Date(due.getTime() - MINUTE), DIREKTBERATUNG_HOURS, federalState)).toBe(true);
  // Exactly the SLA in working time, counted from the request.
  expect(task.dueAt).toBe(addWorkingMinutes(new Date(task.createdAt), policy.slaMinutes, DIREKTBERATUNG_HOURS, federalState).toISOString());
  const final: CallbackState = await state(workflowId);
  expect(final.attempts[0]!.dueAt).toBe(task.dueAt);
});

test('a task reassigned after it escalated gets a new due time and escalates again when that passes', async () => {
  const { workflowId, request } = await start();
  const task = await taskOf(workflowId, 'attempt-1');
  await idle(workflowId, request.topic);
  const firstSpan = Date.parse(task.dueAt) - Date.parse(task.createdAt);
  await env.sleep(Date.parse(task.dueAt) - (await env.currentTimeMs()) + MINUTE);
  const escalated = await eventually(() => system.tasks.get(task.id), (t) => t?.status === 'escalated', 'the escalation');
  expect(escalated?.queue).toBe('supervisor');

  const reassigned = await tasks.reassign(supervisor, task.id, { queue: 'direktberatung', assignee: null });
  expect(reassigned.status).toBe('open');
  const now = await env.currentTimeMs();
  expect(Date.parse(reassigned.dueAt)).toBeGreaterThan(now);
  expect(Date.parse(reassigned.dueAt) - now).toBeLessThanOrEqual(firstSpan + MINUTE);

  await env.sleep(Date.parse(reassigned.dueAt) - (await env.currentTimeMs()) + MINUTE);
  const again = await eventually(() => system.tasks.get(task.id), (t) => t?.status === 'escalated', 'the second escalation');
  expect(again?.dueAt).toBe(reassigned.dueAt);
  const escalations = await eventually(() => system.smtp.messages().filter((m) => m.subject === `Eskalation: ${task.title}`), (found) => found.length === 2, 'two escalation emails');
  expect(escalations).toHaveLength(2);
});

test('cancel after an attempt was completed as "not interested" is refused: the outcome and its block stand', async () => {
  const { workflowId, callbackId, request } = await start();
  const task = await taskOf(workflowId, 'attempt-1');
  await tasks.complete(berater, task.id, { reached: true, outcome: 'not-interested' });
  const refused = await callbacks.cancel(callbackId, 'agent.test').catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  const final = await eventually(() => state(workflowId), (s) => s.status === 'done', 'the outcome');
  expect(final).toMatchObject({ outcome: 'not-interested' });
  expect((await system.blocks.listActive(request.customerId, new Date(await env.currentTimeMs()))).map((b) => b.topic)).toContain(request.topic);
});

/**
 * Terminating a process, on the real dev server. The time-skipping server goes on counting an
 * activity of a terminated workflow as running until its timeouts (minutes of real time), and
 * while it does no time skips for anyone: every later test that waits on simulated time stalled
 * (seen in full runs). A terminate may always meet an activity in flight, since a timer can fire
 * between "idle" and the terminate; the dev server treats that as a real server would.
 */
describe('on the dev server', () => {
  let dev: TestWorkflowEnvironment;
  let devWorker: RunningWorker;
  let devCallbacks: CallbackUseCases;
  let devActivities: ReturnType<typeof createActivities>;
  const devQueue = `callback-terminate-${randomUUID()}`;

  beforeAll(async () => {
    dev = await createDevServerEnv();
    const deps = system.deps(dev.client, devQueue);
    devWorker = await startWorker(dev, devQueue, deps);
    devCallbacks = new CallbackUseCases({ temporal: dev.client, taskQueue: devQueue, policy, tasks: taskSettings });
    devActivities = createActivities({
      ...deps,
      blockStarter: { startOrExtend: () => Promise.reject(new Error('not used here')) },
      processes: { status: (workflowId) => processStatus(dev.client, workflowId) },
      repairs: { start: (request, settings) => startRepair(dev.client, devQueue, request, settings) },
      campaignContacts: { start: () => Promise.reject(new Error('not used here')), release: () => Promise.reject(new Error('not used here')), cancel: () => Promise.reject(new Error('not used here')), contactOfRun: () => Promise.reject(new Error('not used here')) },
      chatRouter: { requestRoute: () => Promise.reject(new Error('not used here')), release: () => Promise.reject(new Error('not used here')), held: () => Promise.reject(new Error('not used here')), parkWithAdvisor: () => Promise.reject(new Error('not used here')), advisorTook: () => Promise.reject(new Error('not used here')) },
    });
  });
  afterAll(async () => {
    await devWorker?.stop();
    await dev?.teardown();
  });

  test('a terminated process: the reconciler closes its task, raises an alert and opens a repair task', async () => {
    // Not the customer of the tests above: they changed that customer's consents and blocks, at
    // simulated times ahead of the dev server's clock.
    const other = system.coreBanking.population.customers.filter((c) => c.profile.contact.email && c.consents.length === 0)[1]!.profile;
    const request: CallbackRequest = { customerId: other.customerId, topic: `kreditkarte-${randomUUID().slice(0, 6)}`, preferredTime: { asap: true } };
    const { workflowId } = await devCallbacks.start(request, 'agent.test', randomUUID());
    // The first process of a fresh worker on a busy machine: its first workflow task can take seconds.
    const task = (await eventually(() => system.tasks.get(`${workflowId}~attempt-1`), (found) => found !== undefined, 'task attempt-1', { attempts: 2400 })) as TaskRecord;
    await eventually(() => system.smtp.messages().filter((m) => m.subject?.includes(`Thema ${request.topic}`)), (found) => found.length === 1, 'the mailbox email');
    await dev.client.workflow.getHandle(workflowId).terminate('operator: test');
    expect((await system.tasks.get(task.id))?.status).toBe('open'); // nothing in the workflow ran

    const pass = await devActivities.reconcileOrphanedTasks(taskSettings);
    expect(pass.orphaned).toContain(workflowId);
    expect((await system.tasks.get(task.id))?.status).toBe('cancelled');
    expect(system.alerts.raised).toContainEqual(expect.objectContaining({ code: 'PROCESS_CLOSED_WITH_OPEN_TASKS', workflowId }));
    const repair = await repairTask(workflowId, RepairCodes.ProcessClosedWithOpenTasks);
    expect(repair.context).toMatchObject({ sourceWorkflowId: workflowId });

    // A second pass finds nothing more to do for it, and running processes are left alone.
    const again = await devActivities.reconcileOrphanedTasks(taskSettings);
    expect(again.orphaned).not.toContain(workflowId);
    expect((await system.tasks.get(repair.id))?.status).toBe('open');
  });
});
