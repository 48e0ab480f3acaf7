// Devices in the admin UI, in Debian's Chromium against the real API and worker:
// a responder enrolls a device with its serial, finds it by that serial, sees what
// a killed device is told, lists a kill's devices by state and exports them as
// CSV, rotates a credential and decommissions a device; an auditor reads only.
import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { ensureAdminBuild } from '../../../test/support/admin-build';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { BrowserUser, axeViolations, launchChromium, openAs, screenshot, signIn } from './support/browser';

describe('devices in the admin UI (end to end)', () => {
  let browser: Browser;
  let api: TestApi;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let user: BrowserUser;
  let killed: EnrolledDevice[];
  let kill: { id: string; revision: number; revocationId: string };
  const serial = `SN-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    browser = await launchChromium();
    ensureAdminBuild();
    api = await startTestApi();
    baseUrl = await api.listen();
    worker = await startTestWorker();
    const v = await seedVendor(api);
    const camera = { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' };
    killed = [];
    for (let i = 0; i < 3; i++) killed.push(await enroll(api, { model: 'nest-hub-2', firmware: '1.0', externalId: `${serial}-k${i}`, inventory: [camera] }));
    const token = await api.adminToken();
    const made = await api.request('POST', '/v1/kill-switches', {
      token,
      body: { scope: { vendor: v.vendor }, reason: 'leak', deviceMessage: 'Camera paused for a security fix' },
    });
    kill = { id: made.body.id, revision: made.body.revision, revocationId: made.body.revocationId };
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.revocationId}`, { token })).body.fannedOutAt);
    await api.request('POST', '/v1/device/acks', { token: killed[0].credential, body: { rev: kill.revision } });
    const responder = await api.userWith('responder');
    user = await openAs(browser, baseUrl);
    await signIn(user, responder.email, responder.password);
  }, 180_000);

  afterAll(async () => {
    await user?.context.close().catch(() => undefined);
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  it('enrolls a device with its serial, shows the credential once, and finds the device by the serial', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Enroll a device' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enroll a device' });
    await dialog.getByLabel('Model', { exact: true }).fill('nest-hub-2');
    await dialog.getByLabel('Firmware', { exact: true }).fill('1.56.3');
    await dialog.getByLabel('External id (optional)', { exact: true }).fill(`${serial}-new`);
    await dialog.getByRole('button', { name: 'Enroll' }).click();
    const done = page.getByRole('dialog', { name: 'Device enrolled' });
    const credential = await done.getByLabel('Credential', { exact: true }).inputValue();
    expect((await api.request('GET', '/v1/device/flags', { token: credential })).status).toBe(200);
    await done.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('searchbox', { name: 'Find a device' }).fill(serial);
    // The new device is in the list before the search too: the rows are counted once the search's answer is in.
    const searched = page.waitForResponse((r) => r.url().includes('/v1/devices?') && new URL(r.url()).searchParams.get('q') === serial);
    await page.getByRole('button', { name: 'Search' }).click();
    await searched;
    await eventually(async () => (await page.getByRole('row').count()) === 1 + 4); // header + three killed + the new one
    await page.getByRole('cell', { name: `${serial}-new` }).waitFor();
    for (const row of (await page.getByRole('row').allInnerTexts()).slice(1)) expect(row).toContain(serial);
    await page.getByRole('searchbox', { name: 'Find a device' }).fill(`${serial}-nothing`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(`No device matches “${serial}-nothing”.`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '20-devices');
  }, 90_000);

  it('shows a long list 50 devices at a time, the next 50 on demand, and starts again on a new search', async () => {
    const paged = `PG-${randomBytes(4).toString('hex')}-`;
    await Promise.all(Array.from({ length: 55 }, (_, i) => enroll(api, { model: 'nest-hub-2', firmware: '1.0', externalId: `${paged}${i}` })));
    const { page } = user;
    await page.goto('/admin/devices');
    await page.getByRole('searchbox', { name: 'Find a device' }).fill(paged);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Show more devices' }).waitFor();
    await expect(page.getByRole('row').count()).resolves.toBe(1 + 50);
    await page.getByRole('button', { name: 'Show more devices' }).click();
    await eventually(async () => (await page.getByRole('row').count()) === 1 + 55);
    const shown = await page.getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => row.children[1].textContent));
    expect(new Set(shown).size).toBe(55);
    await expect(page.getByRole('button', { name: 'Show more devices' }).count()).resolves.toBe(0);

    await page.getByRole('searchbox', { name: 'Find a device' }).fill(`${paged}1`);
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(async () => (await page.getByRole('row').count()) === 1 + 11); // p1, p10-p19
  }, 90_000);

  it("lists a kill's devices by state, exports them as CSV, and opens one to see what it is told", async () => {
    const { page } = user;
    await page.goto(`/admin/kills/${kill.id}`);
    const devices = page.getByRole('region', { name: 'Devices' });
    await devices.getByLabel('State').selectOption('acknowledged');
    await devices.getByRole('link', { name: killed[0].id }).waitFor();
    await expect(devices.getByRole('link', { name: killed[1].id }).count()).resolves.toBe(0);
    await devices.getByLabel('State').selectOption('');
    await devices.getByRole('link', { name: killed[2].id }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await devices.getByRole('link', { name: /Export CSV/ }).click();
    const csv = readFileSync((await (await download).path()) as string, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('deviceId,externalId,state,rev,attempts,queuedAt,sentAt,acknowledgedAt,lastError');
    expect(
      csv
        .slice(1)
        .map((line) => line.split(',')[1])
        .sort(),
    ).toEqual([`${serial}-k0`, `${serial}-k1`, `${serial}-k2`]);

    await devices.getByRole('link', { name: killed[1].id }).click();
    await page.getByRole('heading', { name: `Device ${serial}-k1` }).waitFor();
    const told = page.getByRole('table', { name: "Each linked integration as the device's next answer has it" });
    await told.getByText('Camera paused for a security fix').waitFor();
    await told.getByText('off', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Deliveries not yet acknowledged, newest first' }).getByRole('link', { name: kill.id }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, '21-device');
  }, 90_000);

  it('rotates a credential (the new one shown once, the old one refused) and decommissions the device', async () => {
    const { page } = user;
    const device = killed[2];
    await page.goto(`/admin/devices/${device.id}`);
    await page.getByRole('button', { name: 'Rotate credential' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    const fresh = await page.getByLabel('New credential', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(401);
    expect((await api.request('GET', '/v1/device/flags', { token: fresh })).status).toBe(200);

    await page.getByRole('button', { name: 'Decommission' }).click();
    await page.getByRole('button', { name: 'Decommission now' }).click();
    await page.getByText('decommissioned', { exact: true }).first().waitFor();
    await page.getByText('Nothing: the device is decommissioned.').waitFor();
    expect((await api.request('GET', '/v1/device/flags', { token: fresh })).status).toBe(401);
    await expect(page.getByRole('button', { name: 'Rotate credential' }).count()).resolves.toBe(0);
  }, 90_000);

  it('shows an auditor devices and their state with nothing to change', async () => {
    const auditor = await api.userWith('auditor');
    const reader = await openAs(browser, baseUrl);
    try {
      await signIn(reader, auditor.email, auditor.password);
      for (const path of ['/admin/devices', `/admin/devices/${killed[1].id}`]) {
        await reader.page.goto(path);
        await reader.page.getByRole('heading', { level: 1 }).waitFor();
        await reader.page.waitForLoadState('networkidle');
        const buttons = await reader.page.getByRole('button').evaluateAll((elements) => elements.map((e) => e.textContent?.trim() ?? ''));
        expect({ path, buttons: buttons.filter((b) => !['Sign out', 'Search', 'Show more devices'].includes(b)) }).toEqual({ path, buttons: [] });
      }
    } finally {
      await reader.context.close();
    }
  }, 90_000);
});
