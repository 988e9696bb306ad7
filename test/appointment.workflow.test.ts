/**
 * The appointment process on Temporal's time-skipping server, with a real database, a real SMTP
 * server and the core-banking simulator (branches, advisors, calendars) behind its HTTP adapter.
 * Days and months pass with env.sleep; the simulator's clock is set to the server's before each
 * booking, so "the past" means the same to both.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import ICAL from 'ical.js';
import { AppointmentUseCases, type AppointmentView } from '../api/appointments.use-cases';
import { HttpError } from '../api/http-error';
import { TaskUseCases } from '../api/tasks.use-cases';
import { appointmentWorkflowId, DEFAULT_APPOINTMENT_POLICY, germanDateTime, outcomeDueAt, type AppointmentPolicy } from '../domain/appointment';
import type { Slot } from '../domain/appointment-slots';
import { toLocalDateTime } from '../domain/calling-hours';
import { callbackWorkflowId, type CallbackPolicy } from '../domain/callback';
import { DEFAULT_CARE_CALL_POLICY } from '../domain/care-call';
import type { User } from '../domain/identity';
import type { TaskBoardSettings, TaskRecord } from '../domain/task';
import type { CaughtEmail } from '../adapters/email/local-smtp-server';
import type { EmailOutbox } from '../adapters/email/email.port';
import { SmtpSendError } from '../adapters/email/smtp-transport';
import { RepairCodes, repairWorkflowId } from '../domain/repair';
import { scopedKey } from '../api/idempotency';
import { AppointmentBookingFailedError, startAppointment } from '../workflows/appointment.client';
import { appointmentStateQuery } from '../workflows/appointment.messages';
import { eventually } from './support/eventually';
import { startTestSystem, type TestSystem } from './support/system';
import { createTimeSkippingEnv } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BRANCH = 'F-01';
const TOPIC = 'kreditkarte';
const callback: CallbackPolicy = { queue: 'direktberatung', mailbox: ['direktberatung@bank.example'], slaMinutes: 120, reminderMinutesBeforeDue: 30, maxAttempts: 3, attemptSpacingMinutes: 240, transferTimeoutSeconds: 5, blockMonths: 6 };
const taskSettings: TaskBoardSettings = { escalationQueue: 'supervisor', escalationEmail: ['ksc-leitung@bank.example'], reminderEmail: [], appBaseUrl: 'http://drehscheibe.test' };
const policy: AppointmentPolicy = { ...DEFAULT_APPOINTMENT_POLICY };
/** An advisor of the branch, as a user working its queue. */
const advisorUser = { id: 'berater.finn', name: 'Finn Kemper', roles: ['backoffice'], queues: [`filiale-${BRANCH}`] } as User;

let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
/** A second worker whose mail server refuses the processes a failure-path test names. */
let failingWorker: RunningWorker;
const failingQueue = `appointment-failing-${randomUUID()}`;
/** Processes whose customer invitation the mail server rejects for good (a closed mailbox). */
const rejectingFor = new Set<string>();
/** Processes whose booking confirmation fails for good for another reason. */
const brokenFor = new Set<string>();
let tasks: TaskUseCases;
/** The test server's time at the last sync, and the real time then. */
let synced = { server: 0, real: 0 };
const serverNow = () => new Date(synced.server + (Date.now() - synced.real));
const taskQueue = `appointment-${randomUUID()}`;

