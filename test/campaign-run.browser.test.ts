/**
 * The process owner's campaign-run pages (issue 12) in a real browser against the real system:
 * a selection campaign published over the API, its dry run on `/kampagnen/{id}` ("Probelauf vor
 * dem Start": a progress indicator while it runs, then the report with the figures the API
 * answered, 0 forbidden contacts, the charts with their tables), a bad value refused beside its
 * field, the section only for selection campaigns, read-only roles. Every state passes axe-core
 * (WCAG 2.1 AA) and is kept as a screenshot.
 */
import { randomUUID } from 'node:crypto';
import type { Page, Request, Route } from 'playwright-core';
import request from 'supertest';
import { PILOT_CATALOG } from '../domain/pilot-catalog';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('campaign-run');
});
afterAll(async () => {
  await system?.stop();
});

const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-10-kreditkarte-upgrade')!;
const de = new Intl.NumberFormat('de-DE');
const n = (value: number) => de.format(value);

/** Creates and publishes a campaign over the API as the process owner; version 1. */
async function publish(campaignId: string, definition: object): Promise<void> {
  await request(system.api.app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: 0, definition }).expect(201);
  await request(system.api.app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
}

/** The card-upgrade pilot as a selection campaign over all adults. */
async function publishSelection(name: string): Promise<string> {
  const campaignId = `lauf-${randomUUID().slice(0, 8)}`;
  await publish(campaignId, { ...upgrade.definition, name, trigger: { kind: 'selection' }, criteria: { kind: 'age', min: 18 } });
  return campaignId;
}

