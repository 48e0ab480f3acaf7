import { compileRules, evaluateDevice, EvaluatedDevice } from '@killswitch/evaluation';
import { findEnforcedKills, killRule } from '@killswitch/revocations';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { eventually } from '../../../test/support/eventually';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { RulesCache } from './rules-cache';

/**
 * Rule changes reach an instance's rules one kill at a time (the notice names the kill of the next revision);
 * a missed revision makes it read everything. Either way its rules must be exactly the database's.
 */
describe('rules kept current by deltas (integration)', () => {
  let a: TestApi;
  let b: TestApi;
  let prisma: PrismaClient;
  let v: SeededVendor;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApi(), startTestApi()]);
    prisma = testPrisma();
    v = await seedVendor(a);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await prisma.$disconnect();
  });

  const rulesOf = (api: TestApi) => api.app.get(RulesCache);
  /** Devices that each kill below covers differently. */
  const devices = (): EvaluatedDevice[] =>
    ['eu', 'us', null].flatMap((region, i) =>
      ['3.5.1_00.66', '3.5.1_00.70'].map((vendorFirmware, j) => ({
        id: `0190a000-0000-7000-8000-00000000${i}${j}00`,
        model: 'hub',
        firmware: '1.0',
        region,
        cohort: j === 0 ? 'beta' : null,
        inventory: [
          { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware },
          { integration: v.plug, vendorModel: 'plug-1', vendorFirmware: '2.0' },
        ],
      })),
    );
  /** What the rules in memory answer for those devices, and what a compile of every enforced kill in the database answers. */
  async function compare(api: TestApi) {
    const rules = rulesOf(api);
    const [revision, kills] = await Promise.all([prisma.revision.findUnique({ where: { id: 1 } }), findEnforcedKills(prisma as never)]);
    const whole = compileRules(kills.map((k) => killRule(k)));
    return {
      rev: [rules.rev, revision!.rev],
      size: [rules.compiled.size, whole.size],
      answers: [devices().map((d) => evaluateDevice(rules.compiled, d)), devices().map((d) => evaluateDevice(whole, d))],
    };
  }
  const same = (c: Awaited<ReturnType<typeof compare>>) =>
    c.rev[0] === c.rev[1] && c.size[0] === c.size[1] && JSON.stringify(c.answers[0]) === JSON.stringify(c.answers[1]);

  it('applies each kill and lift alone, and ends with exactly the rules a full read gives', async () => {
    const token = await a.adminToken();
    const before = { ...rulesOf(b).loads };
    const scopes = [
      { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } },
      { vendor: v.vendor, region: 'us' },
      { vendor: v.vendor, integration: v.plug, cohort: 'beta' },
      { vendor: v.vendor, integration: v.camera, region: 'eu' },
    ];
    const ids: string[] = [];
    for (const scope of scopes) {
      const created = await a.request('POST', '/v1/kill-switches', { token, body: { scope, reason: 'delta test' } });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const lifted = await a.request('POST', `/v1/kill-switches/${ids[1]}/lift-requests`, { token, body: { reason: 'fixed', breakGlass: true } });
    expect(lifted.status).toBe(201);

    for (const api of [a, b]) await eventually(async () => same(await compare(api)), 20_000).catch(() => undefined);
    for (const api of [a, b]) {
      const c = await compare(api);
      expect(c.rev[0]).toBe(c.rev[1]);
      expect(c.size[0]).toBe(c.size[1]);
      expect(c.answers[0]).toEqual(c.answers[1]);
    }
    // b heard of every change only through NOTIFY, each naming its kill: one delta each, no full read
    expect(rulesOf(b).loads.delta - before.delta).toBe(scopes.length + 1);
    expect(rulesOf(b).loads.full).toBe(before.full);
  });

  it('reads everything when a revision was missed, and still ends with exactly the database’s rules', async () => {
    const token = await a.adminToken();
    const before = { ...rulesOf(b).loads };
    // A revision no notice told b of (as if its notice were lost): the next notice skips one.
    await prisma.$executeRaw`UPDATE "revision" SET rev = rev + 1 WHERE id = 1`;
    const created = await a.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor, cohort: 'beta' }, reason: 'after a gap' } });
    expect(created.status).toBe(201);
    await eventually(async () => same(await compare(b)), 20_000).catch(() => undefined);
    const c = await compare(b);
    expect(c.rev[0]).toBe(c.rev[1]);
    expect(c.answers[0]).toEqual(c.answers[1]);
    expect(rulesOf(b).loads.full).toBeGreaterThan(before.full);
  });
});
