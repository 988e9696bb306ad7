/**
 * The agents' chat page (`/chat`, issue 13) in a real browser against the real system: an agent
 * goes online, a customer writes on WhatsApp (the simulator signs and delivers the message to the
 * app's webhook), the conversation appears in the list by itself and is announced; the agent
 * answers with a Textbaustein (the reply reaches the simulated platform), sees the confidential-
 * topic warning and the automatic reply, hands a second conversation to a colleague and closes
 * the first. After the 24-hour window, "Senden" is disabled and says why. axe-core finds no WCAG
 * 2.1 AA violation on any state.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { testPseudonymOf } from './support/temporal';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('chat-web');
  whatsapp().setWebhookUrl(`${system.baseUrl}/api/v1/channels/whatsapp/webhook`);
});
afterAll(async () => {
  await system?.stop();
});

const whatsapp = () => system.api.system.whatsapp.control;

/** The customer's pseudonym as the list shows it (shortened). */
const shortRef = (waId: string) => testPseudonymOf(`whatsapp:${waId}`).slice(0, 9);

/** The customer writes on WhatsApp; the simulator delivers it to the app's webhook. */
async function customerWrites(waId: string, text: string, at?: Date): Promise<void> {
  const result = await whatsapp().inbound({ from: waId, text, ...(at ? { at } : {}) });
  expect(result.outcome).toBe(200);
}

/** The link of a conversation in "Meine Gespräche". */
const listLink = (page: Page, waId: string) => page.getByRole('region', { name: /^Meine Gespräche/ }).getByRole('link', { name: new RegExp(`WhatsApp Kunde ${shortRef(waId)}`) });

test('a WhatsApp conversation appears live; answered with a Textbaustein, handed over and closed', async () => {
  const page = await system.signedInPage('agent');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
  await page.getByText('Meine Gespräche (0)').waitFor();
  await system.checkAccessibility(page, 'chat page, offline');

  const presence = page.getByRole('group', { name: 'Ihr Chat-Status' });
  await presence.getByRole('button', { name: 'Online' }).click();
  await page.getByRole('status').filter({ hasText: 'Ihr Chat-Status: Online.' }).waitFor();
  await presence.getByRole('button', { name: 'Online', pressed: true }).waitFor();
  expect(await presence.getByRole('button', { name: 'Offline' }).getAttribute('aria-pressed')).toBe('false');
  await system.checkAccessibility(page, 'chat page, online');

  // The customer writes; the conversation appears without a reload, announced politely.
  const customer = '491701110001';
  await customerWrites(customer, 'Guten Tag, ich habe eine Frage zu meinem Girokonto.');
  await listLink(page, customer).waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: `Neues Gespräch: WhatsApp, Kunde ${shortRef(customer)}` }).waitFor();
  await listLink(page, customer).getByText('1 neue Nachricht').waitFor();
  await system.checkAccessibility(page, 'a new conversation in the list');
  await system.screenshot(page, 'chat-new-conversation');

  await listLink(page, customer).click();
  const conversation = page.getByRole('region', { name: `WhatsApp: Kunde ${shortRef(customer)}…` });
  const transcript = conversation.getByRole('log', { name: 'Verlauf' });
  await transcript.getByText('Guten Tag, ich habe eine Frage zu meinem Girokonto.').waitFor();
  expect(await listLink(page, customer).getAttribute('aria-current')).toBe('true');
  expect(decodeURIComponent(new URL(page.url()).search)).toBe(`?gespraech=conversation:whatsapp~${testPseudonymOf(`whatsapp:${customer}`)}`);
  await conversation.getByText(/^Freitext bis (morgen, )?\d\d:\d\d möglich$/).waitFor();
  // Read now: no "neu" marker any more.
  await eventually(() => listLink(page, customer).getByText('neue Nachricht').count(), (count) => count === 0, 'the unread marker to go');

  // A Textbaustein goes into the reply box; the agent adds a sentence and sends.
  await conversation.getByLabel('Textbaustein').selectOption({ label: 'Begrüßung' });
  await conversation.getByText('Vorschau: Guten Tag, hier ist Ihr Kundenservice der Sparkasse.', { exact: false }).waitFor();
  await conversation.getByRole('button', { name: 'Einfügen' }).click();
  const reply = conversation.getByLabel('Ihre Antwort');
  expect(await reply.inputValue()).toBe('Guten Tag, hier ist Ihr Kundenservice der Sparkasse. Wie kann ich Ihnen helfen?');
  await reply.press('End');
  await page.keyboard.type(' Worum geht es genau?');
  await system.checkAccessibility(page, 'reply with a Textbaustein');
  await conversation.getByRole('button', { name: 'Senden', exact: true }).click();
  const sentText = 'Guten Tag, hier ist Ihr Kundenservice der Sparkasse. Wie kann ich Ihnen helfen? Worum geht es genau?';
  await transcript.getByText(sentText).waitFor();
  await conversation.getByRole('status').filter({ hasText: 'Gesendet.' }).waitFor();
  expect(await reply.inputValue()).toBe('');
  // It reached the customer through the platform: once, as text.
  await eventually(() => whatsapp().sent(), (sent) => sent.some((message) => message.text === sentText), 'the reply to reach the WhatsApp platform');
  expect(whatsapp().sent().filter((message) => message.text === sentText)).toHaveLength(1);
  expect(whatsapp().sent().find((message) => message.text === sentText)).toMatchObject({ waId: customer, type: 'text' });

  // A confidential request: the automatic reply (marked) and the warning.
  await customerWrites(customer, 'Können Sie bitte eine Überweisung über 500 Euro ausführen?');
  await conversation.getByText('Vertrauliches Anliegen: Überweisung').waitFor();
  await conversation.getByText('bitte aufs Telefon umleiten oder Rückruf anbieten', { exact: false }).waitFor();
  const automatic = transcript.getByRole('listitem').filter({ hasText: 'automatisch' });
  await automatic.getByText('Bitte rufen Sie uns dazu an.', { exact: false }).waitFor();
  await system.checkAccessibility(page, 'confidential request');
  await system.screenshot(page, 'chat-conversation');

  // A second customer; the colleague goes online only now (the conversation is the agent's).
  const second = '491701110002';
  await customerWrites(second, 'Wann hat die Filiale am Markt geöffnet?');
  await listLink(page, second).waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: `Neues Gespräch: WhatsApp, Kunde ${shortRef(second)}` }).waitFor();
  await request(system.api.app).put('/api/v1/chat/presence').set(as('agent2')).send({ presence: 'online' }).expect(200);

  await listLink(page, second).click();
  const other = page.getByRole('region', { name: `WhatsApp: Kunde ${shortRef(second)}…` });
  await other.getByRole('log', { name: 'Verlauf' }).getByText('Wann hat die Filiale am Markt geöffnet?').waitFor();
  await other.getByLabel(/^An Kollegin \/ Kollegen/).selectOption({ label: 'Agentin' });
  await other.getByRole('button', { name: 'Übergeben', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `Das Gespräch mit Kunde ${shortRef(second)}… ist an Agentin übergeben.` }).waitFor();
  await listLink(page, second).waitFor({ state: 'detached' });
  const colleagues = await request(system.api.app).get('/api/v1/chat/conversations').set(as('agent2')).expect(200);
  expect(colleagues.body.conversations.map((entry: { customerRef: string }) => entry.customerRef)).toContain(testPseudonymOf(`whatsapp:${second}`));
  await system.checkAccessibility(page, 'after a hand-over');

  // The first conversation is closed with its topic and leaves the list.
  await listLink(page, customer).click();
  await conversation.getByLabel(/^Thema des Gesprächs/).fill('Kontofrage');
  await conversation.getByRole('button', { name: 'Gespräch abschließen' }).click();
  await page.getByRole('status').filter({ hasText: `Das Gespräch mit Kunde ${shortRef(customer)}… ist abgeschlossen (Thema: Kontofrage).` }).waitFor();
  await listLink(page, customer).waitFor({ state: 'detached' });
  await page.getByText('Meine Gespräche (0)').waitFor();
  await system.checkAccessibility(page, 'after closing');
  await system.screenshot(page, 'chat-closed');
});

