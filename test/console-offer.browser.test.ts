/**
 * The offer in the contact console (`/kontakt`, step 4 "Serviceanliegen und Angebot") in a real
 * browser against the real system with the default catalog (issue 11): the agent records the
 * service request handled on the call and sees at once the offer with its script and one button
 * per answer, or "Kein Angebot" with every campaign's reasons; the answer leads on to a re-contact
 * block, the Direktberatung or an appointment (a slot taken meanwhile offers the next free ones).
 * Every state passes axe-core (WCAG 2.1 AA) and is kept as a screenshot.
 */
import type { Locator, Page, Request } from 'playwright-core';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { germanDateTime } from '../domain/appointment';
import { adulthoodBegins } from '../domain/contact-policy';
import { DEFAULT_CATALOG } from '../domain/pilot-catalog';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('console-offer');
  // The default catalog, before any decision reads the live campaigns.
  expect(await seedPilotCatalog(new PrismaCampaignStore(system.api.system.appParts().db.client))).toBe(DEFAULT_CATALOG.length);
});
afterAll(async () => {
  await system?.stop();
});

/** The simulated population's documented personas (seed 42, README "Try it"). */
const CARD_HOLDER = 'K-100027';
const MINOR = 'K-100018';
/** Customers a test has used: the contact caps and the "already approached" rule remember every offer. */
const used = new Set<string>([CARD_HOLDER, MINOR]);

const population = () => system.api.system.coreBanking.population.customers;
function profileOf(customerId: string): SimulatedCustomer['profile'] {
  const customer = population().find((c) => c.profile.customerId === customerId);
  if (!customer) throw new Error(`no ${customerId} in the simulated population`);
  return customer.profile;
}
const nameOf = (customerId: string) => `${profileOf(customerId).givenName} ${profileOf(customerId).familyName}`;

/** An adult private customer with phone consent no test has used yet, who `fits`. */
function takeAdultWithPhoneConsent(fits: (customer: SimulatedCustomer) => boolean, what: string): string {
  const found = population().find(
    (c) =>
      !used.has(c.profile.customerId) &&
      Date.now() >= adulthoodBegins(c.profile.birthDate).getTime() &&
      c.profile.segment !== 'business' &&
      c.consents.some((consent) => consent.channel === 'phone' && consent.granted) &&
      fits(c),
  );
  if (!found) throw new Error(`no customer in the simulated population who ${what}`);
  used.add(found.profile.customerId);
  return found.profile.customerId;
}

/** Step 4 of the console. */
const step = (page: Page): Locator => page.locator('section.console-step', { has: page.getByRole('heading', { level: 2, name: '4. Serviceanliegen und Angebot' }) });

async function openConsole(customerId: string): Promise<Page> {
  const page = await system.signedInPage('agent');
  await page.goto(`/kontakt?kunde=${customerId}`);
  await page.getByRole('heading', { level: 3, name: nameOf(customerId) }).waitFor();
  await step(page).waitFor();
  return page;
}

/** `Idempotency-Key`s the page sent with `POST /api/v1{path}`, in order. */
function keysSentTo(page: Page, path: RegExp): string[] {
  const keys: string[] = [];
  page.on('request', (sent: Request) => {
    if (sent.method() === 'POST' && path.test(new URL(sent.url()).pathname)) keys.push(sent.headers()['idempotency-key'] ?? '(none)');
  });
  return keys;
}

interface RecordedRequest {
  id: string;
  offer?: { campaignId: string; version: number };
}

/** Picks the process, records it, and answers the API's view of the request (read from the page's own call). */
async function recordServiceRequest(page: Page, processTitle: string): Promise<RecordedRequest> {
  const section = step(page);
  await section.getByLabel('Bearbeitetes Serviceanliegen').selectOption({ label: processTitle });
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/service-requests');
  await section.getByRole('button', { name: 'Serviceanliegen erfassen' }).click();
  const response = await answered;
  expect(response.status()).toBe(201);
  return (await response.json()) as RecordedRequest;
}

