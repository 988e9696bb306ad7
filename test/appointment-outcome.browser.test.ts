/**
 * The advisor's outcome of an appointment in a real browser against the real system: an advisor
 * of the branch opens the outcome task, claims it, records "held" with a product sold and a
 * follow-up wanted, and reads in German what the process does now (a care call for the product,
 * a task for the follow-up). Over the API, the care call is running. The completed state passes
 * axe-core (WCAG 2.1 AA) and is kept as a screenshot.
 *
 * The outcome task opens when the appointment is over. The system runs on the Temporal dev
 * server (real time), so the appointment is booked over already: the core-banking simulator's
 * clock (the test control for "now" in core banking) is set a week back while the slot is booked,
 * and the process, on Temporal's real clock, finds the appointment ended and opens the task.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { AppointmentUseCases } from '../api/appointments.use-cases';
import { WEB_DIST } from '../api/web-app';
import { outcomeDueAt } from '../domain/appointment';
import type { Slot } from '../domain/appointment-slots';
import type { User } from '../domain/identity';
import { appointmentPolicyOf, callbackPolicyOf, careCallPolicyOf, loadConfig, taskSettingsOf } from '../platform/config';
import { hashToken, UserRegistry } from '../platform/users';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as, TEST_USERS, tokenOf, type TestUser } from './support/users';

/** K-100000 of the simulated population (seed 42): their branch advises on credit cards. */
const CUSTOMER = 'K-100000';
const TOPIC = 'kreditkarte';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

let system: BrowserSystem;
/** The web app for a registry that also knows the branch's advisor (the test users know no branch queue). */
let advisorServer: Server;
let advisorBaseUrl: string;
let branchId: string;
const ADVISOR_TOKEN = `token-advisor-${randomUUID()}`;

beforeAll(async () => {
  system = await startBrowserSystem('appointment-outcome');
  branchId = system.api.system.coreBanking.population.customers.find((c) => c.profile.customerId === CUSTOMER)!.profile.branchId;
  const advisor: User = { id: 'berater.filiale.test', name: 'Beraterin Filiale', roles: ['backoffice'], queues: [`filiale-${branchId}`] };
  const users = new UserRegistry([
    ...(Object.keys(TEST_USERS) as TestUser[]).map((key) => ({ ...TEST_USERS[key], tokenSha256: hashToken(tokenOf(key)) })),
    { ...advisor, tokenSha256: hashToken(ADVISOR_TOKEN) },
  ]);
  const app = system.api.appWith({ webRoot: WEB_DIST, users });
  advisorServer = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const address = advisorServer.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  advisorBaseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  if (advisorServer) {
    // A page may still poll it: close() alone would wait for its busy keep-alive connections.
    advisorServer.closeAllConnections();
    await new Promise((resolve) => advisorServer.close(resolve));
  }
  await system?.stop();
});