async function openCampaign(page: Page, campaignId: string, name: string): Promise<void> {
  await page.goto(`/kampagnen/${campaignId}`);
  await page.getByRole('heading', { level: 1, name: `Kampagne: ${name}` }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Live-Version 1' }).waitFor();
}

/** The number shown under a key figure's label. */
const figure = (page: Page, label: string) => page.locator('.run-figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.run-figure-number');

interface Count {
  key: string;
  label: string;
  count: number;
}
/** The contact policy's reasons by code in German (the API's label is the policy's English message); other reasons keep the API's label. */
const POLICY_WORDS: Record<string, string> = {
  'no-phone-consent': 'Keine Einwilligung in Werbung per Telefon',
  'no-phone-number': 'Keine Telefonnummer im Kernbankensystem',
  minor: 'Minderjährig: keine Werbung',
  blocked: 'Sperrvermerk zum Thema',
  'contact-cap-reached': 'Höchstzahl werblicher Kontakte erreicht',
};
const reasonText = (reason: Count) => POLICY_WORDS[reason.key] ?? reason.label;

test('the process owner dry-runs a selection campaign and reads the report with the API figures and 0 forbidden contacts', async () => {
  const name = 'Kreditkarte Gold – Zielgruppe Erwachsene';
  const campaignId = await publishSelection(name);
  const page = await system.signedInPage('owner');
  await openCampaign(page, campaignId, name);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Probelauf vor dem Start' }) });
  await section.waitFor();
  // The defaults: 12 months, all customers, the configured pacing, 55 % reached, 1 % withdrawals a month.
  expect(await section.getByLabel('Monate').inputValue()).toBe('12');
  expect(await section.getByLabel('Anzahl Kunden').inputValue()).toBe('');
  expect(await section.getByLabel('Erreichbarkeit in %').inputValue()).toBe('55');
  expect(await section.getByLabel('Widerrufe der Telefon-Einwilligung je Monat in %').inputValue()).toBe('1');
  expect(await section.getByLabel('Anrufe je Stunde höchstens').inputValue()).toBe('');
  expect(await section.getByLabel('Offene Anrufaufgaben höchstens').inputValue()).toBe('');
  // No runs yet.
  await page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Läufe' }) }).getByText('Noch nicht gestartet.').waitFor();
  await system.checkAccessibility(page, 'dry-run form');

  // A bad value: 0 months is refused by the API, beside the field.
  const months = section.getByLabel('Monate');
  await months.fill('0');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  const monthsError = section.locator('.field-error', { hasText: 'muss mindestens 1 sein' });
  await monthsError.waitFor();
  expect(await months.getAttribute('aria-invalid')).toBe('true');
  expect(await months.getAttribute('aria-describedby')).toContain(await monthsError.getAttribute('id'));
  await page.getByRole('alert').filter({ hasText: 'Der Probelauf wurde nicht gestartet. Bitte die Eingaben prüfen: Monate.' }).waitFor();
  await system.checkAccessibility(page, 'dry-run bad months');
  await system.screenshot(page, 'campaign-dry-run-bad-months');

  // 6 months. The request is held until the page shows that it runs.
  const sent: Array<{ body: unknown; key?: string }> = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/campaigns/*/versions/*/dry-run', async (route: Route, req: Request) => {
    sent.push({ body: req.postDataJSON(), key: req.headers()['idempotency-key'] });
    await held;
    await route.continue();
  });
  await months.fill('6');
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/v1/campaigns/${campaignId}/versions/1/dry-run`);
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await section.getByRole('status').filter({ hasText: 'Probelauf läuft …' }).waitFor();
  await section.locator('.run-dry-run-result[aria-busy="true"]').waitFor();
  await section.getByRole('progressbar', { name: 'Probelauf läuft' }).waitFor();
  expect(await section.getByRole('button', { name: /^Probelauf starten/ }).getAttribute('aria-busy')).toBe('true');
  await system.checkAccessibility(page, 'dry-run running');
  await system.screenshot(page, 'campaign-dry-run-running');
  release();
  const response = await answered;
  expect(response.status()).toBe(200);
  await page.unroute('**/api/v1/campaigns/*/versions/*/dry-run');
  // What was sent: the months and the default answers as rates, no Idempotency-Key (a dry run writes nothing).
  expect(sent).toEqual([{ body: { months: 6, answers: { reachRate: 0.55, withdrawalRatePerMonth: 0.01 } }, key: undefined }]);
  const report = (await response.json()) as {
    population: number;
    selected: number;
    excludedCustomers: number;
    calls: number;
    reached: number;
    notContactable: number;
    stillWaiting: number;
    forbiddenContacts: number;
    months: number;
    excluded: Count[];
    stoppedAtDial: Count[];
    outcomes: Record<string, number>;
    callsPerWeek: Array<{ week: string; queue: string; calls: number }>;
    callsPerCustomer: Array<{ calls: number; customers: number }>;
    assumptions: string[];
  };
  expect(report).toMatchObject({ months: 6, forbiddenContacts: 0 });
  expect(report.selected).toBeGreaterThan(0);
  expect(report.calls).toBeGreaterThan(0);

  // The report: the key figures as the API answered them.
  await section.getByRole('status').filter({ hasText: `Probelauf fertig: ${n(report.selected)} von ${n(report.population)} Kunden ausgewählt, ${n(report.calls)} Anrufe, 0 verbotene Kontakte.` }).waitFor();
  await section.locator('.run-dry-run-result[aria-busy="false"]').waitFor();
  const figures: Array<[string, number]> = [
    ['Kunden gelesen', report.population],
    ['ausgewählt', report.selected],
    ['nicht ausgewählt', report.excludedCustomers],
    ['Anrufe', report.calls],
    ['erreicht', report.reached],
    ['nicht erreichbar', report.notContactable],
    ['noch wartend', report.stillWaiting],
  ];
  for (const [label, value] of figures) expect({ label, shown: await figure(page, label).textContent() }).toEqual({ label, shown: n(value) });
  await section.getByText(/Zeitraum .* bis .* \(6 Monate\)/).waitFor();
  // No forbidden contact, said in words with a check mark.
  await section.locator('.run-forbidden-ok').getByText('Verbotene Kontakte laut Kontaktregeln: 0').waitFor();
  await expect(section.locator('.run-forbidden-bad').count()).resolves.toBe(0);

  // Why customers are not selected: each reason with its count (the minors and those without phone consent among them).
  expect(report.excluded.map((entry) => entry.key)).toEqual(expect.arrayContaining(['minor', 'no-phone-consent']));
  const excluded = section.getByRole('table', { name: /^Nicht ausgewählte Kunden nach Grund/ });
  for (const reason of report.excluded) await excluded.getByRole('row', { name: `${reasonText(reason)} ${n(reason.count)}`, exact: true }).waitFor();
  await expect(excluded.getByText(/consent/).count()).resolves.toBe(0);
  await expect(excluded.locator('tbody tr').count()).resolves.toBe(report.excluded.length);

  // Calls per week: an image named by its caption and summary, its values as a table.
  const weeks = [...new Set(report.callsPerWeek.map((entry) => entry.week))].sort();
  const busiest = Math.max(...weeks.map((week) => report.callsPerWeek.filter((entry) => entry.week === week).reduce((sum, entry) => sum + entry.calls, 0)));
  const weekChart = section.locator('figure', { has: page.getByText('Anrufe je Kalenderwoche', { exact: true }) });
  await weekChart.getByRole('img', { name: new RegExp(`^Anrufe je Kalenderwoche Insgesamt ${n(report.calls)} Anrufe in ${weeks.length} Wochen; die meisten in KW \\d+/\\d{4}: ${n(busiest).replace('.', '\\.')}\\.$`) }).waitFor();
  await expect(weekChart.locator('svg[role="img"] rect.run-column').count()).resolves.toBe(report.callsPerWeek.filter((entry) => entry.calls > 0).length);
  await weekChart.getByText('Werte als Tabelle').click();
  const weekTable = weekChart.getByRole('table', { name: 'Anrufe je Kalenderwoche' });
  await expect(weekTable.locator('tbody tr').count()).resolves.toBe(weeks.length);
  const [firstWeek] = report.callsPerWeek;
  const [year, week] = firstWeek!.week.split('-W');
  await weekTable.getByRole('row', { name: `KW ${Number(week)}/${year} ${n(firstWeek!.calls)}`, exact: true }).waitFor();

  // Calls per customer: a histogram with its table.
  const histogram = section.locator('figure', { has: page.getByText('Wie viele Kunden wie viele Anrufe bekommen', { exact: true }) });
  const called = report.callsPerCustomer.filter((entry) => entry.calls > 0);
  const usual = called.reduce((best, entry) => (entry.customers > best.customers ? entry : best));
  const callWord = (calls: number) => (calls === 1 ? '1 Anruf' : `${n(calls)} Anrufe`);
  await histogram
    .getByRole('img', { name: `Wie viele Kunden wie viele Anrufe bekommen Gezählt über alle gelesenen Kunden (0 Anrufe: auch die nicht ausgewählten). Von den angerufenen Kunden bekommen die meisten ${callWord(usual.calls)} (${n(usual.customers)} Kunden), höchstens ${callWord(Math.max(...called.map((entry) => entry.calls)))}.` })
    .waitFor();
  // Everyone read is counted once: the selected with their calls, the others with none.
  expect(report.callsPerCustomer.reduce((sum, entry) => sum + entry.customers, 0)).toBe(report.population);
  await histogram.getByText('Werte als Tabelle').click();
  for (const entry of report.callsPerCustomer) {
    await histogram.getByRole('row', { name: `${callWord(entry.calls)} ${n(entry.customers)}`, exact: true }).waitFor();
  }

  // Outcomes with the campaign editor's German labels.
  const outcomeLabels: Record<string, string> = {
    'interested-transfer': 'Interesse: an die Direktberatung verbinden',
    'interested-callback': 'Interesse: Rückruf der Direktberatung',
    'interested-appointment': 'Interesse: Beratungstermin',
    'not-interested': 'Kein Interesse',
    'maybe-later': 'Vielleicht später',
  };
  const outcomes = section.getByRole('table', { name: 'Ergebnisse (geschätzt)' });
  expect(Object.keys(report.outcomes).length).toBeGreaterThan(0);
  for (const [code, value] of Object.entries(report.outcomes)) await outcomes.getByRole('row', { name: `${outcomeLabels[code]} ${n(value)}`, exact: true }).waitFor();

  // Stops at dial, if any, with their reasons; the assumptions in full.
  if (report.stoppedAtDial.length > 0) {
    const stopped = section.getByRole('table', { name: /^Anrufe, die die Kontaktregeln/ });
    for (const reason of report.stoppedAtDial) await stopped.getByRole('row', { name: `${reasonText(reason)} ${n(reason.count)}`, exact: true }).waitFor();
  }
  expect(await section.locator('.run-assumptions li').allTextContents()).toEqual(report.assumptions);

  // Then the launch, for the process owner.
  await section.getByRole('button', { name: 'Kampagne starten' }).waitFor();
  await system.checkAccessibility(page, 'dry-run report');
  await system.screenshot(page, 'campaign-dry-run-report');

  // The same body over the API gives the same report (seeded): the page showed the API's figures, not its own.
  const again = await request(system.api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/dry-run`).set(as('owner')).send(sent[0]!.body as object).expect(200);
  expect({ ...again.body, durationMs: 0, from: '', to: '' }).toEqual({ ...report, durationMs: 0, from: '', to: '' });
});