beforeAll(async () => {
  [env, system] = await Promise.all([createTimeSkippingEnv(), startTestSystem()]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  const failingDeps = system.deps(env.client, failingQueue);
  const outbox: EmailOutbox = {
    async sendOnce(message) {
      const [workflowId, step] = [message.idempotencyKey.slice(0, message.idempotencyKey.lastIndexOf('/')), message.idempotencyKey.split('/').pop()];
      if (rejectingFor.has(workflowId) && step === 'customer-booked-0') throw new SmtpSendError('550 mailbox unavailable', 'EENVELOPE', 550, true);
      // A failure that no retry mends (here: a broken letter), not a refused mailbox.
      if (brokenFor.has(workflowId) && step === 'customer-booked-0') throw ApplicationFailure.nonRetryable('the letter could not be rendered', 'LetterBroken');
      return failingDeps.outbox.sendOnce(message);
    },
  };
  failingWorker = await startWorker(env, failingQueue, { ...failingDeps, outbox });
  tasks = new TaskUseCases({ temporal: env.client, tasks: system.tasks });
});

afterAll(async () => {
  await failingWorker?.stop();
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

/** The use cases with `overrides` of the policy, on the test server's clock. */
function appointments(overrides: Partial<AppointmentPolicy> = {}) {
  return new AppointmentUseCases({
    temporal: env.client,
    coreBanking: system.coreBankingClient,
    history: system.history,
    settings: { taskQueue, policy: { ...policy, ...overrides }, callback, careCall: DEFAULT_CARE_CALL_POLICY, tasks: taskSettings },
    now: serverNow,
  });
}

/** Sets the simulator's clock to the test server's, so both agree on what is past. */
async function syncClocks(): Promise<void> {
  synced = { server: await env.currentTimeMs(), real: Date.now() };
  system.coreBanking.clock.set(synced.server);
}

const customer = () => {
  const found = system.coreBanking.population.customers.find((c) => c.profile.contact.email && c.profile.federalState === 'NW');
  if (!found) throw new Error('no customer with email');
  return found.profile;
};

const localDate = (at: Date) => toLocalDateTime(at).date;

/** The first free slot for the topic at the branch from `from` (a local day) on, one week long. */
async function firstSlot(useCases: AppointmentUseCases, from: Date, pick: (slot: Slot) => boolean = () => true): Promise<Slot> {
  const { slots } = await useCases.slots({ topic: TOPIC, branchId: BRANCH, from: localDate(from), to: localDate(new Date(from.getTime() + 6 * DAY)), limit: 100 });
  const slot = slots.find(pick);
  if (!slot) throw new Error('no free slot');
  return slot;
}

async function book(useCases: AppointmentUseCases, slot: Slot): Promise<AppointmentView> {
  const answer = await useCases.book({ customerId: customer().customerId, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'branch', note: 'Kunde fragt nach Gold-Karte' }, 'agent.test', randomUUID());
  if (answer.kind !== 'booked') throw new Error('the slot was taken');
  expect(answer.appointment).toMatchObject({ status: 'confirmed', start: slot.start, sequence: 0 });
  return answer.appointment;
}

const mailsTo = (address: string, subject: string): CaughtEmail[] => system.smtp.messages().filter((m) => m.to.includes(address) && m.subject?.includes(subject));

/** The invitation attached to a mail, parsed with ical.js. */
function invitation(mail: CaughtEmail) {
  const file = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  if (!file) throw new Error('no calendar attachment');
  const calendar = new ICAL.Component(ICAL.parse(file.content));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return { method: calendar.getFirstPropertyValue('method'), uid: event.uid, sequence: event.sequence, start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString(), status: event.component.getFirstPropertyValue('status') };
}

const state = (appointmentId: string) => env.client.workflow.getHandle(`appointment:${appointmentId}`).query(appointmentStateQuery);

async function outcomeTask(appointmentId: string): Promise<TaskRecord> {
  return eventually(() => system.tasks.get(`appointment:${appointmentId}~outcome`), (task) => task !== undefined, 'the outcome task') as Promise<TaskRecord>;
}

test('booked: invitation to the customer, notice to the advisor; reminder a day before; outcome task due the next business day; a sale starts the care call, a follow-up its task', async () => {
  await syncClocks();
  const useCases = appointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 3 * DAY));
  const booked = await book(useCases, slot);
  const email = customer().contact.email!;

  const [confirmation] = await eventually(() => mailsTo(email, 'Ihr Beratungstermin am'), (found) => found.length > 0, 'the confirmation');
  expect(confirmation!.subject).toBe(`Ihr Beratungstermin am ${germanDateTime(slot.start)}`);
  expect(confirmation!.text).toContain(`Mit: ${slot.advisorName}`);
  expect(invitation(confirmation!)).toEqual({ method: 'REQUEST', uid: booked.uid, sequence: 0, start: slot.start, end: slot.end, status: 'CONFIRMED' });
  const advisor = (await system.coreBankingClient.getAdvisor(slot.advisorId))!;
  const [notice] = await eventually(() => mailsTo(advisor.email, 'Neuer Beratungstermin'), (found) => found.length > 0, 'the advisor notice');
  expect(notice!.text).toContain(`Kunde: ${customer().customerId}`);
  expect((await system.coreBankingClient.getBooking(booked.bookingId!))?.status).toBe('confirmed');
  expect(booked.reminder).toEqual({ status: 'scheduled', at: new Date(Date.parse(slot.start) - 24 * HOUR).toISOString() });

  // A minute after the reminder time.
  await env.sleep(Date.parse(slot.start) - 24 * HOUR + MINUTE - (await env.currentTimeMs()));
  const [reminder] = await eventually(() => mailsTo(email, 'Erinnerung an Ihren Beratungstermin'), (found) => found.length > 0, 'the reminder');
  expect(reminder!.text).toContain(`Wann: ${germanDateTime(slot.start)}`);
  expect((await state(booked.appointmentId)).reminder.status).toBe('sent');

  // After the end: the outcome task in the branch's queue, due at the close of the next business day.
  await env.sleep(Date.parse(slot.end) + MINUTE - (await env.currentTimeMs()));
  const task = await outcomeTask(booked.appointmentId);
  const branch = (await system.coreBankingClient.getBranch(BRANCH))!;
  expect(task).toMatchObject({ type: 'appointment-outcome', queue: `filiale-${BRANCH}`, status: 'open', dueAt: outcomeDueAt(new Date(slot.end), branch).toISOString() });
  expect(task.title).toContain(germanDateTime(slot.start));

  const answer = await tasks.complete(advisorUser, task.id, { outcome: 'held', sold: ['mastercard-gold'], followUp: true });
  expect(answer.next).toBe('held: a care call starts for each product sold (mastercard-gold); a task to book the follow-up appointment opens');
  expect(answer.step).toEqual({ kind: 'appointment-outcome', outcome: 'held', careCalls: ['mastercard-gold'], followUp: true });
  const followUpId = `appointment:${booked.appointmentId}~follow-up`;
  const followUp = await eventually(() => system.tasks.get(followUpId), (found) => found !== undefined, 'the follow-up task');
  expect(followUp).toMatchObject({ type: 'appointment-follow-up', queue: 'ksc' });
  const after = await state(booked.appointmentId);
  expect(after.status).toBe('held');
  expect(after.followUps.careCalls).toHaveLength(1);
  const careCall = await env.client.workflow.getHandle(after.followUps.careCalls[0]!.workflowId).describe();
  expect(careCall.type).toBe('careCallWorkflow');
  // Its id carries the customer's pseudonym and the sale key, never the customer number.
  expect(careCall.workflowId).not.toContain(customer().customerId);

  const recorded = await tasks.complete({ ...advisorUser, queues: ['ksc'] }, followUpId, { outcome: 'booked' });
  expect(recorded.step).toEqual({ kind: 'process-done', process: 'appointment' });
  await eventually(() => env.client.workflow.getHandle(`appointment:${booked.appointmentId}`).describe(), (d) => d.status.name === 'COMPLETED', 'the process to end');
});

test('booked later than the reminder time: no reminder', async () => {
  await syncClocks();
  // Two weeks of reminder time: any slot of the coming week is "later than that".
  const useCases = appointments({ reminderHours: 14 * 24 });
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + DAY));
  const booked = await book(useCases, slot);
  expect(booked.reminder).toEqual({ status: 'none' });
  await env.sleep(Date.parse(slot.end) + MINUTE - (await env.currentTimeMs()));
  await outcomeTask(booked.appointmentId);
  expect(mailsTo(customer().contact.email!, `Erinnerung an Ihren Beratungstermin am ${germanDateTime(slot.start)}`)).toEqual([]);
});