/** The branch's advisor, signed in through the sign-in form like everyone else. */
async function advisorPage(): Promise<Page> {
  const context = await system.browser.newContext({ baseURL: advisorBaseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto('/anmelden');
  await page.getByLabel('Zugangsschlüssel').fill(ADVISOR_TOKEN);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  return page;
}

/**
 * Books an appointment that is over already: the latest free slot that ended before now and
 * whose outcome task is still due (a task past due escalates to the supervisors at once).
 * Core banking's clock stands a week back while it is booked.
 */
async function bookAppointmentThatIsOver(): Promise<{ appointmentId: string; workflowId: string }> {
  const { api } = system;
  const clock = api.system.coreBanking.clock;
  const config = loadConfig({});
  const appointments = new AppointmentUseCases({
    temporal: api.env.client,
    coreBanking: api.system.coreBankingClient,
    history: api.system.history,
    settings: { taskQueue: api.taskQueue, policy: appointmentPolicyOf(config), callback: callbackPolicyOf(config), careCall: careCallPolicyOf(config), tasks: taskSettingsOf(config) },
    now: () => new Date(clock.now()),
  });
  const branch = (await api.system.coreBankingClient.getBranch(branchId))!;
  clock.set(Date.now() - 8 * DAY);
  try {
    const now = Date.now();
    const over: Slot[] = [];
    for (let back = 0; back <= 7; back++) {
      const day = berlinDay.format(new Date(now - back * DAY));
      const { slots } = await appointments.slots({ topic: TOPIC, branchId, from: day, to: day, limit: 100 });
      over.push(...slots.filter((slot) => Date.parse(slot.end) < now - MINUTE && outcomeDueAt(new Date(slot.end), branch).getTime() > now + 60 * MINUTE));
    }
    const slot = over.sort((a, b) => Date.parse(b.start) - Date.parse(a.start))[0];
    if (!slot) throw new Error(`no slot at branch ${branchId} in the past week whose outcome task is still due`);
    const answer = await appointments.book({ customerId: CUSTOMER, topic: TOPIC, advisorId: slot.advisorId, start: slot.start, channel: 'branch' }, 'agent.test', randomUUID());
    if (answer.kind !== 'booked') throw new Error('the slot was taken');
    return { appointmentId: answer.appointment.appointmentId, workflowId: answer.appointment.workflowId };
  } finally {
    clock.set(Date.now());
  }
}

test('an advisor records a held appointment with a sale and reads that a care call starts; the care call is running', async () => {
  const { appointmentId } = await bookAppointmentThatIsOver();
  const taskId = `appointment:${appointmentId}~outcome`;
  const taskPath = `/api/v1/tasks/${encodeURIComponent(taskId)}`;
  await eventually(async () => (await request(system.api.app).get(taskPath).set(as('supervisor'))).status, (status) => status === 200, 'the outcome task');

  const page = await advisorPage();
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`Ergebnis des Beratungstermins ${CUSTOMER}`) }).waitFor();
  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByText('Sie haben die Aufgabe übernommen.').waitFor();

  await page.getByRole('radio', { name: 'Termin fand statt' }).check();
  await page.getByRole('group', { name: /Abgeschlossene Produkte/ }).getByRole('checkbox', { name: 'Mastercard Gold' }).check();
  await page.getByRole('group', { name: /Folgetermin gewünscht\?/ }).getByRole('radio', { name: 'ja' }).check();
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();

  const sentence = 'Termin fand statt: Für Mastercard Gold startet ein Nachsorgeanruf; eine Aufgabe zur Vereinbarung des Folgetermins öffnet.';
  await page.getByRole('region', { name: 'Wie es weitergeht' }).getByText(sentence, { exact: true }).waitFor();
  await page.getByText(`Erledigt. ${sentence}`, { exact: true }).waitFor();
  await system.checkAccessibility(page, 'appointment outcome completed');
  await system.screenshot(page, 'appointment-outcome-completed');

  // The process started the care call for the product, and it is among the customer's processes.
  const held = await eventually(
    async () => (await request(system.api.app).get(`/api/v1/appointments/${appointmentId}`).set(as('agent')).expect(200)).body,
    (appointment) => appointment.followUps.careCalls.length === 1 && appointment.followUps.followUpTaskId !== undefined,
    'the care call and the follow-up task',
  );
  expect(held).toMatchObject({ status: 'held', outcome: { outcome: 'held', sold: ['mastercard-gold'], followUp: true, recordedBy: 'berater.filiale.test' } });
  const [careCall] = held.followUps.careCalls as Array<{ product: string; workflowId: string }>;
  expect(careCall).toMatchObject({ product: 'mastercard-gold' });
  const processes = await eventually(
    async () => (await request(system.api.app).get(`/api/v1/customers/${CUSTOMER}/processes`).set(as('agent')).expect(200)).body.processes as Array<{ workflowId: string; type: string; status: string }>,
    (found) => found.some((process) => process.workflowId === careCall!.workflowId),
    'the care call among the customer\'s processes',
  );
  expect(processes.find((process) => process.workflowId === careCall!.workflowId)).toMatchObject({ type: 'careCallWorkflow', status: 'running' });
});
