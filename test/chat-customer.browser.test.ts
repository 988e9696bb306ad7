/**
 * The chat page's customer parts in a real browser against the real system (issue 13): the agent
 * links a WhatsApp conversation to a customer of the simulated core banking ("Kunde zuordnen":
 * search, see whom it found, confirm; an unknown or malformed number is refused beside the field),
 * sees the name and opens the contact console with that customer; after the conversation is
 * closed and the same customer writes again, "Frühere Gespräche" shows the earlier conversation
 * with its words, read only when a conversation is opened or linked (each read is audited). After
 * the 24-hour window free text is disabled and the agent sends an approved template with its
 * parameter, which reaches the simulated WhatsApp platform. axe-core finds no WCAG 2.1 AA
 * violation on any state.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { testPseudonymOf } from './support/temporal';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('chat-customer');
  whatsapp().setWebhookUrl(`${system.baseUrl}/api/v1/channels/whatsapp/webhook`);
});
afterAll(async () => {
  await system?.stop();
});

const whatsapp = () => system.api.system.whatsapp.control;

/** The customer's pseudonym as the page shows it (shortened). */
const shortRef = (waId: string) => testPseudonymOf(`whatsapp:${waId}`).slice(0, 9);
const conversationIdOf = (waId: string) => `conversation:whatsapp~${testPseudonymOf(`whatsapp:${waId}`)}`;

/** The customer writes on WhatsApp; the simulator delivers it to the app's webhook. */
async function customerWrites(waId: string, text: string, at?: Date): Promise<void> {
  const result = await whatsapp().inbound({ from: waId, text, ...(at ? { at } : {}) });
  expect(result.outcome).toBe(200);
}

/** The link of a conversation in "Meine Gespräche". */
const listLink = (page: Page, waId: string) => page.getByRole('region', { name: /^Meine Gespräche/ }).getByRole('link', { name: new RegExp(`WhatsApp Kunde ${shortRef(waId)}`) });

/** Opens the conversation of `waId` from the list, once it is there, and returns its region. */
async function openConversation(page: Page, waId: string) {
  await listLink(page, waId).waitFor({ timeout: 30_000 });
  await listLink(page, waId).click();
  return page.getByRole('region', { name: `WhatsApp: Kunde ${shortRef(waId)}…` });
}

async function goOnline(page: Page): Promise<void> {
  await page.goto('/chat');
  await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
  await page.getByRole('group', { name: 'Ihr Chat-Status' }).getByRole('button', { name: 'Online' }).click();
  await page.getByRole('status').filter({ hasText: 'Ihr Chat-Status: Online.' }).waitFor();
}

