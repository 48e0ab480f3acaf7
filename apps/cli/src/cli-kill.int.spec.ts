import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { CliSandbox } from '../test/cli-harness';
import { eventually } from '../../../test/support/eventually';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch devices, preview, kill, status, kills (CLI against a real API and worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let cli: CliSandbox;
  let env: Record<string, string>;
  let v: SeededVendor;
  const devices: { id: string; credential: string }[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    const url = await api.listen();
    worker = await startTestWorker();
    v = await seedVendor(api);
    cli = new CliSandbox();
    env = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: (await api.userWith('responder')).token };
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    cli.remove();
  });

  const link = (vendorFirmware: string) => ({ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware });

  it('enrolls devices, printing the id and the credential once, with inventory inline or from a file', async () => {
    const file = join(cli.home, 'inventory.json');
    writeFileSync(file, JSON.stringify([link('3.5.1_00.68')]));
    for (const inventory of [JSON.stringify([link('3.5.1_00.66')]), JSON.stringify([link('3.5.1_00.66')]), JSON.stringify([link('3.5.1_00.67')]), file]) {
      const device = await cli.json(['devices', 'enroll', '--model', 'hub', '--firmware', '1.56.3', '--region', 'eu-west', '--inventory', inventory], { env });
      expect(device).toMatchObject({ id: expect.any(String), credential: expect.any(String), model: 'hub', region: 'eu-west' });
      devices.push({ id: device.id, credential: device.credential });
    }
    const human = await cli.run(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--cohort', 'beta'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/device \S+ enrolled\n\s+id\s+\S+\n\s+credential\s+\S+/);
    expect(human.stderr).toContain('shown only this once');

    const bad = await cli.run(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--inventory', '[{"integration":'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--inventory: the value is not valid JSON');
  });

  it('lists devices, one page or every page with --all', async () => {
    const first = await cli.json(['devices', 'list', '--region', 'eu-west', '--limit', '2'], { env });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await cli.json(['devices', 'list', '--region', 'eu-west', '--limit', '2', '--all'], { env });
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(devices.map((d) => d.id)));
    const human = await cli.run(['devices', 'list', '--region', 'eu-west', '--limit', '2'], { env });
    expect(human.stdout).toMatch(/^ID\s+EXTERNAL ID\s+MODEL\s+FIRMWARE/);
    expect(human.stderr).toContain('more on the next page: add --all, or --cursor ');
  });

  it('previews a scope with a firmware matcher: devices, matching links and the breakdown by vendor firmware', async () => {
    const preview = await cli.json(['preview', '--vendor', v.vendor, '--integration', v.camera, '--vendor-firmware', 'lt:3.5.1_00.68'], { env });
    expect(preview).toEqual({
      affectedDevices: 3,
      matchingLinks: 3,
      byVendorFirmware: expect.arrayContaining([
        { vendorFirmware: '3.5.1_00.66', devices: 2, links: 2 },
        { vendorFirmware: '3.5.1_00.67', devices: 1, links: 1 },
      ]),
    });
    const json = await cli.json(['preview', '--vendor', v.vendor, '--vendor-firmware', '{"in":["3.5.1_00.68"]}'], { env });
    expect(json.affectedDevices).toBe(1);
    const human = await cli.run(['preview', '--vendor', v.vendor, '--vendor-firmware', 'between:3.5.1_00.66,3.5.1_00.67'], { env });
    expect(human.stdout).toMatch(/affected devices\s+3/);
    expect(human.stdout).toMatch(/3\.5\.1_00\.66\s+2\s+2/);
  });

  it('kills, then shows the kill and its revocation counts with status', async () => {
    const kill = await cli.json(['kill', '--vendor', v.vendor, '--vendor-model', 'mi-plug', '--reason', 'plug firmware leaks tokens'], { env });
    expect(kill).toEqual({ id: expect.any(String), state: 'active', revision: expect.any(Number), affectedDevices: 0, revocationId: expect.any(String) });
    const status = await cli.json(['status', kill.id], { env });
    expect(status.killSwitch).toMatchObject({
      id: kill.id,
      state: 'active',
      reason: 'plug firmware leaks tokens',
      scope: { vendor: v.vendor, vendorModel: 'mi-plug' },
    });
    expect(status.revocation).toMatchObject({ id: kill.revocationId, killSwitchId: kill.id, target: 0, counts: { acknowledged: 0 } });
    const human = await cli.run(['status', kill.id], { env });
    expect(human.stdout).toContain(`kill switch ${kill.id} is active`);
    expect(human.stdout).toMatch(new RegExp(`scope\\s+vendor=${v.vendor} vendorModel=mi-plug`));
    expect(human.stdout).toContain(`revocation ${kill.revocationId} (kill): 0/0 acknowledged (100 %)`);

    const listed = await cli.json(['kills', 'list', '--state', 'active', '--vendor', v.vendor], { env });
    expect(listed.items.map((k: { id: string }) => k.id)).toContain(kill.id);
  });

  it('shows people’s text inert: escape sequences in a kill’s reason reach the terminal written out, not raw', async () => {
    const reason = 'plug leaks \u001b[2J\u001b[31mall kills lifted\u001b]0;owned\u0007 \u009b2J \r\u202efake';
    const made = await api.request('POST', '/v1/kill-switches', {
      token: env.KILLSWITCH_TOKEN,
      body: { scope: { vendor: v.vendor, vendorModel: 'mi-plug' }, reason },
    });
    expect(made.status).toBe(201);
    // eslint-disable-next-line no-control-regex
    const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    for (const args of [
      ['kills', 'list', '--vendor', v.vendor],
      ['status', made.body.id as string],
    ]) {
      const human = await cli.run(args, { env });
      expect(human.code).toBe(0);
      expect(human.stdout).not.toMatch(RAW);
      expect(human.stdout).toContain('plug leaks \\x1b[2J\\x1b[31mall kills lifted');
    }
    const json = await cli.run(['status', made.body.id as string, '--json'], { env });
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout).killSwitch.reason).toBe(reason);
  });

  it('kills with --device-message: the kill keeps it apart from the internal reason, and status shows both', async () => {
    const deviceMessage = 'Smart plugs are paused while Xiaomi fixes a problem.';
    const kill = await cli.json(
      ['kill', '--vendor', v.vendor, '--vendor-model', 'mi-plug', '--reason', 'SEC-123 token leak', '--device-message', deviceMessage],
      {
        env,
      },
    );
    const view = await api.request('GET', `/v1/kill-switches/${kill.id}`, { token: await api.adminToken() });
    expect(view.body).toMatchObject({ reason: 'SEC-123 token leak', deviceMessage });
    const human = await cli.run(['status', kill.id], { env });
    expect(human.stdout).toMatch(/reason\s+SEC-123 token leak/);
    expect(human.stdout).toContain(deviceMessage);

    const tooLong = await cli.run(['kill', '--vendor', v.vendor, '--reason', 'x'.repeat(5), '--device-message', 'y'.repeat(281)], { env });
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('deviceMessage is the public text devices show');
  });

  it('shows the revocation progress of kill --wait until every device has acknowledged', async () => {
    const { result } = cli.start(
      [
        'kill',
        '--vendor',
        v.vendor,
        '--integration',
        v.camera,
        '--vendor-firmware',
        'lt:3.5.1_00.68',
        '--reason',
        'strangers feeds',
        '--wait',
        '--timeout',
        '60',
        '--json',
      ],
      { env, timeoutMs: 70_000 },
    );
    const token = await api.adminToken();
    const kill = await eventually(async () => {
      const page = await api.request('GET', `/v1/kill-switches?vendor=${v.vendor}&limit=10`, { token });
      return page.body.items.find((k: { scope: { vendorFirmware?: unknown } }) => k.scope.vendorFirmware);
    });
    expect(kill.affectedDevices).toBe(3);
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.revocationId}`, { token })).body.fannedOutAt);
    for (const device of devices.slice(0, 3)) {
      expect((await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: kill.revision } })).status).toBe(200);
    }
    const run = await result;
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ id: kill.id, affectedDevices: 3, revocation: { id: kill.revocationId, target: 3, progress: 1, counts: { acknowledged: 3 } } });
    // stderr is not a terminal here: one line per change, ending at 100 %.
    expect(run.stderr).toContain(`revocation ${kill.revocationId}: 3/3 acknowledged (100 %)`);

    const watched = await cli.run(['status', kill.id, '--watch', '--timeout', '30'], { env });
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain(`revocation ${kill.revocationId} (kill): 3/3 acknowledged (100 %)`);
  });

  it('gives up a --wait at --timeout with exit code 1, saying the kill stays in force', async () => {
    const run = await cli.run(
      [
        'kill',
        '--vendor',
        v.vendor,
        '--integration',
        v.camera,
        '--vendor-firmware',
        'eq:3.5.1_00.68',
        '--reason',
        'nobody acks this',
        '--wait',
        '--timeout',
        '2',
      ],
      { env },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/kill switch \S+ is active/);
    expect(run.stderr).toContain('not 100 % acknowledged after 2 s: 0/1 acknowledged');
    expect(run.stderr).toContain('the kill stays in force; follow it with: killswitch status');
  });

  it('exits 2 with a message on a usage error: no --reason, a bad matcher, an unknown command', async () => {
    const noReason = await cli.run(['kill', '--vendor', v.vendor], { env });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    expect(noReason.stdout).toBe('');

    const badMatcher = await cli.run(['kill', '--vendor', v.vendor, '--vendor-firmware', 'lt', '--reason', 'x'], { env });
    expect(badMatcher.code).toBe(2);
    expect(badMatcher.stderr).toContain('op one of eq, in, lt, lte, gt, gte, between');

    const unknown = await cli.run(['kil'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'kil'");
  });

  it('exits 2 with the API message when the API refuses the input (400)', async () => {
    const run = await cli.run(['kill', '--vendor', 'no-such-vendor', '--reason', 'typo'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^killswitch: scope\.vendor: vendor no-such-vendor does not exist \(400 Bad Request, request id \S+\)/);
  });

  it('prints the message and request id of a 404 and exits 4', async () => {
    const id = randomUUID();
    const run = await cli.run(['status', id], { env });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^killswitch: kill switch ${id} does not exist \\(404 Not Found, request id [^)]+\\)`));
  });
});
