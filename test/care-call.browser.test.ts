/**
 * The care call in a real browser against the real system: the agent opens the care-call task,
 * claims it, places the call with "Anrufen" (no number on the page), and completes the task
 * through the form generated from the task type's schema; axe-core finds no WCAG 2.1 AA
 * violation on any state.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_CARE_CALL_POLICY } from '../domain/care-call';
import { callbackPolicyOf, loadConfig, taskSettingsOf } from '../platform/config';
import { startCareCall } from '../workflows/care-call.client';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('care-call-web');
});
afterAll(async () => {
  await system?.stop();
});

test('the agent calls the customer from the task and completes the care call through the generated form', async () => {
  const profile = system.api.system.coreBanking.population.customers.find(
    (c) => c.profile.contact.phone && c.consents.some((k) => k.channel === 'phone' && k.granted) && c.consents.some((k) => k.channel === 'email' && k.granted),
  )!.profile;
  const config = loadConfig({});
  // A demo's wait of a second: the first call task opens at once.
  const started = await startCareCall(
    system.api.env.client,
    { taskQueue: system.api.taskQueue, policy: { ...DEFAULT_CARE_CALL_POLICY, delayMinutes: 1 / 60 }, callback: callbackPolicyOf(config), tasks: taskSettingsOf(config), pseudonymOf: system.api.system.pseudonymOf },
    { sale: { customerId: profile.customerId, product: 'mastercard-gold', soldAt: new Date().toISOString(), channel: 'branch' }, saleKey: `browser-${randomUUID()}`, requestedBy: 'agent.test' },
  );
  const taskId = `${started.workflowId}~attempt-1`;
  for (let i = 0; i < 400; i++) {
    if ((await request(system.api.app).get(`/api/v1/tasks/${encodeURIComponent(taskId)}`).set(as('agent'))).status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  const page = await system.signedInPage('agent');
  await page.goto(`/aufgaben/${encodeURIComponent(taskId)}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(`Nachsorgeanruf ${profile.customerId}`) }).waitFor();
  await page.getByText('Zum Anrufen übernehmen Sie die Aufgabe zuerst.').waitFor();
  await page.getByText(/Darf ich Sie kurz fragen, wie zufrieden Sie damit sind\?/).waitFor();
  await system.checkAccessibility(page, 'care-call task');
  await system.screenshot(page, 'care-call-task');

  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByText('Sie haben die Aufgabe übernommen.').waitFor();
  await page.getByRole('button', { name: 'Anrufen' }).click();
  await page.getByRole('status').filter({ hasText: 'Der Kunde hat abgenommen; der Anruf ist zu Ihnen durchgestellt.' }).waitFor();
  // Nobody typed a number, and the page never saw one.
  expect(await page.content()).not.toContain(profile.contact.phone!);
  await system.checkAccessibility(page, 'care-call dialled');

  await page.getByRole('radio', { name: 'erreicht', exact: true }).check();
  await page.getByRole('group', { name: /Zufriedenheit/ }).getByRole('radio', { name: '2 – zufrieden' }).check();
  await page.getByRole('group', { name: /Wunsch nach weiterem Kontakt/ }).getByRole('radio', { name: 'kein weiterer Kontakt' }).check();
  await page.getByRole('group', { name: /Möchte der Kunde kündigen\?/ }).getByRole('radio', { name: 'ja' }).check();
  // A cancellation intention needs its reason: the API says so beside the field.
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();
  await page.getByText(/is needed when the customer wants to cancel|Kündigungsgrund/).first().waitFor();
  await page.getByLabel(/Kündigungsgrund/).selectOption({ label: 'Besseres Angebot anderswo' });
  await system.checkAccessibility(page, 'care-call form filled in');
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();

  const answer = page.getByRole('region', { name: 'Wie es weitergeht' });
  await answer.getByText('erreicht: Der Nachsorgeanruf ist abgeschlossen.', { exact: true }).waitFor();
  await system.checkAccessibility(page, 'care-call completed');
  await system.screenshot(page, 'care-call-completed');

  const saleId = started.saleId;
  let state: request.Response | undefined;
  for (let i = 0; i < 400 && state?.body.status !== 'reached'; i++) {
    state = await request(system.api.app).get(`/api/v1/sales/${saleId}`).set(as('agent')).expect(200);
    if (state.body.status !== 'reached') await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(state?.body.result).toEqual({ reached: true, satisfaction: '2', followUp: 'none', cancellationIntended: true, cancellationReason: 'better-offer' });
});
