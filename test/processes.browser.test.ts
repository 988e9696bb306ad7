/**
 * The process view in a real browser (issue 9, part 5): a callback started through the API shows
 * in its customer's process list and on its process page with its task and steps; a process
 * found by its id; an unknown id read as a sentence. axe-core on every state, screenshots.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('processes');
});
afterAll(async () => {
  await system?.stop();
});

/** Starts a callback through the API and waits until its first task is open. */
async function callbackWithTask(customerId: string): Promise<{ workflowId: string; taskId: string }> {
  const app = system.api.app;
  const started = await request(app)
    .post('/api/v1/callbacks')
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ customerId, topic: 'kreditkarte', preferredTime: { asap: true } })
    .expect(201);
  const workflowId = started.body.workflowId as string;
  const taskId = `${workflowId}~attempt-1`;
  await eventually(() => request(app).get(`/api/v1/tasks/${encodeURIComponent(taskId)}`).set(as('berater')), (res) => res.status === 200, 'the callback task');
  return { workflowId, taskId };
}

test("a callback shows in its customer's process list and on its process page with its task and steps", async () => {
  const customerId = 'K-100027';
  const { workflowId, taskId } = await callbackWithTask(customerId);

  const page = await system.signedInPage('agent');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Prozesse' }).click();
  await page.getByRole('heading', { level: 1, name: 'Prozesse' }).waitFor();
  await system.checkAccessibility(page, 'process search');
  await system.screenshot(page, 'processes-search');

  await page.getByRole('search', { name: 'Prozesse eines Kunden' }).getByLabel('Kundennummer').fill(customerId);
  await page.getByRole('button', { name: 'Prozesse suchen' }).click();
  const table = page.getByRole('table', { name: `Prozesse von ${customerId}, die neuesten zuerst` });
  const row = table.getByRole('row').filter({ hasText: workflowId });
  await row.waitFor();
  await row.getByText('läuft').waitFor();
  await system.checkAccessibility(page, "a customer's processes");
  await system.screenshot(page, 'processes-customer');

  await row.getByRole('link', { name: 'Rückruf' }).click();
  await page.getByRole('heading', { level: 1, name: 'Prozess: Rückruf' }).waitFor();
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/prozesse/${workflowId}`);
  const task = page.getByRole('table', { name: 'Aufgaben dieses Prozesses, die neuesten zuerst' }).getByRole('link');
  await expect(task.getAttribute('href')).resolves.toBe(`/aufgaben/${encodeURIComponent(taskId)}`);
  await expect(task.innerText()).resolves.toContain('Versuch 1');
  const steps = page.getByRole('list', { name: 'Schritte des Prozesses' });
  await steps.getByText('Prozess gestartet (Rückruf)').waitFor();
  await expect(steps.getByRole('listitem').count()).resolves.toBeGreaterThan(2);
  await system.checkAccessibility(page, 'process page');
  await system.screenshot(page, 'process-callback');

  // The task's link leads to the task's page.
  await task.click();
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/aufgaben/${taskId}`);
});

test('a process by its id, and an unknown id read as a sentence', async () => {
  const { workflowId } = await callbackWithTask('K-100042');
  const page = await system.signedInPage('auditor');
  await page.goto('/prozesse');
  await page.getByLabel('Prozess-ID').fill(workflowId);
  await page.getByRole('button', { name: 'Prozess öffnen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Prozess: Rückruf' }).waitFor();
  await page.getByText(workflowId, { exact: true }).waitFor();

  await page.goto('/prozesse');
  await page.getByRole('button', { name: 'Prozess öffnen' }).click();
  await page.getByText('Bitte eine Prozess-ID eingeben.').waitFor();
  expect(await page.getByLabel('Prozess-ID').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'process search without an id');

  await page.getByLabel('Prozess-ID').fill('callback:000000000000000000000000');
  await page.getByRole('button', { name: 'Prozess öffnen' }).click();
  await page.getByText('Einen Prozess mit der ID „callback:000000000000000000000000“ gibt es nicht.').waitFor();
  await system.checkAccessibility(page, 'unknown process');
  await system.screenshot(page, 'process-unknown');
});
