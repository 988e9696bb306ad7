/**
 * The task inbox and the task page in a real browser against the real system: a back-office user
 * sees a new callback task appear without reloading, claims and completes it and reads the
 * workflow's answer in German; a colleague's claim conflict reads as a sentence; a task is
 * completed by keyboard alone; axe-core finds no WCAG 2.1 AA violation on any state.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('tasks-web');
});
afterAll(async () => {
  await system?.stop();
});

const customer = () => system.api.system.coreBanking.population.customers[3]!.profile.customerId;

/** Starts a callback as the agent, through the API; returns its first task's id and topic. */
async function newCallback(): Promise<{ taskId: string; topic: string }> {
  const topic = `kreditkarte-${randomUUID().slice(0, 8)}`;
  const created = await request(system.api.app)
    .post('/api/v1/callbacks')
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ customerId: customer(), topic, preferredTime: { asap: true }, note: 'möchte Gold-Karte' })
    .expect(201);
  return { taskId: `${created.body.workflowId as string}~attempt-1`, topic };
}

/** Waits until the task row exists (the workflow opens it a moment after the start). */
async function taskOpened(taskId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const res = await request(system.api.app).get(`/api/v1/tasks/${encodeURIComponent(taskId)}`).set(as('supervisor'));
    if (res.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${taskId} never opened`);
}

/** What has the focus: its tag, input type, and the text a person hears for it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const input = element as HTMLInputElement | null;
    const label = element?.closest('label')?.textContent ?? element?.textContent ?? '';
    return { tag: element?.tagName.toLowerCase() ?? '', type: input?.type ?? '', text: label.trim() };
  });
}

/** Presses Tab until the focus is on what `matches` describes (at most 60 times). */
async function tabTo(page: Page, matches: (target: { tag: string; type: string; text: string }) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

test('a new callback task appears without reloading; claimed and completed "nicht interessiert", the answer reads in German', async () => {
  const page = await system.signedInPage('berater');
  await page.goto('/aufgaben');
  await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
  await page.getByText('Die Liste aktualisiert sich von selbst.').waitFor();
  await system.checkAccessibility(page, 'inbox');

  const { taskId, topic } = await newCallback();
  const link = page.getByRole('link', { name: new RegExp(topic) });
  await link.waitFor({ timeout: 30_000 });
  // Announced politely, without a reload (the page's own navigation history has one entry).
  await page.getByRole('status').filter({ hasText: `Neue Aufgabe: Rückruf ${customer()} – ${topic}` }).waitFor();
  await system.checkAccessibility(page, 'inbox with a new task');
  await system.screenshot(page, 'tasks-inbox');

  await link.click();
  await page.getByRole('heading', { level: 1, name: new RegExp(topic) }).waitFor();
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/aufgaben/${taskId}`);
  await page.getByText('möchte Gold-Karte').waitFor();
  await system.checkAccessibility(page, 'task page');
  await system.screenshot(page, 'task-open');

  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByText('Sie haben die Aufgabe übernommen.').waitFor();
  await page.getByRole('radio', { name: 'erreicht', exact: true }).check();
  await page.getByRole('radio', { name: 'nicht interessiert' }).check();
  await page.getByLabel('Notiz').fill('hat schon eine Karte');
  await system.checkAccessibility(page, 'completion form filled in');
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();

  const answer = page.getByRole('region', { name: 'Wie es weitergeht' });
  await answer.getByText(`nicht interessiert: Sperrvermerk für 6 Monate (Thema ${topic}).`).waitFor();
  await page.getByRole('status').filter({ hasText: 'Erledigt. nicht interessiert: Sperrvermerk für 6 Monate' }).waitFor();
  await system.checkAccessibility(page, 'completed task');
  await system.screenshot(page, 'task-completed');
});

