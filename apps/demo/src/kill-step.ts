/**
 * One kill, as a responder makes it: preview the scope (how many devices, on
 * which vendor firmware), kill, then watch the revocation until every targeted
 * device has acknowledged. Optionally, the simulated fleet says when its first
 * device was told.
 */
import { Scope, compareVersions } from '@killswitch/evaluation';
import { CreatedKillSwitch, KillSwitchPreview, KillSwitchView, RevocationView, isComplete, watchRevocation } from '@killswitch/api-client';
import type { FleetSim } from '@killswitch/fleet-sim';
import type { DemoUser } from './demo-people';
import { highestRevisionHeld, watchFirstTold } from './first-told';
import { Narrator, devices, duration } from './narrator';

export interface KillOutcome {
  kill: KillSwitchView;
  /** The revocation once every targeted device acknowledged. */
  revocation: RevocationView & { completedAt?: string | null };
  preview: KillSwitchPreview;
  /** Epoch ms when the first simulated device held the kill (when watched). */
  firstToldAt?: number;
}

export interface KillStep {
  responder: DemoUser;
  scope: Scope;
  reason: string;
  incidentId: string;
  /** What the responder does, as the story tells it: "kills xiaomi.camera-stream for every firmware". */
  telling: string;
  /** Watch for the first device told (the fleet must be running). */
  sim?: FleetSim;
  timeoutMs: number;
  signal: AbortSignal;
}

const FIRST_TOLD_TIMEOUT_MS = 30_000;

/** `3.5.1_00.66: 1105, 3.5.1_00.68: 1110, …`, in version order. */
export function firmwareBreakdown(preview: KillSwitchPreview): string {
  return [...preview.byVendorFirmware]
    .sort((a, b) => compareVersions(a.vendorFirmware, b.vendorFirmware))
    .map((f) => `${f.vendorFirmware}: ${f.devices}`)
    .join(', ');
}

export async function killAndWatch(step: KillStep, narrator: Narrator): Promise<KillOutcome> {
  const api = step.responder.api;
  const preview = await api.post<KillSwitchPreview>('/v1/kill-switches/preview', { scope: step.scope });
  const firstTold = step.sim ? watchFirstTold(step.sim, highestRevisionHeld(step.sim), FIRST_TOLD_TIMEOUT_MS) : undefined;
  let created: CreatedKillSwitch;
  try {
    created = await api.post<CreatedKillSwitch>('/v1/kill-switches', { scope: step.scope, reason: step.reason, incidentId: step.incidentId });
  } catch (error) {
    firstTold?.stop();
    throw error;
  }
  const kill = await api.get<KillSwitchView>(`/v1/kill-switches/${created.id}`);
  const killedAt = Date.parse(kill.createdAt);
  narrator.say(
    `${step.responder.name} ${step.telling}: ${devices(kill.affectedDevices)} affected (by vendor firmware: ${firmwareBreakdown(preview)})`,
    killedAt,
  );
  if (kill.affectedDevices === 0) firstTold?.stop();
  const firstToldAt = firstTold ? await firstTold.at : undefined;
  if (firstToldAt !== undefined) narrator.say(`first device told, ${duration(firstToldAt - killedAt)} after the kill`, firstToldAt);

  const progress = narrator.progress('acknowledged');
  const watched = await watchRevocation(api, created.revocationId, {
    signal: AbortSignal.any([step.signal, AbortSignal.timeout(step.timeoutMs)]),
    onUpdate: (view) => progress.update(view.counts.acknowledged, Math.max(0, view.target - view.counts.canceled)),
  });
  progress.done();
  step.signal.throwIfAborted();
  if (!isComplete(watched.view)) {
    throw new Error(
      `revocation ${created.revocationId}: ${watched.view.counts.acknowledged} of ${watched.view.target} acknowledged after ${step.timeoutMs / 1000} s`,
    );
  }
  // completedAt: when the server counted the last acknowledgement.
  const revocation = await api.get<KillOutcome['revocation']>(`/v1/revocations/${created.revocationId}`);
  const doneAt = revocation.completedAt ? Date.parse(revocation.completedAt) : Date.now();
  narrator.say(`100 % of ${devices(revocation.target - revocation.counts.canceled)} acknowledged, ${duration(doneAt - killedAt)} after the kill`, doneAt);
  return { kill, revocation, preview, firstToldAt };
}
