/**
 * Governed automatic kills: a new proposal that matches an active policy, and whose kill would affect at most the
 * policy's maxAffectedDevices, is killed at once, in the transaction that made the proposal, through the normal kill
 * path. The kill is the policy's own act: its audit entry, timeline entry and event name the policy and the two
 * people who enabled it. Past the limit the proposal stays open for a responder, with a note saying why.
 */
import { Injectable } from '@nestjs/common';
import { Actor, AuditService } from '@killswitch/audit';
import { AutoKillPolicy, Proposal, Tx, sqlTx, truncateCodePoints } from '@killswitch/db';
import { countMatchingDevices } from '@killswitch/devices';
import { Scope } from '@killswitch/evaluation';
import { appendTimeline } from '@killswitch/incidents';
import { CreatedKillSwitch, KillSwitchesService } from '@killswitch/kill-switches';
import { citation } from './incoming-signal';

export type AutoKillOutcome =
  { kind: 'none' } | { kind: 'killed'; kill: CreatedKillSwitch; policyId: string } | { kind: 'held'; policyId: string; note: string };

/** The policy as an actor: `policy <name> (enabled by a@x, approved by b@y)`. */
export async function policyActor(tx: Tx, policy: AutoKillPolicy): Promise<Actor> {
  const ids = [policy.createdById, policy.approvedById].filter((id): id is string => id !== null);
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const email = (id: string | null) => users.find((u) => u.id === id)?.email ?? 'unknown';
  return { type: 'policy', id: policy.id, label: `policy ${policy.name} (enabled by ${email(policy.createdById)}, approved by ${email(policy.approvedById)})` };
}

@Injectable()
export class AutoKillService {
  constructor(
    private readonly kills: KillSwitchesService,
    private readonly audit: AuditService,
  ) {}

  /** Kills `proposal` if an active policy allows it; the caller has just created the proposal in `tx`. */
  async consider(tx: Tx, proposal: Proposal, scope: Scope, requestId: string | undefined): Promise<AutoKillOutcome> {
    if (scope.integration === undefined) return { kind: 'none' };
    const candidates = await tx.autoKillPolicy.findMany({
      where: { state: 'active', vendor: scope.vendor, integration: scope.integration },
      orderBy: { createdAt: 'asc' },
    });
    const matching = candidates.filter(
      (p) => (p.alertname === null || p.alertname === proposal.alertname) && (p.source === null || p.source === proposal.source),
    );
    if (matching.length === 0) return { kind: 'none' };
    const affected = await countMatchingDevices(tx, scope);
    const policy = matching.find((p) => affected <= p.maxAffectedDevices);
    if (!policy) {
      const first = matching[0];
      const note = `policy ${first.name} matched, but the kill would affect ${affected} devices, more than its limit of ${first.maxAffectedDevices}: a responder decides`;
      await appendTimeline(tx, {
        incidentId: proposal.incidentId,
        type: 'proposal',
        actor: { type: 'policy', id: first.id, label: `policy ${first.name}` },
        body: `Not killed automatically: ${note}`,
        refs: { proposalId: proposal.id, policyId: first.id },
      });
      return { kind: 'held', policyId: first.id, note };
    }
    const by = { actor: await policyActor(tx, policy), requestId };
    const reason = truncateCodePoints(`Auto-kill by policy ${policy.name}: ${citation(proposal)}`, 2000);
    const kill = await this.kills.createInTransaction(sqlTx(tx), { by, userId: null, apiTokenId: null }, { scope, reason, incidentId: proposal.incidentId });
    await this.audit.record(tx, by, {
      action: 'proposal.auto-kill',
      target: { type: 'proposal', id: proposal.id },
      after: { state: 'auto-killed', killSwitchId: kill.id, policyId: policy.id, affectedDevices: kill.affectedDevices },
      reason,
    });
    return { kind: 'killed', kill, policyId: policy.id };
  }
}
