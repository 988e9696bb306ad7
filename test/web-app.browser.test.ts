/**
 * The web app's frame in a real browser: sign-in with the API's token, the navigation by role,
 * links that survive a reload, sign-out, and WCAG 2.1 AA on every frame page.
 */
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import request from 'supertest';
import { as, tokenOf } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('web-app');
});
afterAll(async () => {
  await system?.stop();
});

test('a person signs in with their token, by keyboard alone, and lands where they wanted to go', async () => {
  const page = await system.anonymousPage();
  await page.goto('/aufgaben');
  // Signed out: the sign-in page, which remembers the target.
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/anmelden');
  await system.checkAccessibility(page, 'sign-in');
  await system.screenshot(page, 'sign-in');

  // A wrong token reads as a sentence beside the field.
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // the app's name (a link to the start page)
  await page.keyboard.press('Tab'); // the token field
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('token');
  await page.keyboard.type('not-a-token');
  await page.keyboard.press('Enter');
  await page.getByText('Diesen Zugangsschlüssel kennt das System nicht').waitFor();
  expect(await page.getByLabel('Zugangsschlüssel').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'sign-in with an error');

  await page.getByLabel('Zugangsschlüssel').fill('');
  await page.getByLabel('Zugangsschlüssel').focus();
  await page.keyboard.type(tokenOf('berater'));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/aufgaben');
  await expect(page.getByText('Angemeldet: Berater').isVisible()).resolves.toBe(true);
});

test('the navigation shows each role its pages, and a page outside the role says why', async () => {
  const agent = await system.signedInPage('agent');
  const nav = agent.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(nav.getByRole('link').allInnerTexts()).resolves.toEqual(['Aufgaben', 'Chats', 'Social Media', 'Kontakt-Konsole', 'Prozesse', 'Postausgang']);
  await system.checkAccessibility(agent, 'start page (agent)');
  await system.screenshot(agent, 'start-agent');

  const auditor = await system.signedInPage('auditor');
  await expect(auditor.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allInnerTexts()).resolves.toEqual(['Social Media', 'Nachweise', 'Prozesse', 'Kampagnen', 'Postausgang']);
  const owner = await system.signedInPage('owner');
  await expect(owner.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allInnerTexts()).resolves.toEqual(['Kampagnen', 'Postausgang']);
  await auditor.goto('/kontakt');
  // A reload of a deep link is a fresh start: the stored session is checked, then the page shows.
  await auditor.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();
  await auditor.getByText('Diese Seite ist für Agent/in.').waitFor();
  await system.checkAccessibility(auditor, 'no access');
});

test('an unknown address is a page that says so; the API keeps answering JSON', async () => {
  const page = await system.signedInPage('supervisor');
  await page.goto('/gibt-es-nicht');
  await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
  await system.checkAccessibility(page, 'not found');
  const api = await page.request.get('/api/v1/no-such-endpoint', { headers: { Authorization: `Bearer ${tokenOf('supervisor')}` } });
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: 'no such endpoint' });
});

test('the local outbox shows the emails the system sent', async () => {
  const page = await system.signedInPage('berater');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Postausgang' }).click();
  await page.getByRole('heading', { level: 1, name: 'Postausgang' }).waitFor();
  await page.getByText('Noch keine E-Mails.').waitFor();
  await system.checkAccessibility(page, 'empty outbox');

  // A callback sends the Direktberatung's mailbox an email; the page refreshes by itself.
  await request(system.api.app)
    .post('/api/v1/callbacks')
    .set(as('agent'))
    .set('Idempotency-Key', 'outbox-1')
    .send({ customerId: 'K-100027', topic: 'kreditkarte', preferredTime: { asap: true } })
    .expect(201);
  const mail = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) }).first();
  await mail.waitFor({ timeout: 30_000 });
  await system.checkAccessibility(page, 'outbox with an email');
  await system.screenshot(page, 'outbox');
});

test('signing out ends the session in this tab', async () => {
  const page = await system.signedInPage('berater');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('drehscheibe.token'))).toBeNull();
});
