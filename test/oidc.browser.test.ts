/**
 * Single sign-on in a real browser: the sign-in page offers "Mit Bankkonto anmelden", the person
 * signs in at a real OpenID Connect provider (its development login and consent pages), comes
 * back with a code that the page exchanges (PKCE, CORS to the token endpoint, the app's own CSP
 * in force) and lands where they wanted to go, with their name shown. Sign-out forgets the token
 * and ends the session at the provider too: the next sign-in on that browser asks again.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { WEB_DIST } from '../api/web-app';
import { OidcAuthenticator } from '../platform/oidc';
import { UserRegistry } from '../platform/users';
import { CHROMIUM_ARGS, resolveChromium } from '../tools/chromium';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { rsaSigningKey, startOidcProvider, TEST_API_AUDIENCE, type ProviderConfig, type TestOidcProvider } from './support/oidc-provider';

const WEB_CLIENT = 'drehscheibe-web';
const ACCOUNTS = {
  anna: { name: 'Anna Agentin', roles: ['agent'], queues: ['ksc'] },
  jan: { name: 'Jan Hausmeister', roles: ['facility'], queues: [] },
};

let api: ApiSystem;
let provider: TestOidcProvider;
let server: Server;
let baseUrl: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const base: ProviderConfig = { keys: [await rsaSigningKey('key-1')], resources: [TEST_API_AUDIENCE], accessTokenTtlSeconds: 600, clients: [], accounts: ACCOUNTS };
  [api, provider] = await Promise.all([startApiSystem('oidc-browser'), startOidcProvider(base)]);
  const authenticator = new OidcAuthenticator({
    issuer: provider.issuer,
    audience: TEST_API_AUDIENCE,
    clientId: WEB_CLIENT,
    scopes: 'openid profile',
    claims: { idClaim: 'sub', nameClaim: 'name', rolesClaim: 'roles', queuesClaim: 'queues', roleMap: new Map() },
  });
  const app = api.appWith({ webRoot: WEB_DIST, authenticator, users: new UserRegistry([]) });
  server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  // The web app as the bank registers it: a public client (no secret), back to its sign-in page.
  await provider.configure({
    ...base,
    clients: [
      {
        client_id: WEB_CLIENT,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${baseUrl}/anmelden`],
        post_logout_redirect_uris: [`${baseUrl}/anmelden`],
      },
    ],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? resolveChromium(), args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await provider?.stop();
  await api?.stop();
});

/** A fresh browser with the app's CSP in force (it must allow the token endpoint); bypassed only to inject axe-core. */
async function newPage({ bypassCSP = false } = {}) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 }, bypassCSP });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

/** The provider's development login and consent pages, as a person fills them in. */
async function signInAtProvider(page: Awaited<ReturnType<typeof newPage>>, login: string) {
  await page.waitForURL((url) => url.origin === new URL(provider.issuer).origin);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('irrelevant');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a person signs in with the bank account and lands where they wanted to go; sign-out forgets the token and ends the provider session', async () => {
  const page = await newPage();
  const refusedByCsp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refusedByCsp.push(message.text());
  });
  await page.goto('/aufgaben');
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/anmelden');
  // Single sign-on: no token field, the provider's sign-in instead.
  expect(await page.getByLabel('Zugangsschlüssel').count()).toBe(0);
  await page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).click();

  // At the provider: an authorization code request with PKCE (S256) and a state, no secret.
  await page.waitForURL((url) => url.origin === new URL(provider.issuer).origin);
  await signInAtProvider(page, 'anna');

  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/aufgaben');
  await page.getByText('Angemeldet: Anna Agentin').waitFor();
  expect(refusedByCsp).toEqual([]);
  // The access token is the provider's JWT, kept in this tab's sessionStorage only.
  const token = await page.evaluate(() => sessionStorage.getItem('drehscheibe.token'));
  const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as { aud: unknown; iss: string; sub: string };
  expect(claims).toMatchObject({ iss: provider.issuer, sub: 'anna', aud: TEST_API_AUDIENCE });
  expect(await page.evaluate(() => sessionStorage.getItem('drehscheibe.oidc.pending'))).toBeNull();

  // The ID token waits for sign-out, as the hint for the provider's end-session endpoint.
  expect(await page.evaluate(() => sessionStorage.getItem('drehscheibe.oidc.id-token'))).toMatch(/^ey/);

  await page.getByRole('button', { name: 'Abmelden' }).click();
  // At the provider: its end-session page (RP-initiated logout), then back to the sign-in page.
  await page.waitForURL((url) => url.origin === new URL(provider.issuer).origin);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/anmelden');
  expect(await page.evaluate(() => [sessionStorage.getItem('drehscheibe.token'), sessionStorage.getItem('drehscheibe.oidc.id-token')])).toEqual([null, null]);

  // The next person at this desk is asked who they are (the provider's session ended too).
  await page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).click();
  await page.waitForURL((url) => url.origin === new URL(provider.issuer).origin);
  await page.locator('input[name="login"]').waitFor();
  await signInAtProvider(page, 'anna');
  await page.getByText('Angemeldet: Anna Agentin').waitFor();
});

test('the authorization request carries a PKCE S256 challenge and a state; a code with a foreign state is refused', async () => {
  const page = await newPage();
  await page.goto('/anmelden');
  const [request] = await Promise.all([
    page.waitForRequest((candidate) => candidate.url().startsWith(provider.issuer) && candidate.url().includes('response_type=code')),
    page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).click(),
  ]);
  const sent = new URL(request.url()).searchParams;
  expect(sent.get('code_challenge_method')).toBe('S256');
  expect(sent.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(sent.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  expect(sent.get('client_id')).toBe(WEB_CLIENT);
  expect(sent.get('redirect_uri')).toBe(`${baseUrl}/anmelden`);
  expect(sent.has('client_secret')).toBe(false);

  // Someone else's code (another state) is not exchanged.
  await page.goto(`/anmelden?code=someone-elses-code&state=${'x'.repeat(22)}`);
  await page.getByText('Diese Anmeldung wurde nicht von dieser Seite begonnen').waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('drehscheibe.token'))).toBeNull();
});

test('an account without a role of this application is told so', async () => {
  const page = await newPage();
  await page.goto('/anmelden');
  await page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).click();
  await signInAtProvider(page, 'jan');
  await page.getByText('Ihr Bankkonto hat keine Rolle in der Drehscheibe').waitFor();
  expect(await page.getByRole('button', { name: 'Abmelden' }).count()).toBe(0);
});

test('the sign-in page with single sign-on meets WCAG 2.1 AA', async () => {
  const page = await newPage({ bypassCSP: true });
  await page.goto('/anmelden');
  await page.getByRole('button', { name: 'Mit Bankkonto anmelden' }).waitFor();
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string }> }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((result) => result.violations.map((violation) => violation.id)),
  )) as string[];
  expect(violations).toEqual([]);
});
