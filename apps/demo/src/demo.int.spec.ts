import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ADMIN, TestApi, startTestApi } from '../../../test/support/api-harness';
import { startTestWorker } from '../../../test/support/worker-harness';
import { DemoResult, runDemo } from './run-demo';

describe(`${runDemo.name} (integration)`, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    api = await startTestApi();
    url = await api.listen();
    worker = await startTestWorker();
    dir = await mkdtemp(join(tmpdir(), 'killswitch-demo-'));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('replays the Xiaomi incident on 200 devices: every device acknowledges the kill, the staged lift completes four-eyed, vulnerable cameras stay off, and the postmortem names the firmware; then an Alertmanager alert kills at once through a four-eyed policy and every device acknowledges', async () => {
    const narrative: string[] = [];
    let result: DemoResult | undefined;
    try {
      result = await runDemo({
        url,
        admin: TEST_ADMIN,
        devices: 200,
        outDir: dir,
        output: { write: (text) => narrative.push(text), isTTY: false },
        stageIntervalSec: 1,
        userDomain: `demo-${randomBytes(3).toString('hex')}.test`,
      });
    } finally {
      await result?.cast.fleet.sim.stop();
    }
    const text = narrative.join('');
    const { outcome, detail, audit } = result;

    // The vendor-wide kill: every targeted device acknowledged it.
    const revocation = outcome.kill.revocation;
    expect(revocation.target).toBeGreaterThan(0);
    expect(revocation.target).toBe(outcome.kill.kill.affectedDevices);
    expect(revocation.counts.acknowledged).toBe(revocation.target - revocation.counts.canceled);
    expect(outcome.kill.firstToldAt).toBeDefined();

    // The fix shipped to most vulnerable cameras; the narrow kill holds the rest.
    expect(outcome.rollout.upgraded.length).toBeGreaterThan(0);
    expect(outcome.narrowKill.kill.affectedDevices).toBe(outcome.rollout.stillVulnerable.length);

    // The staged lift: refused to its requester, approved by someone else, completed stage by stage.
    expect(outcome.lift.selfApprovalStatus).toBe(403);
    expect(outcome.lift.request).toMatchObject({ state: 'completed', stages: [1, 10, 100], currentStage: 2 });
    expect(outcome.lift.stages.map((s) => s.percent)).toEqual([1, 10, 100]);
    expect(outcome.lift.stages.every((s) => s.told && s.told.acknowledged === s.told.target)).toBe(true);
    const lifted = await result.cast.alice.api.get<{ state: string }>(`/v1/kill-switches/${outcome.kill.kill.id}`);
    expect(lifted.state).toBe('lifted');

    // On the devices' side: fixed cameras back on, vulnerable ones still off.
    expect(outcome.cameras.safe.total).toBeGreaterThan(0);
    expect(outcome.cameras.safe.on).toBe(outcome.cameras.safe.total);
    expect(outcome.cameras.vulnerable.total).toBe(outcome.rollout.stillVulnerable.length);
    expect(outcome.cameras.vulnerable.off).toBe(outcome.cameras.vulnerable.total);

    // The incident and its postmortem.
    expect(detail.status).toBe('resolved');
    expect(detail.timings?.reportToFirstKill?.ms).toBeGreaterThanOrEqual(0);
    expect(detail.timings?.killToAck99?.ms).toBeGreaterThanOrEqual(0);
    expect(detail.timings?.killToLift?.ms).toBeGreaterThan(0);
    expect(audit.ok).toBe(true);
    const postmortem = await readFile(outcome.postmortemPath, 'utf8');
    expect(outcome.postmortemPath).toBe(join(dir, `postmortem-${outcome.incident.id}.md`));
    expect(postmortem).toContain('# Postmortem: Mijia cameras show strangers');
    expect(postmortem).toContain('3.5.1_00.66');
    expect(postmortem).toContain('vendor firmware lt 3.5.1_00.68');

    // The narrative: stamped from the report, with the measured steps.
    expect(text).toMatch(/^T\+0\.0 s +a public post/m);
    expect(text).toMatch(/alice kills xiaomi\.camera-stream for every firmware, as Google did: \d+ devices affected \(by vendor firmware: 3\.5\.1_00\.66: \d+/);
    expect(text).toMatch(/first device told, [\d.]+ m?s after the kill/); // "1.3 s" on a loaded machine
    expect(text).toMatch(/100 % of \d+ devices acknowledged, [\d.]+ m?s after the kill/);
    expect(text).toMatch(/alice tries to approve her own request: refused \(403: /);
    expect(text).toContain('bob approves (four eyes: requested by alice, approved by bob)');
    expect(text).toMatch(/stage 3 of 3: the kill is lifted for 100 % of devices/);
    expect(text).toContain(`postmortem exported to ${outcome.postmortemPath}`);
    expect(text).toMatch(/kill → lift +\d/);

    // The epilogue: an Alertmanager alert, a policy made by one admin and approved by another, a kill at once.
    const { alert } = result;
    expect(alert.policy).toMatchObject({ state: 'active' });
    expect(alert.policy.approvedById).not.toBe(alert.policy.createdById);
    expect(alert.receipt.alerts).toEqual([expect.objectContaining({ outcome: 'proposed', state: 'auto-killed' })]);
    expect(alert.proposal).toMatchObject({ state: 'auto-killed', killSwitchId: alert.kill.id, policyId: alert.policy.id });
    expect(alert.kill.incidentId).toBe(alert.proposal.incidentId);
    expect(alert.kill.reason).toContain(`Auto-kill by policy ${alert.policy.name}`);
    expect(alert.kill.affectedDevices).toBeGreaterThan(0);
    expect(alert.revocation.target).toBe(alert.kill.affectedDevices);
    expect(alert.revocation.counts.acknowledged).toBe(alert.revocation.target - alert.revocation.counts.canceled);
    expect(Date.parse(alert.incident.reportedAt)).toBe(alert.sentAt);
    const { alertToKillMs, alertToAck99Ms, alertToAck100Ms } = alert.timings;
    expect(alertToKillMs).toBeGreaterThanOrEqual(0);
    expect(alertToAck99Ms).toBeGreaterThanOrEqual(alertToKillMs);
    expect(alertToAck100Ms).toBeGreaterThanOrEqual(alertToAck99Ms);
    expect(text).toContain(`dave approves it (four eyes): active`);
    expect(text).toMatch(/Alertmanager posts CameraFeedLeak \(firing/);
    expect(text).toMatch(/the proposal matches the policy: killed at once \(auto-killed\), \d+ devices affected/);
    expect(text).toContain(`alert → kill                ${alertToKillMs} ms`);
    expect(text).toContain(`alert → 99 % acknowledged   ${alertToAck99Ms} ms`);
    expect(text).toContain(`alert → 100 % acknowledged  ${alertToAck100Ms} ms`);
  }, 300_000);
});
