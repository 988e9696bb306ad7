/**
 * The customers' online branch (`/online-filiale`, issue 13) in a real browser against the real
 * system, signed in as nobody: the customer writes in the chat (by keyboard), an online agent's
 * answer appears by itself and is announced politely, a confidential request gets the automatic
 * reply (marked), and "Rückruf anfordern" names a missing field beside it and then confirms the
 * request. axe-core finds no WCAG 2.1 AA violation on any state.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { testPseudonymOf } from './support/temporal';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('webchat-web');
});
afterAll(async () => {
  await system?.stop();
});

test('a customer chats without signing in: the agent\'s answer and the automatic reply appear; a callback is requested', async () => {
  const app = system.api.app;
  await request(app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'online' }).expect(200);

  const page = await system.anonymousPage();
  await page.goto('/online-filiale');
  await page.getByRole('heading', { level: 1, name: 'Internet-Filiale: Kontakt' }).waitFor();
  // Public: no sign-in form, no staff navigation.
  expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).count()).toBe(0);
  await page.getByText('Noch keine Nachrichten.').waitFor();
  await system.checkAccessibility(page, 'online branch, empty');

  // By keyboard: write, Tab to "Senden", Enter.
  const chat = page.getByRole('region', { name: 'Chat mit dem Kundenservice' });
  const transcript = chat.getByRole('region', { name: 'Verlauf' });
  await chat.getByLabel('Ihre Nachricht').focus();
  await page.keyboard.type('Guten Tag, wie lange dauert eine neue Girocard?');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await transcript.getByText('Guten Tag, wie lange dauert eine neue Girocard?').waitFor();
  expect(await chat.getByLabel('Ihre Nachricht').inputValue()).toBe('');
  await chat.getByText('Eine Mitarbeiterin oder ein Mitarbeiter antwortet Ihnen hier', { exact: false }).waitFor();
  await system.checkAccessibility(page, 'online branch, first message');

  // The online agent has it and answers.
  const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem('drehscheibe.webchat'))) ?? 'null') as { sessionId: string };
  const conversationId = `conversation:webchat~${testPseudonymOf(`webchat:${session.sessionId}`)}`;
  await eventually(
    () => request(app).get('/api/v1/chat/conversations').set(as('agent')).expect(200),
    (answer) => answer.body.conversations.some((conversation: { conversationId: string }) => conversation.conversationId === conversationId),
    'the conversation to reach the agent',
    { attempts: 300, everyMs: 100 },
  );
  await request(app)
    .post(`/api/v1/chat/conversations/${encodeURIComponent(conversationId)}/messages`)
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ text: 'Etwa fünf Werktage. Kann ich sonst noch helfen?' })
    .expect(201);
  // It appears by itself (read every 2 s) and is announced without moving the focus.
  await transcript.getByText('Etwa fünf Werktage. Kann ich sonst noch helfen?').waitFor();
  await page.getByRole('status').filter({ hasText: 'Antwort vom Kundenservice: Etwa fünf Werktage.' }).waitFor();
  expect(await transcript.getByRole('listitem').filter({ hasText: 'Etwa fünf Werktage' }).getByText('Kundenservice').count()).toBe(1);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('nachricht');
  expect(await page.content()).not.toContain('agent.test');
  await system.checkAccessibility(page, 'online branch, the agent\'s answer');

  // A confidential request: the automatic reply, marked as such.
  await chat.getByLabel('Ihre Nachricht').fill('Können Sie bitte eine Überweisung über 500 Euro ausführen?');
  await chat.getByRole('button', { name: 'Senden' }).click();
  const automatic = transcript.getByRole('listitem').filter({ hasText: 'automatische Antwort' });
  await automatic.getByText('Bitte rufen Sie uns dazu an.', { exact: false }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Automatische Antwort:' }).waitFor();
  await system.checkAccessibility(page, 'online branch, automatic reply');
  await system.screenshot(page, 'webchat-conversation');

  // "Rückruf anfordern": a missing phone number is named beside its field.
  const callback = page.getByRole('region', { name: 'Rückruf anfordern' });
  await callback.getByLabel(/^Thema/).selectOption({ label: 'Kreditkarte' });
  await callback.getByRole('button', { name: 'Rückruf anfordern' }).click();
  await callback.getByText('Bitte geben Sie Ihre Telefonnummer an.').waitFor();
  const phone = callback.getByLabel(/^Telefonnummer/);
  expect(await phone.getAttribute('aria-invalid')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('phone');
  await system.checkAccessibility(page, 'callback form, missing phone');

  await phone.fill('0170 9876543');
  await callback.getByRole('button', { name: 'Rückruf anfordern' }).click();
  await callback.getByRole('status').filter({ hasText: 'Ihr Rückrufwunsch zum Thema Kreditkarte ist eingegangen.' }).waitFor();
  await callback.getByText('ruft Sie so bald wie möglich unter 0170 9876543 an', { exact: false }).waitFor();
  await system.checkAccessibility(page, 'callback requested');
  await system.screenshot(page, 'webchat-callback');

  await request(app).put('/api/v1/chat/presence').set(as('agent')).send({ presence: 'offline' }).expect(200);
});
