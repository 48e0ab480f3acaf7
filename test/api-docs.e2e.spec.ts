/**
 * The API reference (Swagger UI at /docs) in Chromium, under the admin UI's
 * Content-Security-Policy: it renders every operation of the document, asks
 * nothing of another host, runs a request from the page ("Try it out"), and
 * the browser reports no CSP refusal and no script error.
 */
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ADMIN_UI_CSP } from '../apps/api/src/admin-ui/admin-ui.files';
import { TestApi, startTestApi } from './support/api-harness';

type Violation = { directive: string; blocked: string; source: string };

describe('API reference at /docs (Chromium)', () => {
  let api: TestApi;
  let baseUrl: string;
  let browser: Browser;
  let operations: number;

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    const document = (await api.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0);
    // As the admin UI's end-to-end tests launch it (apps/admin/e2e/support/browser.ts, typed for the DOM, not imported here).
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** A page that records CSP refusals (as the page sees them), script errors, console errors and every URL it asks for. */
  async function open(path: string): Promise<{ context: BrowserContext; page: Page; violations: Violation[]; problems: string[]; urls: string[] }> {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    const violations: Violation[] = [];
    const problems: string[] = [];
    const urls: string[] = [];
    await page.exposeFunction('reportCspViolation', (violation: Violation) => violations.push(violation));
    // Browser code as text: this directory is compiled without the DOM's types.
    await page.addInitScript(
      `document.addEventListener('securitypolicyviolation', (e) =>
        window.reportCspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile }))`,
    );
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => urls.push(request.url()));
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('content-security-policy')).toBe(ADMIN_UI_CSP);
    return { context, page, violations, problems, urls };
  }

  it.each(['/docs', '/docs/'])('%s renders every operation under the CSP, with no refusal, no error and no foreign request', async (path) => {
    const { context, page, violations, problems, urls } = await open(path);
    try {
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.opblock').count()).toBe(operations);
      await expect(page.locator('.opblock-summary-path', { hasText: '/ofrep/v1/evaluate/flags' }).count()).resolves.toBeGreaterThan(0);
      // Its styles arrived: the icon sprite is out of the flow (its style attribute is gone, our stylesheet does it).
      expect(await page.evaluate(`getComputedStyle(document.querySelector('body > svg')).position`)).toBe('absolute');
      expect(await page.evaluate('getComputedStyle(document.body).margin')).toBe('0px');
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
      expect(urls.filter((url) => new URL(url).origin !== baseUrl && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('runs a request from the page (Try it out), same origin, under the CSP', async () => {
    const { context, page, violations, problems } = await open('/docs');
    try {
      const operation = page.locator('#operations-operations-HealthController_live');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();
      const status = operation.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor();
      expect((await status.innerText()).trim()).toMatch(/^200\b/);
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
