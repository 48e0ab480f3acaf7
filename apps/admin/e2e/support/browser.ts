/**
 * Debian's Chromium driven by playwright-core, headless, for the admin UI's
 * end-to-end tests; with screenshots saved as test artifacts and an axe-core
 * accessibility check.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', '..', 'test-artifacts', 'screenshots');
/** A common laptop screen. */
export const LAPTOP = { width: 1366, height: 768 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the admin UI's end-to-end tests need it. Install it with: apt-get install -y chromium (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface BrowserUser {
  context: BrowserContext;
  page: Page;
  /** Every request the page made that could change something (not GET/HEAD). */
  writes: string[];
  /** Uncaught page errors, console errors (a CSP refusal shows up here) and failed responses. */
  problems: string[];
}

export async function openAs(browser: Browser, baseUrl: string): Promise<BrowserUser> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: LAPTOP, acceptDownloads: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const writes: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (!['GET', 'HEAD'].includes(request.method())) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed responses are recorded below, with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return { context, page, writes, problems };
}

export async function signIn(user: BrowserUser, email: string, password: string): Promise<void> {
  const { page } = user;
  await page.goto('/admin/');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const { passes, violations } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    type AxeResults = { violations: AxeResult[]; passes: AxeResult[] };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    };
  });
  // A check that checked nothing must not pass: axe runs dozens of rules on any of our screens.
  if (passes < 10) throw new Error(`axe ran only ${passes} passing rules: it did not check the page`);
  return violations;
}
