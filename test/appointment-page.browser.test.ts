/**
 * One appointment's page (`/termine/{id}`) in a real browser against the real system: booked
 * through the API, the page shows who, what, with whom, where and when (German time) and the
 * timeline with the invitation's sequence; a reschedule and a cancel through the API show after
 * a reload. The console lists the customer's appointments with links to their pages; an
 * auditor reads the page too; an unknown id reads as such. Every state passes axe-core
 * (WCAG 2.1 AA) and is kept as a screenshot.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('appointment-page');
});
afterAll(async () => {
  await system?.stop();
});

/** K-100001 of the simulated population (seed 42). */
const CUSTOMER = 'K-100001';
const DAY = 24 * 60 * 60_000;
const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
/** As the web app shows an instant: "26.11.2026, 14:05". */
const shown = (iso: string) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

interface Slot {
  advisorId: string;
  advisorName: string;
  branchId: string;
  start: string;
}

async function freeSlots(query: Record<string, string>): Promise<Slot[]> {
  const from = berlinDay.format(new Date(Date.now() + 3 * DAY));
  const to = berlinDay.format(new Date(Date.now() + 9 * DAY));
  const answer = await request(system.api.app).get('/api/v1/appointment-slots').query({ topic: 'geldanlage', from, to, channel: 'phone', limit: '20', ...query }).set(as('agent')).expect(200);
  return answer.body.slots as Slot[];
}

test('an appointment shows its facts and timeline; a reschedule and a cancel show after a reload', async () => {
  const profile = system.api.system.coreBanking.population.customers.find((c) => c.profile.customerId === CUSTOMER)!.profile;
  const [slot] = await freeSlots({ branchId: profile.branchId });
  expect(slot).toBeDefined();
  const booked = await request(system.api.app).post('/api/v1/appointments').set(as('agent')).set('Idempotency-Key', randomUUID())
    .send({ customerId: CUSTOMER, topic: 'geldanlage', advisorId: slot!.advisorId, start: slot!.start, channel: 'phone' }).expect(201);
  const id = booked.body.appointmentId as string;

  const page = await system.signedInPage('agent');
  await page.goto(`/termine/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Beratungstermin: Geldanlage' }).waitFor();
  const facts = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Termin' }) }).locator('dl.facts');
  await facts.getByText('gebucht', { exact: true }).waitFor();
  for (const text of [CUSTOMER, `${slot!.advisorName} (${slot!.advisorId})`, profile.branchId, 'Am Telefon', `${shown(slot!.start)} Uhr`, `${shown(booked.body.end)} Uhr`, 'agent.test']) {
    await facts.getByText(text, { exact: true }).waitFor();
  }
  const processLink = page.getByRole('link', { name: `Zum Prozess appointment:${id}` });
  expect(await processLink.getAttribute('href')).toBe(`/prozesse/${encodeURIComponent(`appointment:${id}`)}`);
  const timeline = page.getByRole('table', { name: /Was mit diesem Termin geschah/ });
  await timeline.getByRole('row', { name: /Gebucht von agent\.test/ }).getByText('Einladung mit Sequenz 0 versandt', { exact: false }).waitFor();
  // Booked days ahead: the reminder is planned a day before.
  await timeline.getByRole('row', { name: /Erinnerung geplant/ }).getByRole('rowheader', { name: shown(new Date(Date.parse(slot!.start) - DAY).toISOString()) }).waitFor();
  await system.checkAccessibility(page, 'appointment page, booked');
  await system.screenshot(page, 'appointment-page-booked');

  // Moved to a later free slot of the same advisor: after a reload the page has the new time and sequence 1.
  const later = (await freeSlots({ advisorId: slot!.advisorId })).filter((free) => free.start > slot!.start).pop();
  expect(later).toBeDefined();
  await request(system.api.app).post(`/api/v1/appointments/${id}/reschedule`).set(as('agent')).send({ start: later!.start }).expect(200);
  await page.reload();
  await facts.getByText(`${shown(later!.start)} Uhr`, { exact: true }).waitFor();
  await timeline.getByRole('row', { name: /Verschoben von agent\.test/ }).getByText(`Termin: ${shown(later!.start)}`, { exact: false }).waitFor();
  await timeline.getByRole('row', { name: /Verschoben von agent\.test/ }).getByText('Einladung mit Sequenz 1 versandt', { exact: false }).waitFor();

  // Cancelled by a supervisor: the state reads so and the cancellation went out with sequence 2.
  await request(system.api.app).post(`/api/v1/appointments/${id}/cancel`).set(as('supervisor')).send({}).expect(200);
  await page.reload();
  await facts.getByText('abgesagt', { exact: true }).waitFor();
  await timeline.getByRole('row', { name: /Abgesagt von supervisor\.test/ }).getByText('Absage mit Sequenz 2 versandt', { exact: false }).waitFor();
  expect(await timeline.getByRole('row', { name: /Erinnerung geplant/ }).count()).toBe(0);
  expect(await timeline.getByRole('row').count()).toBe(4); // header, booked, rescheduled, cancelled
  await system.checkAccessibility(page, 'appointment page, cancelled');
  await system.screenshot(page, 'appointment-page-cancelled');

  // The console lists the customer's appointments; the link leads to the page.
  await eventually(async () => (await request(system.api.app).get(`/api/v1/customers/${CUSTOMER}/appointments`).set(as('agent')).expect(200)).body.appointments.length, (count) => count === 1, "the customer's appointments to list it");
  await page.goto(`/kontakt?kunde=${CUSTOMER}`);
  const section = page.locator('section.console-step', { has: page.getByRole('heading', { level: 2, name: '5. Beratungstermin' }) });
  const list = section.getByRole('table', { name: 'Beratungstermine des Kunden, der späteste zuerst' });
  const row = list.getByRole('row', { name: new RegExp(`${shown(later!.start).replace(/[.]/g, '\\.')} Uhr`) });
  await row.getByText('abgesagt', { exact: true }).waitFor();
  await system.checkAccessibility(page, 'console, customer appointments');
  await system.screenshot(page, 'console-customer-appointments');
  await row.getByRole('link').click();
  await page.waitForURL(`**/termine/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Beratungstermin: Geldanlage' }).waitFor();

  // An auditor reads it as well (the API lets them).
  const auditor = await system.signedInPage('auditor');
  await auditor.goto(`/termine/${id}`);
  await auditor.locator('dl.facts').getByText('abgesagt', { exact: true }).waitFor();
});

test('an unknown appointment id reads as such', async () => {
  const page = await system.signedInPage('backoffice');
  await page.goto('/termine/000000000000000000000000');
  await page.getByRole('alert').getByText('Einen Termin mit der ID „000000000000000000000000“ gibt es nicht. Bitte die ID prüfen.').waitFor();
  await system.checkAccessibility(page, 'appointment page, unknown id');
});
