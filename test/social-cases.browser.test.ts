/**
 * The social-media page (`/social-media`, issue 13, section 3) and a social-reaction task's page
 * in a real browser against the real system. Posts arrive as the gateway delivers them (the
 * simulator signs each and posts it to the app's webhook): a reputation risk and a product
 * question from five hours ago before the supervisor looks, a lost card while the page is open.
 * The supervisor finds the page in the navigation, sees the cases with their German types,
 * statuses, due times ("Überfällig" in words) and the risk's escalation level, the lost card
 * arriving by itself (announced politely), opens the risk and reads the post, the evidence's
 * SHA-256 (the one the API holds) and the level-1 alert, acknowledges the escalation and sees it
 * acknowledged in the case and in the list. An agent of the social-media team opens the lost
 * card's task from /aufgaben and reads the post above the completion form. axe-core finds no WCAG
 * 2.1 AA violation on any state.
 *
 * The test users have no social-media queue, so the pages run on a server of this file's own with
 * one more user (as chat-advisor's branch does); the simulator delivers to that server too.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { WEB_DIST } from '../api/web-app';
import { SOCIAL_WEBHOOK_PATH } from '../api/social-webhook.routes';
import type { SocialCaseState } from '../domain/social-case';
import type { User } from '../domain/identity';
import { hashToken, UserRegistry } from '../platform/users';
import { startBrowserSystem, type BrowserSystem } from './support/browser';
import { as, TEST_USERS, tokenOf, type TestUser } from './support/users';

let system: BrowserSystem;
let server: Server;
let baseUrl: string;
const contexts: BrowserContext[] = [];
/** An agent of the social-media team (`SOCIAL_QUEUE`'s default queue). */
const SOCIAL_AGENT: User = { id: 'social.test', name: 'Sina Social', roles: ['agent'], queues: ['social-media'] };
const SOCIAL_TOKEN = `token-social-${randomUUID()}`;

beforeAll(async () => {
  system = await startBrowserSystem('social-cases-web');
  const users = new UserRegistry([...(Object.keys(TEST_USERS) as TestUser[]).map((key) => ({ ...TEST_USERS[key], tokenSha256: hashToken(tokenOf(key)) })), { ...SOCIAL_AGENT, tokenSha256: hashToken(SOCIAL_TOKEN) }]);
  const app = system.api.appWith({ webRoot: WEB_DIST, users });
  server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  system.api.system.socialMedia.control.setWebhookUrl(`${baseUrl}${SOCIAL_WEBHOOK_PATH}`);
});
afterAll(async () => {
  // The social page reads every 5 s and the inbox holds an event stream: the contexts go first,
  // then the server drops what is left (close() alone waits for busy keep-alive connections).
  for (const context of contexts) await context.close().catch(() => undefined);
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await system?.stop();
});