test('the card holder (MasterCard Classic, phone consent) is offered the Gold card with the seed\'s script; "Kein Interesse" sets the block for 6 months', async () => {
  const page = await openConsole(CARD_HOLDER);
  const section = step(page);
  const keys = keysSentTo(page, /^\/api\/v1\/service-requests(\/[^/]+\/outcome)?$/);
  // The channel is the phone unless the agent says otherwise.
  expect(await section.getByRole('radio', { name: 'Telefon', exact: true }).isChecked()).toBe(true);
  await system.checkAccessibility(page, 'console, service request form');

  // Recording without a process says so beside the field.
  await section.getByRole('button', { name: 'Serviceanliegen erfassen' }).click();
  await section.getByText('Bitte das bearbeitete Serviceanliegen wählen.').waitFor();
  expect(await section.getByLabel('Bearbeitetes Serviceanliegen').getAttribute('aria-invalid')).toBe('true');
  // The twelve pilot processes, with their German titles.
  expect(await section.getByLabel('Bearbeitetes Serviceanliegen').locator('option').count()).toBe(13);
  await system.screenshot(page, 'console-offer-start');

  const recorded = await recordServiceRequest(page, 'Kreditkarte – Frage zu bestehender Kreditkarte');
  await section.getByRole('heading', { level: 3, name: 'Angebot: Mastercard Gold' }).waitFor();
  expect(recorded.offer).toMatchObject({ campaignId: 'pilot-10-kreditkarte-upgrade', version: 1 });
  await section.getByRole('status').filter({ hasText: 'Serviceanliegen „Kreditkarte – Frage zu bestehender Kreditkarte“ erfasst. Angebot: Mastercard Gold.' }).waitFor();

  // The seed's script, the salutation filled in, in a quote block of its own.
  const { familyName } = profileOf(CARD_HOLDER);
  expect(await section.locator('blockquote').textContent()).toBe(
    `Frau/Herr ${familyName}, Sie nutzen ja unsere MasterCard Classic, was halten Sie davon die Vorteile unserer MasterCard Gold, wie z.B. die Umsatzbonifikation und die zahlreichen Reiseversicherungen, kennenzulernen, Frau/Herr ${familyName}?`,
  );
  await section.getByText('Kunde nutzt die Mastercard Classic: die Gold-Karte bietet Umsatzbonifikation und zahlreiche Reiseversicherungen.').waitFor();
  await section.locator('dt', { hasText: '„Kein Interesse“' }).waitFor();
  await section.locator('dd', { hasText: 'Schade, gerade auf Reisen ist die Mastercard Gold ein tolles Zahlungsmittel.' }).waitFor();

  // One button per answer the campaign allows, each described by the sentence to say.
  const answers = section.getByRole('list', { name: 'Mögliche Antworten des Kunden' });
  // (An answer that needs more, the callback's time, opens beneath its button: marked by an arrow for the eye, aria-expanded for the ear.)
  expect((await answers.getByRole('button').allInnerTexts()).map((text) => text.replace(/ [▾▴]$/, ''))).toEqual(['Interesse: an die Direktberatung verbinden', 'Interesse: Rückruf der Direktberatung', 'Kein Interesse', 'Vielleicht später']);
  const notInterested = answers.getByRole('button', { name: 'Kein Interesse' });
  const description = await notInterested.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
  expect(description).toContain('Falls Sie zu einem späteren Zeitpunkt Interesse an der MasterCard Gold haben');
  await system.checkAccessibility(page, 'console, offer with script');
  await system.screenshot(page, 'console-offer');

  // By keyboard: focus the answer and press Enter.
  await notInterested.focus();
  await page.keyboard.press('Enter');
  await section.getByRole('status').filter({ hasText: /^Antwort „Kein Interesse“ erfasst\. Sperrvermerk für 6 Monate \(Thema Kreditkarte\)/ }).waitFor();
  await section.getByText('Dazu sagen: „Schade, gerade auf Reisen', { exact: false }).waitFor();
  expect(await answers.count()).toBe(0);
  // The buttons are gone; the focus is on the answer's heading, not lost to the page's start.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Antwort des Kunden');
  // The block shows in step 2 at once.
  await page.getByRole('table', { name: 'Aktive Sperrvermerke' }).getByRole('row', { name: /Kreditkarte/ }).getByText('kein Interesse an Mastercard Gold (Modell V)').waitFor();
  await system.checkAccessibility(page, 'console, offer declined');
  await system.screenshot(page, 'console-offer-declined');

  // One key per submission: the request and the answer each went once.
  expect(keys).toHaveLength(2);
  expect(keys.every((key) => /^konsole-[0-9a-f]{32}$/.test(key))).toBe(true);
  expect(keys[1]).not.toBe(keys[0]);

  // Over the API: the answer is recorded with its block, and the block is there for 6 months.
  const stored = await request(system.api.app).get(`/api/v1/service-requests/${recorded.id}`).set(as('agent')).expect(200);
  expect(stored.body.outcome).toMatchObject({ outcome: 'not-interested', by: 'agent.test', followUp: { kind: 'contact-block' } });
  const blocks = await eventually(
    async () => (await request(system.api.app).get(`/api/v1/customers/${CARD_HOLDER}/contact-blocks`).set(as('agent')).expect(200)).body.blocks as Array<{ topic: string; endsAt: string }>,
    (found) => found.some((block) => block.topic === 'kreditkarte'),
    'the block on kreditkarte',
  );
  const months = (Date.parse(blocks.find((block) => block.topic === 'kreditkarte')!.endsAt) - Date.now()) / (30.44 * 86_400_000);
  expect(months).toBeGreaterThan(5.8);
  expect(months).toBeLessThan(6.2);
});

