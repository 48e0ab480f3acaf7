// An auto-kill policy's maxAffectedDevices bounds what it may switch off in all while its kills are in force: the
// distinct devices its earlier auto-kills (not lifted) match, plus the new scope's, however the alerts slice the scope.
import { randomBytes } from 'node:crypto';
import { PrismaClient } from '@killswitch/db';
import { compileRules, evaluateDevice, storedScope } from '@killswitch/evaluation';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';
import { policiesAutoKilledDevices } from './auto-kill.service';

type User = Awaited<ReturnType<TestApi['userWith']>>;
type Scope = Record<string, string | Record<string, string>>;

describe('auto-kill policy limit across its kills (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let signals: string;
  let author: User;
  let second: User;

  /** A generic signal of a new fingerprint proposing to kill `scope`. */
  const signal = (scope: Scope, through: TestApi = api) =>
    through.request('POST', '/v1/signals', {
      token: signals,
      body: { source: 'monitor', fingerprint: randomBytes(6).toString('hex'), summary: 'lights misbehave', scope },
    });

  /** A vendor of its own, with one camera device a region (r1, r2, …, or as given), each on firmware `firmwares[i]`. */
  async function fleet(regions: string[], firmwares: string[] = regions.map(() => '3.5.1_00.66')): Promise<SeededVendor> {
    const v = await seedVendor(api, 'tplink');
    for (const [i, region] of regions.entries()) {
      await enroll(api, {
        model: 'hub',
        firmware: '1.0',
        region,
        inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: firmwares[i] }],
      });
    }
    return v;
  }

  /** An approved policy for any alert on `v`'s cameras, allowing `max` devices. */
  async function activePolicy(v: SeededVendor, max: number): Promise<{ id: string; name: string }> {
    const name = `cap ${max} ${randomBytes(3).toString('hex')}`;
    const created = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: { name, match: { vendor: v.vendor }, integration: v.camera, maxAffectedDevices: max },
    });
    expect(created.status).toBe(201);
    expect((await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: second.token })).status).toBe(200);
    return { id: created.body.id, name };
  }

  const proposal = async (id: string) => (await api.request('GET', `/v1/proposals/${id}`, { token: admin })).body;
  const heldBy = async (policyId: string) => (await api.request('GET', `/v1/auto-kill-policies/${policyId}`, { token: admin })).body.autoKilledDevices;
  /** The kills in force on `v`, and the devices whose camera they switch off now (the devices' own evaluation). */
  async function killed(v: SeededVendor): Promise<{ kills: number; devices: number }> {
    const kills = await prisma.killSwitch.findMany({ where: { vendor: v.vendor, state: { not: 'lifted' } } });
    const rules = compileRules(kills.map((k) => ({ id: k.id, scope: storedScope(k), incidentId: null, deviceMessage: null, releasedBelow: k.releasedBelow })));
    const devices = await prisma.device.findMany({ where: { inventory: { some: { vendor: v.vendor } } }, include: { inventory: true } });
    const off = devices.filter((d) => evaluateDevice(rules, d)[v.camera]?.enabled === false);
    return { kills: kills.length, devices: off.length };
  }

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'monitor', roles: ['signals'] } })).body.token;
    author = await api.userWith('admin');
    second = await api.userWith('admin');
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  it('kills narrow slices only up to its limit in all; the rest stay open proposals saying its limit is spent', async () => {
    // The red team's sequence: one device a region, one signal a region, each slice under the limit on its own.
    const v = await fleet(['r1', 'r2', 'r3', 'r4']);
    const policy = await activePolicy(v, 2);
    const states: string[] = [];
    const ids: string[] = [];
    for (const region of ['r1', 'r2', 'r3', 'r4']) {
      const fired = await signal({ vendor: v.vendor, integration: v.camera, region });
      expect(fired.status).toBe(201);
      states.push(fired.body.alerts[0].state);
      ids.push(fired.body.alerts[0].proposalId);
    }
    expect(states).toEqual(['auto-killed', 'auto-killed', 'open', 'open']);
    expect(await killed(v)).toEqual({ kills: 2, devices: 2 });
    expect(await heldBy(policy.id)).toBe(2);

    const held = await proposal(ids[2]);
    expect(held).toMatchObject({ state: 'open', killSwitchId: null, policyId: policy.id, affectedDevices: 1 });
    expect(held.policyNote).toBe(
      `policy ${policy.name} matched, but its limit of 2 devices in all is spent: 2 devices are already auto-killed by its kills in force, and with this kill 3 would be: a responder decides`,
    );
    const timeline = await prisma.timelineEntry.findFirstOrThrow({ where: { incidentId: held.incidentId, type: 'proposal', actorId: policy.id } });
    expect(timeline.body).toBe(`Not killed automatically: ${held.policyNote}`);
    // A person may still decide: confirming the held proposal kills, as a responder's act outside the policy's count.
    const confirmed = await api.request('POST', `/v1/proposals/${ids[2]}/confirm`, { token: admin, body: { reason: 'r3 too' } });
    expect(confirmed.status).toBe(200);
    expect(await heldBy(policy.id)).toBe(2);
  });

  it('counts a device two of its kills match once', async () => {
    // d1 r1 .66, d2 r1 .68, d3 r2 .66, d4 r2 .68
    const v = await fleet(['r1', 'r1', 'r2', 'r2'], ['3.5.1_00.66', '3.5.1_00.68', '3.5.1_00.66', '3.5.1_00.68']);
    const policy = await activePolicy(v, 3);
    const state = async (scope: Scope) => (await signal({ vendor: v.vendor, integration: v.camera, ...scope })).body.alerts[0].state;
    expect(await state({ region: 'r1' })).toBe('auto-killed'); // d1, d2
    // d1 and d3: three distinct devices with the first kill's, not four.
    expect(await state({ vendorFirmware: { eq: '3.5.1_00.66' } })).toBe('auto-killed');
    expect(await heldBy(policy.id)).toBe(3);
    // d2 alone, already held off: nothing new.
    expect(await state({ region: 'r1', vendorFirmware: { eq: '3.5.1_00.68' } })).toBe('auto-killed');
    expect(await heldBy(policy.id)).toBe(3);
    // d4 would be the fourth.
    expect(await state({ region: 'r2', vendorFirmware: { eq: '3.5.1_00.68' } })).toBe('open');
    expect(await killed(v)).toEqual({ kills: 3, devices: 3 });
  });

  it('no longer counts the devices of a kill once it is lifted', async () => {
    const v = await fleet(['r1', 'r2']);
    const policy = await activePolicy(v, 1);
    const first = await signal({ vendor: v.vendor, integration: v.camera, region: 'r1' });
    expect(first.body.alerts[0].state).toBe('auto-killed');
    const blocked = await signal({ vendor: v.vendor, integration: v.camera, region: 'r2' });
    expect(blocked.body.alerts[0].state).toBe('open');
    expect((await proposal(blocked.body.alerts[0].proposalId)).policyNote).toMatch(
      /1 device is already auto-killed by its kills in force, and with this kill 2/,
    );

    const killId = (await proposal(first.body.alerts[0].proposalId)).killSwitchId;
    const lifted = await api.request('POST', `/v1/kill-switches/${killId}/lift-requests`, { token: admin, body: { reason: 'r1 fixed', breakGlass: true } });
    expect(lifted.status).toBe(201);
    expect((await api.request('GET', `/v1/kill-switches/${killId}`, { token: admin })).body.state).toBe('lifted');
    expect(await heldBy(policy.id)).toBe(0);

    const again = await signal({ vendor: v.vendor, integration: v.camera, region: 'r2' });
    expect(again.body.alerts[0].state).toBe('auto-killed');
    expect(await heldBy(policy.id)).toBe(1);
  });

  it('shows each policy’s autoKilledDevices in the list as GET /:id does, counted for the whole page in two statements', async () => {
    const v = await fleet(['r1', 'r2', 'r3']);
    // A device with two camera links in r1: one device, however many of its links a kill matches.
    await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      region: 'r1',
      inventory: [
        { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' },
        { integration: v.camera, vendorModel: 'mi-plug', vendorFirmware: '3.5.1_00.66' },
      ],
    });
    const other = await fleet(['r1', 'r2']);
    const overlapping = await activePolicy(v, 10);
    const single = await activePolicy(other, 10);
    const idle = await activePolicy(other, 10);
    const state = async (vendor: SeededVendor, scope: Scope) =>
      (await signal({ vendor: vendor.vendor, integration: vendor.camera, ...scope })).body.alerts[0].state;
    expect(await state(v, { region: 'r1' })).toBe('auto-killed'); // r1's device and the two-link one
    expect(await state(v, { region: 'r2', vendorFirmware: { eq: '3.5.1_00.66' } })).toBe('auto-killed'); // r2's
    expect(await state(v, { vendorFirmware: { lt: '3.5.1_00.68' } })).toBe('auto-killed'); // all four, three already held
    expect(await state(other, { region: 'r2' })).toBe('auto-killed');
    const expected = { [overlapping.id]: 4, [single.id]: 1, [idle.id]: 0 };

    const listed = (await api.request('GET', '/v1/auto-kill-policies?limit=500', { token: admin })).body.items as { id: string; autoKilledDevices: number }[];
    const shown = Object.fromEntries(listed.filter((p) => p.id in expected).map((p) => [p.id, p.autoKilledDevices]));
    expect(shown).toEqual(expected);
    for (const id of Object.keys(expected)) expect(await heldBy(id)).toBe(expected[id]);

    let statements = 0;
    const counting = new Proxy(prisma, {
      get: (target, key) =>
        key === '$queryRaw'
          ? (...args: Parameters<PrismaClient['$queryRaw']>) => {
              statements++;
              return target.$queryRaw(...args);
            }
          : Reflect.get(target, key),
    });
    const counted = await policiesAutoKilledDevices(counting, Object.keys(expected));
    expect({ counts: Object.fromEntries(counted), statements }).toEqual({ counts: expected, statements: 2 });
  });

  it('never kills past its limit when signals and notifications for it arrive at once, on two API instances', async () => {
    const regions = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    const v = await fleet(regions);
    const policy = await activePolicy(v, 3);
    // One instance writes its signal requests one at a time (SignalQueue); across instances only the policy's row lock
    // keeps two alerts from both fitting under the limit, so they come through two.
    const other = await startTestApi();
    try {
      const labels = (region: string) => ({ killswitch_vendor: v.vendor, killswitch_integration: 'camera-stream', killswitch_region: region });
      const notify = (through: TestApi, ...rs: string[]) =>
        through.request('POST', '/v1/signals/alertmanager', {
          token: signals,
          body: alertmanagerNotification(rs.map((r) => alertmanagerAlert(labels(r)))),
        });
      const responses = await Promise.all([
        signal({ vendor: v.vendor, integration: v.camera, region: 'r1' }),
        signal({ vendor: v.vendor, integration: v.camera, region: 'r2' }, other),
        signal({ vendor: v.vendor, integration: v.camera, region: 'r3' }),
        notify(other, 'r4', 'r5'),
        notify(api, 'r6', 'r7'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const states = responses.flatMap((r) => r.body.alerts.map((a: { state: string }) => a.state));
      expect(states.filter((s) => s === 'auto-killed')).toHaveLength(3);
      expect(states.filter((s) => s === 'open')).toHaveLength(4);
    } finally {
      await other.close();
    }
    expect(await killed(v)).toEqual({ kills: 3, devices: 3 });
    expect(await heldBy(policy.id)).toBe(3);
  });
});