test('the agent links the conversation to the customer record; when the customer writes again, the earlier conversation is there', async () => {
  const page = await system.signedInPage('agent');
  await goOnline(page);
  const profile = system.api.system.coreBanking.population.customers[7]!.profile;
  const fullName = `${profile.givenName} ${profile.familyName}`;

  const customer = '491704440001';
  await customerWrites(customer, 'Guten Tag, ich bin umgezogen und möchte meine Adresse ändern.');
  const conversation = await openConversation(page, customer);
  await conversation.getByRole('log', { name: 'Verlauf' }).getByText('Guten Tag, ich bin umgezogen und möchte meine Adresse ändern.').waitFor();
  await conversation.getByRole('heading', { name: 'Frühere Gespräche (0)' }).waitFor();
  await conversation.getByText('Keine früheren Gespräche unter diesem Pseudonym.', { exact: false }).waitFor();

  // A malformed and an unknown number are refused beside the field, naming the number.
  const link = conversation.getByRole('form', { name: 'Kunde zuordnen' });
  const number = link.getByLabel('Kundennummer');
  await number.fill('kein kunde');
  await link.getByRole('button', { name: 'Kunde suchen' }).click();
  await link.getByText('Kundennummer kein kunde: Nur Buchstaben, Ziffern und Bindestriche', { exact: false }).waitFor();
  await number.fill('K-999999');
  await link.getByRole('button', { name: 'Kunde suchen' }).click();
  await link.getByText('Die Kundennummer K-999999 ist im Kernbankensystem nicht bekannt. Bitte prüfen.').waitFor();
  expect(await number.getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'an unknown customer number');

  // The customer of the population: the page says whom it found; only the confirmation links it.
  await number.fill(profile.customerId);
  await link.getByRole('button', { name: 'Kunde suchen' }).click();
  await link.getByRole('status').filter({ hasText: `Gefunden: ${fullName} (${profile.customerId})` }).getByText(`Filiale ${profile.branchId}`, { exact: false }).waitFor();
  expect(await number.getAttribute('aria-invalid')).toBeNull();
  await system.checkAccessibility(page, 'a customer found');
  const before = await request(system.api.app).get(`/api/v1/chat/conversations/${encodeURIComponent(conversationIdOf(customer))}`).set(as('agent')).expect(200);
  expect(before.body.customerId).toBeUndefined();
  await link.getByRole('button', { name: `${fullName} zuordnen` }).click();
  await link.getByRole('status').filter({ hasText: `Das Gespräch ist ${fullName} (${profile.customerId}) zugeordnet.` }).waitFor();
  await conversation.getByRole('definition').filter({ hasText: fullName }).waitFor();
  await conversation.getByRole('definition').filter({ hasText: profile.customerId }).waitFor();
  await conversation.getByRole('heading', { name: 'Frühere Gespräche (0)' }).waitFor();
  await conversation.getByText('Keine früheren Gespräche dieses Kunden.').waitFor();
  const after = await request(system.api.app).get(`/api/v1/chat/conversations/${encodeURIComponent(conversationIdOf(customer))}`).set(as('agent')).expect(200);
  expect(after.body.customerId).toBe(profile.customerId);
  await system.checkAccessibility(page, 'a conversation linked to a customer');
  await system.screenshot(page, 'chat-customer-linked');

  // The contact console opens with that customer; back, the conversation is as it was.
  await conversation.getByRole('link', { name: 'In der Kontakt-Konsole öffnen' }).click();
  await page.getByText(`Kunde ${profile.customerId} gefunden: ${fullName}.`).waitFor();
  await page.goBack();
  await conversation.getByRole('definition').filter({ hasText: fullName }).waitFor();

  // Closed; the same customer writes again: the new conversation shows the earlier one.
  await conversation.getByLabel(/^Thema des Gesprächs/).fill('Adressänderung');
  await conversation.getByRole('button', { name: 'Gespräch abschließen' }).click();
  await page.getByRole('status').filter({ hasText: `Das Gespräch mit Kunde ${shortRef(customer)}… ist abgeschlossen (Thema: Adressänderung).` }).waitFor();
  await listLink(page, customer).waitFor({ state: 'detached' });
  await customerWrites(customer, 'Hallo, ist meine neue Adresse schon eingetragen?');
  const again = await openConversation(page, customer);
  await again.getByRole('log', { name: 'Verlauf' }).getByText('Hallo, ist meine neue Adresse schon eingetragen?').waitFor();
  const history = again.getByRole('region', { name: 'Frühere Gespräche (1)' });
  await history.waitFor();
  const earlier = history.locator('summary').filter({ hasText: `WhatsApp · Thema: Adressänderung · abgeschlossen von Ihnen · ${profile.customerId}` });
  await earlier.waitFor();
  await system.checkAccessibility(page, 'earlier conversations, collapsed');
  await earlier.click();
  const transcript = history.getByRole('group', { name: /Thema: Adressänderung/ });
  await transcript.getByText('Guten Tag, ich bin umgezogen und möchte meine Adresse ändern.').waitFor();
  // The earlier words are in the history only, not in the new conversation's transcript.
  expect(await again.getByRole('log', { name: 'Verlauf' }).getByText('Guten Tag, ich bin umgezogen').count()).toBe(0);
  await system.checkAccessibility(page, 'an earlier conversation opened');
  // Each read of the history is on the record, so the page read it only when the conversation was
  // opened (first, back from the console, written again) and after the link; not on its 2-second refresh.
  const reads = await system.api.system.db.client.auditEntry.count({ where: { objectId: conversationIdOf(customer), action: 'chat.history-read' } });
  expect(reads).toBe(4);
  await system.screenshot(page, 'chat-customer-history');
}, 180_000);

