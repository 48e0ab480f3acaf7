/**
 * The transactional steps shared by every way a lift moves: approval, an
 * explicit advance, the stage timer, break glass and abort. Each is a rule
 * change (commitRuleChange): it raises the revision, moves the kill's released
 * share, and queues a revocation that touches only the devices whose bucket
 * the step moved (see FanoutService).
 */
import type { AuditContext } from '@killswitch/audit';
import { AuditService } from '@killswitch/audit';
import { KillSwitch, LiftRequest, Tx, sqlTx } from '@killswitch/db';
import { RELEASE_BUCKETS, describeScope, storedScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { commitRuleChange, lockRevisionFirst } from '@killswitch/revocations';

export type StepContext = AuditContext;

/**
 * Locks the request and its kill for the rest of the transaction, in that order everywhere, after the revision's row:
 * a step raises the revision after audit entries of its own (the approval's), and every rule change takes the row
 * before the audit chain's lock (lockRuleChange), so a step that took the chain first waited on a kill in a circle
 * (PostgreSQL aborted one of them: a 500).
 */
export async function lockLift(tx: Tx, requestId: string): Promise<{ request: LiftRequest; kill: KillSwitch }> {
  await lockRevisionFirst(tx);
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
  const scope = storedScope(kill);
  const { rev } = await commitRuleChange(sqlTx(tx), audit, {
    by: step,
    kill: { incidentId: kill.incidentId, scope },
    enforce: { kind: 'lift', bucketFrom: from, bucketTo: to },
    write: async (rev) => {
      const now = new Date();
      await tx.killSwitch.update({
        where: { id: kill.id },
        data: { state: last ? 'lifted' : 'lifting', releasedBelow: to, revision: rev!, ...(last ? { liftedAt: now } : {}) },
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
      return kill.id;
    },
    audit: (c) => ({
      action: last ? 'kill-switch.lift' : 'kill-switch.lift-stage',
      target: { type: 'kill-switch', id: kill.id },
      before: { state: kill.state, releasedPercent: from / 100 },
      after: { state: last ? 'lifted' : 'lifting', releasedPercent: percent, revision: c.rev, liftRequestId: request.id },
      reason: request.reason,
    }),
    timeline: (c) => ({
      type: last ? 'lift' : 'lift_stage',
      body: last
        ? `Lifted ${describeScope(scope)} for every device`
        : `Lift stage ${index + 1} of ${request.stages.length}: ${describeScope(scope)} released for ${percent} % of devices`,
      refs: { killSwitchId: kill.id, liftRequestId: request.id, stage: index, percent, revision: Number(c.rev) },
    }),
    event: 'lift.stage-advanced',
    payload: (c, base) => ({
      ...base,
      liftRequestId: request.id,
      stage: index,
      stages: request.stages,
      percent,
      lifted: last,
      revision: String(c.rev),
      revocationId: c.revocationId!,
    }),
  });
  return rev!;
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
  const scope = storedScope(kill);
  const { rev } = await commitRuleChange(sqlTx(tx), audit, {
    by: step,
    kill: { incidentId: kill.incidentId, scope },
    enforce: released > 0 ? { kind: 'kill', bucketFrom: 0, bucketTo: released } : null,
    write: async (rev) => {
      await tx.killSwitch.update({ where: { id: kill.id }, data: { state: 'active', releasedBelow: 0, ...(rev !== null ? { revision: rev } : {}) } });
      await tx.liftRequest.update({
        where: { id: request.id },
        data: { state: 'aborted', nextStageAt: null, completedAt: new Date(), decisionReason: request.decisionReason ?? reason ?? null },
      });
      return kill.id;
    },
    audit: (c) => ({
      action: 'lift-request.abort',
      target: { type: 'lift-request', id: request.id },
      before: { state: request.state, killState: kill.state, releasedPercent: released / 100 },
      after: { state: 'aborted', killState: 'active', releasedPercent: 0, ...(c.rev !== null ? { revision: c.rev } : {}) },
      reason,
    }),
    timeline: (c) => ({
      type: 'abort',
      body: `Lift aborted: ${describeScope(scope)} is enforced for every device again${reason ? `: ${reason}` : ''}`,
      refs: { killSwitchId: kill.id, liftRequestId: request.id, ...(c.rev !== null ? { revision: Number(c.rev) } : {}) },
    }),
    event: 'lift.aborted',
    payload: (c, base) => ({
      ...base,
      liftRequestId: request.id,
      releasedPercent: released / 100,
      revision: c.rev === null ? null : String(c.rev),
      revocationId: c.revocationId,
      reason: reason ?? null,
    }),
  });
  return rev;
}