test('a text that is not a number is refused before anything is sent; percentages are sent as rates', async () => {
  const name = 'Kreditkarte Gold – kleine Probe';
  const campaignId = await publishSelection(name);
  const page = await system.signedInPage('owner');
  await openCampaign(page, campaignId, name);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Probelauf vor dem Start' }) });
  const sent: unknown[] = [];
  page.on('request', (req: Request) => {
    if (req.method() === 'POST' && req.url().endsWith('/dry-run')) sent.push(req.postDataJSON());
  });
  await section.getByLabel('Anzahl Kunden').fill('viele');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await section.locator('.field-error', { hasText: 'muss eine Zahl sein' }).waitFor();
  expect(await section.getByLabel('Anzahl Kunden').getAttribute('aria-invalid')).toBe('true');
  await page.getByRole('alert').filter({ hasText: 'Bitte die Eingaben prüfen: Anzahl Kunden.' }).waitFor();
  expect(sent).toEqual([]);

  // A rate above 100 % is the API's to refuse, shown in percent beside the field.
  await section.getByLabel('Anzahl Kunden').fill('200');
  await section.getByLabel('Erreichbarkeit in %').fill('150');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await section.locator('.field-error', { hasText: 'darf höchstens 100 % sein' }).waitFor();
  expect(await section.getByLabel('Erreichbarkeit in %').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'dry-run bad rate');

  // 200 customers, 2 months, one call an hour, 40,5 % reached.
  await section.getByLabel('Monate').fill('2');
  await section.getByLabel('Erreichbarkeit in %').fill('40,5');
  await section.getByLabel('Anrufe je Stunde höchstens').fill('1');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await figure(page, 'Kunden gelesen').filter({ hasText: /^200$/ }).waitFor();
  expect(sent.at(-1)).toEqual({ months: 2, population: 200, pacing: { maxNewTasksPerHour: 1 }, answers: { reachRate: 0.405, withdrawalRatePerMonth: 0.01 } });
  await section.locator('.run-forbidden-ok').waitFor();
});

