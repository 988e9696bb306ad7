/**
 * A campaign run's call task in a real browser against the real system: the process owner
 * publishes and launches a selection campaign over the API; one selected customer's call is
 * released and its `campaign-call` task opens in the agents' queue `ksc`; the agent opens it from
 * /aufgaben and reads the conversation script on the task page ("Gesprächsleitfaden": offer,
 * opening with "Frau/Herr <Name>", the objection's answer, the sentence per allowed answer), and
 * completes the call as "nicht erreicht" through the form generated from the task type's schema.
 * Every state passes axe-core (WCAG 2.1 AA).
 *
 * Independent of the clock: the dev server runs in real time, and the launched run releases calls
 * inside calling hours only (Mon–Fri 08:00–20:00, Sat 09:00–14:00 in Berlin; the API takes the
 * run's calling hours from its defaults and offers no setting for them). So once the run's
 * selection is done, the test releases one selected customer's call itself as the run does: the
 * target marked released in the run's projection, then the release signal to its contact process
 * (sent with its start), in a run of the test's own whose contact process calls around the clock.
 * That process still decides with the contact policy at that moment (consent, blocks, caps, the
 * customer's state's public holidays), so the customer is one with no public holiday today. Inside
 * calling hours the launched run's own calls are in the agent's list as well; the agent pages on
 * until the call under test shows.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { CampaignContactStart } from '../activities/ports';
import { BANK_TIME_ZONE, isCallingTime, type CallingHours } from '../domain/calling-hours';
import { campaignContactWorkflowId } from '../domain/campaign-run';
import { isFederalState } from '../domain/german-holidays';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { callbackPolicyOf, loadConfig, taskSettingsOf } from '../platform/config';
import { PrismaCampaignRunStore } from '../prisma/campaign-run.repository';
import { campaignContactWorkflow } from '../workflows/campaign-contact.workflow';
import { releaseCampaignCallSignal } from '../workflows/campaign-run.messages';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('campaign-call-task');
});
afterAll(async () => {
  await system?.stop();
});

const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!.definition;

/** Every day, all day: only the customer's state's public holidays still hold a call back. */
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const AROUND_THE_CLOCK: CallingHours = { timeZone: BANK_TIME_ZONE, windows: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY } };

/** The answers' German titles as the task type's schema gives them (`GET /task-types`), in the version's order. */
const OUTCOME_TITLES: Record<string, string> = {
  'interested-transfer': 'Interesse: möchte mehr erfahren (Rückruf der Direktberatung)',
  'interested-callback': 'Interesse: Rückruf der Direktberatung',
  'not-interested': 'kein Interesse',
  'maybe-later': 'vielleicht später',
};

interface VersionView {
  definition: { name: string; offer: { title: string; argument: string; topic: string }; script: { opening: string; objections: Array<{ objection: string; answer: string }> }; outcomes: Array<{ outcome: CampaignContactStart['allowedOutcomes'][number]; say?: string }>; blockMonths: number; queues: { outbound: string } };
}

