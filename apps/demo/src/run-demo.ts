/**
 * `npm run demo`'s story, against a running control plane (scripts/demo.mjs
 * starts one on the embedded defaults; the integration test uses the test
 * harness): set-up, the January 2020 Xiaomi incident replayed, and its key
 * timings. The simulated fleet is left running for the caller to stop.
 */
import type { AuditVerification, IncidentDetail } from '@killswitch/api-client';
import { DemoCast, setUp } from './demo-setup';
import { DemoOutput, Narrator, duration } from './narrator';
import { incidentDetail, verifyAudit } from './postmortem-export';
import { IncidentOutcome, replayIncident } from './xiaomi-incident';

export interface DemoOptions {
  url: string;
  admin: { email: string; password: string };
  devices: number;
  /** Where the postmortem is written. */
  outDir: string;
  output: DemoOutput;
  stageIntervalSec?: number;
  upgradeShare?: number;
  seed?: number;
  /** The domain of the people's emails (alice@…, bob@…). */
  userDomain?: string;
  signal?: AbortSignal;
}

export interface DemoResult {
  cast: DemoCast;
  outcome: IncidentOutcome;
  detail: IncidentDetail;
  audit: AuditVerification;
  setupMs: number;
  storyMs: number;
}

const SEED = 2020;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const narrator = new Narrator(options.output);
  const signal = options.signal ?? new AbortController().signal;
  const seed = options.seed ?? SEED;
  const started = Date.now();
  narrator.line(`The January 2020 Xiaomi incident, replayed on ${options.devices} simulated devices against ${options.url}`);
  narrator.line();
  const cast = await setUp(
    { url: options.url, admin: options.admin, devices: options.devices, seed, userDomain: options.userDomain ?? 'killswitch.local', signal },
    narrator,
  );
  try {
    const setupMs = Date.now() - started;
    narrator.line();
    const outcome = await replayIncident(
      cast,
      { outDir: options.outDir, stageIntervalSec: options.stageIntervalSec ?? 5, upgradeShare: options.upgradeShare ?? 0.75, seed, signal },
      narrator,
    );
    const storyMs = Date.now() - outcome.reportedAt;
    const detail = await incidentDetail(cast.alice, outcome.incident.id);
    const audit = await verifyAudit(cast.alice);
    printKeyTimings(narrator, outcome, detail, audit);
    narrator.line(`The demo took ${duration(Date.now() - started)}: set-up ${duration(setupMs)}, the story ${duration(storyMs)}.`);
    return { cast, outcome, detail, audit, setupMs, storyMs };
  } catch (error) {
    await cast.fleet.sim.stop();
    throw error;
  }
}

function printKeyTimings(narrator: Narrator, outcome: IncidentOutcome, detail: IncidentDetail, audit: AuditVerification): void {
  const t = detail.timings;
  const killedAt = Date.parse(outcome.kill.kill.createdAt);
  const rows: [string, string][] = [
    ['report → first kill', t?.reportToFirstKill ? duration(t.reportToFirstKill.ms) : 'not reached'],
    [
      'kill → first device told',
      outcome.kill.firstToldAt !== undefined ? `${duration(outcome.kill.firstToldAt - killedAt)} (seen on the simulated devices)` : 'not seen',
    ],
    ['kill → 99 % acknowledged', t?.killToAck99 ? duration(t.killToAck99.ms) : 'not reached'],
    ['kill → lift', t?.killToLift ? duration(t.killToLift.ms) : 'not reached'],
    ['audit log', audit.ok ? `hash chain verified end to end: ${audit.entries} entries` : `BROKEN at ${audit.firstBroken?.seq}: ${audit.firstBroken?.message}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  narrator.line();
  narrator.line(`Key timings of incident ${outcome.incident.id}:`);
  for (const [label, value] of rows) narrator.line(`  ${label.padEnd(width)}  ${value}`);
  narrator.line();
}