test('after the 24-hour window "Senden" is disabled and says why', async () => {
  const page = await system.signedInPage('agent');
  await page.goto('/chat');
  await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
  // By keyboard: Pause, then Online (buttons: Enter and Space act, arrows change nothing).
  const presence = page.getByRole('group', { name: 'Ihr Chat-Status' });
  await presence.getByRole('button', { name: 'Pause' }).focus();
  await page.keyboard.press('Enter');
  await presence.getByRole('button', { name: 'Pause', pressed: true }).waitFor();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await presence.getByRole('button', { name: 'Online', pressed: true }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Ihr Chat-Status: Online.' }).waitFor();

  // The customer's message is from 25 hours ago (a late delivery): free text is no longer allowed.
  const customer = '491701110003';
  await customerWrites(customer, 'Ist meine neue Karte schon unterwegs?', new Date(Date.now() - 25 * 60 * 60_000));
  await listLink(page, customer).waitFor({ timeout: 30_000 });
  await listLink(page, customer).click();
  const conversation = page.getByRole('region', { name: `WhatsApp: Kunde ${shortRef(customer)}…` });
  await conversation.getByText('Ist meine neue Karte schon unterwegs?').waitFor();
  await conversation.getByText('24-Stunden-Fenster abgelaufen – nur freigegebene Vorlagen', { exact: false }).first().waitFor();
  const send = conversation.getByRole('button', { name: 'Senden', exact: true });
  expect(await send.isDisabled()).toBe(true);
  const explained = await send.getAttribute('aria-describedby');
  expect(explained).toBeTruthy();
  expect(await page.locator(`[id="${explained}"]`).innerText()).toContain('Freitext darf nicht mehr gesendet werden');
  await system.checkAccessibility(page, 'window expired');
  await system.screenshot(page, 'chat-window-expired');

  // The API refuses too (the page only says it first).
  const conversationId = `conversation:whatsapp~${testPseudonymOf(`whatsapp:${customer}`)}`;
  const refused = await request(system.api.app)
    .post(`/api/v1/chat/conversations/${encodeURIComponent(conversationId)}/messages`)
    .set(as('agent'))
    .set('Idempotency-Key', '0b7a3a52-0c1e-4d0e-9a55-5f2f3f3e0a01')
    .send({ text: 'Trotzdem?' });
  expect(refused.status).toBe(409);
  expect(whatsapp().sent().some((message) => message.text === 'Trotzdem?')).toBe(false);
});
