/**
 * The staged lift, four-eyed: the responder asks to lift the vendor-wide kill
 * in stages, cannot approve her own request, the approver does, and the
 * worker's stage timer moves it on. Each stage is followed on the incident's
 * timeline: the stage itself, then the revocation that turned the integration
 * back on for the devices it released reaching 100 % acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, LiftRequestView, RevocationView, TimelineEntryView, fetchList } from '@killswitch/api-client';
import type { DemoUser } from './demo-people';
import { Narrator, devices, duration } from './narrator';

export interface LiftStep {
  requester: DemoUser;
  approver: DemoUser;
  killSwitchId: string;
  incidentId: string;
  reason: string;
  stages: number[];
  stageIntervalSec: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface StageOutcome {
  stage: number;
  percent: number;
  at: number;
  revision: number;
  /** Devices whose integration came back on at this stage, and how many of them acknowledged. */
  told?: { target: number; acknowledged: number; at: number };
}

export interface LiftOutcome {
  request: LiftRequestView;
  selfApprovalStatus: number;
  stages: StageOutcome[];
}

const FOLLOW_EVERY_MS = 500;

/** Who moved a stage: the approver (approval puts the first stage in force) or the worker's stage timer. */
function actorName(step: LiftStep, actor: string): string {
  if (actor === step.approver.email) return `on ${step.approver.name}'s approval`;
  return actor.startsWith('system:') ? "by the worker's stage timer" : `by ${actor}`;
}

type LiftRequest = LiftRequestView & { requestedAt: string; decidedAt: string | null };

/** The requester approving her own request must be refused; returns the status it was refused with. */
async function tryToApproveOwn(step: LiftStep, requestId: string, narrator: Narrator): Promise<number> {
  try {
    await step.requester.api.post(`/v1/lift-requests/${requestId}/approve`, {});
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      narrator.say(`${step.requester.name} tries to approve her own request: refused (403: ${error.message})`);
      return error.status;
    }
    throw error;
  }
  throw new Error('the requester approved her own lift request: four eyes did not hold');
}

export async function stagedLift(step: LiftStep, narrator: Narrator): Promise<LiftOutcome> {
  const requested = await step.requester.api.post<LiftRequest>(`/v1/kill-switches/${step.killSwitchId}/lift-requests`, {
    reason: step.reason,
    stages: step.stages,
    stageIntervalSec: step.stageIntervalSec,
  });
  narrator.say(
    `${step.requester.name} requests a staged lift of the vendor-wide kill: ${step.stages.map((p) => `${p} %`).join(' → ')}, a stage every ${step.stageIntervalSec} s`,
    Date.parse(requested.requestedAt),
  );
  const selfApprovalStatus = await tryToApproveOwn(step, requested.id, narrator);
  const approved = await step.approver.api.post<LiftRequest>(`/v1/lift-requests/${requested.id}/approve`, {
    reason: 'fixed firmware verified; narrow kill in place',
  });
  narrator.say(
    `${step.approver.name} approves (four eyes: requested by ${step.requester.name}, approved by ${step.approver.name})`,
    Date.parse(approved.decidedAt ?? ''),
  );

  const stages = await followStages(step, requested.id, narrator);
  const request = await step.requester.api.get<LiftRequest>(`/v1/lift-requests/${requested.id}`);
  return { request, selfApprovalStatus, stages };
}

/** Reads the timeline until the last stage is in force and every stage's devices have acknowledged. */
async function followStages(step: LiftStep, requestId: string, narrator: Narrator): Promise<StageOutcome[]> {
  const api = step.requester.api;
  const seen = new Set<string>();
  const stages: StageOutcome[] = [];
  const deadline = Date.now() + step.timeoutMs;
  for (;;) {
    const timeline = await fetchList<TimelineEntryView>(api, `/v1/incidents/${step.incidentId}/timeline`, {}, { all: true });
    for (const entry of timeline.items) {
      const key = String(entry.id ?? `${entry.at}:${entry.type}:${entry.body}`);
      if (seen.has(key)) continue;
      seen.add(key);
      const refs = entry.refs ?? {};
      if ((entry.type === 'lift_stage' || entry.type === 'lift') && refs.liftRequestId === requestId) {
        const stage = { stage: Number(refs.stage), percent: Number(refs.percent), at: Date.parse(entry.at), revision: Number(refs.revision) };
        stages.push(stage);
        narrator.say(
          `stage ${stage.stage + 1} of ${step.stages.length}: the kill is lifted for ${stage.percent} % of devices (${actorName(step, entry.actor)})`,
          stage.at,
        );
      }
      if (entry.type === 'revocation_milestone' && Number(refs.milestone) === 100) {
        const revocation = await api.get<RevocationView & { rev: number; completedAt: string | null }>(`/v1/revocations/${String(refs.revocationId)}`);
        const stage = stages.find((s) => s.revision === revocation.rev);
        if (revocation.kind !== 'lift' || !stage) continue;
        const at = Date.parse(revocation.completedAt ?? entry.at);
        stage.told = { target: revocation.target - revocation.counts.canceled, acknowledged: revocation.counts.acknowledged, at };
        narrator.say(
          `${devices(stage.told.target)} told camera streaming is back on, ${stage.told.acknowledged} acknowledged, ${duration(at - stage.at)} after the stage`,
          at,
        );
      }
    }
    const last = stages.find((s) => s.stage === step.stages.length - 1);
    if (last && stages.every((s) => s.told)) return stages.sort((a, b) => a.stage - b.stage);
    if (Date.now() > deadline) throw new Error(`the staged lift did not complete within ${step.timeoutMs / 1000} s`);
    await sleep(FOLLOW_EVERY_MS, undefined, { signal: step.signal });
  }
}
