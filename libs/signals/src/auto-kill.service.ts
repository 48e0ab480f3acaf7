/**
 * Governed automatic kills: a new proposal that matches an active policy is killed at once, in the transaction that
 * made the proposal, through the normal kill path, if the policy's kills in force would then hold at most its
 * maxAffectedDevices devices off: the devices its earlier auto-kills (not lifted) match now and the devices the new
 * scope matches, each device counted once. The limit bounds what the policy may switch off in all, not each kill, so
 * alerts that narrow their scope (a region, a model, a firmware) cannot switch a vendor's integration off slice by
 * slice. The kill is the policy's own act: its audit entry, timeline entry and event name the policy and the two
 * people who enabled it. Past the limit the proposal stays open for a responder, with a note saying why.
 */
import { Injectable } from '@nestjs/common';
import { Actor, AuditService } from '@killswitch/audit';
import { AutoKillPolicy, Prisma, PrismaService, Proposal, Tx, sqlTx, truncateCodePoints } from '@killswitch/db';
import { countDevicesMatchingAny, countDevicesMatchingEach, countMatchingDevices } from '@killswitch/devices';
import { Scope, storedScope } from '@killswitch/evaluation';
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

/**
 * The scopes of the kills each of `policyIds` made that are still in force: every state but `lifted` (a kill being
 * lifted in stages counts whole until it is lifted). Kills a responder made from a proposal the policy held back are a
 * person's, and do not count. One statement for all the policies.
 */
export async function policiesKillsInForce(db: Tx | PrismaService, policyIds: string[]): Promise<Map<string, Scope[]>> {
  const scopes = new Map(policyIds.map((id) => [id, [] as Scope[]]));
  if (policyIds.length === 0) return scopes;
  const kills = await db.$queryRaw<{ policyId: string; id: string; scope: unknown }[]>`
    SELECT p."policyId", k.id, k.scope FROM proposals p JOIN kill_switches k ON k.id = p."killSwitchId"
    WHERE p."policyId" = ANY(${policyIds}::uuid[]) AND p.state = 'auto-killed' AND k.state <> 'lifted'
    ORDER BY k.id`;
  for (const kill of kills) scopes.get(kill.policyId)?.push(storedScope(kill));
  return scopes;
}

export async function policyKillsInForce(db: Tx | PrismaService, policyId: string): Promise<Scope[]> {
  return (await policiesKillsInForce(db, [policyId])).get(policyId) ?? [];
}

/**
 * The distinct devices the kills each of `policyIds` made and has in force match now: what counts against its
 * maxAffectedDevices. Two statements for all the policies (their kills, then every count at once).
 */
export async function policiesAutoKilledDevices(db: Tx | PrismaService, policyIds: string[]): Promise<Map<string, number>> {
  return countDevicesMatchingEach(db, await policiesKillsInForce(db, policyIds));
}

export async function policyAutoKilledDevices(db: Tx | PrismaService, policyId: string): Promise<number> {
  return (await policiesAutoKilledDevices(db, [policyId])).get(policyId) ?? 0;
}

/** What a policy's kills in force hold off now (`held`), and with the new scope's devices added (`total`). */
interface Budget {
  held: number;
  total: number;
}

/** Why a kill that fits the limit on its own is held back: the policy's earlier kills use up what is left. */
function spent(policy: AutoKillPolicy, budget: Budget): string {
  const already = budget.held === 1 ? '1 device is' : `${budget.held} devices are`;
  return `its limit of ${policy.maxAffectedDevices} devices in all is spent: ${already} already auto-killed by its kills in force, and with this kill ${budget.total} would be`;
}

@Injectable()
export class AutoKillService {
  constructor(
    private readonly kills: KillSwitchesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Locks, FOR UPDATE and in id order, every policy for the vendor and integration of one of `scopes`, and returns
   * the active ones. Held to the end of the transaction, so two signals for one policy are judged one after the other
   * (the second counts the first's kill), and the policy cannot be approved or disabled halfway. Take them before
   * any alert's lock and before the audit chain's, the order approve and disable take theirs (a policy row, then the
   * chain), so that no two transactions wait on each other in a circle.
   */
  async lockPolicies(tx: Tx, scopes: Scope[]): Promise<AutoKillPolicy[]> {
    const pairs = new Map<string, Prisma.Sql>();
    for (const s of scopes) if (s.integration !== undefined) pairs.set(`${s.vendor}\n${s.integration}`, Prisma.sql`(${s.vendor}, ${s.integration})`);
    if (pairs.size === 0) return [];
    const keys = Prisma.join([...pairs.values()]);
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM auto_kill_policies WHERE (vendor, integration) IN (${keys}) ORDER BY id FOR UPDATE`;
    if (rows.length === 0) return [];
    return tx.autoKillPolicy.findMany({ where: { id: { in: rows.map((r) => r.id) }, state: 'active' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /**
   * Kills `proposal` if one of `policies` (lockPolicies' answer, in this transaction) allows it; the caller has just
   * created the proposal in `tx`. The first matching policy (oldest first) whose limit the kill fits kills it.
   */
  async consider(tx: Tx, proposal: Proposal, scope: Scope, policies: AutoKillPolicy[], requestId: string | undefined): Promise<AutoKillOutcome> {
    if (scope.integration === undefined) return { kind: 'none' };
    const matching = policies.filter(
      (p) =>
        p.state === 'active' &&
        p.vendor === scope.vendor &&
        p.integration === scope.integration &&
        (p.alertname === null || p.alertname === proposal.alertname) &&
        (p.source === null || p.source === proposal.source),
    );
    if (matching.length === 0) return { kind: 'none' };
    const affected = await countMatchingDevices(tx, scope);
    let policy: AutoKillPolicy | undefined;
    let budget: Budget | undefined;
    let firstBudget: Budget | undefined;
    for (const candidate of matching) {
      // A kill over the limit on its own never fits, whatever the policy holds already.
      if (affected > candidate.maxAffectedDevices) continue;
      const inForce = await policyKillsInForce(tx, candidate.id);
      const counted = {
        held: await countDevicesMatchingAny(tx, inForce),
        total: inForce.length === 0 ? affected : await countDevicesMatchingAny(tx, [...inForce, scope]),
      };
      if (candidate === matching[0]) firstBudget = counted;
      if (counted.total <= candidate.maxAffectedDevices) {
        policy = candidate;
        budget = counted;
        break;
      }
    }
    if (!policy || !budget) {
      const first = matching[0];
      const why = firstBudget ? spent(first, firstBudget) : `the kill would affect ${affected} devices, more than its limit of ${first.maxAffectedDevices}`;
      const note = `policy ${first.name} matched, but ${why}: a responder decides`;
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
      after: {
        state: 'auto-killed',
        killSwitchId: kill.id,
        policyId: policy.id,
        affectedDevices: kill.affectedDevices,
        autoKilledDevices: budget.total,
        maxAffectedDevices: policy.maxAffectedDevices,
      },
      reason,
    });
    return { kind: 'killed', kill, policyId: policy.id };
  }
}
