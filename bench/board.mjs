// The kill board's first render with a platform-sized catalogue (issue 16, point 3): 1,000 vendors
// and 10,000 integrations, one vendor killed. Measured in Debian's Chromium (playwright-core), signed
// in, from navigating to /admin/ until the killed vendor's card and the first page of others are on
// screen, over several page loads; also the API time of the board's requests. Loopback only.
// Run with `npm run bench:board` (builds first).
//
// Environment (optional): BENCH_VENDORS=1000 BENCH_INTEGRATIONS_PER_VENDOR=10 BENCH_ROUNDS=10
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379  CHROMIUM_PATH=/usr/bin/chromium

import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startStack, ROOT } from './lib/stack.mjs';
import { machine, median, provenance, publishSection } from './lib/report.mjs';
import path from 'node:path';

const env = process.env;
const VENDORS = Number(env.BENCH_VENDORS ?? 1000);
const PER_VENDOR = Number(env.BENCH_INTEGRATIONS_PER_VENDOR ?? 10);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 10);
const FULL = VENDORS === 1000 && PER_VENDOR === 10 && ROUNDS >= 10;
const log = (message) => console.log(`[bench:board] ${message}`);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

const stack = await startStack('board');
let browser;
try {
  await stack.db.query(
    `INSERT INTO vendors (id, slug, name) SELECT gen_random_uuid(), 'v' || lpad(n::text, 4, '0'), 'Vendor ' || n FROM generate_series(0, $1 - 1) AS n`,
    [VENDORS],
  );
  await stack.db.query(
    `INSERT INTO integrations (id, key, "vendorId", capability, name, "updatedAt")
     SELECT gen_random_uuid(), v.slug || '.cap-' || lpad(c::text, 2, '0'), v.id, 'cap-' || lpad(c::text, 2, '0'), 'Capability ' || c, now()
     FROM vendors v CROSS JOIN generate_series(0, $1 - 1) AS c`,
    [PER_VENDOR],
  );
  const killed = `v${String(VENDORS - 1).padStart(4, '0')}`;
  await stack.api.call('POST', '/v1/kill-switches', { scope: { vendor: killed }, reason: 'board bench' });
  log(`${VENDORS} vendors, ${VENDORS * PER_VENDOR} integrations, ${killed} killed`);

  browser = await chromium.launch({
    executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto('/admin/');
  await page.getByLabel('Email', { exact: true }).fill('bench@killswitch.local');
  await page.getByLabel('Password', { exact: true }).fill('bench-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  const api = [];
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/v1/vendors' || url.pathname === '/v1/kill-switches') {
      const t = request.timing();
      api.push(t.responseEnd - t.requestStart);
    }
  });
  const renders = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    await page.goto('/admin/');
    await page.getByRole('heading', { name: `Vendor ${VENDORS - 1} (${killed})` }).waitFor();
    await page.getByRole('button', { name: 'Show more vendors' }).waitFor();
    if (round > 0) renders.push(performance.now() - started); // round 0 warms the caches
  }
  const cards = await page.locator('section.card h2').count();
  const m = machine(ROOT);
  const ms = (x) => `${x.toFixed(0)} ms`;
  log(
    `first render: median ${ms(median(renders))}, p95 ${ms(percentile(renders, 95))}, max ${ms(Math.max(...renders))} (${renders.length} loads, ${cards} cards)`,
  );
  log(`board API requests: median ${ms(median(api))}, p95 ${ms(percentile(api, 95))} (${api.length} requests)`);

  const body = `## Kill board first render (${VENDORS.toLocaleString('en-US')} vendors, ${(VENDORS * PER_VENDOR).toLocaleString('en-US')} integrations)

${provenance(m, 'npm run bench:board', `node ${path.relative(ROOT, new URL(import.meta.url).pathname)}`)}

Signed in, Debian Chromium headless, 1366×768: time from navigating to \`/admin/\` until the one killed vendor (its slug sorts last) and the first page of 20 other vendors are on screen. Target: under 1 s on this machine.

| loads | median | p95 | max | cards shown | board API requests, median (p95) |
| ---: | ---: | ---: | ---: | ---: | ---: |
| ${renders.length} | ${ms(median(renders))} | ${ms(percentile(renders, 95))} | ${ms(Math.max(...renders))} | ${cards} | ${ms(median(api))} (${ms(percentile(api, 95))}) |
`;
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), 'board', body, { full: FULL, log });
} finally {
  await browser?.close();
  await stack.close();
}
