// The queue dashboard (@bull-board at /admin/queues) end to end, in Debian's
// Chromium: a signed-in admin opens it from the admin UI's navigation with
// the browser session alone, sees the revocations queue, and cleans it (a
// write that needs the session's CSRF token); no request leaves this machine.
// A responder is not offered the link.
import type { Browser, Request } from 'playwright-core';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { BrowserUser, launchChromium, openAs, screenshot, signIn } from './support/browser';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

describe('queue dashboard in a real browser (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let baseUrl: string;
  const open: BrowserUser[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
  }, 180_000);

  afterAll(async () => {
    for (const user of open) await user.context.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  async function person(): Promise<{ user: BrowserUser; requests: Request[] }> {
    const user = await openAs(browser, baseUrl);
    open.push(user);
    const requests: Request[] = [];
    user.page.on('request', (request) => requests.push(request));
    return { user, requests };
  }

  it('an admin opens it from the navigation with the session cookie and sees the queues; nothing leaves localhost', async () => {
    const { user, requests } = await person();
    const { page } = user;
    await signIn(user, TEST_ADMIN.email, TEST_ADMIN.password);
    const violations: { directive: string; blocked: string; source: string }[] = [];
    await page.exposeFunction('reportCspViolation', (violation: { directive: string; blocked: string; source: string }) => violations.push(violation));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { reportCspViolation(v: object): void }).reportCspViolation;
        void report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: new URL(e.sourceFile, location.href).pathname });
      }),
    );
    const before = user.problems.length; // signing in has its expected 401 (no session yet)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click();
    await page.waitForURL('**/admin/queues');
    await page.getByText('revocations', { exact: true }).first().waitFor();
    await screenshot(page, 'queue-dashboard');

    // A write from the dashboard's own page carries the session's CSRF token (our script adds it), and is accepted.
    const cleaned = await page.evaluate(async () => {
      const response = await fetch('/admin/queues/api/queues/revocations/clean/completed', { method: 'PUT' });
      return response.status;
    });
    expect(cleaned).toBe(200);
    // bull-board's own requests go through axios, i.e. XMLHttpRequest: the token is added there too.
    const cleanedByXhr = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('PUT', '/admin/queues/api/queues/revocations/clean/failed'); // as bull-board's axios sends it
          xhr.onloadend = () => resolve(xhr.status);
          xhr.send();
        }),
    );
    expect(cleanedByXhr).toBe(200);

    const foreign = requests.map((request) => new URL(request.url())).filter((url) => url.protocol !== 'data:' && !LOCAL_HOSTS.has(url.hostname));
    expect(foreign.map((url) => url.href)).toEqual([]);
    expect(requests.some((request) => new URL(request.url()).pathname.startsWith('/admin/queues/api/'))).toBe(true);
    // The CSP refuses, and the browser reports, two things of bull-board's: its <base> (base-uri 'none'; the page's URLs
    // are made absolute, so nothing depends on it) and an inline <style> element its React renders (cosmetic). Nothing else.
    const known = (v: (typeof violations)[number]) =>
      (v.directive === 'base-uri' && v.source === '/admin/queues') ||
      (v.directive === 'style-src-elem' && v.blocked === 'inline' && v.source.startsWith('/admin/queues/static/js/'));
    expect(violations.filter((v) => !known(v))).toEqual([]);
    const cspReport = /^console: .*violates the following Content Security Policy directive/;
    expect(user.problems.slice(before).filter((problem) => !cspReport.test(problem))).toEqual([]);
  });

  it('is not offered to a responder, and refuses them if they go there', async () => {
    const responder = await api.userWith('responder');
    const { user } = await person();
    await signIn(user, responder.email, responder.password);
    await user.page.getByRole('link', { name: 'Kill board' }).waitFor();
    expect(await user.page.getByRole('link', { name: 'Queues' }).count()).toBe(0);
    const refused = await user.page.goto('/admin/queues');
    expect(refused?.status()).toBe(403);
  });
});
