/**
 * A campaign run (issue 12) on the time-skipping server with the real database and the
 * core-banking simulator: launching twice starts one run and one process per selected customer;
 * pacing holds (open call tasks and new ones per hour); a pause releases nothing and a resume
 * goes on without releasing anyone twice; a block set after the launch stops that customer's call
 * at dial time with the reason; "not interested" blocks the topic; a cancel closes every open
 * call task and ends every contact.
 *
 * Simulated time moves only by `env.sleep`, in half-hour steps until what a test waits for has
 * happened, so nights, weekends and holidays between the start and the calling hours are
 * crossed whatever the wall clock says.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CampaignRunUseCases } from '../api/campaign-runs.use-cases';
import { TaskUseCases } from '../api/tasks.use-cases';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, campaignContactWorkflowId, campaignRunWorkflowId } from '../domain/campaign-run';
import type { CallbackPolicy } from '../domain/callback';
import type { User } from '../domain/identity';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { eventually } from './support/eventually';
import { TEST_CALLBACK_POLICY, TEST_TASK_SETTINGS } from './support/settings';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv, testPseudonymOf } from './support/temporal';
import { TEST_USERS, testUserRegistry } from './support/users';
import { startWorker, type RunningWorker } from './support/worker';

const MINUTE = 60_000;
const callback: CallbackPolicy = TEST_CALLBACK_POLICY;
const taskSettings: TaskBoardSettings = TEST_TASK_SETTINGS;
const PACING = { maxOpenTasks: 3, maxNewTasksPerHour: 2 };
/**
 * Call tasks fall due after a working week here: an escalation moves a task to the supervisors'
 * queue, and whether it happens inside the hours a test lets pass depended on the wall clock the
 * time-skipping server starts from (a run started in the evening opened its first tasks at 08:00
 * and escalated them by noon). The escalation itself is tested with the task board.
 */
