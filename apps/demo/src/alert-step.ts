/**
 * The epilogue: next time an alert does it. carol (an admin) writes an auto-kill policy ("CameraFeedLeak for xiaomi
 * may kill xiaomi.camera-stream at once, at most N devices"); dave, a third admin, neither its author nor in her
 * line of appointment, approves it (four eyes: the first admin made carol's account, so may not), and the first admin
 * mints an API token with the signals role for Alertmanager. Then Alertmanager's webhook (version 4, every field it sends) reports the leak
 * detector firing for Xiaomi camera streaming: the proposal matches the policy and becomes a kill in the same
 * request, and the fleet acknowledges it. The alert's startsAt is the moment the webhook is sent; the incident the
 * alert opens takes it as its report time, so alert → kill and alert → 99 % come from the incident's own key
 * timings, and alert → 100 % from the revocation's completedAt: all server timestamps.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IncidentDetail, KillSwitchView, RevocationView, isComplete, watchRevocation } from '@killswitch/api-client';
import { ApiClient } from '@killswitch/api-client';
import { CAMERA_STREAM, XIAOMI } from './demo-catalogue';
import type { DemoCast } from './demo-setup';
import { Narrator, devices, duration } from './narrator';

export const ALERT_NAME = 'CameraFeedLeak';

export interface AlertTimings {
  alertToKillMs: number;
  alertToAck99Ms: number;
  alertToAck100Ms: number;
}

export interface AlertOutcome {
  policy: { id: string; name: string; state: string; createdById: string | null; approvedById: string | null };
  /** Epoch ms when the webhook was sent (and the alert's startsAt). */
  sentAt: number;
  receipt: { alerts: { outcome: string; proposalId: string | null; state: string | null; incidentId: string | null }[] };
  proposal: { id: string; state: string; killSwitchId: string | null; policyId: string | null; incidentId: string };
  kill: KillSwitchView;
  revocation: RevocationView & { completedAt?: string | null };
  incident: IncidentDetail;
  timings: AlertTimings;
}

export interface AlertStepOptions {
  /** The policy's device limit (the fleet's size: the whole integration may go at once). */
  maxAffectedDevices: number;
  timeoutMs: number;
  signal: AbortSignal;
}