test('after the 24-hour window the agent sends an approved template with its parameter, and it reaches WhatsApp', async () => {
  const page = await system.signedInPage('agent');
  await goOnline(page);

  // The customer's message is from 25 hours ago (a late delivery): only templates may go out.
  const customer = '491704440002';
  await customerWrites(customer, 'Haben Sie meine Unterlagen bekommen?', new Date(Date.now() - 25 * 60 * 60_000));
  const conversation = await openConversation(page, customer);
  await conversation.getByRole('log', { name: 'Verlauf' }).getByText('Haben Sie meine Unterlagen bekommen?').waitFor();
  await conversation.getByText('24-Stunden-Fenster abgelaufen – nur freigegebene Vorlagen', { exact: false }).first().waitFor();
  expect(await conversation.getByRole('button', { name: 'Senden', exact: true }).isDisabled()).toBe(true);

  const form = conversation.getByRole('form', { name: 'Vorlage senden' });
  await form.getByText('Den Kunden erreichen Sie jetzt nur mit einer freigegebenen WhatsApp-Vorlage', { exact: false }).waitFor();
  // Nothing chosen: said beside the field.
  await form.getByRole('button', { name: 'Vorlage senden' }).click();
  await form.getByText('Bitte eine Vorlage wählen.').waitFor();
  await form.getByLabel('Vorlage', { exact: true }).selectOption({ label: 'Rückruf anbieten' });
  await form.getByText('Vorlagentext: Guten Tag, hier ist Ihre Sparkasse. Gern rufen wir Sie zu Ihrem Anliegen „{{1}}“ zurück.', { exact: false }).waitFor();
  const parameter = form.getByLabel(/^Platzhalter \{\{1\}\}/);
  // An empty parameter is refused before anything is sent.
  await form.getByRole('button', { name: 'Vorlage senden' }).click();
  await form.getByText('Bitte ausfüllen', { exact: false }).waitFor();
  expect(await parameter.getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'a template with its parameter missing');

  // The preview follows the input as the agent types.
  const preview = form.locator('.chat-template-preview');
  await parameter.fill('Kartensperre');
  await preview.getByText('Gern rufen wir Sie zu Ihrem Anliegen „Kartensperre“ zurück.', { exact: false }).waitFor();
  await system.checkAccessibility(page, 'a template filled in');
  await system.screenshot(page, 'chat-template');
  await form.getByRole('button', { name: 'Vorlage senden' }).click();
  await form.getByRole('status').filter({ hasText: 'Vorlage „Rückruf anbieten“ gesendet.' }).waitFor();
  const sentText = 'Guten Tag, hier ist Ihre Sparkasse. Gern rufen wir Sie zu Ihrem Anliegen „Kartensperre“ zurück. Antworten Sie mit Ihrer Wunschzeit.';
  await conversation.getByRole('log', { name: 'Verlauf' }).getByText(sentText).waitFor();
  expect(await parameter.inputValue()).toBe('');

  // It reached the customer through the platform: once, as the approved template with its parameter.
  const sent = await eventually(() => whatsapp().sent().filter((message) => message.waId === customer), (messages) => messages.length > 0, 'the template to reach the WhatsApp platform');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ type: 'template', template: { name: 'rueckruf_angebot', parameters: ['Kartensperre'] } });
  await system.checkAccessibility(page, 'a template sent');
}, 180_000);