const CALL_DUE_WORKING_MINUTES = 5 * 12 * 60;
/** The bank's cap over all campaigns: one advertising contact in 30 days. */
const BANK_CAP = { maxContacts: 1, periodDays: 30 };
const agent = TEST_USERS.agent as User;

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let runs: CampaignRunUseCases;
let store: PrismaCampaignRunStore;
let campaigns: PrismaCampaignStore;
let tasks: TaskUseCases;
const taskQueue = `campaign-runs-${randomUUID()}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  store = new PrismaCampaignRunStore(system.db.client);
  campaigns = new PrismaCampaignStore(system.db.client);
  runs = new CampaignRunUseCases({
    temporal: env.client,
    taskQueue,
    campaigns,
    runs: store,
    settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, ...PACING, maxAttempts: 2, callDueWorkingMinutes: CALL_DUE_WORKING_MINUTES, caps: [BANK_CAP] },
    callback,
    tasks: taskSettings,
    now: () => new Date(),
  });
  tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks, users: testUserRegistry, queues: ['ksc', 'supervisor', 'direktberatung', 'operations'] });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition;

/** Publishes a selection campaign over the adults of one branch (a few dozen of the 2,000). */
async function publishSelection(): Promise<string> {
  const campaignId = `lauf-${randomUUID().slice(0, 8)}`;
  const definition = CampaignDefinitionSchema.parse({
    ...upgrade,
    trigger: { kind: 'selection' },
    criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'branch', in: ['F-01'] }] },
    offer: { ...(upgrade as { offer: object }).offer, topic: `kreditkarte-${campaignId.slice(5)}` },
  });
  await campaigns.saveDraft(campaignId, definition, { revision: 0, by: 'owner.test' });
  await campaigns.publish(campaignId, { by: 'owner.test' });
  return campaignId;
}

/** Lets simulated time pass in half hours until `done` holds (at most five days). */
async function advanceUntil(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let step = 0; step < 240; step++) {
    if (await done()) return;
    await env.sleep(30 * MINUTE);
  }
  throw new Error(`simulated time passed five days without ${what}`);
}

const callTasks = async (campaignTopic: string): Promise<TaskRecord[]> =>
  (await system.tasks.list({ queues: ['ksc', taskSettings.escalationQueue], statuses: ['open', 'claimed', 'escalated', 'completed', 'cancelled'], limit: 200 })).tasks.filter(
    (task) => task.type === 'campaign-call' && task.context.topic === campaignTopic,
  );
const selected = async (runId: string) => (await system.db.client.campaignRunTarget.findMany({ where: { runId }, orderBy: { seq: 'asc' } }));

/** The contacts of a run that have not ended, each with its process's status and history (to explain a wait that timed out). */
async function stillGoing(runId: string) {
  return Promise.all(
    (await selected(runId))
      .filter((target) => target.state !== 'ended')
      .map(async (target) => {
        const handle = env.client.workflow.getHandle(campaignContactWorkflowId(runId, testPseudonymOf(target.customerId)));
        const status = await handle.describe().then((d) => d.status.name, (error: Error) => error.message);
        const events = await handle.fetchHistory().then((h) => h.events?.map((event) => event.eventType), () => undefined);
        return { state: target.state, attempts: target.attempts, releasedAt: target.releasedAt, status, events };
      }),
  );
}

describe('a campaign run', () => {
  let campaignId: string;
  let runId: string;
  let topic: string;

  test('launching twice starts one run, and one process per selected customer', async () => {
    campaignId = await publishSelection();
    topic = (await campaigns.getVersion(campaignId, 1))!.definition.offer.topic;
    const first = await runs.launch(campaignId, 1, 'owner.test');
    const again = await runs.launch(campaignId, 1, 'owner.test');
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    runId = first.run.runId;
    expect(again.run.runId).toBe(runId);
    expect(await runs.runsOf(campaignId)).toHaveLength(1);

    const progress = await eventually(() => runs.progress(runId), (p) => p.status !== 'selecting' && p.selection.read === 2_000, 'the selection', { attempts: 2400 });
    const branchAdults = system.coreBanking.population.customers.filter((c) => c.profile.branchId === 'F-01' && c.profile.contact.phone && c.consents.some((consent) => consent.channel === 'phone' && consent.granted)).length;
    expect(progress.selection.selected).toBeGreaterThan(5);
    expect(progress.selection.selected).toBeLessThanOrEqual(branchAdults);
    expect(progress.selection.excluded.map((count) => count.key)).toEqual(expect.arrayContaining(['minor']));
    const targets = await selected(runId);
    expect(targets).toHaveLength(progress.selection.selected);
    expect(new Set(targets.map((t) => t.customerId)).size).toBe(targets.length);
    // One process per customer, named by pseudonym: no customer number in the id.
    const id = campaignContactWorkflowId(runId, testPseudonymOf(targets[0]!.customerId));
    expect(id).not.toContain(targets[0]!.customerId);
    expect((await env.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');

    // The selection heartbeats (a worker that dies under it is noticed in 30 s, not 5 minutes);
    // the projection's write does not, and has no heartbeat timeout that could fail it.
    const history = await env.client.workflow.getHandle(campaignRunWorkflowId(runId)).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes] : []));
    const heartbeatOf = (name: string) => scheduled.find((attributes) => attributes.activityType?.name === name)?.heartbeatTimeout;
    expect(Number(heartbeatOf('selectCampaignPage')?.seconds)).toBe(30);
    expect(Number(heartbeatOf('updateCampaignRun')?.seconds ?? 0)).toBe(0);
  });

  test('pacing holds; a pause releases nothing; a resume goes on and releases no one twice', async () => {
    await advanceUntil(async () => (await callTasks(topic)).length >= 1, 'a call task');
    await advanceUntil(async () => (await callTasks(topic)).length >= PACING.maxOpenTasks, 'the first call tasks');
    // No agent works them: at most maxOpenTasks are open, whatever time passes.
    await env.sleep(3 * 60 * MINUTE);
    const open = (await callTasks(topic)).filter((task) => task.status !== 'completed' && task.status !== 'cancelled');
    expect(open.length).toBe(PACING.maxOpenTasks);
    expect(await store.busyInQueue('ksc')).toBe(PACING.maxOpenTasks);
    // Released one after another over the hour, not the hour's budget at once.
    const releases = (await selected(runId)).flatMap((t) => (t.releasedAt ? [t.releasedAt.getTime()] : [])).sort((a, b) => a - b);
    expect(releases.length).toBeGreaterThanOrEqual(PACING.maxOpenTasks);
    for (let i = 1; i < releases.length; i++) expect(releases[i]! - releases[i - 1]!).toBeGreaterThanOrEqual(10 * MINUTE);

    // An agent completes one: not reached. Then the run is paused: nothing new while paused.
    await tasks.complete(agent, open[0]!.id, { reached: false });
    const paused = await runs.pause(runId);
    expect(paused.status).toBe('paused');
    const before = (await selected(runId)).filter((t) => t.releasedAt !== null).length;
    await env.sleep(4 * 60 * MINUTE);
    expect((await selected(runId)).filter((t) => t.releasedAt !== null).length).toBe(before);
    await expect(runs.pause(runId)).rejects.toThrow();

    // Meanwhile the owner publishes version 2: the run's contacts stay on version 1.
    const draft = (await campaigns.getDraft(campaignId))!;
    await campaigns.saveDraft(campaignId, { ...draft.definition, name: `${draft.definition.name} (neu)` }, { revision: draft.revision, by: 'owner.test' });
    expect(await campaigns.publish(campaignId, { by: 'owner.test' })).toMatchObject({ kind: 'published', version: { version: 2 } });

    const resumed = await runs.resume(runId);
    expect(resumed.status).toBe('running');
    await advanceUntil(async () => (await selected(runId)).filter((t) => t.releasedAt !== null).length > before, 'a release after the resume');
    await advanceUntil(async () => (await callTasks(topic)).length > open.length, 'a call task after the resume');
    // Every call task belongs to a different attempt of a customer: nobody called twice at once.
    const calls = await callTasks(topic);
    const keys = calls.map((task) => `${task.workflowId}#${task.context.attempt}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(calls.map((task) => task.context.version)).toEqual(calls.map(() => 1));
    expect(calls.every((task) => !task.title.includes('(neu)'))).toBe(true);
  });

  test('a block, a withdrawal or another campaign\'s call after the launch stops that customer at dial time, with the reason', async () => {
    const [waiting, withdrawing, calledElsewhere] = (await selected(runId)).filter((t) => t.state === 'waiting' && t.releasedAt === null);
    expect(calledElsewhere).toBeDefined();
    const now = await env.currentTimeMs();
    // The customer withdraws the phone consent on another channel; Drehscheibe has the evidence at once.
    await system.evidence.append({ id: `test-${randomUUID()}`, customerId: withdrawing!.customerId, purpose: 'advertising', channel: 'phone', granted: false, answer: 'withdrawn', decidedAt: new Date(now).toISOString(), workflowId: 'consent:test' });
    // Another campaign reached the customer: the bank's cap over all campaigns is full.
    await system.history.record({ id: `test-${randomUUID()}`, customerId: calledElsewhere!.customerId, at: new Date(now).toISOString(), purpose: 'advertising', channel: 'phone', topic: 'baufinanzierung', outcome: 'campaign-maybe-later', campaignId: 'andere-kampagne', workflowId: 'campaign-contact:test' });
    await system.blocks.save({
      blockId: `test-${randomUUID()}`,
      workflowId: `contact-block:test-${randomUUID()}`,
      customerId: waiting!.customerId,
      topic,
      status: 'active',
      reason: 'Kunde: kein Interesse (anderer Kanal)',
      startedAt: new Date(now).toISOString(),
      endsAt: new Date(now + 180 * 24 * 60 * MINUTE).toISOString(),
      extensions: 0,
      version: 1,
    });
    // Agents work every call task as "not reached" so the line moves on to these customers.
    const stopped = [waiting!, withdrawing!, calledElsewhere!].map((t) => t.customerId);
    await advanceUntil(async () => {
      for (const task of await callTasks(topic)) if (task.status === 'open') await tasks.complete(agent, task.id, { reached: false });
      const targets = (await selected(runId)).filter((t) => stopped.includes(t.customerId));
      return targets.every((t) => t.state === 'ended');
    }, 'the three customers to come up');
    const byCustomer = new Map((await selected(runId)).map((t) => [t.customerId, t]));
    expect(byCustomer.get(waiting!.customerId)).toMatchObject({ state: 'ended', result: 'stopped', reason: 'blocked', attempts: 0 });
    expect(byCustomer.get(withdrawing!.customerId)).toMatchObject({ state: 'ended', result: 'stopped', reason: 'no-phone-consent', attempts: 0 });
    expect(byCustomer.get(calledElsewhere!.customerId)).toMatchObject({ state: 'ended', result: 'stopped', reason: 'contact-cap-reached', attempts: 0 });
    expect((await callTasks(topic)).some((task) => stopped.includes(String(task.context.customerId)))).toBe(false);
    const progress = await runs.progress(runId);
    expect(progress.stoppedAtDial).toContainEqual({ key: 'blocked', label: 'Sperrvermerk zum Thema', count: 1 });
    expect(progress.stoppedAtDial).toContainEqual({ key: 'no-phone-consent', label: 'Keine Einwilligung in Werbung per Telefon', count: 1 });
    expect(progress.stoppedAtDial).toContainEqual({ key: 'contact-cap-reached', label: 'Höchstzahl werblicher Kontakte erreicht', count: 1 });
  });

  test('"not interested" blocks the topic; a cancel closes the open call tasks and ends every contact', async () => {
    await advanceUntil(async () => (await callTasks(topic)).some((task) => task.status === 'open'), 'an open call task');
    const task = (await callTasks(topic)).find((t) => t.status === 'open')!;
    const customerId = String(task.context.customerId);
    const answer = await tasks.complete(agent, task.id, { reached: true, outcome: 'not-interested' });
    expect(answer.step).toEqual({ kind: 'blocked', topic, months: 6 });
    await eventually(async () => system.blocks.listActive(customerId, new Date(await env.currentTimeMs())), (blocks) => blocks.some((b) => b.topic === topic), 'the block');

    await advanceUntil(async () => (await callTasks(topic)).some((t) => t.status === 'open'), 'another open call task');
    const cancelled = await runs.cancel(runId, 'Kampagne gestoppt', 'owner.test');
    expect(cancelled.status).toBe('cancelled');
    // (A cancel that arrived during a release pass once waited for the run's next check, up to
    // 15 minutes: the message names who is still going, and the run's own history.)
    await eventually(() => selected(runId), (targets) => targets.every((t) => t.state === 'ended'), 'every contact to end', { attempts: 2400 }).catch(async (error: Error) => {
      const run = await env.client.workflow.getHandle(campaignRunWorkflowId(runId)).fetchHistory().then((h) => h.events?.map((event) => event.eventType), (e: Error) => e.message);
      throw new Error(`${error.message}; the run's events: ${JSON.stringify(run)}; still going: ${JSON.stringify(await stillGoing(runId))}`);
    });
    expect((await callTasks(topic)).filter((t) => t.status === 'open' || t.status === 'claimed' || t.status === 'escalated')).toEqual([]);
    const progress = await eventually(() => runs.progress(runId), (p) => p.endedAt !== undefined, 'the run to end');
    expect(progress).toMatchObject({ status: 'cancelled', counts: { waiting: 0, released: 0, taskOpen: 0 } });
    expect(progress.counts.reached).toBe(1);
    expect(progress.outcomes).toEqual({ 'not-interested': 1 });
    expect(progress.counts.cancelled).toBeGreaterThan(0);
    // The projection is written last thing before the process returns.
    await eventually(() => env.client.workflow.getHandle(campaignRunWorkflowId(runId)).describe(), (d) => d.status.name === 'COMPLETED', 'the run process to complete');
    await expect(runs.resume(runId)).rejects.toThrow();
  });
});

