/**
 * The transactional steps shared by every way a lift moves: approval, an
 * explicit advance, the stage timer, break glass and abort. Each raises the
 * revision, moves the kill's released share, and queues a revocation that
 * touches only the devices whose bucket the step moved (see FanoutService).
 */
import type { Actor } from '@killswitch/audit';
import { AuditService } from '@killswitch/audit';
import { KillSwitch, LiftRequest, Tx, notifyChange } from '@killswitch/db';
import { RELEASE_BUCKETS, Scope, describeScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { appendTimeline } from '@killswitch/incidents';
import { bumpRevision } from '../revision';

export interface StepContext {
  actor: Actor;
  requestId?: string;
}

/** Locks the request and its kill for the rest of the transaction, in that order everywhere. */
export async function lockLift(tx: Tx, requestId: string): Promise<{ request: LiftRequest; kill: KillSwitch }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM lift_requests WHERE id = ${requestId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new AppError('not_found', `lift request ${requestId} does not exist`);
  const request = await tx.liftRequest.findUniqueOrThrow({ where: { id: requestId } });
  await tx.$queryRaw`SELECT id FROM kill_switches WHERE id = ${request.killSwitchId}::uuid FOR UPDATE`;
  const kill = await tx.killSwitch.findUniqueOrThrow({ where: { id: request.killSwitchId } });
  return { request, kill };
}

/**
 * Puts stage `index` of the request in force: devices whose bucket is below
 * stages[index] × 100 are released; the last stage lifts the kill. Returns the
 * revision it raised.
 */
export async function applyStage(tx: Tx, audit: AuditService, step: StepContext, request: LiftRequest, kill: KillSwitch, index: number): Promise<bigint> {
  const percent = request.stages[index];
  const from = kill.releasedBelow;
  const to = percent * (RELEASE_BUCKETS / 100);
  const last = index === request.stages.length - 1;
  const rev = await bumpRevision(tx);
  const now = new Date();
  await tx.killSwitch.update({
    where: { id: kill.id },
    data: { state: last ? 'lifted' : 'lifting', releasedBelow: to, revision: rev, ...(last ? { liftedAt: now } : {}) },
  });
  await tx.liftRequest.update({
    where: { id: request.id },
    data: {
      currentStage: index,
      state: last ? 'completed' : 'approved',
      completedAt: last ? now : null,
      nextStageAt: !last && request.stageIntervalSec ? new Date(now.getTime() + request.stageIntervalSec * 1000) : null,
    },
  });
  await queueRevocation(tx, kill.id, 'lift', rev, from, to);
  await audit.append(tx, {
    actor: step.actor,
    action: last ? 'kill-switch.lift' : 'kill-switch.lift-stage',
    target: { type: 'kill-switch', id: kill.id },
    before: { state: kill.state, releasedPercent: from / 100 },
    after: { state: last ? 'lifted' : 'lifting', releasedPercent: percent, revision: rev, liftRequestId: request.id },
    reason: request.reason,
    requestId: step.requestId,
  });
  if (kill.incidentId) {
    const scope = describeScope(kill.scope as unknown as Scope);
    await appendTimeline(tx, {
      incidentId: kill.incidentId,
      type: last ? 'lift' : 'lift_stage',
      actor: step.actor,
      body: last ? `Lifted ${scope} for every device` : `Lift stage ${index + 1} of ${request.stages.length}: ${scope} released for ${percent} % of devices`,
      refs: { killSwitchId: kill.id, liftRequestId: request.id, stage: index, percent, revision: Number(rev) },
    });
  }
  await notifyChange(tx, { kind: 'rules', rev: rev.toString() });
  return rev;
}

/** Abort: the kill is enforced for every device again; the released ones are told "off" again. */
export async function reimpose(
  tx: Tx,
  audit: AuditService,
  step: StepContext,
  request: LiftRequest,
  kill: KillSwitch,
  reason: string | undefined,
): Promise<bigint | null> {
  const released = kill.releasedBelow;
  const rev = released > 0 ? await bumpRevision(tx) : null;
  await tx.killSwitch.update({ where: { id: kill.id }, data: { state: 'active', releasedBelow: 0, ...(rev !== null ? { revision: rev } : {}) } });
  await tx.liftRequest.update({
    where: { id: request.id },
    data: { state: 'aborted', nextStageAt: null, completedAt: new Date(), decisionReason: request.decisionReason ?? reason ?? null },
  });
  if (rev !== null) await queueRevocation(tx, kill.id, 'kill', rev, 0, released);
  await audit.append(tx, {
    actor: step.actor,
    action: 'lift-request.abort',
    target: { type: 'lift-request', id: request.id },
    before: { state: request.state, killState: kill.state, releasedPercent: released / 100 },
    after: { state: 'aborted', killState: 'active', releasedPercent: 0, ...(rev !== null ? { revision: rev } : {}) },
    reason,
    requestId: step.requestId,
  });
  if (kill.incidentId) {
    await appendTimeline(tx, {
      incidentId: kill.incidentId,
      type: 'abort',
      actor: step.actor,
      body: `Lift aborted: ${describeScope(kill.scope as unknown as Scope)} is enforced for every device again${reason ? `: ${reason}` : ''}`,
      refs: { killSwitchId: kill.id, liftRequestId: request.id, ...(rev !== null ? { revision: Number(rev) } : {}) },
    });
  }
  if (rev !== null) await notifyChange(tx, { kind: 'rules', rev: rev.toString() });
  return rev;
}

/** A revocation for the devices whose bucket is in [from, to), fanned out by the worker through the outbox. */
async function queueRevocation(tx: Tx, killSwitchId: string, kind: 'kill' | 'lift', rev: bigint, from: number, to: number): Promise<void> {
  const revocation = await tx.revocation.create({ data: { killSwitchId, kind, rev, target: 0, bucketFrom: from, bucketTo: to } });
  await tx.outboxMessage.create({ data: { topic: 'revocation.fanout', payload: { revocationId: revocation.id } } });
}
