/**
 * The agent's contact console (`/kontakt`) in a real browser against the real system: look up a
 * customer, read what the contact rules say, run the consent check with the script and record the
 * answer, set and lift a re-contact block, start a callback. Every state passes axe-core (WCAG 2.1
 * AA) and is kept as a screenshot.
 */
import type { Page, Request } from 'playwright-core';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('console');
});
afterAll(async () => {
  await system?.stop();
});

/** The simulated population's documented personas (seed 42, README "Try it"). */
const NEVER_ASKED = 'K-100000';
const PHONE_CONSENT = 'K-100003';
const CARD_HOLDER = 'K-100027';

function nameOf(customerId: string): string {
  const customer = system.api.system.coreBanking.population.customers.find((c) => c.profile.customerId === customerId);
  if (!customer) throw new Error(`no ${customerId} in the simulated population`);
  return `${customer.profile.givenName} ${customer.profile.familyName}`;
}

async function lookUp(page: Page, customerId: string): Promise<void> {
  await page.getByLabel('Kundennummer').fill(customerId);
  await page.getByRole('button', { name: 'Kunde suchen' }).click();
}

/** The contact policy's answer as the page shows it. */
const decision = (page: Page) => page.locator('.console-decision');

/** `Idempotency-Key`s the page sent with `POST /api/v1{path}`, in order. */
function keysSentTo(page: Page, path: string): string[] {
  const keys: string[] = [];
  page.on('request', (sent: Request) => {
    if (sent.method() === 'POST' && new URL(sent.url()).pathname === `/api/v1${path}`) keys.push(sent.headers()['idempotency-key'] ?? '(none)');
  });
  return keys;
}