test('only selection campaigns have a dry run; a supervisor dry-runs without launching, an auditor only reads', async () => {
  // A refinement campaign (triggered by service requests): no dry run, no runs.
  const refinement = `anliegen-${randomUUID().slice(0, 8)}`;
  await publish(refinement, { ...upgrade.definition, name: 'Kreditkarte Gold – im Gespräch' });
  const owner = await system.signedInPage('owner');
  await openCampaign(owner, refinement, 'Kreditkarte Gold – im Gespräch');
  // The live version has loaded (the section depends on its trigger).
  await owner.getByText(/^Gilt für neue Kontakte seit /).waitFor();
  await owner.getByRole('heading', { level: 2, name: 'Entwurf' }).waitFor();
  await expect(owner.getByRole('heading', { name: 'Probelauf vor dem Start' }).count()).resolves.toBe(0);
  await expect(owner.getByRole('heading', { name: 'Läufe' }).count()).resolves.toBe(0);

  const name = 'Kreditkarte Gold – Supervision';
  const campaignId = await publishSelection(name);
  const supervisor = await system.signedInPage('supervisor');
  await openCampaign(supervisor, campaignId, name);
  const section = supervisor.locator('section', { has: supervisor.getByRole('heading', { level: 2, name: 'Probelauf vor dem Start' }) });
  await section.getByLabel('Anzahl Kunden').fill('100');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await figure(supervisor, 'Kunden gelesen').filter({ hasText: /^100$/ }).waitFor();
  await section.getByText('Starten dürfen nur Prozessverantwortliche.').waitFor();
  await expect(section.getByRole('button', { name: 'Kampagne starten' }).count()).resolves.toBe(0);
  await system.checkAccessibility(supervisor, 'dry-run as supervisor');

  const auditor = await system.signedInPage('auditor');
  await openCampaign(auditor, campaignId, name);
  await auditor.getByRole('heading', { level: 2, name: 'Läufe' }).waitFor();
  await expect(auditor.getByRole('heading', { name: 'Probelauf vor dem Start' }).count()).resolves.toBe(0);
  await system.checkAccessibility(auditor, 'selection campaign as auditor');
});

