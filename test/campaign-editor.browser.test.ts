/**
 * The campaign editor (`/kampagnen`, issue 11, section 4) in a real browser against the real
 * system with the default catalog: a process owner opens the credit-card upgrade, changes its
 * opening, saves, reviews the diff against version 1, publishes version 2, and the next contact
 * gets version 2 with the new opening (the "Done when"). A bad rule is refused with its
 * path beside the JSON, a stale save says who saved meanwhile, a new campaign starts as a copy,
 * and supervisors and auditors read without editing. Every state passes axe-core (WCAG 2.1 AA)
 * and is kept as a screenshot.
 */
import type { Page, Request } from 'playwright-core';
import request from 'supertest';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { describeCriterion } from '../domain/campaign-criteria';
import type { Criterion } from '../domain/campaign-criteria.schema';
import { DEFAULT_CATALOG, PILOT_CATALOG } from '../domain/pilot-catalog';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as } from './support/users';

let system: BrowserSystem;

beforeAll(async () => {
  system = await startBrowserSystem('campaign-editor');
  expect(await seedPilotCatalog(new PrismaCampaignStore(system.api.system.appParts().db.client))).toBe(DEFAULT_CATALOG.length);
});
afterAll(async () => {
  await system?.stop();
});

const UPGRADE = 'pilot-10-kreditkarte-upgrade';
const upgrade = PILOT_CATALOG.find((entry) => entry.campaignId === UPGRADE)!;
const NEW_OPENING = '{anrede}, Sie nutzen unsere MasterCard Classic: mit der MasterCard Gold sind Sie auf Reisen rundum versichert. Darf ich Ihnen die Vorteile kurz vorstellen?';

