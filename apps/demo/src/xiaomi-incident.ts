/**
 * The story itself, DESIGN.md's five steps on the simulated fleet: the report
 * arrives and alice opens a SEV1 incident; she kills Xiaomi camera streaming
 * for every firmware, as Google did, and watches every device acknowledge;
 * Xiaomi ships 3.5.1_00.68 and part of the fleet updates; she narrows the
 * blast radius with a kill for firmware below the fix, then asks to lift the
 * vendor-wide kill in stages, which bob approves; the devices are asked what
 * they are told now; the incident is resolved and its postmortem exported.
 * Every line is stamped with the time since the report.
 */
import { relative } from 'node:path';
import type { IncidentView } from '@killswitch/api-client';
import { CameraCheck, checkCameras } from './camera-check';
import { CAMERA_STREAM, FIXED_FIRMWARE, MIJIA_CAMERA, VULNERABLE_FIRMWARE, XIAOMI } from './demo-catalogue';
import type { DemoCast } from './demo-setup';
import { Rollout, rollOutFix } from './firmware-rollout';
import { KillOutcome, killAndWatch } from './kill-step';
import { Narrator, duration } from './narrator';
import { exportPostmortem } from './postmortem-export';
import { LiftOutcome, stagedLift } from './staged-lift';

export interface IncidentOptions {
  /** Where the postmortem is written. */
  outDir: string;
  stageIntervalSec: number;
  /** The share of vulnerable cameras that update when the fix ships. */
  upgradeShare: number;
  seed: number;
  signal: AbortSignal;
}

export interface IncidentOutcome {
  reportedAt: number;
  incident: IncidentView;
  kill: KillOutcome;
  rollout: Rollout;
  narrowKill: KillOutcome;
  lift: LiftOutcome;
  cameras: CameraCheck;
  postmortemPath: string;
}

const KILL_TIMEOUT_MS = 300_000;

export async function replayIncident(cast: DemoCast, options: IncidentOptions, narrator: Narrator): Promise<IncidentOutcome> {
  const { alice, bob, fleet } = cast;
  const url = alice.api.baseUrl;
  const reportedAt = Date.now();
  narrator.startClock(reportedAt);
  narrator.say(`a public post: a Nest Hub owner asking for his Mijia camera's feed (firmware ${VULNERABLE_FIRMWARE}) is shown stills from strangers' homes`);

  // 1. The incident.
  const opened = await alice.api.post<IncidentView & { createdAt: string }>('/v1/incidents', {
    title: 'Mijia cameras show strangers\u2019 feeds on Nest Hubs',
    severity: 'SEV1',
    summary: `A public post shows a Nest Hub displaying stills from other homes when asked for a Xiaomi Mijia camera on firmware ${VULNERABLE_FIRMWARE}.`,
    reportedAt: new Date(reportedAt).toISOString(),
  });
  narrator.say(`${alice.name} opens incident ${opened.id} (SEV1)`, Date.parse(opened.createdAt));
  const status = (to: string) => alice.api.patch<IncidentView>(`/v1/incidents/${opened.id}`, { status: to });
  await status('investigating');

  // 2 and 3. The vendor-wide kill, and every device acknowledging it.
  const kill = await killAndWatch(
    {
      responder: alice,
      scope: { vendor: XIAOMI, integration: CAMERA_STREAM },
      reason: `Public report: Mijia cameras (${MIJIA_CAMERA}, firmware ${VULNERABLE_FIRMWARE}) show strangers' feeds`,
      incidentId: opened.id,
      telling: `kills ${CAMERA_STREAM} for every firmware, as Google did`,
      sim: fleet.sim,
      timeoutMs: KILL_TIMEOUT_MS,
      signal: options.signal,
    },
    narrator,
  );
  await status('mitigated');
  narrator.say('incident mitigated');

  // 4. The fix ships; the blast radius narrows to the vulnerable firmware; the vendor-wide kill is lifted in stages.
  await alice.api.post(`/v1/incidents/${opened.id}/timeline`, { body: `Xiaomi ships firmware ${FIXED_FIRMWARE}, which fixes the flaw` });
  narrator.say(`Xiaomi ships firmware ${FIXED_FIRMWARE}`);
  const rollout = await rollOutFix(url, fleet, options.upgradeShare, options.seed + 1, narrator);
  const vulnerableBefore = rollout.upgraded.length + rollout.stillVulnerable.length;
  narrator.say(
    `${rollout.upgraded.length} of ${vulnerableBefore} cameras on ${VULNERABLE_FIRMWARE} update to ${FIXED_FIRMWARE}; their devices report the new inventory within ${duration(rollout.endedAt - rollout.startedAt)}; ${rollout.stillVulnerable.length} stay on ${VULNERABLE_FIRMWARE}`,
    rollout.endedAt,
  );
  const narrowKill = await killAndWatch(
    {
      responder: alice,
      scope: { vendor: XIAOMI, integration: CAMERA_STREAM, vendorFirmware: { lt: FIXED_FIRMWARE } },
      reason: `Keep firmware below ${FIXED_FIRMWARE} off while the vendor-wide kill is lifted`,
      incidentId: opened.id,
      telling: `narrows the blast radius: kills ${CAMERA_STREAM} for vendor firmware lt ${FIXED_FIRMWARE}`,
      timeoutMs: KILL_TIMEOUT_MS,
      signal: options.signal,
    },
    narrator,
  );
  const lift = await stagedLift(
    {
      requester: alice,
      approver: bob,
      killSwitchId: kill.kill.id,
      incidentId: opened.id,
      reason: `Xiaomi shipped ${FIXED_FIRMWARE}; firmware below it stays off through the narrow kill`,
      stages: [1, 10, 100],
      stageIntervalSec: options.stageIntervalSec,
      timeoutMs: KILL_TIMEOUT_MS + options.stageIntervalSec * 3_000,
      signal: options.signal,
    },
    narrator,
  );

  const cameras = await checkCameras(url, fleet, narrator);
  narrator.say(
    `asked as each device: camera streaming is on for ${cameras.safe.on} of ${cameras.safe.total} cameras on fixed or later firmware, off for ${cameras.vulnerable.off} of ${cameras.vulnerable.total} still on ${VULNERABLE_FIRMWARE}`,
  );

  // 5. Resolved; the postmortem for the auditors.
  await status('resolved');
  narrator.say('incident resolved');
  const postmortemPath = await exportPostmortem(alice, opened.id, options.outDir);
  const shown = relative(process.cwd(), postmortemPath);
  narrator.say(`postmortem exported to ${shown.startsWith('..') ? postmortemPath : shown}`);

  return { reportedAt, incident: opened, kill, rollout, narrowKill, lift, cameras, postmortemPath };
}