test('the agent reads the campaign call\'s script with the customer\'s name on the task page and completes it as "nicht erreicht"', async () => {
  const { app } = system.api;

  // The process owner publishes the card upgrade as a selection over the adults of branch F-01, and launches it.
  const campaignId = `anruf-${randomUUID().slice(0, 8)}`;
  const definition = { ...upgrade, trigger: { kind: 'selection' }, criteria: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'branch', in: ['F-01'] }] } };
  await request(app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: 0, definition }).expect(201);
  await request(app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
  const launched = await request(app).post(`/api/v1/campaigns/${campaignId}/versions/1/launch`).set(as('owner')).send({}).expect(202);
  const runId = launched.body.runId as string;
  const progress = await eventually(
    async () => (await request(app).get(`/api/v1/campaign-runs/${runId}`).set(as('owner')).expect(200)).body as { status: string; selection: { selected: number } },
    (run) => run.status !== 'selecting',
    'the run\'s selection',
    { attempts: 1200, everyMs: 100 },
  );
  expect(progress.selection.selected).toBeGreaterThan(0);

  // What the agent may read: the published version (the script the task page shows).
  const version = (await request(app).get(`/api/v1/campaigns/${campaignId}/versions/1`).set(as('agent')).expect(200)).body as VersionView;
  const queue = version.definition.queues.outbound;
  expect(queue).toBe('ksc');

  // One selected customer with a phone number and no public holiday in their state today (the last in line).
  const db = system.api.system.db.client;
  const population = new Map(system.api.system.coreBanking.population.customers.map((customer) => [customer.profile.customerId, customer.profile]));
  const targets = await db.campaignRunTarget.findMany({ where: { runId }, orderBy: { seq: 'desc' } });
  const profile = targets
    .map((target) => population.get(target.customerId)!)
    .find((candidate) => candidate.contact.phone && isFederalState(candidate.federalState) && isCallingTime(new Date(), AROUND_THE_CLOCK, candidate.federalState));
  if (!profile) throw new Error('no selected customer without a public holiday today');
  const { customerId, familyName } = profile;

  // The call released as the run releases it, in a run of the test's own whose contact process calls around the clock.
  const ownRunId = `run-${campaignId}-browser-v1`;
  const store = new PrismaCampaignRunStore(db);
  await store.createRun({ runId: ownRunId, campaignId, version: 1, queue, status: 'running', launchedBy: 'owner.test', launchedAt: new Date().toISOString(), read: 1, selected: 1, excluded: {} });
  await store.addTargets(ownRunId, queue, [{ customerId, seq: 1 }]);
  expect(await store.release(ownRunId, 1, new Date())).toEqual([customerId]);
  const config = loadConfig({});
  const start: CampaignContactStart = {
    runId: ownRunId,
    campaignId,
    version: 1,
    customerId,
    queue,
    maxAttempts: 3,
    attemptSpacingDays: 2,
    tasks: taskSettingsOf(config),
    callback: callbackPolicyOf(config),
    campaignTitle: version.definition.offer.title,
    topic: version.definition.offer.topic,
    allowedOutcomes: version.definition.outcomes.map((rule) => rule.outcome),
    blockMonths: version.definition.blockMonths,
    caps: [],
    callingHours: AROUND_THE_CLOCK,
  };
  const workflowId = campaignContactWorkflowId(ownRunId, system.api.system.pseudonymOf(customerId));
  // Started and released in one step, with the run's release signal.
  await system.api.env.client.workflow.signalWithStart(campaignContactWorkflow, { workflowId, taskQueue: system.api.taskQueue, args: [start], signal: releaseCampaignCallSignal, signalArgs: [] });
  const taskId = `${workflowId}~call-1`;
  const task = await eventually(
    () => request(app).get(`/api/v1/tasks/${encodeURIComponent(taskId)}`).set(as('agent')),
    (response) => response.status === 200,
    'the campaign call task',
    { attempts: 2400 },
  );
  expect(task.body).toMatchObject({ type: 'campaign-call', resultVersion: 1, queue: 'ksc', context: { customerId, campaignId, version: 1, campaign: 'Mastercard Gold', attempt: 1, runId: ownRunId } });
  expect(task.body.context).not.toHaveProperty('script');

  // The agent finds it among the tasks and opens it.
  const page = await system.signedInPage('agent');
  await page.goto('/aufgaben');
  await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
  // Inside calling hours the launched run's own calls are in the list too: paged on until this one shows.
  const link = page.locator(`a[href="/aufgaben/${encodeURIComponent(taskId)}"]`);
  const more = page.getByRole('button', { name: 'Weitere Aufgaben laden' });
  const moreReady = page.locator('button:enabled', { hasText: 'Weitere Aufgaben laden' });
  await link.or(more).first().waitFor();
  while (!(await link.isVisible())) {
    const nextPage = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/tasks' && new URL(response.url()).searchParams.has('cursor'));
    await more.click();
    await nextPage;
    await link.or(moreReady).first().waitFor();
  }
  await link.click();
  await page.getByRole('heading', { level: 1, name: task.body.title }).waitFor();

  // The script: the offer, the opening with the customer's name, the objection's answer, a sentence per allowed answer.
  const anrede = `Frau/Herr ${familyName}`;
  const fill = (text: string) => text.split('{anrede}').join(anrede);
  const script = page.getByRole('region', { name: 'Gesprächsleitfaden' });
  await script.getByRole('heading', { level: 3, name: 'Angebot: Mastercard Gold' }).waitFor();
  await script.getByText(version.definition.offer.argument).waitFor();
  await script.getByRole('heading', { level: 3, name: 'Einstieg: bitte vorlesen' }).waitFor();
  const opening = fill(version.definition.script.opening);
  expect(opening).toBe(`${anrede}, Sie nutzen ja unsere MasterCard Classic, was halten Sie davon die Vorteile unserer MasterCard Gold, wie z.B. die Umsatzbonifikation und die zahlreichen Reiseversicherungen, kennenzulernen, ${anrede}?`);
  await script.locator('blockquote').getByText(opening, { exact: true }).waitFor();
  expect(await script.textContent()).not.toContain('{anrede}');

  // The objection's answer is folded away until the agent opens it.
  const [objection] = version.definition.script.objections;
  const details = script.locator('details').filter({ has: page.locator('summary', { hasText: `Einwand: „${objection!.objection}“` }) });
  const summary = details.locator('summary');
  const answer = details.getByText(fill(objection!.answer));
  expect(await answer.isVisible()).toBe(false);
  await summary.click();
  await answer.waitFor({ state: 'visible' });

  const outcomes = script.locator('.task-script-outcomes');
  expect(await outcomes.locator('dt').allTextContents()).toEqual(version.definition.outcomes.map((rule) => OUTCOME_TITLES[rule.outcome]));
  expect(await outcomes.locator('dd').allTextContents()).toEqual(version.definition.outcomes.map((rule) => `„${fill(rule.say!)}“`));
  await system.checkAccessibility(page, 'campaign call task with its script');
  await system.screenshot(page, 'campaign-call-task');

  // Completed as not reached through the generated form: the next attempt follows on another day.
  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByText('Sie haben die Aufgabe übernommen.').waitFor();
  await page.getByRole('radio', { name: 'nicht erreicht', exact: true }).check();
  await system.checkAccessibility(page, 'campaign call form filled in');
  await page.getByRole('button', { name: 'Aufgabe erledigen' }).click();
  await page.getByRole('region', { name: 'Wie es weitergeht' }).getByText('nicht erreicht: Versuch 2 von 3 öffnet an einem anderen Werktag zu einer anderen Tageszeit.', { exact: true }).waitFor();
  await system.checkAccessibility(page, 'campaign call completed');
  await system.screenshot(page, 'campaign-call-completed');

  // The contact process took the answer: the customer waits for the next attempt.
  const target = await eventually(
    () => db.campaignRunTarget.findUnique({ where: { runId_customerId: { runId: ownRunId, customerId } } }),
    (row) => row?.state === 'waiting' && row.attempts === 1,
    'the contact waiting for its next attempt',
  );
  expect(target!.notBefore!.getTime()).toBeGreaterThan(Date.now() + 24 * 3_600_000);
}, 300_000);
