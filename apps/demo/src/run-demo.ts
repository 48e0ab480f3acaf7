/**
 * `npm run demo`'s story, against a running control plane (scripts/demo.mjs
 * starts one on the embedded defaults; the integration test uses the test
 * harness): set-up, the January 2020 Xiaomi incident replayed, the next leak
 * killed by an Alertmanager alert through a four-eyed auto-kill policy, and the
 * key timings. The simulated fleet is left running for the caller to stop.
 */
import type { AuditVerification, IncidentDetail } from '@killswitch/api-client';
import { AlertOutcome, alertKills } from './alert-step';
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
  alert: AlertOutcome;
  detail: IncidentDetail;
  audit: AuditVerification;
  setupMs: number;
  storyMs: number;
  alertMs: number;
}

const SEED = 2020;
const ALERT_KILL_TIMEOUT_MS = 300_000;

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
    narrator.line();
    narrator.line('Next time, an alert kills at once:');
    const alert = await alertKills(cast, { maxAffectedDevices: options.devices, timeoutMs: ALERT_KILL_TIMEOUT_MS, signal }, narrator);
    const alertMs = Date.now() - alert.sentAt;
    const detail = await incidentDetail(cast.alice, outcome.incident.id);
    const audit = await verifyAudit(cast.alice);
    printKeyTimings(narrator, outcome, detail, audit);
    printAlertTimings(narrator, alert);
    narrator.line(
      `The demo took ${duration(Date.now() - started)}: set-up ${duration(setupMs)}, the story ${duration(storyMs)}, the alert ${duration(alertMs)}.`,
    );
    return { cast, outcome, alert, detail, audit, setupMs, storyMs, alertMs };
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

function printAlertTimings(narrator: Narrator, alert: AlertOutcome): void {
  const t = alert.timings;
  const target = alert.revocation.target - alert.revocation.counts.canceled;
  narrator.line(`Alert to kill, incident ${alert.incident.id} (${target} devices, from server timestamps):`);
  const rows: [string, number][] = [
    ['alert → kill', t.alertToKillMs],
    ['alert → 99 % acknowledged', t.alertToAck99Ms],
    ['alert → 100 % acknowledged', t.alertToAck100Ms],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ms] of rows) narrator.line(`  ${label.padEnd(width)}  ${Math.round(ms)} ms`);
  narrator.line();
}
