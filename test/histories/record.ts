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
import { AppointmentUseCases } from '../../api/appointments.use-cases';
import { scopedKey } from '../../api/idempotency';
import { appointmentWorkflowId } from '../../domain/appointment';
import { startAppointment } from '../../workflows/appointment.client';
import { appointmentPolicyOf, callbackPolicyOf, careCallPolicyOf, chatSettingsOf, consentSettingsOf, loadConfig, socialSettingsOf, taskSettingsOf } from '../../platform/config';
import { startSocialCase } from '../../workflows/social-reaction.client';
import { acknowledgeSocialCaseUpdate, socialCaseStateQuery } from '../../workflows/social-reaction.messages';
import { startTestSystem } from '../support/system';
import { startWorker } from '../support/worker';
import { HISTORIES_DIR, replayDataConverter } from '../support/replay-fixtures';
import { RepairCodes, repairWorkflowId } from '../../domain/repair';
import { startRepair } from '../../workflows/repair.client';
import { callbackStateQuery } from '../../workflows/callback.messages';
import { careCallStateQuery } from '../../workflows/care-call.messages';
import { startCareCall } from '../../workflows/care-call.client';
import { consentWithdrawalWorkflow } from '../../workflows/consent-withdrawal.workflow';
import { contactDataUpdateWorkflow } from '../../workflows/contact-data-update.workflow';
import { taskReconcilerWorkflow } from '../../workflows/task-reconciler.workflow';
import { chatServiceHoursFromSpec } from '../../domain/chat-service-hours';
import { chatRouterOn } from '../../workflows/chat-router.client';
import { deliverCustomerMessage } from '../../workflows/conversation.client';
import { closeConversationUpdate, conversationStateQuery, replyToConversationUpdate } from '../../workflows/conversation.messages';
import { CampaignRunUseCases } from '../../api/campaign-runs.use-cases';
import { CampaignDefinitionSchema } from '../../domain/campaign';
import { campaignRunWorkflowId, DEFAULT_CAMPAIGN_RUN_SETTINGS } from '../../domain/campaign-run';
import { PILOT_CATALOG } from '../../domain/pilot-catalog';
import { PrismaCampaignStore } from '../../prisma/campaign.repository';
import { PrismaCampaignRunStore } from '../../prisma/campaign-run.repository';

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
  const blocks = new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: store, pseudonymOf: system.pseudonymOf });
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
  await recordCareCalls();
  await recordAppointments();
  await recordCampaignRuns();
}

/**
 * Appointment histories on the time-skipping server: booked, reminded, held with a sale (a care
 * call starts) and a follow-up; a slot taken meanwhile; rescheduled, then cancelled; a no-show (a
 * callback starts). The simulator's clock follows the server's, so slots are in the future for both.
 */
