/**
 * OpenFeature's own OFREP web provider, in Chromium, against a real API: it
 * follows the event stream a bulk evaluation names (EventSource needs a
 * browser), so a kill made through the API flips the flag without polling.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { TestApi, startTestApi } from './support/api-harness';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from './support/fleet';

const PAGE_PREFIX = '/__ofrep-web-provider/';
const modules = path.resolve(__dirname, '..', 'node_modules', '@openfeature');
/** The packages' own ESM builds, served to the page under the names its import map gives them. */
const FILES: Record<string, string> = {
  'core.js': path.join(modules, 'core', 'dist', 'esm', 'index.js'),
  'web-sdk.js': path.join(modules, 'web-sdk', 'dist', 'esm', 'index.js'),
  'ofrep-core.js': require.resolve('@openfeature/ofrep-core', { paths: [path.join(modules, 'ofrep-web-provider')] }).replace(/index\.cjs\.js$/, 'index.esm.js'),
  'ofrep-web-provider.js': path.join(modules, 'ofrep-web-provider', 'index.esm.js'),
};

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>OFREP web provider</title>
<script type="importmap">{"imports":{"@openfeature/core":"./core.js","@openfeature/web-sdk":"./web-sdk.js","@openfeature/ofrep-core":"./ofrep-core.js","@openfeature/ofrep-web-provider":"./ofrep-web-provider.js"}}</script>
<script type="module">
  // Count the event stream connections the provider opens (it uses the global EventSource).
  window.sse = { urls: [], opened: 0 };
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      window.sse.urls.push(String(url));
      this.addEventListener('open', () => window.sse.opened++);
    }
  };
  const { OpenFeature, ProviderEvents } = await import('@openfeature/web-sdk');
  const { OFREPWebProvider } = await import('@openfeature/ofrep-web-provider');
  window.events = [];
  for (const type of [ProviderEvents.Ready, ProviderEvents.ConfigurationChanged, ProviderEvents.Stale, ProviderEvents.Error]) {
    OpenFeature.addHandler(type, (details) => window.events.push({ type, flagsChanged: details?.flagsChanged ?? [] }));
  }
  window.start = async (deviceId, credential) => {
    await OpenFeature.setContext({ targetingKey: deviceId });
    // No polling: only the event stream can tell the provider of a change.
    const provider = new OFREPWebProvider({ baseUrl: location.origin, headers: [['Authorization', 'Bearer ' + credential]], pollInterval: 0, changeDetection: 'sse', cacheMode: 'network-first' });
    await OpenFeature.setProviderAndWait(provider);
    window.client = OpenFeature.getClient();
  };
  window.loaded = true;
</script></head><body></body></html>`;

describe('OpenFeature OFREP web provider (Chromium)', () => {
  let api: TestApi;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let v: SeededVendor;
  let device: EnrolledDevice;
  const bulkRequests: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    v = await seedVendor(api);
    device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    // As the admin UI's end-to-end tests launch it (apps/admin/e2e/support/browser.ts, typed for the DOM, not imported here).
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    // The page and the packages are served on the API's own origin, so the provider's requests need no CORS.
    await page.route(`${baseUrl}${PAGE_PREFIX}**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(PAGE_PREFIX.length);
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: HTML });
      const file = FILES[name];
      return file ? route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') }) : route.fulfill({ status: 404 });
    });
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/ofrep/v1/evaluate/flags') bulkRequests.push(request.url());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('becomes ready with the integration on, and a kill made through the API turns it off through the event stream, without polling', async () => {
    await page.goto(`${baseUrl}${PAGE_PREFIX}index.html`);
    await page.waitForFunction(() => (globalThis as unknown as { loaded?: boolean }).loaded === true);
    await page.evaluate(
      ([id, credential]) => (globalThis as unknown as { start(a: string, b: string): Promise<void> }).start(id, credential),
      [device.id, device.credential],
    );
    const value = () =>
      page.evaluate(
        (key) => (globalThis as unknown as { client: { getBooleanValue(k: string, d: boolean): boolean } }).client.getBooleanValue(key, true),
        v.camera,
      );
    expect(await value()).toBe(true);
    // Connected to the stream its bulk answer named, before the kill.
    await page.waitForFunction(() => (globalThis as unknown as { sse: { opened: number } }).sse.opened > 0);
    const sse = await page.evaluate(() => (globalThis as unknown as { sse: { urls: string[] } }).sse.urls);
    expect(sse).toEqual([expect.stringContaining(`${baseUrl}/v1/device/ofrep-events?token=${device.id}.`)]);
    expect(bulkRequests).toHaveLength(1);

    const scope = { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } };
    const killed = await api.request('POST', '/v1/kill-switches', { token: await api.adminToken(), body: { scope, reason: 'strangers feeds' } });
    expect(killed.status).toBe(201);

    await page.waitForFunction(
      (key) =>
        (globalThis as unknown as { events: { type: string; flagsChanged: string[] }[] }).events.some(
          (e) => e.type === 'PROVIDER_CONFIGURATION_CHANGED' && e.flagsChanged.includes(key),
        ),
      v.camera,
    );
    expect(await value()).toBe(false);
    const events = await page.evaluate(() => (globalThis as unknown as { events: { type: string }[] }).events.map((e) => e.type));
    expect(events).toContain('PROVIDER_READY');
    expect(events).not.toContain('PROVIDER_ERROR');
    // One re-fetch, made because of the stream's refetchEvaluation (it carries the event's etag).
    expect(bulkRequests).toHaveLength(2);
    expect(new URL(bulkRequests[1]).searchParams.get('flagConfigEtag')).toMatch(/^"[\w-]+"$/);
  }, 60_000);
});
