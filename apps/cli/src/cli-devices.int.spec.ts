import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch devices and revocations (CLI against a real API)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let cli: CliSandbox;
  let env: Record<string, string>;
  let v: SeededVendor;
  const serial = `SN-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    api = await startTestApi();
    const url = await api.listen();
    worker = await startTestWorker();
    cli = new CliSandbox();
    v = await seedVendor(api);
    env = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: (await api.userWith('responder')).token };
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    cli.remove();
  });

  const inventory = () => JSON.stringify([{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }]);

  it('enrolls with an externalId, finds the device by it, shows what it is told, and lists the devices a kill has not heard back from', async () => {
    const a = await cli.json(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--external-id', `${serial}-a`, '--inventory', inventory()], { env });
    const b = await cli.json(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--external-id', `${serial}-b`, '--inventory', inventory()], { env });
    expect(a).toMatchObject({ externalId: `${serial}-a`, credential: expect.any(String) });

    const found = await cli.json(['devices', 'list', '--search', serial], { env });
    expect(found.items.map((d: { externalId: string }) => d.externalId)).toEqual([`${serial}-a`, `${serial}-b`]);
    expect((await cli.run(['devices', 'list', '--search', `${serial}-b`], { env })).stdout).toMatch(new RegExp(`${b.id}\\s+${serial}-b\\s+hub`));

    const kill = await cli.json(['kill', '--vendor', v.vendor, '--reason', 'leak'], { env });
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.revocationId}`, { token: env.KILLSWITCH_TOKEN })).body.fannedOutAt);
    expect((await api.request('POST', '/v1/device/acks', { token: a.credential, body: { rev: kill.revision } })).status).toBe(200);

    const acked = await cli.json(['revocations', 'devices', kill.revocationId, '--state', 'acknowledged'], { env });
    expect(acked.items.map((d: { deviceId: string }) => d.deviceId)).toEqual([a.id]);
    const waiting = await cli.run(['revocations', 'devices', kill.revocationId, '--state', 'queued'], { env });
    const sent = await cli.run(['revocations', 'devices', kill.revocationId, '--state', 'sent'], { env });
    expect(waiting.stdout + sent.stdout).toContain(b.id); // not streaming: queued, or sent once its delivery ran
    expect(waiting.stdout + sent.stdout).not.toContain(a.id);

    const shown = await cli.json(['devices', 'show', b.id], { env });
    expect(shown).toMatchObject({ ackedRev: 0, integrations: { [v.camera]: { enabled: false, killSwitchIds: [kill.id] } } });
    expect(shown.openDeliveries).toEqual([expect.objectContaining({ revocationId: kill.revocationId, kind: 'kill' })]);
    const human = await cli.run(['devices', 'show', a.id], { env });
    expect(human.stdout).toMatch(new RegExp(`${v.camera}\\s+off\\s+closed`));
    expect(human.stdout).toContain(`acknowledged rev  ${kill.revision} of`);
    expect(human.stdout).toContain('no open deliveries');
  });

  it('rotates a credential (the old one stops working) and decommissions a device', async () => {
    const device = await cli.json(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0'], { env });
    const rotated = await cli.json(['devices', 'rotate-credential', device.id], { env });
    expect(rotated.credential).not.toBe(device.credential);
    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(401);
    expect((await api.request('GET', '/v1/device/flags', { token: rotated.credential })).status).toBe(200);

    expect(await cli.json(['devices', 'decommission', device.id], { env })).toEqual({ id: device.id, decommissioned: true });
    expect((await api.request('GET', '/v1/device/flags', { token: rotated.credential })).status).toBe(401);
    const again = await cli.run(['devices', 'decommission', device.id], { env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already decommissioned');
  });

  it('says what is wrong: a duplicate externalId, an unknown integration, an unknown delivery state', async () => {
    const dup = await cli.run(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--external-id', `${serial}-a`], { env });
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain(`a device with externalId ${serial}-a is already enrolled`);
    const nope = JSON.stringify([{ integration: `${v.vendor}.nope`, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }]);
    const unknown = await cli.run(['devices', 'enroll', '--model', 'hub', '--firmware', '1.0', '--inventory', nope], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain(`inventory names unknown integrations: ${v.vendor}.nope`);
    const state = await cli.run(['revocations', 'devices', '00000000-0000-7000-8000-000000000000', '--state', 'lost'], { env });
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('Allowed choices are queued, sent, acknowledged, failed, expired, canceled');
  });
});