test('a minor gets no offer: "Kein Angebot" with the reasons per campaign in German, and no answer buttons', async () => {
  const page = await openConsole(MINOR);
  const section = step(page);
  const recorded = await recordServiceRequest(page, 'Kreditkarte – Frage zu bestehender Kreditkarte');
  expect(recorded.offer).toBeUndefined();
  await section.getByRole('heading', { level: 3, name: 'Kein Angebot' }).waitFor();
  await section.getByRole('status').filter({ hasText: 'Kein Angebot: bitte nichts anbieten.' }).waitFor();
  const reasons = section.getByRole('list', { name: 'Gründe je Kampagne' });
  const campaign = reasons.getByRole('listitem').filter({ hasText: 'Kreditkarte – Frage zu bestehender Kreditkarte → Upgrade Mastercard Gold' }).first();
  await campaign.getByText('Der Kunde ist minderjährig: Minderjährige erhalten keine Angebote.').waitFor();
  // The criterion that excluded the customer, and the contact policy's code worded in German.
  await campaign.getByText(/^Alter \d+ liegt unter 18$/).waitFor();
  await campaign.getByText('Der Kunde ist minderjährig: keine Werbung.').waitFor();
  expect(await section.getByText(/policy|advertising|customer/i).count()).toBe(0);
  expect(await section.getByRole('button', { name: 'Kein Interesse' }).count()).toBe(0);
  await system.checkAccessibility(page, 'console, no offer');
  await system.screenshot(page, 'console-offer-none');
});

test('an interested customer: the offer\'s appointment with the campaign\'s topic; a slot taken meanwhile offers the next free ones', async () => {
  // Pilot 1 (Freistellungsauftrag → Beratungsgespräch): any adult private customer with phone consent.
  const customerId = takeAdultWithPhoneConsent(() => true, 'fits pilot 1');
  const page = await openConsole(customerId);
  const section = step(page);
  const recorded = await recordServiceRequest(page, 'Freistellungsauftrag ändern');
  expect(recorded.offer).toMatchObject({ campaignId: 'pilot-01-freistellungsauftrag' });
  await section.getByRole('heading', { level: 3, name: 'Angebot: Einladung zum Beratungsgespräch' }).waitFor();

  const open = section.getByRole('button', { name: 'Interesse: Beratungstermin' });
  expect(await open.getAttribute('aria-expanded')).toBe('false');
  await open.click();
  expect(await open.getAttribute('aria-expanded')).toBe('true');
  await section.getByText('Thema: Geldanlage (vom Angebot vorgegeben)').waitFor();
  await section.getByLabel('Notiz zur Antwort (optional)').fill('möchte über Fonds sprechen');
  await section.getByLabel('Zeitraum').selectOption('14');
  await section.getByRole('button', { name: 'Freie Termine suchen' }).click();
  const choices = section.getByRole('group', { name: /Freie Termine/ }).getByRole('radio');
  await choices.first().waitFor();
  const first = await choices.first().evaluate((input) => input.parentElement?.textContent ?? '');
  await system.checkAccessibility(page, 'console, offer appointment slots');
  await system.screenshot(page, 'console-offer-appointment-slots');

  // A colleague books the first slot meanwhile: the answer is refused with the next free slots.
  const offered = (
    await request(system.api.app)
      .get('/api/v1/appointment-slots')
      .query({ topic: 'geldanlage', branchId: profileOf(customerId).branchId, from: await section.getByRole('combobox', { name: /^Ab / }).inputValue(), to: lastDay(await section.getByRole('combobox', { name: /^Ab / }).inputValue(), 14), channel: 'branch', limit: '12' })
      .set(as('agent'))
      .expect(200)
  ).body.slots as Array<{ advisorId: string; advisorName: string; start: string }>;
  expect(first).toBe(`${germanDateTime(offered[0]!.start)} bei ${offered[0]!.advisorName} (Filiale ${profileOf(customerId).branchId})`);
  await request(system.api.app).post('/api/v1/appointments').set(as('agent2')).set('Idempotency-Key', randomUUID())
    .send({ customerId: CARD_HOLDER, topic: 'geldanlage', advisorId: offered[0]!.advisorId, start: offered[0]!.start, channel: 'branch' }).expect(201);
  await choices.first().check();
  await section.getByRole('button', { name: 'Termin buchen' }).click();
  await section.getByText('Dieser Termin wurde gerade vergeben. Bitte einen der nächsten freien Termine wählen.').waitFor();
  await eventually(() => section.getByText(first, { exact: true }).count(), (count) => count === 0, 'the taken slot to leave the list');
  await system.checkAccessibility(page, 'console, offer slot taken');

  const next = await choices.first().evaluate((input) => input.parentElement?.textContent ?? '');
  await choices.first().check();
  await section.getByRole('button', { name: 'Termin buchen' }).click();
  await section.getByRole('status').filter({ hasText: `Antwort „Interesse: Beratungstermin“ erfasst. Beratungstermin gebucht: ${next.split(' bei ')[0]!}` }).waitFor();
  const link = section.getByRole('link', { name: 'Zum Termin' });
  const appointmentId = decodeURIComponent((await link.getAttribute('href'))!.slice('/termine/'.length));
  await section.getByRole('link', { name: /^Zum Prozess appointment:/ }).waitFor();
  await system.checkAccessibility(page, 'console, offer appointment booked');
  await system.screenshot(page, 'console-offer-appointment');

  const stored = await request(system.api.app).get(`/api/v1/service-requests/${recorded.id}`).set(as('agent')).expect(200);
  expect(stored.body.outcome).toMatchObject({ outcome: 'interested-appointment', note: 'möchte über Fonds sprechen', followUp: { kind: 'appointment', id: appointmentId } });
  const appointment = await eventually(() => request(system.api.app).get(`/api/v1/appointments/${appointmentId}`).set(as('agent')), (res) => res.status === 200 && res.body.status === 'confirmed', 'the appointment');
  expect(appointment.body).toMatchObject({ customerId, topic: 'geldanlage', channel: 'branch' });
  expect(next).toContain(germanDateTime(appointment.body.start));
});