test('no-show: the Direktberatung gets a callback to re-arrange the appointment', async () => {
  await syncClocks();
  const useCases = appointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + DAY));
  const booked = await book(useCases, slot);
  await env.sleep(Date.parse(slot.end) + MINUTE - (await env.currentTimeMs()));
  const task = await outcomeTask(booked.appointmentId);
  const answer = await tasks.complete(advisorUser, task.id, { outcome: 'no-show' });
  expect(answer.next).toBe('no-show: the Direktberatung gets a callback to re-arrange the appointment');
  expect(answer.step).toEqual({ kind: 'appointment-outcome', outcome: 'no-show', careCalls: [], followUp: false });
  const after = await eventually(() => state(booked.appointmentId), (s) => s.followUps.callbackId !== undefined, 'the callback');
  expect(after.status).toBe('no-show');
  const callbackTask = await eventually(() => system.tasks.get(`${callbackWorkflowId(after.followUps.callbackId!)}~attempt-1`), (found) => found !== undefined, 'the callback task');
  expect(callbackTask).toMatchObject({ queue: 'direktberatung', type: 'callback-attempt' });
  expect(callbackTask!.context.note).toContain('nicht wahrgenommen');
});

test('reschedule keeps the UID and raises the SEQUENCE; cancel sends METHOD:CANCEL; a cancelled appointment cannot be moved (409)', async () => {
  await syncClocks();
  const useCases = appointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 2 * DAY));
  const booked = await book(useCases, slot);
  const later = await firstSlot(useCases, new Date(serverNow().getTime() + 4 * DAY), (s) => s.advisorId === slot.advisorId);
  const moved = await useCases.reschedule(booked.appointmentId, later.start, 'agent.other');
  expect(moved.kind).toBe('booked');
  expect(moved.kind === 'booked' && moved.appointment).toMatchObject({ start: later.start, end: later.end, sequence: 1, uid: booked.uid, status: 'confirmed' });
  // One booking, moved: the old slot is free again.
  expect(await system.coreBankingClient.getBooking(booked.bookingId!)).toMatchObject({ start: later.start, status: 'confirmed' });

  const email = customer().contact.email!;
  const [change] = await eventually(() => mailsTo(email, 'Ihr Beratungstermin wurde verschoben'), (found) => found.some((m) => m.subject!.includes(germanDateTime(later.start))), 'the change');
  expect(invitation(change!)).toEqual({ method: 'REQUEST', uid: booked.uid, sequence: 1, start: later.start, end: later.end, status: 'CONFIRMED' });

  const cancelled = await useCases.cancel(booked.appointmentId, 'agent.test', 'Kunde verhindert');
  expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 2 });
  const [cancel] = await eventually(() => mailsTo(email, `Abgesagt: Ihr Beratungstermin am ${germanDateTime(later.start)}`), (found) => found.length > 0, 'the cancellation');
  expect(invitation(cancel!)).toEqual({ method: 'CANCEL', uid: booked.uid, sequence: 2, start: later.start, end: later.end, status: 'CANCELLED' });
  expect((await system.coreBankingClient.getBooking(booked.bookingId!))?.status).toBe('cancelled');

  const refused = await useCases.reschedule(booked.appointmentId, slot.start, 'agent.test').catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(HttpError);
  expect((refused as HttpError).status).toBe(409);
  await expect(useCases.cancel(booked.appointmentId, 'agent.test')).rejects.toMatchObject({ status: 409 });
  // Each change in the contact history, once its letters went out.
  const outcomes = async () => (await system.history.since(customer().customerId, new Date(0))).filter((h) => h.workflowId === `appointment:${booked.appointmentId}`).map((h) => h.outcome).sort();
  await eventually(outcomes, (found) => found.length === 3, 'three history entries');
  expect(await outcomes()).toEqual(['appointment-booked', 'appointment-cancelled', 'appointment-rescheduled']);
});

