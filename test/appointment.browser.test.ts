/**
 * Booking an appointment from the contact console (`/kontakt`) in a real browser against the
 * real system: search the free slots of the customer's branch, see them as German dates and
 * times, book one and read what happens next; a slot a colleague took meanwhile is refused with
 * the next free slots offered. Every state passes axe-core (WCAG 2.1 AA) and is kept as a screenshot.
 */
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { germanDateTime } from '../domain/appointment';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('appointments');
});
afterAll(async () => {
  await system?.stop();
});

/** K-100000 of the simulated population (seed 42), with their branch. */
const CUSTOMER = 'K-100000';

test('an agent books an appointment from the console; a slot taken meanwhile offers the next free ones', async () => {
  const profile = system.api.system.coreBanking.population.customers.find((c) => c.profile.customerId === CUSTOMER)!.profile;
  const page = await system.signedInPage('agent');
  await page.goto(`/kontakt?kunde=${CUSTOMER}`);
  await page.getByRole('heading', { level: 2, name: '5. Beratungstermin' }).waitFor();
  const section = page.locator('section.console-step', { has: page.getByRole('heading', { level: 2, name: '5. Beratungstermin' }) });
  // The customer's branch is proposed.
  const branchId = profile.branchId;
  expect(await section.getByRole('textbox', { name: 'Filiale' }).inputValue()).toBe(branchId);
  await section.getByLabel('Thema').selectOption('kreditkarte');
  await section.getByLabel('Zeitraum').selectOption('14');
  await system.checkAccessibility(page, 'console, appointment search');

  await section.getByRole('button', { name: 'Freie Termine suchen' }).click();
  const choices = section.getByRole('group', { name: /Freie Termine/ }).getByRole('radio');
  await choices.first().waitFor();
  const offered = await (await request(system.api.app).get('/api/v1/appointment-slots').query({ topic: 'kreditkarte', branchId, from: await section.getByLabel('Ab').inputValue(), to: lastDay(await section.getByLabel('Ab').inputValue(), 14), channel: 'branch', limit: '12' }).set(as('agent')).expect(200)).body.slots as Array<{ advisorId: string; advisorName: string; start: string }>;
  expect(await choices.count()).toBe(offered.length);
  // German dates and times, the advisor by name.
  await section.getByText(`${germanDateTime(offered[0]!.start)} bei ${offered[0]!.advisorName} (Filiale ${branchId})`).waitFor();
  await system.checkAccessibility(page, 'console, free slots');
  await system.screenshot(page, 'console-appointment-slots');

  // A colleague books the first slot meanwhile: the page is told 409 and offers the next free ones.
  await request(system.api.app).post('/api/v1/appointments').set(as('agent2')).set('Idempotency-Key', randomUUID())
    .send({ customerId: 'K-100003', topic: 'kreditkarte', advisorId: offered[0]!.advisorId, start: offered[0]!.start, channel: 'branch' }).expect(201);
  await section.getByRole('button', { name: 'Termin buchen' }).click();
  await section.getByText('Bitte einen Termin wählen.').waitFor();
  await choices.first().check();
  await section.getByRole('button', { name: 'Termin buchen' }).click();
  await section.getByText('Dieser Termin wurde gerade vergeben. Bitte einen der nächsten freien Termine wählen.').waitFor();
  await eventually(() => section.getByText(`${germanDateTime(offered[0]!.start)} bei ${offered[0]!.advisorName}`, { exact: false }).count(), (count) => count === 0, 'the taken slot to leave the list');
  await system.checkAccessibility(page, 'console, slot taken');
  await system.screenshot(page, 'console-appointment-taken');

  const label = await choices.first().evaluate((input) => input.parentElement?.textContent ?? '');
  await choices.first().check();
  await section.getByLabel('Notiz für die Beratung').fill('möchte die Gold-Karte');
  await section.getByRole('button', { name: 'Termin buchen' }).click();
  const booked = section.getByRole('status').filter({ hasText: 'Termin gebucht' });
  await booked.waitFor();
  await booked.getByText(label.split(' bei ')[0]!).waitFor();
  await booked.getByText('Der Kunde erhält eine Bestätigung mit Kalendereinladung per E-Mail').waitFor();
  await booked.getByText('Nach dem Termin erfasst die Beratung das Ergebnis').waitFor();
  expect(await section.getByText('Dieser Termin wurde gerade vergeben').count()).toBe(0);
  await system.checkAccessibility(page, 'console, appointment booked');
  await system.screenshot(page, 'console-appointment-booked');

  // The appointment the page shows is the one the process holds; the customer's list has it.
  const link = await booked.getByRole('link', { name: /Zum Prozess appointment:/ }).textContent();
  const appointmentId = link!.replace('Zum Prozess appointment:', '').trim();
  const stored = await request(system.api.app).get(`/api/v1/appointments/${appointmentId}`).set(as('agent')).expect(200);
  expect(stored.body).toMatchObject({ customerId: CUSTOMER, status: 'confirmed', topic: 'kreditkarte', channel: 'branch', requestedBy: 'agent.test' });
  expect(label).toContain(germanDateTime(stored.body.start));

  // The customer's confirmation with its calendar invitation is in the local outbox.
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Postausgang' }).click();
  // Two customers may have appointments at that hour (with two advisors): the UID tells them apart.
  const mail = page.locator('li.card', { hasText: `Ihr Beratungstermin am ${germanDateTime(stored.body.start)}` }).filter({ hasText: stored.body.uid });
  await mail.waitFor();
  await mail.getByText(`Kalender-Einladung termin.ics: Sequenz 0, UID ${stored.body.uid}`).waitFor();
  await mail.getByText('Inhalt von termin.ics anzeigen').click();
  await mail.getByText('METHOD:REQUEST', { exact: false }).waitFor();
  await system.checkAccessibility(page, 'outbox, invitation');
  await system.screenshot(page, 'outbox-invitation');
});

function lastDay(first: string, days: number): string {
  return new Date(Date.parse(`${first}T12:00:00Z`) + (days - 1) * 24 * 60 * 60_000).toISOString().slice(0, 10);
}