/** A fresh browser context on this file's server, signed in through the form with `token`. */
async function signedIn(token: string): Promise<Page> {
  const context = await system.browser.newContext({ baseURL: baseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP: true, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto('/anmelden');
  await page.getByLabel('Zugangsschlüssel').fill(token);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  return page;
}

/** A post delivered by the gateway simulator through the signed webhook. */
async function posted(input: Parameters<BrowserSystem['api']['system']['socialMedia']['control']['post']>[0]): Promise<{ caseId: string; postId: string }> {
  const delivery = await system.api.system.socialMedia.control.post(input);
  expect(delivery.outcome).toBe(200);
  return delivery;
}

/** The list's row of a case (found by its post id, which the entry's link shows). */
const rowOf = (page: Page, postId: string) => page.getByRole('table', { name: /Fälle/ }).getByRole('row').filter({ has: page.getByRole('link', { name: new RegExp(postId) }) });

test('a supervisor watches the cases, reads a reputation risk with its evidence and alert and acknowledges it; an agent reads the post on the lost card\'s task', async () => {
  const run = randomUUID().slice(0, 8);
  const risk = await posted({ text: 'Ich wurde von der Sparkasse über den Tisch gezogen! Das erzähle ich allen.', postId: `risk_${run}`, author: { handle: 'erika.m', name: 'Erika Mustermann' } });
  const question = await posted({ text: 'Wo finde ich Infos zum Tagesgeld?', postId: `question_${run}`, postedAt: new Date(Date.now() - 5 * 3_600_000).toISOString() });

  // The supervisor finds the page in the navigation.
  const page = await signedIn(tokenOf('supervisor'));
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Social Media' }).click();
  await page.getByRole('heading', { level: 1, name: 'Social Media' }).waitFor();
  await page.getByText('aktualisiert sich alle 5 Sekunden von selbst').waitFor();

  // The risk, alerted at level 1 at once; the product question five hours old: its reaction is overdue.
  const riskRow = rowOf(page, risk.postId);
  await riskRow.getByRole('cell', { name: 'Stufe 1: läuft, unbestätigt' }).waitFor();
  expect(await riskRow.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Reputationsrisiko', 'wartet auf Bestätigung der Eskalation']));
  await riskRow.getByRole('link', { name: `Facebook-Kommentar ${risk.postId}` }).waitFor();
  const questionRow = rowOf(page, question.postId);
  await questionRow.getByText('Überfällig').waitFor();
  expect(await questionRow.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Produktfrage', 'wartet auf das Social-Media-Team', 'keine']));
  await system.checkAccessibility(page, 'social-media cases');

  // A lost card arrives while the page is open: it shows by itself and is announced without moving the focus.
  const lost = await posted({ text: 'Ich habe meine EC-Karte verloren, was soll ich jetzt tun?', postId: `lost_${run}`, author: { handle: 'max.k', name: 'Max Kunde' } });
  const lostRow = rowOf(page, lost.postId);
  await lostRow.waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: 'Neuer Fall: Facebook, Karte verloren.' }).waitFor();
  expect(await lostRow.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Karte verloren', 'wartet auf das Social-Media-Team', 'keine']));
  await lostRow.getByText('Bald fällig').waitFor();
  expect(await page.getByRole('table', { name: /Fälle/ }).getByRole('row').filter({ has: page.getByRole('link') }).count()).toBe(3);
  await system.checkAccessibility(page, 'a new case in the list');

  // The risk in full: the post, the evidence's hash as the API holds it, the alert sent.
  await riskRow.getByRole('link').click();
  const detail = page.getByRole('region', { name: 'Facebook-Kommentar von Erika Mustermann (@erika.m)' });
  await detail.locator('blockquote').getByText('Ich wurde von der Sparkasse über den Tisch gezogen! Das erzähle ich allen.', { exact: true }).waitFor();
  expect(decodeURIComponent(new URL(page.url()).search)).toBe(`?fall=${risk.caseId}`);
  expect(await riskRow.getByRole('link').getAttribute('aria-current')).toBe('true');
  const state = (await request(system.api.app).get(`/api/v1/social-cases/${encodeURIComponent(risk.caseId)}`).set(as('auditor')).expect(200)).body as SocialCaseState;
  expect(state.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
  const escalation = detail.getByRole('region', { name: 'Beweissicherung und Eskalation' });
  await escalation.getByText(state.evidence!.sha256, { exact: true }).waitFor();
  const alerts = escalation.getByRole('table', { name: 'Gesendete Alarme' });
  const firstAlert = alerts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Stufe 1' }) });
  await firstAlert.getByText('E-Mail an social-media@sparkasse.example').waitFor();
  expect(await firstAlert.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Social-Media-Team', 'E-Mail']));
  await escalation.getByText('Stufe 1 ist alarmiert und hat noch nicht bestätigt.', { exact: false }).waitFor();
  const steps = detail.getByRole('region', { name: 'Schritte des Falls' });
  await steps.getByText('Als Beweis gesichert').waitFor();
  await steps.getByText('Eskalationsstufe alarmiert').waitFor();
  await system.checkAccessibility(page, 'a reputation risk with its evidence and alert');
  await system.screenshot(page, 'social-media-reputation-risk');

  // Acknowledged: the chain stops; the case and the list say so.
  await escalation.getByRole('button', { name: 'Eskalation bestätigen' }).click();
  await escalation.getByRole('status').filter({ hasText: 'Die Eskalation ist bestätigt; es werden keine weiteren Stufen alarmiert.' }).waitFor();
  await escalation.getByText(/^Eskalation: Bestätigt von Supervisor am .+: die Eskalationskette ist angehalten\.$/).waitFor();
  expect(await escalation.getByRole('button', { name: 'Eskalation bestätigen' }).count()).toBe(0);
  await riskRow.getByRole('cell', { name: 'Stufe 1: bestätigt' }).waitFor();
  await riskRow.getByRole('cell', { name: 'wartet auf das Social-Media-Team' }).waitFor();
  await steps.getByText('Eskalation bestätigt').waitFor();
  const acknowledged = (await request(system.api.app).get(`/api/v1/social-cases/${encodeURIComponent(risk.caseId)}`).set(as('auditor')).expect(200)).body as SocialCaseState;
  expect(acknowledged.escalation).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'supervisor.test' });
  expect(acknowledged.escalation?.alerts).toHaveLength(1);
  await system.checkAccessibility(page, 'the escalation acknowledged');
  await system.screenshot(page, 'social-media-acknowledged');

  // The social-media team's agent opens the lost card's task: the post stands above the form.
  const taskId = `${lost.caseId}~reaction`;
  const agent = await signedIn(SOCIAL_TOKEN);
  await agent.goto('/aufgaben');
  await agent.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
  await agent.locator(`a[href="/aufgaben/${encodeURIComponent(taskId)}"]`).click();
  await agent.getByRole('heading', { level: 1, name: 'Social Media (facebook): Karte verloren' }).waitFor();
  const post = agent.getByRole('region', { name: 'Der Eintrag' });
  await post.locator('blockquote').getByText('Ich habe meine EC-Karte verloren, was soll ich jetzt tun?', { exact: true }).waitFor();
  await post.getByText('Facebook-Kommentar von Max Kunde (@max.k)', { exact: false }).waitFor();
  await post.getByText(/^Karte verloren \(Regel lost-card\//).waitFor();
  await post.getByText('Bald fällig').waitFor();
  const form = agent.getByRole('form', { name: /^Erledigen:/ });
  await form.waitFor();
  const postTop = (await post.boundingBox())!.y;
  const formTop = (await form.boundingBox())!.y;
  expect(postTop).toBeLessThan(formTop);
  await system.checkAccessibility(agent, 'a social-reaction task with its post');
  await system.screenshot(agent, 'social-reaction-task');
}, 180_000);