test('the week of the March clock change: slots at the same local hours, the reminder 24 hours before in local time', async () => {
  await syncClocks();
  const useCases = appointments();
  // Easter 2027: Thursday 25 March (CET) … Tuesday 30 and Wednesday 31 March (CEST).
  const { slots } = await useCases.slots({ topic: TOPIC, branchId: BRANCH, from: '2027-03-25', to: '2027-03-31', limit: 100 });
  const days = new Set(slots.map((s) => localDate(new Date(s.start))));
  expect([...days].every((day) => ['2027-03-25', '2027-03-27', '2027-03-30', '2027-03-31'].includes(day))).toBe(true);
  for (const s of slots) {
    const local = toLocalDateTime(new Date(s.start));
    expect(local.utcOffsetMinutes).toBe(local.date < '2027-03-28' ? 60 : 120);
    expect(local.minuteOfDay % 30).toBe(0);
    expect(local.minuteOfDay).toBeGreaterThanOrEqual(local.weekday === 'sat' ? 10 * 60 : 9 * 60);
  }
  const slot = slots.find((s) => localDate(new Date(s.start)) === '2027-03-30');
  if (!slot) throw new Error('no slot on Tuesday 30 March');
  const booked = await book(useCases, slot);
  const reminderAt = Date.parse(slot.start) - 24 * HOUR;
  expect(toLocalDateTime(new Date(reminderAt)).time).toBe(toLocalDateTime(new Date(slot.start)).time);
  await env.sleep(reminderAt + MINUTE - (await env.currentTimeMs()));
  const [reminder] = await eventually(() => mailsTo(customer().contact.email!, `Erinnerung an Ihren Beratungstermin am ${germanDateTime(slot.start)}`), (found) => found.length > 0, 'the reminder');
  expect(germanDateTime(slot.start)).toMatch(/^Dienstag, 30\. März 2027, \d\d:\d\d Uhr$/);
  expect(reminder!.text).toContain(germanDateTime(slot.start));
  const [confirmation] = mailsTo(customer().contact.email!, `Ihr Beratungstermin am ${germanDateTime(slot.start)}`);
  expect(invitation(confirmation!).start).toBe(slot.start);
  expect((await state(booked.appointmentId)).reminder).toEqual({ status: 'sent', at: new Date(reminderAt).toISOString() });
});