test('the process owner launches the campaign, follows the run, pauses, resumes and cancels it with a reason', async () => {
  // The card upgrade's own rules (adults with a Mastercard Classic and no Gold …), run over the base.
  const name = 'Kreditkarte Gold – Lauf';
  const campaignId = `lauf-${randomUUID().slice(0, 8)}`;
  await publish(campaignId, { ...upgrade.definition, name, trigger: { kind: 'selection' } });
  const runId = `run-${campaignId}-v1`;
  const page = await system.signedInPage('owner');
  await openCampaign(page, campaignId, name);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Probelauf vor dem Start' }) });
  await section.getByLabel('Monate').fill('1');
  await section.getByRole('button', { name: 'Probelauf starten' }).click();
  await section.locator('.run-forbidden-ok').waitFor();

  // "Kampagne starten" asks first; "Nicht starten" goes back, with the focus on the button.
  await section.getByRole('button', { name: 'Kampagne starten' }).click();
  await section.getByRole('group', { name: /Version 1 jetzt starten\?/ }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, Version 1 starten');
  await system.checkAccessibility(page, 'launch confirmation');
  await section.getByRole('button', { name: 'Nicht starten' }).click();
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), (text) => text === 'Kampagne starten', 'the focus back on "Kampagne starten"');

  const launches: Array<{ key?: string; body: unknown }> = [];
  page.on('request', (req: Request) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === `/api/v1/campaigns/${campaignId}/versions/1/launch`) launches.push({ key: req.headers()['idempotency-key'], body: req.postDataJSON() });
  });
  await section.getByRole('button', { name: 'Kampagne starten' }).click();
  await section.getByRole('button', { name: 'Ja, Version 1 starten' }).click();

  // The run's page: the status in words, the selection as it reads, then the counts.
  await page.getByRole('heading', { level: 1, name: 'Kampagnenlauf' }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/kampagnen/${campaignId}/laeufe/${runId}`);
  expect(launches).toEqual([{ key: expect.stringMatching(/^kampagnenlauf-[0-9a-f]{32}$/), body: {} }]);
  await page.getByRole('heading', { level: 2, name: /^Status: (Auswahl läuft|läuft)$/ }).waitFor();
  await page.getByText(runId, { exact: true }).waitFor();
  await system.checkAccessibility(page, 'run page just launched');
  await system.screenshot(page, 'campaign-run-launched');

  // Selection done: the page (refreshing by itself) shows the figures the API has.
  await page.getByRole('heading', { level: 2, name: 'Status: läuft' }).waitFor({ timeout: 60_000 });
  const running = (await request(system.api.app).get(`/api/v1/campaign-runs/${runId}`).set(as('owner')).expect(200)).body as { selection: { read: number; selected: number } };
  expect(running.selection.selected).toBeGreaterThan(0);
  await figure(page, 'Kunden gelesen').filter({ hasText: new RegExp(`^${n(running.selection.read).replace('.', '\\.')}$`) }).waitFor();
  await figure(page, 'ausgewählt').filter({ hasText: new RegExp(`^${n(running.selection.selected).replace('.', '\\.')}$`) }).waitFor();
  await page.getByRole('table', { name: /^Ausgewählte Kunden nach Stand/ }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Der Lauf läuft' }).waitFor();
  await system.checkAccessibility(page, 'run page running');
  await system.screenshot(page, 'campaign-run-running');

  // Launching the same version again answers the same run.
  const again = await request(system.api.app).post(`/api/v1/campaigns/${campaignId}/versions/1/launch`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({});
  expect(again.status).toBe(202);
  expect(again.body.runId).toBe(runId);

  // Pause: the status says so (politely), the focus moves to "Fortsetzen".
  await page.getByRole('button', { name: 'Pausieren' }).click();
  await page.getByRole('heading', { level: 2, name: 'Status: pausiert' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Der Lauf ist pausiert' }).waitFor();
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), (text) => text === 'Fortsetzen', 'the focus on "Fortsetzen"');
  await expect(page.getByRole('button', { name: 'Pausieren' }).count()).resolves.toBe(0);
  await system.checkAccessibility(page, 'run page paused');
  await system.screenshot(page, 'campaign-run-paused');
  // Paused stays paused across the page's refreshes (the API says so too).
  await eventually(async () => (await request(system.api.app).get(`/api/v1/campaign-runs/${runId}`).set(as('owner'))).body.status as string, (status) => status === 'paused', 'the run paused');

  // Resume.
  await page.getByRole('button', { name: 'Fortsetzen' }).click();
  await page.getByRole('heading', { level: 2, name: 'Status: läuft' }).waitFor();
  await eventually(() => page.evaluate(() => document.activeElement?.textContent), (text) => text === 'Pausieren', 'the focus on "Pausieren"');

  // The campaign's page lists the run with a link to it.
  await page.getByRole('link', { name: /^Zurück zur Kampagne/ }).click();
  const runs = page.getByRole('table', { name: 'Gestartete Läufe, der neueste zuerst' });
  await runs.getByRole('row', { name: new RegExp(`Lauf von Version 1 ${runId} Version 1 läuft`) }).waitFor();
  await expect(runs.locator('tbody tr').count()).resolves.toBe(1);
  await system.checkAccessibility(page, 'campaign page with a run');
  await runs.getByRole('link', { name: 'Lauf von Version 1' }).click();
  await page.getByRole('heading', { level: 2, name: 'Status: läuft' }).waitFor();

  // Cancel: asks first, needs a reason, then the run is over and the buttons are gone.
  await page.getByRole('button', { name: 'Abbrechen …' }).click();
  const reason = page.getByLabel('Grund des Abbruchs');
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('name')), (field) => field === 'reason', 'the focus in the reason field');
  await page.getByRole('button', { name: 'Lauf endgültig abbrechen' }).click();
  await page.locator('.field-error', { hasText: 'Bitte einen Grund angeben' }).waitFor();
  expect(await reason.getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'run cancel without reason');
  await reason.fill('Angebot zurückgezogen: neue Konditionen ab Januar');
  await page.getByRole('button', { name: 'Lauf endgültig abbrechen' }).click();
  await page.getByRole('heading', { level: 2, name: 'Status: abgebrochen' }).waitFor();
  // The reason as the run keeps it (with who cancelled).
  await page.locator('.run-cancel-reason', { hasText: /^Angebot zurückgezogen: neue Konditionen ab Januar/ }).waitFor();
  await expect(page.getByRole('button', { name: /^(Pausieren|Fortsetzen|Abbrechen)/ }).count()).resolves.toBe(0);
  // The run closes its customers' contacts; the page keeps reading until the run has ended, then shows the final counts.
  const ended = await eventually(
    async () => (await request(system.api.app).get(`/api/v1/campaign-runs/${runId}`).set(as('owner')).expect(200)).body as { status: string; endedAt?: string; cancelReason?: string; counts: { waiting: number; released: number; taskOpen: number; cancelled: number } },
    (body) => body.endedAt !== undefined && body.counts.waiting + body.counts.released + body.counts.taskOpen === 0,
    'the cancelled run to end and close every contact',
  );
  expect(ended).toMatchObject({ status: 'cancelled', cancelReason: expect.stringMatching(/^Angebot zurückgezogen: neue Konditionen ab Januar/) });
  expect(ended.counts.cancelled).toBeGreaterThan(0);
  await page.getByText(/\(ändert sich nicht mehr\)/).waitFor();
  await page.locator('.run-cancel-reason', { hasText: ended.cancelReason! }).waitFor();
  const states = page.getByRole('table', { name: /^Ausgewählte Kunden nach Stand/ });
  await states.getByRole('row', { name: `abgebrochen ${n(ended.counts.cancelled)}`, exact: true }).waitFor();
  await states.getByRole('row', { name: 'wartend (noch nicht freigegeben) 0', exact: true }).waitFor();
  await system.checkAccessibility(page, 'run cancelled');
  await system.screenshot(page, 'campaign-run-cancelled');
});
