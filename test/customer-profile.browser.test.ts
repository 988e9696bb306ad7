/**
 * Customer data and interests in a real browser against the real system (issue 11, section 3):
 * the contact console says which contact details core banking lacks, the agent captures the
 * email address in step 8 and it reaches core banking exactly once (a wrong address is named
 * beside its field); the agent notes the customer's interests with a note, and the advisor of the
 * customer's branch reads them in the inbox as a notice ("Hinweise", not a task) and marks it
 * read. Every state passes axe-core (WCAG 2.1 AA) and is kept as a screenshot.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { BrowserContext, Locator, Page, Request } from 'playwright-core';
import request from 'supertest';
import { ageOn, findPersonas, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import type { ContactDataWriteBody } from '../adapters/core-banking/wire';
import { WEB_DIST } from '../api/web-app';
import type { User } from '../domain/identity';
import { hashToken, UserRegistry } from '../platform/users';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as, TEST_USERS, tokenOf, type TestUser } from './support/users';

let system: BrowserSystem;
/** The web app for a registry that also knows an advisor of the customer's branch (the test users work no branch queue). */
let advisorServer: Server;
let advisorBaseUrl: string;
const advisorContexts: BrowserContext[] = [];
const ADVISOR_TOKEN = `token-advisor-${randomUUID()}`;
const ADVISOR: User = { id: 'berater.filiale.test', name: 'Beraterin Filiale', roles: ['backoffice'], queues: [] };

/** Core banking lacks this customer's email address (the phone number it has). */
let withoutEmail: string;
/** Core banking has both contact details of this customer; the agent notes their interests. */
let interested: string;
let interestedBranch: string;

const population = () => system.api.system.coreBanking.population;
const profileOf = (customerId: string): SimulatedCustomer['profile'] => population().customers.find((c) => c.profile.customerId === customerId)!.profile;
const nameOf = (customerId: string) => `${profileOf(customerId).givenName} ${profileOf(customerId).familyName}`;