test('core banking away while booking: nothing is booked, the agent is told (503); the same request books once it is back', async () => {
  await syncClocks();
  const useCases = appointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 2 * DAY));
  const branch = (await system.coreBankingClient.getBranch(BRANCH))!;
  const start = {
    appointmentId: randomUUID().replace(/-/g, '').slice(0, 24),
    request: { customerId: customer().customerId, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'phone' as const },
    end: slot.end,
    advisorName: slot.advisorName,
    branch: { branchId: branch.branchId, name: branch.name, town: branch.town, federalState: branch.federalState, timeZone: branch.timeZone, openingHours: branch.openingHours },
    requestedBy: 'agent.test',
    fingerprint: 'core-banking-away',
  };
  const settings = { taskQueue, policy, callback, careCall: DEFAULT_CARE_CALL_POLICY, tasks: taskSettings };
  // Every try of the hold while the agent waits fails.
  system.coreBanking.faults.failNext(4, 503);
  await expect(startAppointment(env.client, settings, start)).rejects.toBeInstanceOf(AppointmentBookingFailedError);
  expect((await system.coreBankingClient.getFreeBusy(slot.advisorId, { from: slot.start, to: slot.end })).busy.filter((b) => b.start === slot.start)).toEqual([]);

  const booked = await startAppointment(env.client, settings, start);
  expect(booked).toMatchObject({ status: 'confirmed', start: slot.start });
});

