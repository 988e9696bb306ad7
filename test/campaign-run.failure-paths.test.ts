/**
 * How a campaign contact ends when it fails (issue 12), on the dev server: core banking refusing
 * the customer's facts at dial time fails the contact's process; its target ends as `failed`,
 * operations get a repair task, and the run is not held up by it (a cancel still ends it).
 *
 * On the dev server rather than the time-skipping one: there, a contact failing while its repair
 * starts intermittently broke the test server ("invalid history builder state for action").
 * A contact terminated by an operator with its call task open: the task reconciler closes the
 * task and ends the contact's place in the run, so the run's pacing and its end do not wait.
 * The run's own process terminated: the reconciler cancels its contacts (the held-back ones and
 * the one with a task open) and ends the run, with an alert and a repair task.
 * Calls go round the clock here, so the test does not depend on the hour it runs at.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CampaignRunUseCases } from '../api/campaign-runs.use-cases';
import { CampaignDefinitionSchema } from '../domain/campaign';
import { callingHoursFromSpec } from '../domain/calling-hours';
import { DEFAULT_CAMPAIGN_RUN_SETTINGS, campaignContactWorkflowId, campaignRunWorkflowId } from '../domain/campaign-run';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { eventually } from './support/eventually';
import { TEST_CALLBACK_POLICY, TEST_TASK_SETTINGS } from './support/settings';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv, testPseudonymOf } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';
import { workerActivities } from '../workers/worker';

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let runs: CampaignRunUseCases;
let campaigns: PrismaCampaignStore;
const taskQueue = `campaign-failures-${randomUUID()}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  campaigns = new PrismaCampaignStore(system.db.client);
  runs = new CampaignRunUseCases({
    temporal: env.client,
    taskQueue,
    campaigns,
    runs: new PrismaCampaignRunStore(system.db.client),
    // One release every ten seconds, the first at once; calls at any hour.
    settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxOpenTasks: 2, maxNewTasksPerHour: 360, maxAttempts: 1, callingHours: callingHoursFromSpec('mon-sun 00:00-24:00') },
    callback: TEST_CALLBACK_POLICY,
    tasks: TEST_TASK_SETTINGS,
    now: () => new Date(),
  });
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition;
/** Publishes the card upgrade as a selection over the adults of one branch (a few dozen) and launches it. */
async function launchOverBranch(branchId: string) {
  const campaignId = `lauf-${randomUUID().slice(0, 8)}`;
  const definition = CampaignDefinitionSchema.parse({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'branch', in: [branchId] }] } });
  await campaigns.saveDraft(campaignId, definition, { revision: 0, by: 'owner.test' });
  await campaigns.publish(campaignId, { by: 'owner.test' });
  return (await runs.launch(campaignId, 1, 'owner.test')).run;
}
const targets = (runId: string) => system.db.client.campaignRunTarget.findMany({ where: { runId }, orderBy: { seq: 'asc' } });