/** An adult customer who is none of the documented personas and who `fits`. */
function adultWhere(fits: (customer: SimulatedCustomer) => boolean, what: string, not: string[] = []): string {
  const { asOf, customers } = population();
  const personas = new Set(Object.values(findPersonas(population())).map((persona) => persona.customerId));
  const found = customers.find((c) => !personas.has(c.profile.customerId) && !not.includes(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && fits(c));
  if (!found) throw new Error(`no customer in the simulated population who ${what}`);
  return found.profile.customerId;
}

beforeAll(async () => {
  system = await startBrowserSystem('customer-profile');
  // Never asked for advertising consent either: the step points to step 3.
  withoutEmail = adultWhere((c) => !c.profile.contact.email && !!c.profile.contact.phone && c.consents.length === 0, 'has a phone number but no email address and was never asked for consent');
  interested = adultWhere((c) => !!c.profile.contact.email && !!c.profile.contact.phone, 'has an email address and a phone number', [withoutEmail]);
  interestedBranch = profileOf(interested).branchId;
  const advisor = { ...ADVISOR, queues: [`filiale-${interestedBranch}`] };
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
  // First the advisor's pages: the inbox holds the task feed open, and the server waits for it.
  for (const context of advisorContexts) await context.close().catch(() => undefined);
  if (advisorServer) {
    const closed = new Promise((resolve) => advisorServer.close(resolve));
    advisorServer.closeAllConnections();
    await closed;
  }
  await system?.stop();
});

/** The branch's advisor, signed in through the sign-in form like everyone else. */
async function advisorPage(): Promise<Page> {
  const context = await system.browser.newContext({ baseURL: advisorBaseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  advisorContexts.push(context);
  const page = await context.newPage();
  await page.goto('/anmelden');
  await page.getByLabel('Zugangsschlüssel').fill(ADVISOR_TOKEN);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  return page;
}

/** Step 8 of the console. */
const step = (page: Page): Locator => page.locator('section.console-step', { has: page.getByRole('heading', { level: 2, name: '8. Kundendaten und Interessen' }) });

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

/** The next answer of the page's `POST /api/v1{path}`. */
function answerOf(page: Page, path: string) {
  return page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/v1${path}`);
}

async function coreBankingWrites(customerId: string): Promise<ContactDataWriteBody[]> {
  const res = await fetch(`${system.api.system.coreBanking.url}/_sim/contact-data/${customerId}/writes`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { writes: ContactDataWriteBody[] }).writes;
}

/** The described-by text of a form control (its hint and error). */
const descriptionOf = (field: Locator) => field.evaluate((element) => (element.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));

test('the console asks for the missing email address; a wrong one is named beside the field, the right one reaches core banking exactly once', async () => {
  const page = await openConsole(withoutEmail);
  const section = step(page);
  const keys = keysSentTo(page, /^\/api\/v1\/customers\/[^/]+\/contact-data$/);

  // The customer card says what to ask for and links to step 8.
  const prompt = page.getByRole('status').filter({ hasText: 'Bitte erfragen: E-Mail-Adresse' });
  await prompt.waitFor();
  await prompt.getByRole('link', { name: 'In Schritt 8 „Kundendaten und Interessen“ erfassen' }).click();
  expect(new URL(page.url()).hash).toBe('#schritt-kundendaten');
  expect(new URL(page.url()).searchParams.get('kunde')).toBe(withoutEmail);

  // Only the missing field is asked; the phone number core banking has.
  const email = section.getByLabel('E-Mail-Adresse');
  expect(await email.getAttribute('type')).toBe('email');
  expect(await section.getByLabel('Mobilnummer').count()).toBe(0);
  await section.getByText('Dem Kernbankensystem fehlt: E-Mail-Adresse.').waitFor();
  // Never asked for advertising consent: a pointer to step 3.
  await section.getByText('Werbeeinwilligung fehlt').waitFor();
  await section.getByRole('link', { name: 'Schritt 3 „Werbeeinwilligung“' }).waitFor();
  await system.checkAccessibility(page, 'console, customer data: email missing');
  await system.screenshot(page, 'customer-data-missing');

  // Nothing entered: said beside the field, nothing sent.
  await section.getByRole('button', { name: 'Kontaktdaten übertragen' }).click();
  await section.getByText('Bitte die E-Mail-Adresse eingeben.').waitFor();
  expect(await email.getAttribute('aria-invalid')).toBe('true');
  expect(keys).toEqual([]);

  // A wrong address: the API refuses it naming the field; the message is beside it and read with it.
  await email.fill('kein-at-zeichen');
  const refused = answerOf(page, `/customers/${withoutEmail}/contact-data`);
  await section.getByRole('button', { name: 'Kontaktdaten übertragen' }).click();
  expect((await refused).status()).toBe(400);
  await section.getByText('Das ist keine gültige E-Mail-Adresse.', { exact: false }).waitFor();
  expect(await email.getAttribute('aria-invalid')).toBe('true');
  expect(await descriptionOf(email)).toContain('Das ist keine gültige E-Mail-Adresse.');
  await section.getByRole('alert').filter({ hasText: 'Bitte die markierten Angaben prüfen.' }).waitFor();
  await system.checkAccessibility(page, 'console, customer data: email refused');
  await system.screenshot(page, 'customer-data-refused');

  // The right one: accepted, said so, and the form and the card's prompt are gone.
  const address = `neu.${randomUUID().slice(0, 6)}@example.de`;
  await email.fill(address);
  const accepted = answerOf(page, `/customers/${withoutEmail}/contact-data`);
  await section.getByRole('button', { name: 'Kontaktdaten übertragen' }).click();
  const answer = await accepted;
  expect(answer.status()).toBe(202);
  const body = (await answer.json()) as { fields: string[]; updateId: string; contactId: string };
  expect(body.fields).toEqual(['email']);
  // The contact is this call: the id in step 1.
  expect(body.contactId).toBe(await page.getByLabel('Anruf-ID dieses Gesprächs').inputValue());
  await section.getByRole('status').filter({ hasText: 'Wird an das Kernbankensystem übertragen: E-Mail-Adresse.' }).waitFor();
  expect(await section.getByLabel('E-Mail-Adresse').count()).toBe(0);
  expect(await prompt.count()).toBe(0);
  // The focus is on the part's heading, not lost to the page's start.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Kontaktdaten');
  await system.checkAccessibility(page, 'console, customer data: email sent');
  await system.screenshot(page, 'customer-data-sent');

  // One key per submission: the refused one and the accepted one each went once, with their own key.
  expect(keys).toHaveLength(2);
  expect(keys.every((key) => /^konsole-[0-9a-f]{32}$/.test(key))).toBe(true);
  expect(keys[1]).not.toBe(keys[0]);

  // Core banking has it exactly once, once the write-through is done; the summary no longer names it.
  await system.api.env.client.workflow.getHandle(body.updateId).result();
  const writes = await coreBankingWrites(withoutEmail);
  expect(writes).toEqual([expect.objectContaining({ customerId: withoutEmail, email: address })]);
  expect(writes[0]).not.toHaveProperty('phone');
  const after = await request(system.api.app).get(`/api/v1/customers/${withoutEmail}`).set(as('agent')).expect(200);
  expect(after.body.missing).toEqual([]);
});

test('the agent notes two interests and a note for the advisor; the branch\'s advisor reads it under "Hinweise" in the inbox and marks it read', async () => {
  const page = await openConsole(interested);
  const section = step(page);
  const keys = keysSentTo(page, /^\/api\/v1\/customers\/[^/]+\/profile-notes$/);

  // Core banking has both contact details: nothing to ask.
  await section.getByText('Das Kernbankensystem hat E-Mail-Adresse und Mobilnummer des Kunden').waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'Bitte erfragen' }).count()).toBe(0);
  const interests = section.getByRole('group', { name: /Der Kunde hat erwähnt/ });
  await interests.getByLabel('plant Immobilienkauf').waitFor();
  await section.getByText('Noch keine Notizen zu Interessen des Kunden.').waitFor();

  // Neither an interest nor a note: said beside the list, nothing sent.
  await section.getByRole('button', { name: 'Interessen notieren' }).click();
  await interests.getByText('Bitte mindestens ein Interesse ankreuzen oder eine Notiz schreiben.').waitFor();
  expect(await descriptionOf(interests)).toContain('Bitte mindestens ein Interesse ankreuzen oder eine Notiz schreiben.');
  expect(keys).toEqual([]);

  await interests.getByLabel('plant Immobilienkauf').check();
  await interests.getByLabel('Kind kommt in die Schule').check();
  const note = 'Kauf in etwa einem Jahr, Eigenkapital vorhanden';
  await section.getByLabel('Notiz für die Beraterin / den Berater').fill(note);
  await system.checkAccessibility(page, 'console, interests ticked');
  const recorded = answerOf(page, `/customers/${interested}/profile-notes`);
  await section.getByRole('button', { name: 'Interessen notieren' }).click();
  const answer = await recorded;
  expect(answer.status()).toBe(201);
  const profileNote = (await answer.json()) as { id: string; interests: Array<{ code: string }>; note: string; recordedBy: string; notice: { queue: string } };
  expect(profileNote).toMatchObject({ interests: [{ code: 'immobilienkauf' }, { code: 'kind-schule' }], note, recordedBy: 'agent.test', notice: { queue: `filiale-${interestedBranch}` } });
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^konsole-[0-9a-f]{32}$/);

  // The confirmation names the branch's queue and says it is no task.
  await section
    .getByRole('status')
    .filter({ hasText: `Notiert und als Hinweis an die Beraterin / den Berater (Warteschlange filiale-${interestedBranch}) gegeben – keine Aufgabe, nur zur Kenntnis.` })
    .waitFor();
  // The form is empty again for the next thing the customer mentions.
  expect(await interests.getByLabel('plant Immobilienkauf').isChecked()).toBe(false);
  expect(await section.getByLabel('Notiz für die Beraterin / den Berater').inputValue()).toBe('');
  // The note is listed among the customer's notes.
  const earlier = section.getByRole('list', { name: 'Bisherige Notizen zum Kunden' }).getByRole('listitem');
  await earlier.filter({ hasText: 'plant Immobilienkauf · Kind kommt in die Schule' }).filter({ hasText: note }).filter({ hasText: 'notiert von agent.test' }).waitFor();
  expect(await earlier.count()).toBe(1);
  await system.checkAccessibility(page, 'console, interests noted');
  await system.screenshot(page, 'customer-interests-noted');

  // The branch's advisor: the notice in the inbox, above the tasks, without a due time or a claim.
  const advisor = await advisorPage();
  await advisor.goto('/aufgaben');
  const notices = advisor.locator('section', { has: advisor.getByRole('heading', { level: 2, name: 'Hinweise (zur Kenntnis)' }) });
  const item = notices.getByRole('listitem').filter({ has: advisor.getByRole('heading', { level: 3, name: `Kundeninteresse ${interested}: plant Immobilienkauf, Kind kommt in die Schule` }) });
  await item.waitFor();
  await item.getByText('plant Immobilienkauf · Kind kommt in die Schule').waitFor();
  await item.getByText(note).waitFor();
  await item.getByText(`filiale-${interestedBranch}`).waitFor();
  expect(await item.getByText(/Fällig|Übernehmen/).count()).toBe(0);
  await advisor.getByRole('heading', { level: 2, name: 'Aufgaben Ihrer Warteschlangen' }).waitFor();
  await system.checkAccessibility(advisor, 'inbox with a notice');
  await system.screenshot(advisor, 'inbox-notice');

  // "Gelesen": it leaves the list, the page says so, and the focus stays in the notices.
  const read = answerOf(advisor, `/notices/${encodeURIComponent(profileNote.id)}/read`);
  await item.getByRole('button', { name: 'Gelesen' }).click();
  expect((await read).status()).toBe(200);
  await notices.getByRole('status').filter({ hasText: `Als gelesen markiert: Kundeninteresse ${interested}` }).waitFor();
  await item.waitFor({ state: 'detached' });
  await notices.getByText('Keine ungelesenen Hinweise.').waitFor();
  expect(await advisor.evaluate(() => document.activeElement?.textContent)).toBe('Hinweise (zur Kenntnis)');
  await system.checkAccessibility(advisor, 'inbox, notice read');
  await system.screenshot(advisor, 'inbox-notice-read');

  // Over the API: read by the advisor, and no longer among the unread.
  const all = await request(advisorServer).get('/api/v1/notices').query({ status: 'all' }).set('Authorization', `Bearer ${ADVISOR_TOKEN}`).expect(200);
  const notice = (all.body.notices as Array<{ id: string; customerId: string; readBy?: string; readAt?: string }>).find((entry) => entry.customerId === interested);
  expect(notice).toMatchObject({ readBy: ADVISOR.id, readAt: expect.any(String) });
  const unread = await request(advisorServer).get('/api/v1/notices').set('Authorization', `Bearer ${ADVISOR_TOKEN}`).expect(200);
  expect((unread.body.notices as Array<{ customerId: string }>).filter((entry) => entry.customerId === interested)).toEqual([]);
});