async function recordAppointments(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-appointment-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  let synced = { server: 0, real: 0 };
  const sync = async () => {
    synced = { server: await env.currentTimeMs(), real: Date.now() };
    system.coreBanking.clock.set(synced.server);
  };
  const settings = { taskQueue, policy: appointmentPolicyOf(config), callback: callbackPolicyOf(config), careCall: careCallPolicyOf(config), tasks: taskSettingsOf(config) };
  const appointments = new AppointmentUseCases({
    temporal: env.client,
    coreBanking: system.coreBankingClient,
    history: system.history,
    settings,
    now: () => new Date(synced.server + (Date.now() - synced.real)),
  });
  const tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  const advisor = { id: 'berater.replay', name: 'Berater', roles: ['backoffice' as const], queues: ['filiale-F-01', 'ksc'] };
  const customerId = system.coreBanking.population.customers.find((c) => c.profile.contact.email)!.profile.customerId;
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const slots = async (daysAhead: number) => {
    await sync();
    const from = synced.server + daysAhead * DAY;
    return (await appointments.slots({ topic: 'kreditkarte', branchId: 'F-01', from: day(from), to: day(from + 6 * DAY), limit: 100 })).slots;
  };
  const book = async (slot: { advisorId: string; start: string }, key: string) => {
    const answer = await appointments.book({ customerId, topic: 'kreditkarte', advisorId: slot.advisorId, start: slot.start, channel: 'branch' }, 'agent.replay', key);
    if (answer.kind !== 'booked') throw new Error('the slot was taken');
    return answer.appointment;
  };
  const until = async <T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> => {
    for (;;) {
      const value = await probe();
      if (check(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const outcome = async (appointment: { appointmentId: string; end: string }, result: object) => {
    await env.sleep(Date.parse(appointment.end) + 60_000 - (await env.currentTimeMs()));
    const task = await until(() => system.tasks.get(`appointment:${appointment.appointmentId}~outcome`), (t) => t !== undefined);
    await tasks.complete(advisor, task!.id, result);
  };
  const save = async (name: string, workflowId: string) => {
    await until(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name !== 'RUNNING');
    write(path.join(HISTORIES_DIR, 'appointment', `${name}.binpb`), workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  };
  try {
    const [first] = await slots(3);
    const held = await book(first!, 'replay-held');
    await outcome(held, { outcome: 'held', sold: ['mastercard-gold'], followUp: true });
    const followUp = await until(() => system.tasks.get(`${held.workflowId}~follow-up`), (t) => t !== undefined);
    await tasks.complete(advisor, followUp!.id, { outcome: 'booked' });
    await save('held-sold-follow-up', held.workflowId);

    // Taken meanwhile: the calendar refuses the hold (booked directly in the calendar first).
    const [taken] = await slots(2);
    await system.coreBankingClient.holdSlot({ advisorId: taken!.advisorId, start: taken!.start, end: taken!.end, subject: 'Beratung', idempotencyKey: `replay-taken-${randomUUID()}` });
    // Straight to the process, as two agents racing for the slot would reach it past the API's check.
    const branch = (await system.coreBankingClient.getBranch('F-01'))!;
    const refused = await startAppointment(env.client, settings, {
      appointmentId: scopedKey('agent.replay', 'replay-taken'),
      request: { customerId, topic: 'kreditkarte', advisorId: taken!.advisorId, start: taken!.start, channel: 'phone' },
      end: taken!.end,
      advisorName: taken!.advisorName,
      branch: { branchId: branch.branchId, name: branch.name, town: branch.town, federalState: branch.federalState, timeZone: branch.timeZone, openingHours: branch.openingHours },
      requestedBy: 'agent.replay',
      fingerprint: 'replay-taken',
    });
    if (refused.status !== 'slot-taken') throw new Error(`expected the slot to be taken, it is ${refused.status}`);
    await save('slot-taken', appointmentWorkflowId(refused.appointmentId));

    const [one, ...rest] = await slots(2);
    const moved = await book(one!, 'replay-moved');
    const later = rest.find((s) => s.advisorId === one!.advisorId && Date.parse(s.start) > Date.parse(one!.end) + 60 * 60_000)!;
    await appointments.reschedule(moved.appointmentId, later.start, 'agent.replay');
    await appointments.cancel(moved.appointmentId, 'agent.replay', 'Kunde verhindert');
    await save('rescheduled-then-cancelled', moved.workflowId);

    const [absent] = await slots(2);
    const noShow = await book(absent!, 'replay-no-show');
    await outcome(noShow, { outcome: 'no-show' });
    await save('no-show', noShow.workflowId);

    // Completions that answer their next step as data (patch `appointment-answer-step`).
    const [next] = await slots(3);
    const stepped = await book(next!, 'replay-answer-step');
    await outcome(stepped, { outcome: 'held', sold: ['current-account', 'mastercard-gold'], followUp: true });
    const steppedFollowUp = await until(() => system.tasks.get(`${stepped.workflowId}~follow-up`), (t) => t !== undefined);
    await tasks.complete(advisor, steppedFollowUp!.id, { outcome: 'not-wanted' });
    await save('answer-step-held-sold-follow-up', stepped.workflowId);
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

/**
 * Care-call histories on the time-skipping server (eight weeks pass): never reached → the email;
 * reached with a callback wanted; not contactable (no consent). Attempts are answered as soon as
 * their task opens; time is advanced explicitly, as in test/care-call.workflow.test.ts.
 */
async function recordCareCalls(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-care-call-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  const settings = { taskQueue, policy: careCallPolicyOf(config), callback: callbackPolicyOf(config), tasks: taskSettingsOf(config), pseudonymOf: system.pseudonymOf };
  const tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  const agent = { id: 'agent.replay', name: 'Agent', roles: ['agent' as const], queues: ['ksc'] };
  const state = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(careCallStateQuery);
  const until = async <T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> => {
    for (;;) {
      const value = await probe();
      if (check(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  /** Lets time pass to attempt `number`'s task and answers it. */
  const answer = async (workflowId: string, number: number, result: object) => {
    const waiting = await until(() => state(workflowId), (s) => s.attempts.length === number || (s.attempts.length === number - 1 && (s.nextAttemptAt !== undefined || s.decisions.length === 0)));
    if (waiting.decisions.length === 0) await env.sleep(Date.parse(waiting.decideAt) - (await env.currentTimeMs()) + 60_000);
    const planned = await until(() => state(workflowId), (s) => s.attempts.length === number || s.nextAttemptAt !== undefined);
    if (planned.attempts.length < number) await env.sleep(Date.parse(planned.nextAttemptAt!) - (await env.currentTimeMs()) + 1_000);
    const task = await until(() => system.tasks.get(`${workflowId}~attempt-${number}`), (t) => t !== undefined);
    await tasks.complete(agent, task!.id, result);
  };
  const closed = (workflowId: string) => until(() => env.client.workflow.getHandle(workflowId).describe(), (d) => d.status.name !== 'RUNNING');
  const save = async (name: string, workflowId: string) => {
    await closed(workflowId);
    write(path.join(HISTORIES_DIR, 'care-call', `${name}.binpb`), workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  };
  const granted = (c: (typeof system.coreBanking.population.customers)[number], channel: string) => c.consents.some((k) => k.channel === channel && k.granted);
  const [reachable, other] = system.coreBanking.population.customers.filter((c) => c.profile.contact.phone && c.profile.contact.email && granted(c, 'phone') && granted(c, 'email'));
  const unasked = system.coreBanking.population.customers.find((c) => c.profile.contact.phone && c.profile.contact.email && c.consents.length === 0)!;
  const sell = async (customerId: string, saleKey: string) =>
    startCareCall(env.client, settings, { sale: { customerId, product: 'mastercard-gold', soldAt: new Date(await env.currentTimeMs()).toISOString(), channel: 'branch' }, saleKey, requestedBy: 'agent.replay' });
  try {
    const unreached = await sell(reachable!.profile.customerId, 'replay-unreached');
    for (let number = 1; number <= 3; number++) await answer(unreached.workflowId, number, { reached: false });
    await save('unreached-then-email', unreached.workflowId);

    const reached = await sell(other!.profile.customerId, 'replay-reached');
    await answer(reached.workflowId, 1, { reached: true, satisfaction: '3', followUp: 'callback', cancellationIntended: true, cancellationReason: 'price' });
    await save('reached-callback-wanted', reached.workflowId);

    const notContactable = await sell(unasked.profile.customerId, 'replay-not-contactable');
    await env.sleep(Date.parse(notContactable.decideAt) - (await env.currentTimeMs()) + 60_000);
    await save('not-contactable', notContactable.workflowId);

    // Completions that answer their next step as data (patch `care-call-answer-step`): not
    // reached once, then reached with an appointment wanted, which is booked.
    const stepped = await sell(reachable!.profile.customerId, 'replay-answer-step');
    await answer(stepped.workflowId, 1, { reached: false });
    await answer(stepped.workflowId, 2, { reached: true, satisfaction: '2', followUp: 'appointment', cancellationIntended: false });
    const booking = await until(() => system.tasks.get(`${stepped.workflowId}~appointment`), (t) => t !== undefined);
    await tasks.complete(agent, booking!.id, { outcome: 'booked' });
    await save('answer-step-reached-appointment-wanted', stepped.workflowId);
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
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
    const consent = new ConsentUseCases({ temporal: env.client, taskQueue, coreBanking: system.coreBankingClient, evidence: system.evidence, scripts: system.scripts, settings: consentSettingsOf(config), pseudonymOf: system.pseudonymOf });
    const asked = await consent.check({ customerId: 'K-100000', contactId: 'replay-1', channel: 'phone' }, 'agent.replay');
    await consent.answer(asked.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.replay');
    await env.client.workflow.getHandle(consent.workflowIdOf(asked.checkId)).result();
    write(path.join(HISTORIES_DIR, 'consent-check', 'asked-yes-written-through.binpb'), consent.workflowIdOf(asked.checkId), await env.client.workflow.getHandle(consent.workflowIdOf(asked.checkId)).fetchHistory());
    const [withdrawn] = await consent.withdraw('K-100003', { channels: ['phone'] }, 'agent.replay', 'replay-withdrawal');
    await env.client.workflow.getHandle(withdrawn!.workflowId).result();
    write(path.join(HISTORIES_DIR, 'consent-withdrawal', 'phone.binpb'), withdrawn!.workflowId, await env.client.workflow.getHandle(withdrawn!.workflowId).fetchHistory());
    // A customer data update written through to core banking (issue 11).
    const contactData = await env.client.workflow.start(contactDataUpdateWorkflow, {
      workflowId: 'contact-data-update:replay-email',
      taskQueue,
      args: [{ customerId: 'K-100003', contactId: 'call-replay', agentId: 'agent.replay', change: { email: 'replay@example.de' } }],
    });
    await contactData.result();
    write(path.join(HISTORIES_DIR, 'contact-data-update', 'email.binpb'), contactData.workflowId, await contactData.fetchHistory());

    await recordFailurePaths(env, system, taskQueue, { callbacks, tasks, consent, save });
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

/**
 * The paths of the failure-path work (issue 8): a warm transfer on a dead CTI, a Temporal cancel,
 * a stop by a later block, a repair resolved by operations, one pass of the task reconciler, a
 * consent check while core banking is down and one answered twice, and a withdrawal core banking
 * rejects.
 */
async function recordFailurePaths(
  env: TestWorkflowEnvironment,
  system: Awaited<ReturnType<typeof startTestSystem>>,
  taskQueue: string,
  { callbacks, tasks, consent, save }: { callbacks: CallbackUseCases; tasks: TaskUseCases; consent: ConsentUseCases; save: (name: string, workflowId: string) => Promise<void> },
): Promise<void> {
  const config = loadConfig({});
  const customerId = system.coreBanking.population.customers[0]!.profile.customerId;
  const taskOf = async (workflowId: string, key: string) => {
    for (;;) {
      const task = await system.tasks.get(`${workflowId}~${key}`);
      if (task) return task;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const saveTo = async (folder: string, name: string, workflowId: string) =>
    write(path.join(HISTORIES_DIR, folder, `${name}.binpb`), workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  const settled = async (workflowId: string) => {
    for (;;) {
      if ((await env.client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  // A dead CTI: the transfer fails, the task opens, the Direktberatung reaches the customer.
  system.telephony.control.injectFault({ status: 503, code: 'cti-down', times: 10 });
  const callId = system.telephony.control.startCall();
  const dead = await callbacks.start({ customerId, topic: 'kreditkarte', callId, preferredTime: { asap: true } }, 'agent.replay', 'replay-v2-dead-cti');
  await tasks.complete(berater, (await taskOf(dead.workflowId, 'attempt-1')).id, { reached: true, outcome: 'sold' });
  await settled(dead.workflowId);
  system.telephony.control.reset();
  await save('v2-transfer-failed-then-sold', dead.workflowId);

  // A Temporal cancel while the task waits: the task is closed.
  const cancelled = await callbacks.start({ customerId, topic: 'girokonto', preferredTime: { asap: true } }, 'agent.replay', 'replay-v2-cancel');
  await taskOf(cancelled.workflowId, 'attempt-1');
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the mailbox email has gone out
  await env.client.workflow.getHandle(cancelled.workflowId).cancel();
  await settled(cancelled.workflowId);
  await save('v2-cancelled-by-temporal', cancelled.workflowId);

  // A block on the topic between attempts stops the callback.
  const stopped = await callbacks.start({ customerId, topic: 'depot', preferredTime: { asap: true } }, 'agent.replay', 'replay-v2-stop');
  await tasks.complete(berater, (await taskOf(stopped.workflowId, 'attempt-1')).id, { reached: false });
  await new ContactBlockUseCases({ temporal: env.client, taskQueue, blocks: system.blocks, pseudonymOf: system.pseudonymOf }).block({ customerId, topic: 'depot', months: 6, reason: 'kein Interesse' }, 'replay-v2-stop-block', 'agent.replay');
  await settled(stopped.workflowId);
  const stoppedState = await env.client.workflow.getHandle(stopped.workflowId).query(callbackStateQuery);
  if (stoppedState.status !== 'stopped') throw new Error(`expected the callback to stop, it is ${stoppedState.status}`);
  await save('v2-stopped-by-block', stopped.workflowId);

  // A repair, resolved by operations.
  const settings = taskSettingsOf(config);
  await startRepair(env.client, taskQueue, { code: RepairCodes.ProcessClosedWithOpenTasks, problem: 'Replay', sourceWorkflowId: 'replay-source', customerId }, settings);
  const repairId = repairWorkflowId('replay-source', RepairCodes.ProcessClosedWithOpenTasks);
  await tasks.complete({ ...berater, id: 'supervisor.replay', roles: ['supervisor'] }, (await taskOf(repairId, 'repair')).id, { resolution: 'fixed', note: 'Replay' });
  await settled(repairId);
  await saveTo('repair', 'resolved', repairId);

  // One pass of the reconciler (it runs for ever; the history up to its sleep is what counts).
  const reconciler = await env.client.workflow.start(taskReconcilerWorkflow, { workflowId: `task-reconciler-replay-${randomUUID()}`, taskQueue, args: [{ intervalMinutes: 5, settings }] });
  for (;;) {
    const events = (await reconciler.fetchHistory()).events ?? [];
    if (events.some((event) => event.timerStartedEventAttributes)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await reconciler.terminate('recorded');
  await saveTo('task-reconciler', 'one-pass', reconciler.workflowId);

  // Consent: core banking down during the check (503, may be run again), then answered twice.
  system.coreBanking.faults.failNext(20, 503);
  await consent.check({ customerId: 'K-100001', contactId: 'replay-down', channel: 'phone' }, 'agent.replay').catch(() => undefined);
  system.coreBanking.faults.reset();
  await settled(consent.workflowIdOf('K-100001~replay-down'));
  await saveTo('consent-check', 'v2-unavailable', consent.workflowIdOf('K-100001~replay-down'));
  const twice = await consent.check({ customerId: 'K-100001', contactId: 'replay-twice', channel: 'phone' }, 'agent.replay');
  // Core banking refuses the first write-throughs, so the repeated answer meets the running check.
  system.coreBanking.faults.failNext(2, 503);
  await consent.answer(twice.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.replay');
  await consent.answer(twice.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.replay');
  await settled(consent.workflowIdOf(twice.checkId));
  await saveTo('consent-check', 'v2-answered-twice', consent.workflowIdOf(twice.checkId));

  // A withdrawal core banking rejects for good: a repair task for operations.
  // Started directly: the API would ask core banking about the customer first and meet the fault.
  system.coreBanking.faults.failNext(1, 422);
  const rejected = await env.client.workflow.start(consentWithdrawalWorkflow, {
    workflowId: 'consent-withdrawal:replay-rejected',
    taskQueue,
    args: [{ customerId: 'K-100003', request: { channels: ['email'] }, agentId: 'agent.replay', tasks: settings }],
  });
  await settled(rejected.workflowId);
  system.coreBanking.faults.reset();
  await saveTo('consent-withdrawal', 'v2-write-through-rejected', rejected.workflowId);
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

/**
 * Campaign-run histories on the time-skipping server: a run over one branch's adults with slow
 * pacing; one customer reached and not interested, one not reached, then the run cancelled (its
 * contacts end, open call tasks close).
 */
async function recordCampaignRuns(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-campaign-run-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  const campaigns = new PrismaCampaignStore(system.db.client);
  const runStore = new PrismaCampaignRunStore(system.db.client);
  const runs = new CampaignRunUseCases({
    temporal: env.client,
    taskQueue,
    campaigns,
    runs: runStore,
    settings: { ...DEFAULT_CAMPAIGN_RUN_SETTINGS, maxOpenTasks: 2, maxNewTasksPerHour: 2, maxAttempts: 2 },
    callback: callbackPolicyOf(config),
    tasks: taskSettingsOf(config),
    now: () => new Date(),
  });
  const tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  const agent = { id: 'agent.replay', name: 'Agent', roles: ['agent' as const], queues: ['ksc'] };
  const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition as { offer: object };
  const definition = CampaignDefinitionSchema.parse({ ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'branch', in: ['F-01'] }] } });
  const openCalls = async () => (await system.tasks.list({ queues: ['ksc'], statuses: ['open'], limit: 50 })).tasks.filter((task) => task.type === 'campaign-call');
  const advanceUntil = async (done: () => Promise<boolean>) => {
    for (let step = 0; step < 240 && !(await done()); step++) await env.sleep(30 * 60_000);
  };
  const closed = async (workflowId: string) => {
    for (;;) {
      if ((await env.client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const save = async (name: string, workflowId: string) => {
    await closed(workflowId);
    const folder = workflowId.startsWith('campaign-run:') ? 'campaign-run' : 'campaign-contact';
    write(path.join(HISTORIES_DIR, folder, `${name}.binpb`), workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  };
  try {
    await campaigns.saveDraft('replay-lauf', definition, { revision: 0, by: 'owner.replay' });
    await campaigns.publish('replay-lauf', { by: 'owner.replay' });
    const { run } = await runs.launch('replay-lauf', 1, 'owner.replay');
    await advanceUntil(async () => (await openCalls()).length >= 2);
    const [first, second] = await openCalls();
    await tasks.complete(agent, first!.id, { reached: true, outcome: 'not-interested' });
    await tasks.complete(agent, second!.id, { reached: false });
    await runs.cancel(run.runId, 'replay: gestoppt', 'owner.replay');
    // Recorded again with the patch 'campaign-run-wake-during-release' (the first one stays).
    await save('cancelled-after-calls-wake-kept', campaignRunWorkflowId(run.runId));
    await save('reached-not-interested', first!.workflowId);
    await save('not-reached-then-cancelled', second!.workflowId);

    // One pass of the reconciler with the patch 'reconcile-campaign-runs' (the first one stays).
    const reconciler = await env.client.workflow.start(taskReconcilerWorkflow, { workflowId: `task-reconciler-replay-${randomUUID()}`, taskQueue, args: [{ intervalMinutes: 5, settings: taskSettingsOf(config) }] });
    while (!((await reconciler.fetchHistory()).events ?? []).some((event) => event.timerStartedEventAttributes)) await new Promise((resolve) => setTimeout(resolve, 50));
    await reconciler.terminate('recorded');
    write(path.join(HISTORIES_DIR, 'task-reconciler', 'one-pass-with-campaign-runs.binpb'), reconciler.workflowId, await reconciler.fetchHistory());
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

/**
 * A conversation answered and closed by its agent, and the chat router that assigned and released
 * it (on the dev server: the router and the conversation signal each other).
 */
async function recordChat(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: await resolveTemporalCli(), log: { format: 'pretty', level: 'error' } },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-chat-${randomUUID()}`;
  const routerId = `chat-router-replay-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue, { routerId }), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  const hours = chatServiceHoursFromSpec('mon-sun 00:00-24:00');
  try {
    const router = chatRouterOn(env.client, taskQueue, { hours, cap: 4 }, routerId);
    await router.setPresence('agent.replay', 'online');
    const workflowId = await deliverCustomerMessage(env.client, taskQueue, { channel: 'webchat', customerRef: 'creplay0000000000000', settings: { ...chatSettingsOf(config).conversation, hours } }, { messageId: 'replay-1', text: 'Hallo', at: new Date().toISOString() });
    const handle = env.client.workflow.getHandle(workflowId);
    while ((await handle.query(conversationStateQuery)).agentId !== 'agent.replay') await new Promise((resolve) => setTimeout(resolve, 50));
    await handle.executeUpdate(replyToConversationUpdate, { args: [{ agentId: 'agent.replay', text: 'Guten Tag!', messageId: 'replay-reply-1' }] });
    await handle.executeUpdate(closeConversationUpdate, { args: [{ agentId: 'agent.replay', topic: 'Replay' }] });
    await handle.result();
    while (((await router.state()).agents[0]?.conversations.length ?? 1) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    write(path.join(HISTORIES_DIR, 'conversation', 'replied-and-closed-with-transcript.binpb'), workflowId, await handle.fetchHistory());
    // One pass of the reconciler with the patches 'reconcile-conversations' and 'purge-transcripts' (the earlier ones stay).
    const reconciler = await env.client.workflow.start(taskReconcilerWorkflow, { workflowId: `task-reconciler-replay-${randomUUID()}`, taskQueue, args: [{ intervalMinutes: 5, settings: taskSettingsOf(config) }] });
    while (!((await reconciler.fetchHistory()).events ?? []).some((event) => event.timerStartedEventAttributes)) await new Promise((resolve) => setTimeout(resolve, 50));
    await reconciler.terminate('recorded');
    write(path.join(HISTORIES_DIR, 'task-reconciler', 'one-pass-with-transcripts.binpb'), reconciler.workflowId, await reconciler.fetchHistory());
    const routerHandle = env.client.workflow.getHandle(routerId);
    await routerHandle.terminate('recorded');
    write(path.join(HISTORIES_DIR, 'chat-router', 'assigned-and-released.binpb'), routerId, await routerHandle.fetchHistory());
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

/**
 * Social-media reaction cases on the time-skipping server: a lost card answered by the team, and
 * a reputation risk (evidence, two levels alerted by email and SMS, acknowledged, then completed).
 */
async function recordSocialCases(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: resolveTestServer() },
    client: { dataConverter: replayDataConverter },
  });
  const system = await startTestSystem();
  const taskQueue = `record-social-${randomUUID()}`;
  const worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue), { dataConverter: replayDataConverter });
  const config = loadConfig({});
  const tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
  const team = { id: 'social.replay', name: 'Social', roles: ['agent' as const], queues: ['social-media'] };
  const supervisor = { id: 'supervisor.replay', name: 'Supervisor', roles: ['supervisor' as const], queues: ['supervisor'] };
  const taskOf = async (caseId: string) => {
    for (;;) {
      const task = await system.tasks.get(`${caseId}~reaction`);
      if (task) return task;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const start = async (postId: string, text: string) => {
    const postedAt = new Date(await env.currentTimeMs()).toISOString();
    const { caseId } = await startSocialCase(env.client, taskQueue, { post: { network: 'facebook', postId, kind: 'comment', author: { handle: 'replay.kunde', name: 'Replay Kunde' }, text, postedAt }, receivedAt: new Date(postedAt), settings: socialSettingsOf(config), tasks: taskSettingsOf(config) });
    return caseId;
  };
  try {
    const lost = await start('replay_lost_1', 'Ich habe meine EC-Karte verloren.');
    await tasks.complete(team, (await taskOf(lost)).id, { type: 'lost-card' });
    await env.client.workflow.getHandle(lost).result();
    write(path.join(HISTORIES_DIR, 'social-reaction', 'lost-card-answered.binpb'), lost, await env.client.workflow.getHandle(lost).fetchHistory());

    const risk = await start('replay_risk_1', 'Ich wurde von der Sparkasse über den Tisch gezogen.');
    const task = await taskOf(risk);
    await env.sleep(31 * 60_000);
    const handle = env.client.workflow.getHandle(risk);
    while ((await handle.query(socialCaseStateQuery)).escalation?.alerts.length !== 2) await new Promise((resolve) => setTimeout(resolve, 25));
    await handle.executeUpdate(acknowledgeSocialCaseUpdate, { args: [{ by: supervisor.id }] });
    await tasks.complete(supervisor, task.id, { type: 'reputation-risk' });
    await handle.result();
    write(path.join(HISTORIES_DIR, 'social-reaction', 'reputation-risk-acknowledged.binpb'), risk, await handle.fetchHistory());
  } finally {
    await worker.stop();
  }
  await system.close();
  await env.teardown();
}

// `npx tsx test/histories/record.ts social` records only the social-media reaction cases' histories;
// `npx tsx test/histories/record.ts campaign-runs` records only the campaign runs' histories (and a reconciler pass since it looks at runs);
// `… chat` only the conversation's, the chat router's and a reconciler pass that looks at conversations.
if (process.argv[2] === 'social') {
  recordSocialCases().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[2] === 'chat') {
  recordChat().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[2] === 'campaign-runs') {
  recordCampaignRuns().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