test('an interested customer asks for a callback: the Direktberatung takes over, with the callback\'s state and a link to its process', async () => {
  // Pilot 9 (Kreditkarte – allgemeine Anfrage → Mastercard Gold): not yet a Gold card holder.
  const customerId = takeAdultWithPhoneConsent((c) => !c.products.some((p) => p.product === 'mastercard-gold'), 'fits pilot 9');
  const page = await openConsole(customerId);
  const section = step(page);
  const recorded = await recordServiceRequest(page, 'Kreditkarte – allgemeine Anfrage');
  expect(recorded.offer).toMatchObject({ campaignId: 'pilot-09-kreditkarte-anfrage' });
  await section.getByRole('heading', { level: 3, name: 'Angebot: Mastercard Gold' }).waitFor();

  await section.getByRole('button', { name: 'Interesse: Rückruf der Direktberatung' }).click();
  const form = section.getByRole('form', { name: 'Rückruf zum Angebot anfordern' });
  expect(await form.getByRole('radio', { name: 'So bald wie möglich' }).isChecked()).toBe(true);
  await system.checkAccessibility(page, 'console, offer callback time');
  await form.getByRole('button', { name: 'Rückruf anfordern' }).click();
  await section.getByRole('status').filter({ hasText: 'Antwort „Interesse: Rückruf der Direktberatung“ erfasst. Die Direktberatung übernimmt und ruft den Kunden so bald wie möglich zurück.' }).waitFor();
  const state = section.getByRole('status').filter({ has: page.getByRole('heading', { name: 'Stand des Rückrufs' }) });
  await state.getByText('Wartet auf den Rückruf der Direktberatung').waitFor();
  const href = await state.getByRole('link', { name: /^Zum Prozess callback:/ }).getAttribute('href');
  expect(href).toMatch(/^\/prozesse\/callback%3A/);
  await system.checkAccessibility(page, 'console, offer callback');
  await system.screenshot(page, 'console-offer-callback');

  const stored = await request(system.api.app).get(`/api/v1/service-requests/${recorded.id}`).set(as('agent')).expect(200);
  expect(stored.body.outcome).toMatchObject({ outcome: 'interested-callback', followUp: { kind: 'callback', workflowId: decodeURIComponent(href!.slice('/prozesse/'.length)) } });
  const callback = await request(system.api.app).get(`/api/v1/callbacks/${stored.body.outcome.followUp.id}`).set(as('agent')).expect(200);
  expect(callback.body).toMatchObject({ customerId, topic: 'kreditkarte' });
});

function lastDay(first: string, days: number): string {
  return new Date(Date.parse(`${first}T12:00:00Z`) + (days - 1) * 24 * 60 * 60_000).toISOString().slice(0, 10);
}