test('cancelled by an operator (a Temporal cancel): the advisor\'s slot is released', async () => {
  await syncClocks();
  const useCases = appointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 2 * DAY));
  const booked = await book(useCases, slot);
  const handle = env.client.workflow.getHandle(booked.workflowId);
  await handle.cancel();
  await eventually(() => handle.describe(), (d) => d.status.name === 'CANCELLED', 'the process to end cancelled');
  expect((await system.coreBankingClient.getBooking(booked.bookingId!))?.status).toBe('cancelled');
});

/** The use cases on the worker whose mail server fails for the named processes. */
function failingAppointments() {
  return new AppointmentUseCases({
    temporal: env.client,
    coreBanking: system.coreBankingClient,
    history: system.history,
    settings: { taskQueue: failingQueue, policy, callback, careCall: DEFAULT_CARE_CALL_POLICY, tasks: taskSettings },
    now: serverNow,
  });
}

test("the customer's mailbox refuses the invitation: the appointment stands, operations get a repair task", async () => {
  await syncClocks();
  const useCases = failingAppointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 3 * DAY));
  const key = randomUUID();
  const workflowId = appointmentWorkflowId(scopedKey('agent.test', key));
  rejectingFor.add(workflowId);
  const answer = await useCases.book({ customerId: customer().customerId, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'branch' }, 'agent.test', key);
  expect(answer.kind).toBe('booked');
  const told = await eventually(() => env.client.workflow.getHandle(workflowId).query(appointmentStateQuery), (s) => s.changes[0]?.customerTold !== undefined, 'the invitation attempt');
  expect(told).toMatchObject({ status: 'confirmed', changes: [{ kind: 'booked', customerTold: 'rejected' }] });
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(workflowId, RepairCodes.CustomerEmailRejected)}~repair`), (task) => task !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations', status: 'open', context: expect.objectContaining({ code: RepairCodes.CustomerEmailRejected, sourceWorkflowId: workflowId }) });
});

test('a confirmation that cannot be delivered: the appointment stands and goes on, operations get an APPOINTMENT_LETTER_FAILED repair at once', async () => {
  await syncClocks();
  const useCases = failingAppointments();
  const slot = await firstSlot(useCases, new Date(serverNow().getTime() + 3 * DAY));
  const key = randomUUID();
  const workflowId = appointmentWorkflowId(scopedKey('agent.test', key));
  brokenFor.add(workflowId);
  const answer = await useCases.book({ customerId: customer().customerId, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'branch' }, 'agent.test', key);
  if (answer.kind !== 'booked') throw new Error('the slot was taken');
  // Right away, not when the process ends days later.
  const repair = await eventually(() => system.tasks.get(`${repairWorkflowId(workflowId, RepairCodes.AppointmentLetterFailed)}~repair`), (task) => task !== undefined, 'the repair task');
  expect(repair).toMatchObject({ queue: 'operations', status: 'open', context: expect.objectContaining({ code: RepairCodes.AppointmentLetterFailed, sourceWorkflowId: workflowId, customerId: customer().customerId }) });
  expect((repair!.context as { problem: string }).problem).toContain('Bestätigung');
  const noted = await eventually(() => state(answer.appointment.appointmentId), (s) => s.changes[0]?.deliveryFailed === true, 'the undelivered letter in the state');
  expect(noted.status).toBe('confirmed');
  expect(noted.reminder.status).toBe('scheduled');
  // The process goes on: it still answers the agent, and the next letter goes out.
  const cancelled = await useCases.cancel(noted.appointmentId, 'agent.test');
  expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
  await eventually(() => mailsTo(customer().contact.email!, 'Abgesagt'), (mails) => mails.some((mail) => invitation(mail).uid === noted.uid), 'the cancel letter');
  expect((await env.client.workflow.getHandle(workflowId).describe()).status.name).not.toBe('FAILED');
});