async function openCampaign(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Kampagne: ${name}` }).waitFor();
}

test('a process owner changes the opening, reviews the diff, publishes version 2, and the next contact gets it', async () => {
  const page = await system.signedInPage('owner');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Kampagnen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kampagnen' }).waitFor();
  await page.getByRole('status').filter({ hasText: `${DEFAULT_CATALOG.length} Kampagnen.` }).waitFor();

  // The list: name, the trigger as the process's title, the live version, the draft's state.
  const row = page.getByRole('row', { name: new RegExp(upgrade.definition.name) });
  await row.getByRole('cell', { name: 'Serviceanliegen: Kreditkarte – Frage zu bestehender Kreditkarte' }).waitFor();
  await row.getByRole('cell', { name: /^Version 1 seit / }).waitFor();
  await row.getByRole('cell', { name: 'wie die Live-Version' }).waitFor();
  await system.checkAccessibility(page, 'campaign list');
  await system.screenshot(page, 'campaigns-list');

  await openCampaign(page, upgrade.definition.name);
  // The live version read out; the rule in the same words as the server's describeCriterion.
  const sentence = describeCriterion(upgrade.definition.criteria as Criterion);
  expect(sentence).toBe('alle der folgenden: Alter ab 18; Segment nicht Geschäftskunde; besitzt Mastercard Classic; besitzt nicht Mastercard Gold; letzter Kontakt zum Thema kreditkarte mehr als 90 Tage her (oder noch keiner)');
  await page.getByRole('heading', { level: 2, name: 'Live-Version 1' }).waitFor();
  await page.locator('section', { has: page.getByRole('heading', { name: 'Live-Version 1' }) }).getByText(sentence, { exact: true }).waitFor();
  // The editor reads the same rule out beneath its JSON.
  await page.locator('.campaign-reading', { hasText: sentence }).first().waitFor();
  await page.getByRole('row', { name: /Version 1 live/ }).getByRole('cell', { name: 'system:pilot-catalog' }).waitFor();
  // Nothing to publish yet.
  expect(await page.getByRole('button', { name: /^Veröffentlichen/ }).isDisabled()).toBe(true);
  await system.checkAccessibility(page, 'campaign page');
  await system.screenshot(page, 'campaign-page');

  // Change the opening and save.
  await page.getByLabel('Gesprächseinstieg').fill(NEW_OPENING);
  await page.getByText('Ungespeicherte Änderungen.', { exact: false }).waitFor();
  expect(await page.getByRole('button', { name: /^Veröffentlichen/ }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await page.getByRole('status').filter({ hasText: 'Entwurf gespeichert (Revision 2' }).waitFor();

  // The diff draft vs version 1: exactly the opening, with its German name, before and after.
  const review = page.getByRole('table', { name: 'Änderungen des gespeicherten Entwurfs (Revision 2) gegenüber der Live-Version 1' });
  await review.waitFor();
  const changed = review.getByRole('row', { name: /Gesprächseinstieg/ });
  await changed.getByRole('cell', { name: 'geändert' }).waitFor();
  await changed.getByRole('cell', { name: upgrade.definition.script.opening }).waitFor();
  await changed.getByRole('cell', { name: NEW_OPENING }).waitFor();
  await expect(review.locator('tbody tr').count()).resolves.toBe(1);
  // The comparison below says the same, from version 1 to the draft.
  await page.getByRole('status').filter({ hasText: '1 Änderung von Version 1 zu dem Entwurf (Revision 2).' }).waitFor();
  await page.getByRole('table', { name: 'Von Version 1 zu dem Entwurf (Revision 2)' }).getByRole('row', { name: /script\.opening/ }).waitFor();
  await system.checkAccessibility(page, 'campaign draft saved with diff');
  await system.screenshot(page, 'campaign-draft-saved');

  // Publish the reviewed revision, with an Idempotency-Key.
  const sent: Array<{ key?: string; body: unknown }> = [];
  page.on('request', (req: Request) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === `/api/v1/campaigns/${UPGRADE}/publish`) sent.push({ key: req.headers()['idempotency-key'], body: req.postDataJSON() });
  });
  await page.getByRole('button', { name: 'Veröffentlichen (Revision 2 als Version 2)' }).click();
  await page.getByRole('status').filter({ hasText: /^Version 2 ist veröffentlicht .* und gilt ab sofort für neue Kontakte\.$/ }).waitFor();
  expect(sent).toEqual([{ key: expect.stringMatching(/^veroeffentlichen-[0-9a-f]{32}$/), body: { revision: 2 } }]);
  await page.getByRole('heading', { level: 2, name: 'Live-Version 2' }).waitFor();
  await page.getByRole('row', { name: /Version 2 live/ }).getByRole('cell', { name: 'owner.test' }).waitFor();
  await page.locator('section', { has: page.getByRole('heading', { name: 'Live-Version 2' }) }).getByText(NEW_OPENING).waitFor();
  await page.getByText('Der Entwurf entspricht der Live-Version: es gibt nichts zu veröffentlichen.').waitFor();
  await system.checkAccessibility(page, 'campaign published');
  await system.screenshot(page, 'campaign-published');

  // The next contact (through the app the browser uses, whose live-version cache the publish cleared) gets version 2.
  const answer = await request(system.baseUrl)
    .post('/api/v1/service-requests')
    .set(as('agent'))
    .set('Idempotency-Key', 'campaign-editor-next-contact')
    .send({ customerId: 'K-100027', contactId: 'call-campaign-editor', process: 'kreditkarte-bestehende', channel: 'phone' })
    .expect(201);
  expect(answer.body.offer).toMatchObject({ campaignId: UPGRADE, version: 2 });
  expect(answer.body.offer.script.opening).toMatch(/^Frau\/Herr \S.*, Sie nutzen unsere MasterCard Classic: mit der MasterCard Gold sind Sie auf Reisen rundum versichert\. Darf ich Ihnen die Vorteile kurz vorstellen\?$/);

  // Back in the list: version 2, nothing unpublished.
  await page.getByRole('link', { name: 'Zurück zu allen Kampagnen' }).click();
  const listed = page.getByRole('row', { name: new RegExp(upgrade.definition.name) });
  await listed.getByRole('cell', { name: /^Version 2 seit / }).waitFor();
  await listed.getByRole('cell', { name: 'wie die Live-Version' }).waitFor();
});

test('a bad rule is read out as it is typed and refused with its path beside the JSON', async () => {
  const page = await system.signedInPage('owner');
  await page.goto('/kampagnen');
  const name = PILOT_CATALOG.find((entry) => entry.campaignId === 'pilot-09-kreditkarte-anfrage')!.definition.name;
  await openCampaign(page, name);
  const criteria = page.getByLabel('Zielkriterien (JSON)');

  // Not JSON yet: the reading says so.
  await criteria.fill('{ "kind": "all", "rules": [');
  await page.locator('.campaign-reading', { hasText: 'Kein gültiges JSON' }).waitFor();
  // JSON, but age 70 to 18: read out as typed; the API refuses it.
  await criteria.fill(JSON.stringify({ kind: 'all', rules: [{ kind: 'age', min: 70, max: 18 }, { kind: 'not', rule: { kind: 'owns', products: ['mastercard-gold'] } }] }, null, 2));
  await page.locator('.campaign-reading', { hasText: 'alle der folgenden: Alter 70 bis 18; besitzt nicht Mastercard Gold' }).waitFor();
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  const error = 'Zielkriterien › Regel 1 › min (Pfad criteria.rules.0.min): darf nicht über dem Höchstwert (max) liegen';
  await page.locator('.field-error', { hasText: error }).waitFor();
  expect(await criteria.getAttribute('aria-invalid')).toBe('true');
  expect(await criteria.getAttribute('aria-describedby')).toContain(await page.locator('.field-error', { hasText: error }).getAttribute('id'));
  await page.getByRole('alert').filter({ hasText: 'Der Entwurf wurde nicht gespeichert.' }).getByText('criteria.rules.0.min', { exact: true }).waitFor();
  // A bad number is refused beside its field too.
  await page.getByLabel('Priorität').fill('5000');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await page.locator('.field-error', { hasText: 'darf höchstens 1000 sein' }).waitFor();
  expect(await page.getByLabel('Priorität').getAttribute('aria-invalid')).toBe('true');
  await system.checkAccessibility(page, 'campaign bad rule');
  await system.screenshot(page, 'campaign-bad-rule');

  // Nothing was saved: the draft is still revision 1.
  const stored = await request(system.api.app).get('/api/v1/campaigns/pilot-09-kreditkarte-anfrage').set(as('owner')).expect(200);
  expect(stored.body.draft.revision).toBe(1);
});

test('a save from a stale revision says who saved meanwhile and offers their draft', async () => {
  const id = 'pilot-03-sorten-kreditkarte';
  const name = PILOT_CATALOG.find((entry) => entry.campaignId === id)!.definition.name;
  const page = await system.signedInPage('owner');
  await page.goto('/kampagnen');
  await openCampaign(page, name);
  await page.getByLabel('Titel des Angebots').fill('Mastercard Gold für Reisende');

  // Meanwhile a colleague saves over the API.
  const current = await request(system.api.app).get(`/api/v1/campaigns/${id}`).set(as('owner')).expect(200);
  await request(system.api.app)
    .put(`/api/v1/campaigns/${id}/draft`)
    .set(as('owner'))
    .send({ revision: current.body.draft.revision, definition: { ...current.body.draft.definition, priority: 150 } })
    .expect(200);

  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await page.getByRole('alert').filter({ hasText: /Nicht gespeichert: owner\.test hat den Entwurf inzwischen gespeichert \(.*, Revision 2\)\. Ihre Änderungen beziehen sich auf Revision 1\./ }).waitFor();
  await system.checkAccessibility(page, 'campaign stale save');
  await system.screenshot(page, 'campaign-stale-save');
  await page.getByRole('button', { name: 'Entwurf von owner.test laden (Ihre Änderungen verwerfen)' }).click();
  await page.getByText('Revision 2, zuletzt gespeichert von owner.test').waitFor();
  expect(await page.getByLabel('Priorität').inputValue()).toBe('150');
  expect(await page.getByLabel('Titel des Angebots').inputValue()).toBe('Mastercard Gold');
});

test('a new campaign starts as a copy of an existing one, unpublished', async () => {
  const page = await system.signedInPage('owner');
  await page.goto('/kampagnen');
  await page.getByRole('heading', { level: 2, name: 'Neue Kampagne' }).waitFor();
  await page.getByLabel('Kopie von').selectOption({ label: upgrade.definition.name });
  expect(await page.getByLabel('Name (Pflichtfeld)', { exact: true }).inputValue()).toBe(`Kopie von ${upgrade.definition.name}`.slice(0, 120));
  // An id in use is refused before anything is sent.
  await page.getByLabel('Kennung der neuen Kampagne').fill(UPGRADE);
  await page.getByRole('button', { name: 'Kopie anlegen' }).click();
  await page.locator('.field-error', { hasText: `Die Kennung „${UPGRADE}“ ist schon vergeben.` }).waitFor();
  await system.checkAccessibility(page, 'new campaign form with an error');

  await page.getByLabel('Kennung der neuen Kampagne').fill('kreditkarte-gold-sommer');
  await page.getByLabel('Name (Pflichtfeld)', { exact: true }).fill('Kreditkarte Gold – Sommeraktion');
  await page.getByRole('button', { name: 'Kopie anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kampagne: Kreditkarte Gold – Sommeraktion' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/kampagnen/kreditkarte-gold-sommer');
  await page.getByText('Die Kampagne „kreditkarte-gold-sommer“ ist als Kopie angelegt (Revision 1). Sie ist noch nicht veröffentlicht.').waitFor();
  await page.getByText('Noch nicht veröffentlicht: Kontakte erhalten dieses Angebot erst nach der ersten Veröffentlichung.').waitFor();
  await page.getByRole('button', { name: 'Veröffentlichen (Revision 1 als Version 1)' }).waitFor();
  await system.checkAccessibility(page, 'new campaign');
  await system.screenshot(page, 'campaign-new');

  const stored = await request(system.api.app).get('/api/v1/campaigns/kreditkarte-gold-sommer').set(as('owner')).expect(200);
  expect(stored.body).toMatchObject({ draft: { revision: 1, createdBy: 'owner.test' }, versions: [] });
  expect(stored.body.draft.definition.criteria).toEqual(upgrade.definition.criteria);
});

test('supervisors and auditors read campaigns without editing; agents have no editor', async () => {
  for (const user of ['supervisor', 'auditor'] as const) {
    const page = await system.signedInPage(user);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Kampagnen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kampagnen' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Neue Kampagne' }).count()).resolves.toBe(0);
    await openCampaign(page, upgrade.definition.name);
    await page.getByText(/^Nur lesen\. Revision \d+/).waitFor();
    await expect(page.getByRole('button', { name: 'Entwurf speichern' }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Veröffentlichen' }).count()).resolves.toBe(0);
    await page.getByRole('heading', { level: 2, name: 'Versionen vergleichen' }).waitFor();
    await system.checkAccessibility(page, `campaign read only (${user})`);
    if (user === 'supervisor') await system.screenshot(page, 'campaign-read-only');
  }
  const agent = await system.signedInPage('agent');
  await agent.goto('/kampagnen');
  await agent.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();
});
