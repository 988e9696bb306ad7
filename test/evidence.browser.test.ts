/**
 * The auditor's evidence view in a real browser (issue 9, part 4): after a consent check answered
 * "yes" through the API, the auditor sees the exact wording, its hash and the audit entries; the
 * filters; a bad customer number beside its field; an agent has no evidence page. axe-core on
 * every state, screenshots of each.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ageOn } from '../adapters/core-banking/simulator/population';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('evidence');
});
afterAll(async () => {
  await system?.stop();
});

/** An adult customer without consent, reachable by phone: the check asks. */
function customerWithoutConsent(): string {
  const { asOf, customers } = system.api.system.coreBanking.population;
  const found = customers.find((c) => ageOn(c.profile.birthDate, asOf) >= 21 && c.consents.length === 0 && !!c.profile.contact.phone && c.profile.customerId !== 'K-100000');
  if (!found) throw new Error('no such customer in the simulated population');
  return found.profile.customerId;
}

test('the auditor sees the consent evidence with its wording and hash, and the audit entries, as one timeline', async () => {
  const customerId = customerWithoutConsent();
  const app = system.api.app;
  const checked = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId: `call-${randomUUID().slice(0, 8)}`, channel: 'phone' }).expect(200);
  expect(checked.body.ask).toBe(true);
  const answered = await request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checked.body.checkId)}/answer`).set(as('agent')).send({ answer: 'yes', channels: ['phone'] }).expect(201);
  const hash = answered.body.evidence[0].wordingSha256 as string;
  const question = checked.body.script.question as string;

  const page = await system.signedInPage('auditor');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachweise' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nachweise' }).waitFor();
  await system.checkAccessibility(page, 'evidence (empty)');
  await system.screenshot(page, 'evidence-empty');

  await page.getByLabel('Kundennummer').fill(customerId);
  await page.getByRole('button', { name: 'Nachweise anzeigen' }).click();
  await page.getByRole('heading', { level: 3, name: 'Einwilligung erteilt: Werbung per Telefon' }).waitFor();
  expect(new URL(page.url()).searchParams.get('kunde')).toBe(customerId);
  const consent = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Einwilligung erteilt: Werbung per Telefon' }) });
  await expect(consent.locator('blockquote').first().innerText()).resolves.toBe(question);
  await consent.getByText(hash).waitFor();
  await consent.getByText('stimmt mit dem gespeicherten Wortlaut überein').waitFor();
  await page.getByRole('heading', { level: 3, name: 'Einwilligungsabfrage begonnen' }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Antwort auf die Einwilligungsabfrage erfasst' }).waitFor();
  const opened = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Einwilligungsabfrage begonnen' }) });
  await opened.getByText('agent.test').waitFor();
  await system.checkAccessibility(page, 'evidence timeline');
  // The objection answers are part of the proven wording: opened, they are checked too.
  await consent.getByText('Vorbereitete Antworten auf Einwände').click();
  await system.checkAccessibility(page, 'evidence timeline with objection answers');
  await system.screenshot(page, 'evidence-timeline');

  // Only the evidence: audit entries leave the list.
  await page.getByRole('checkbox', { name: 'Protokoll' }).uncheck();
  await page.getByRole('heading', { level: 3, name: 'Einwilligungsabfrage begonnen' }).waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 3, name: 'Einwilligung erteilt: Werbung per Telefon' }).waitFor();
  await system.checkAccessibility(page, 'evidence timeline filtered');
  await system.screenshot(page, 'evidence-filtered');

  // A reload of the link shows the same customer (the number is in the URL).
  await page.reload();
  await page.getByRole('heading', { level: 3, name: 'Einwilligung erteilt: Werbung per Telefon' }).waitFor();
});

test('a bad customer number is named beside its field', async () => {
  const page = await system.signedInPage('supervisor');
  await page.goto('/nachweise');
  await page.getByLabel('Kundennummer').fill('K 1');
  await page.getByRole('button', { name: 'Nachweise anzeigen' }).click();
  await page.getByText('Eine Kundennummer besteht aus Buchstaben, Ziffern und Bindestrichen').waitFor();
  expect(await page.getByLabel('Kundennummer').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'evidence with a bad customer number');
  await system.screenshot(page, 'evidence-bad-input');
});

test('an agent has no evidence page; a direct visit says so', async () => {
  const page = await system.signedInPage('agent');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachweise' }).count()).resolves.toBe(0);
  await page.goto('/nachweise?kunde=K-100000');
  await page.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();
  await page.getByText('Diese Seite ist für Revision, Supervisor/in').waitFor();
  await system.checkAccessibility(page, 'evidence, no access');
  await system.screenshot(page, 'evidence-no-access');
});
