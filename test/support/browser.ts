/**
 * The whole system behind a real browser for one test file: the API system (Temporal dev server,
 * worker, database, SMTP catcher, simulators) listening on a port with the built web app, and
 * headless Chromium (Debian's) driven by playwright-core.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST } from '../../api/web-app';
import { CHROMIUM_ARGS, resolveChromium } from '../../tools/chromium';
import { startApiSystem, type ApiSystem } from './api-system';
import { tokenOf, type TestUser } from './users';

/** Where screenshots of a run go (git-ignored; CI keeps them as artifacts). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
/** WCAG 2.1 A and AA: what BITV 2.0 builds on. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserSystem {
  api: ApiSystem;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context signed in as `user` through the sign-in form, on the start page. */
  signedInPage(user: TestUser): Promise<Page>;
  /** A fresh page, signed in as nobody. */
  anonymousPage(): Promise<Page>;
  /** Runs axe-core (WCAG 2.1 A/AA) on the page; throws listing every violation. */
  checkAccessibility(page: Page, label: string): Promise<void>;
  /** Full-page screenshot to test-artifacts/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
}

export async function startBrowserSystem(name: string): Promise<BrowserSystem> {
  const api = await startApiSystem(name);
  const app = api.appWith({ webRoot: WEB_DIST });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? resolveChromium(), args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];

  async function newContext(): Promise<BrowserContext> {
    // bypassCSP: axe-core is injected as a script; the app's own CSP allows only its own files.
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context;
  }

  return {
    api,
    baseUrl,
    browser,
    async signedInPage(user) {
      // Through the sign-in form, as a person does (the token lives in this tab's sessionStorage).
      const page = await (await newContext()).newPage();
      await page.goto('/anmelden');
      await page.getByLabel('Zugangsschlüssel').fill(tokenOf(user));
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('button', { name: 'Abmelden' }).waitFor();
      return page;
    },
    async anonymousPage() {
      return (await newContext()).newPage();
    },
    async checkAccessibility(page, label) {
      await page.evaluate(AXE_SOURCE);
      const result = (await page.evaluate((tags) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS)) as AxeResult;
      if (result.violations.length > 0) {
        const lines = result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n    ')}`);
        throw new Error(`axe-core: ${result.violations.length} WCAG 2.1 AA violation(s) on ${label}:\n  ${lines.join('\n  ')}`);
      }
    },
    async screenshot(page, shot) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await api.stop();
    },
  };
}