/** What Alertmanager 0.27 posts to a webhook_config receiver for one firing alert. */
export function alertmanagerNotification(startsAt: Date) {
  const labels = {
    alertname: ALERT_NAME,
    severity: 'critical',
    job: 'camera-relay',
    killswitch_vendor: XIAOMI,
    killswitch_integration: CAMERA_STREAM.slice(XIAOMI.length + 1),
  };
  return {
    version: '4',
    groupKey: `{}/{severity="critical"}:{alertname="${ALERT_NAME}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'killswitch',
    groupLabels: { alertname: ALERT_NAME },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: {
          summary: 'Camera relay served a frame to a home other than the camera\u2019s',
          description: 'camera_relay_cross_home_frames_total rose on the Xiaomi camera-stream relay',
        },
        startsAt: startsAt.toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.local:9090/graph?g0.expr=increase%28camera_relay_cross_home_frames_total%5B1m%5D%29+%3E+0',
        fingerprint: randomBytes(8).toString('hex'),
      },
    ],
  };
}

export async function alertKills(cast: DemoCast, options: AlertStepOptions, narrator: Narrator): Promise<AlertOutcome> {
  const { admin, carol, dave } = cast;
  const name = `${ALERT_NAME} kills ${CAMERA_STREAM}`;
  const created = await carol.api.post<AlertOutcome['policy']>('/v1/auto-kill-policies', {
    name,
    match: { alertname: ALERT_NAME, source: 'alertmanager', vendor: XIAOMI },
    integration: CAMERA_STREAM,
    maxAffectedDevices: options.maxAffectedDevices,
  });
  const policy = await dave.api.post<AlertOutcome['policy']>(`/v1/auto-kill-policies/${created.id}/approve`);
  narrator.line(
    `${carol.name} writes the auto-kill policy "${name}" (at most ${devices(options.maxAffectedDevices)}); ${dave.name} approves it (four eyes): ${policy.state}`,
  );
  const minted = await admin.api.post<{ token: string }>('/v1/api-tokens', { name: 'alertmanager', roles: ['signals'] });
  const alertmanager = new ApiClient(admin.api.baseUrl, minted.token);
  narrator.line(`${admin.name} mints an API token with the signals role for Alertmanager (it may post signals and nothing else)`);

  const sentAt = Date.now();
  narrator.startClock(sentAt);
  narrator.say(`Alertmanager posts ${ALERT_NAME} (firing; killswitch_vendor=${XIAOMI}, killswitch_integration=camera-stream) to /v1/signals/alertmanager`);
  const receipt = await alertmanager.post<AlertOutcome['receipt']>('/v1/signals/alertmanager', alertmanagerNotification(new Date(sentAt)));
  const answered = receipt.alerts[0];
  if (!answered?.proposalId) throw new Error(`the alert made no proposal: ${JSON.stringify(receipt)}`);
  const proposal = await admin.api.get<AlertOutcome['proposal']>(`/v1/proposals/${answered.proposalId}`);
  if (!proposal.killSwitchId) throw new Error(`the alert's proposal ${proposal.id} is ${proposal.state}, not killed by the policy`);
  const kill = await admin.api.get<KillSwitchView>(`/v1/kill-switches/${proposal.killSwitchId}`);
  narrator.say(
    `the proposal matches the policy: killed at once (${proposal.state}), ${devices(kill.affectedDevices)} affected, incident ${proposal.incidentId}`,
    Date.parse(kill.createdAt),
  );

  const progress = narrator.progress('acknowledged');
  const watched = await watchRevocation(admin.api, kill.revocationId, {
    signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    onUpdate: (view) => progress.update(view.counts.acknowledged, Math.max(0, view.target - view.counts.canceled)),
  });
  progress.done();
  options.signal.throwIfAborted();
  if (!isComplete(watched.view)) {
    throw new Error(
      `revocation ${kill.revocationId}: ${watched.view.counts.acknowledged} of ${watched.view.target} acknowledged after ${options.timeoutMs / 1000} s`,
    );
  }
  const { revocation, incident, completedAt, reportToFirstKill, killToAck99 } = await milestonesWritten(admin.api, kill.revocationId, proposal.incidentId);
  const reportedAt = Date.parse(incident.reportedAt);
  const timings: AlertTimings = {
    alertToKillMs: reportToFirstKill.ms,
    alertToAck99Ms: Date.parse(killToAck99.to) - reportedAt,
    alertToAck100Ms: Date.parse(completedAt) - reportedAt,
  };
  narrator.say(`99 % acknowledged, ${duration(timings.alertToAck99Ms)} after the alert`, reportedAt + timings.alertToAck99Ms);
  narrator.say(
    `100 % of ${devices(revocation.target - revocation.counts.canceled)} acknowledged, ${duration(timings.alertToAck100Ms)} after the alert`,
    reportedAt + timings.alertToAck100Ms,
  );
  return { policy, sentAt, receipt, proposal, kill, revocation, incident, timings };
}

const MILESTONE_WAIT_MS = 10_000;

/** The 99 % milestone and completedAt are written just after the last acknowledgement is counted: wait for both. */
async function milestonesWritten(api: ApiClient, revocationId: string, incidentId: string) {
  const deadline = Date.now() + MILESTONE_WAIT_MS;
  for (;;) {
    const revocation = await api.get<AlertOutcome['revocation']>(`/v1/revocations/${revocationId}`);
    const incident = await api.get<IncidentDetail>(`/v1/incidents/${incidentId}`);
    const { completedAt } = revocation;
    const { reportToFirstKill, killToAck99 } = incident.timings ?? {};
    if (completedAt && reportToFirstKill && killToAck99) return { revocation, incident, completedAt, reportToFirstKill, killToAck99 };
    if (Date.now() > deadline)
      throw new Error(`revocation ${revocationId}: its 99 % and 100 % milestones were not written within ${MILESTONE_WAIT_MS / 1000} s`);
    await sleep(100);
  }
}