test('an agent looks up a customer never asked, runs the consent check with the script, records "ja" for phone and sees the stored proof; the policy then allows the offer', async () => {
  const page = await system.signedInPage('agent');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Kontakt-Konsole' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kontakt-Konsole' }).waitFor();
  await system.checkAccessibility(page, 'console, empty');
  await system.screenshot(page, 'console-start');

  await lookUp(page, NEVER_ASKED);
  await page.getByRole('heading', { level: 3, name: nameOf(NEVER_ASKED) }).waitFor();
  expect(new URL(page.url()).searchParams.get('kunde')).toBe(NEVER_ASKED);
  await page.getByText('Keine Werbeeinwilligung erfasst').waitFor();
  await page.getByText('Keine aktiven Sperrvermerke.').waitFor();
  // An offer by phone needs consent: denied, with the reason, and no time to wait for.
  await decision(page).getByText('Nicht erlaubt').waitFor();
  await decision(page).getByText('Für Werbung per Telefon liegt keine Einwilligung vor').waitFor();
  await decision(page).getByText('Kein frühester Zeitpunkt').waitFor();
  await system.checkAccessibility(page, 'console, customer found');
  await system.screenshot(page, 'console-customer');

  // A reload keeps the customer (the number is in the address).
  await page.reload();
  await page.getByRole('heading', { level: 3, name: nameOf(NEVER_ASKED) }).waitFor();
  const callId = await page.getByLabel('Anruf-ID dieses Gesprächs').inputValue();
  expect(callId).toMatch(/^anruf-[0-9a-f]{8}$/);

  await page.getByRole('button', { name: 'Einwilligung prüfen' }).click();
  await page.getByText('Bitte fragen: es fehlt die Einwilligung für Telefon und E-Mail.').waitFor();
  await page.getByRole('heading', { level: 3, name: /^Leitfaden \(Version \d+\)$/ }).waitFor();
  await page.locator('blockquote').getByText('Sind Sie damit einverstanden').waitFor();
  await page.getByText('„Wer ruft mich denn da an?“').waitFor();
  await page.getByText('Der Gesetzgeber schreibt diese Zustimmung vor').waitFor();
  await system.checkAccessibility(page, 'console, consent script');
  await system.screenshot(page, 'console-consent-script');

  // Saving without an answer says so beside the choice.
  await page.getByRole('button', { name: 'Antwort speichern' }).click();
  await page.getByText('Bitte die Antwort des Kunden wählen.').waitFor();
  await system.checkAccessibility(page, 'console, consent answer missing');

  await page.getByLabel('Ja, einverstanden').check();
  await page.getByRole('group', { name: /Einverstanden mit Werbung per/ }).getByLabel('Telefon').check();
  await page.getByRole('button', { name: 'Antwort speichern' }).click();
  await page.getByText('Einwilligung für Telefon gespeichert.').waitFor();
  const proof = page.getByRole('table', { name: 'Gespeicherter Nachweis' });
  await proof.waitFor();

  // The proof shown is the proof stored.
  const trail = await request(system.api.app).get(`/api/v1/customers/${NEVER_ASKED}/consents`).set(as('auditor')).expect(200);
  const stored = trail.body.evidence.find((record: { contactId?: string; channel: string }) => record.contactId === callId && record.channel === 'phone');
  expect(stored).toMatchObject({ answer: 'yes', granted: true, agentId: 'agent.test', wordingSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const row = proof.getByRole('row', { name: /Telefon/ });
  await row.getByText(stored.id).waitFor();
  await row.getByText(stored.wordingSha256).waitFor();
  // Then core banking takes the decision, once.
  await row.getByText(/^eingetragen \(/).waitFor({ timeout: 30_000 });
  await page.getByText(/Stand der Einwilligungsprüfung: Abgeschlossen/).waitFor();

  // The rules now: phone consent granted (from the proof), and the offer by phone is allowed.
  await page.getByRole('table', { name: 'Werbeeinwilligungen, wie sie jetzt gelten' }).getByRole('row', { name: /Telefon/ }).getByText('erteilt').waitFor();
  await decision(page).getByText('Erlaubt', { exact: true }).waitFor();
  await decision(page).getByText('Keine Regel steht entgegen').waitFor();
  await system.checkAccessibility(page, 'console, consent recorded');
  await system.screenshot(page, 'console-consent-proof');

  // At 200 % zoom (half the width in CSS pixels) the page reflows: nothing needs scrolling sideways.
  await page.setViewportSize({ width: 640, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await system.checkAccessibility(page, 'console at 200 % zoom');
  await system.screenshot(page, 'console-zoom-200');
});

test('the agent sets a re-contact block and sees it listed; a retried submission reuses its key; the policy then denies the topic until the block ends; lifting it', async () => {
  const page = await system.signedInPage('agent');
  await page.goto(`/kontakt?kunde=${PHONE_CONSENT}`);
  await page.getByRole('heading', { level: 3, name: nameOf(PHONE_CONSENT) }).waitFor();
  await decision(page).getByText('Erlaubt', { exact: true }).waitFor();
  const keys = keysSentTo(page, '/contact-blocks');

  const form = page.getByRole('form', { name: 'Sperrvermerk setzen' });
  await form.getByLabel('Thema').selectOption('kreditkarte');
  await form.getByLabel('Dauer in Monaten').fill('6');
  await form.getByLabel('Grund').fill('kein Interesse an der Kreditkarte');

  // The first try never reaches the server; the same submission again carries the same key.
  let dropped = false;
  await page.route('**/api/v1/contact-blocks', async (route) => {
    if (!dropped && route.request().method() === 'POST') {
      dropped = true;
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await form.getByRole('button', { name: 'Sperrvermerk setzen' }).click();
  await page.getByText('Keine Verbindung zum Server').waitFor();
  await form.getByRole('button', { name: 'Sperrvermerk setzen' }).click();
  await page.getByText(/Sperrvermerk „Kreditkarte“ gesetzt: keine werbliche Ansprache zu diesem Thema bis/).waitFor();
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^konsole-[0-9a-f]{32}$/);
  expect(keys[1]).toBe(keys[0]);

  const blocks = page.getByRole('table', { name: 'Aktive Sperrvermerke' });
  await blocks.getByRole('row', { name: /Kreditkarte/ }).getByText('kein Interesse an der Kreditkarte').waitFor();
  await decision(page).getByText('Nicht erlaubt').waitFor();
  await decision(page).getByText(/Ein Sperrvermerk verbietet die Ansprache zu diesem Thema bis/).waitFor();
  await decision(page).getByText(/Frühestens erlaubt ab/).waitFor();
  await system.checkAccessibility(page, 'console, block set');
  await system.screenshot(page, 'console-block');

  // A second "no" is a new submission: a new key, and the running block is extended.
  await form.getByLabel('Dauer in Monaten').fill('12');
  await form.getByRole('button', { name: 'Sperrvermerk setzen' }).click();
  await page.getByText(/Sperrvermerk „Kreditkarte“ verlängert/).waitFor();
  expect(keys).toHaveLength(3);
  expect(keys[2]).not.toBe(keys[0]);

  // A month count the API refuses is named beside its field.
  await form.getByLabel('Dauer in Monaten').fill('999');
  await form.getByRole('button', { name: 'Sperrvermerk setzen' }).click();
  await form.getByText('Höchstens 60.').waitFor();
  expect(await form.getByLabel('Dauer in Monaten').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'console, block months refused');

  await blocks.getByRole('button', { name: /Aufheben/ }).click();
  await page.getByText(/Sperrvermerk „Kreditkarte“ aufgehoben/).waitFor();
  await page.getByText('Keine aktiven Sperrvermerke.').waitFor();
  await decision(page).getByText('Erlaubt', { exact: true }).waitFor();
  const listed = await request(system.api.app).get(`/api/v1/customers/${PHONE_CONSENT}/contact-blocks`).set(as('agent')).expect(200);
  expect(listed.body.blocks).toEqual([]);
});

test('the agent starts a callback and sees its state and a link to its process; a window without times is named beside the fields', async () => {
  const page = await system.signedInPage('agent');
  await page.goto(`/kontakt?kunde=${CARD_HOLDER}`);
  await page.getByRole('heading', { level: 3, name: nameOf(CARD_HOLDER) }).waitFor();
  await page.getByText('MasterCard Classic').waitFor();
  const keys = keysSentTo(page, '/callbacks');

  const form = page.getByRole('form', { name: 'Rückruf anfordern' });
  await form.getByLabel('In einem Zeitfenster').check();
  await form.getByRole('button', { name: 'Rückruf anfordern' }).click();
  await form.getByText('Bitte Datum und Uhrzeit angeben.').first().waitFor();
  expect(await form.getByLabel('Von').getAttribute('aria-invalid')).toBe('true');
  expect(await form.getByLabel('Bis').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'console, callback window missing');
  await system.screenshot(page, 'console-callback-error');

  await form.getByLabel('So bald wie möglich').check();
  await form.getByLabel('Notiz für die Direktberatung').fill('möchte die Gold-Karte');
  await form.getByRole('button', { name: 'Rückruf anfordern' }).click();
  await page.getByText('Rückruf zum Thema „Kreditkarte“ angefordert. Die Direktberatung erhält eine Aufgabe und eine E-Mail.').waitFor();
  const state = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'Stand des Rückrufs' }) });
  await state.getByText('Wartet auf den Rückruf der Direktberatung').waitFor();
  await state.getByText('Fällig').waitFor();
  const link = state.getByRole('link', { name: /^Zum Prozess callback:/ });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/prozesse\/callback%3A[0-9a-f]{24}$/);
  // The page's key started exactly one callback, which the API knows by that id.
  expect(keys).toHaveLength(2);
  expect(keys[1]).toMatch(/^konsole-/);
  const callbackId = decodeURIComponent(href!.slice('/prozesse/'.length)).slice('callback:'.length);
  const known = await eventually(() => request(system.api.app).get(`/api/v1/callbacks/${callbackId}`).set(as('agent')), (res) => res.status === 200, 'the callback');
  expect(known.body).toMatchObject({ customerId: CARD_HOLDER, topic: 'kreditkarte', status: 'waiting', requestedBy: 'agent.test' });
  await system.checkAccessibility(page, 'console, callback started');
  await system.screenshot(page, 'console-callback');
});

test('a bad customer number, an unknown one and none at all are each named beside the field', async () => {
  const page = await system.signedInPage('agent');
  await page.goto('/kontakt');
  const field = page.getByLabel('Kundennummer');

  await lookUp(page, 'K 100000');
  await page.getByText('Nur Buchstaben, Ziffern und Bindestriche, höchstens 64 Zeichen (z. B. K-100000).').waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const description = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
  expect(description).toContain('Nur Buchstaben, Ziffern und Bindestriche');
  await system.checkAccessibility(page, 'console, bad customer number');
  await system.screenshot(page, 'console-bad-number');

  await lookUp(page, 'K-999999');
  await page.getByText('Diese Kundennummer ist im Kernbankensystem nicht bekannt. Bitte prüfen.').waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'console, unknown customer');

  await lookUp(page, '');
  await page.getByText('Bitte eine Kundennummer eingeben.').waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
});