test('core banking refusing the facts at dial time: the contact ends as failed, operations get a repair task, and the run still ends', async () => {
  const run = await launchOverBranch('F-01');
  await eventually(() => runs.progress(run.runId), (p) => p.status === 'running', 'the selection', { attempts: 2400 });
  // Once selected, only released contacts ask core banking (for the customer, then the
  // consents): the next request is refused, and a 422 is not worth a retry.
  system.coreBanking.faults.failNext(1, 422);
  const failed = await eventually(
    async () => (await targets(run.runId)).find((t) => t.state === 'ended'),
    (target) => target !== undefined,
    'the first contact to end',
    { attempts: 2400 },
  ).finally(() => system.coreBanking.faults.reset());
  expect(failed).toMatchObject({ result: 'failed', reason: 'process-failed', attempts: 0 });
  const workflowId = campaignContactWorkflowId(run.runId, testPseudonymOf(failed!.customerId));
  // The projection is written first, then the repair opens and the process fails.
  await eventually(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name === 'FAILED', 'the contact process to fail');
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(workflowId, RepairCodes.CampaignContactFailed)}~repair`), (task) => task !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations', context: expect.objectContaining({ code: 'CAMPAIGN_CONTACT_FAILED', customerId: failed!.customerId }) });

  // The failed contact holds nothing up: a cancel ends the others, and the run ends.
  await runs.cancel(run.runId, 'Test beendet', 'owner.test');
  const progress = await eventually(() => runs.progress(run.runId), (p) => p.endedAt !== undefined, 'the run to end', { attempts: 2400 });
  expect(progress.counts).toMatchObject({ failed: 1, waiting: 0, released: 0, taskOpen: 0 });
}, 180_000);

test('an operator terminates a contact while its call task is open: the reconciler closes the task and ends its place in the run', async () => {
  const run = await launchOverBranch('F-02');
  const task = await eventually(
    async () => (await system.tasks.list({ queues: ['ksc'], statuses: ['open'], limit: 200 })).tasks.find((t) => t.type === 'campaign-call' && t.context.runId === run.runId),
    (found) => found !== undefined,
    'a call task of the run',
    { attempts: 2400 },
  );
  const customerId = String(task!.context.customerId);
  // A terminate runs no workflow code: the task and the run's projection stay as they were...
  await env.client.workflow.getHandle(task!.workflowId).terminate('Test: Betrieb beendet den Kontakt');
  expect(await system.db.client.campaignRunTarget.findUnique({ where: { runId_customerId: { runId: run.runId, customerId } } })).toMatchObject({ state: 'task-open' });

  // ...until the reconciler's pass: the task closes, and the contact's place in the run ends.
  const { reconcileOrphanedTasks } = workerActivities(system.deps(env.client, taskQueue));
  const pass = await reconcileOrphanedTasks(TEST_TASK_SETTINGS);
  expect(pass.orphaned).toContain(task!.workflowId);
  expect((await system.tasks.get(task!.id))?.status).toBe('cancelled');
  expect(await system.db.client.campaignRunTarget.findUnique({ where: { runId_customerId: { runId: run.runId, customerId } } })).toMatchObject({ state: 'ended', result: 'cancelled', reason: 'process-gone' });

  await runs.cancel(run.runId, 'Test beendet', 'owner.test');
  const progress = await eventually(() => runs.progress(run.runId), (p) => p.endedAt !== undefined, 'the run to end', { attempts: 2400 });
  expect(progress.counts).toMatchObject({ waiting: 0, released: 0, taskOpen: 0 });
}, 180_000);

test("an operator terminates the run's own process: the reconciler cancels its contacts, ends the run, alerts and opens a repair", async () => {
  const run = await launchOverBranch('F-03');
  const task = await eventually(
    async () => (await system.tasks.list({ queues: ['ksc'], statuses: ['open'], limit: 200 })).tasks.find((t) => t.type === 'campaign-call' && t.context.runId === run.runId),
    (found) => found !== undefined,
    'a call task of the run',
    { attempts: 2400 },
  );
  const runWorkflowId = campaignRunWorkflowId(run.runId);
  await env.client.workflow.getHandle(runWorkflowId).terminate('Test: Betrieb beendet den Lauf');
  const before = await targets(run.runId);
  expect(before.filter((t) => t.state === 'waiting').length).toBeGreaterThan(0);

  const { reconcileOrphanedCampaignRuns } = workerActivities(system.deps(env.client, taskQueue));
  // The reconciler's own alert (the repair process raises one of its own when its task opens).
  const reconcilerAlerts = () => system.alerts.raised.filter((alert) => alert.code === 'CAMPAIGN_RUN_PROCESS_GONE' && alert.workflowId === runWorkflowId && alert.message.startsWith('campaign run process'));
  const first = await reconcileOrphanedCampaignRuns(TEST_TASK_SETTINGS);
  expect(first.orphaned).toContain(run.runId);
  expect(reconcilerAlerts()).toHaveLength(1);
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(runWorkflowId, RepairCodes.CampaignRunProcessGone)}~repair`), (found) => found !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations' });
  expect(await runs.progress(run.runId)).toMatchObject({ status: 'cancelled', cancelReason: 'Prozess des Laufs beendet (terminated)' });

  // Every contact, held back or with its task open, ends its own place in the run as cancelled.
  const after = await eventually(() => targets(run.runId), (all) => all.every((t) => t.state === 'ended'), 'every contact to end', { attempts: 2400 });
  expect(after.every((t) => t.result === 'cancelled')).toBe(true);
  expect((await system.tasks.get(task!.id))?.status).toBe('cancelled');

  // The next pass finds nobody left and ends the run; the alert is not raised again.
  const second = await reconcileOrphanedCampaignRuns(TEST_TASK_SETTINGS);
  expect(second.ended).toContain(run.runId);
  expect((await runs.progress(run.runId)).endedAt).toBeDefined();
  expect(reconcilerAlerts()).toHaveLength(1);
  expect((await reconcileOrphanedCampaignRuns(TEST_TASK_SETTINGS)).orphaned).not.toContain(run.runId);
}, 180_000);