test('required choices are said beside the field before anything is sent', async () => {
  const { taskId } = await newCallback();
  await taskOpened(taskId);
  const page = await system.signedInPage('berater');
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();
  const group = page.getByRole('group', { name: /Kunde erreicht\?/ });
  await group.getByText('Bitte eine Auswahl treffen.').waitFor();
  expect(await group.getAttribute('aria-describedby')).toBeTruthy();
  await page.getByRole('radio', { name: 'erreicht', exact: true }).check();
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();
  await page.getByRole('group', { name: /Ergebnis des Gesprächs/ }).getByText('Bitte eine Auswahl treffen.').waitFor();
  await system.checkAccessibility(page, 'completion form with errors');
  await system.screenshot(page, 'task-form-errors');
});

test("a colleague's claim conflict reads as a sentence", async () => {
  const { taskId } = await newCallback();
  await taskOpened(taskId);
  const page = await system.signedInPage('berater2');
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  const claim = page.getByRole('button', { name: 'Übernehmen' });
  await claim.waitFor();
  // Berater was quicker, through the API.
  await request(system.api.app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/claim`).set(as('berater')).expect(200);
  await claim.click();
  await page.getByRole('alert').filter({ hasText: 'Diese Aufgabe hat Berater gerade übernommen.' }).waitFor();
  // The page then shows who holds it.
  await page.getByText('Diese Aufgabe bearbeitet gerade Berater.').waitFor();
  await system.checkAccessibility(page, 'claim conflict');
  await system.screenshot(page, 'task-conflict');
});

test('a task is completed by keyboard alone (Tab, Space, Enter)', async () => {
  const { taskId, topic } = await newCallback();
  await taskOpened(taskId);
  const page = await system.signedInPage('berater');
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(topic) }).waitFor();

  await tabTo(page, (target) => target.tag === 'button' && target.text === 'Übernehmen', 'the claim button');
  await page.keyboard.press('Enter');
  await page.getByText('Sie haben die Aufgabe übernommen.').waitFor();
  // The first choice of each group: a radio group is one Tab stop, Space picks the focused choice.
  await tabTo(page, (target) => target.type === 'radio' && target.text === 'erreicht', '"erreicht"');
  await page.keyboard.press('Space');
  await tabTo(page, (target) => target.type === 'radio' && target.text === 'Termin gewünscht', '"Termin gewünscht"');
  await page.keyboard.press('Space');
  await tabTo(page, (target) => target.tag === 'textarea', 'the note');
  await page.keyboard.type('Termin am Donnerstag gewünscht');
  await tabTo(page, (target) => target.tag === 'button' && target.text === 'Aufgabe erledigen', 'the submit button');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Wie es weitergeht' }).getByText('Termin gewünscht: Der Rückruf ist abgeschlossen.').waitFor();
  await system.screenshot(page, 'task-completed-by-keyboard');
});

test('a supervisor reassigns a task to a colleague; the inbox filters live in the address', async () => {
  const { taskId, topic } = await newCallback();
  await taskOpened(taskId);
  const page = await system.signedInPage('supervisor');
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  await page.getByRole('radio', { name: 'eine bestimmte Person' }).check();
  // Only the people of the task's queue are offered, by name.
  const person = page.getByRole('combobox', { name: /^Person/ });
  await person.getByRole('option', { name: 'Beraterin' }).waitFor({ state: 'attached' });
  expect(await person.getByRole('option').allInnerTexts()).not.toContain('Agent');
  await person.selectOption({ label: 'Beraterin' });
  await system.checkAccessibility(page, 'reassign form');
  await page.getByRole('button', { name: 'Neu zuweisen' }).click();
  await page.getByText('Die Aufgabe ist neu zugewiesen.').waitFor();
  await page.getByText('Beraterin', { exact: true }).waitFor();

  const inbox = await system.signedInPage('berater2');
  await inbox.goto('/aufgaben?wer=meine');
  await inbox.getByRole('link', { name: new RegExp(topic) }).waitFor();
  expect(await inbox.getByRole('radio', { name: 'meine' }).isChecked()).toBe(true);
  await system.checkAccessibility(inbox, 'inbox filtered to mine');
});
