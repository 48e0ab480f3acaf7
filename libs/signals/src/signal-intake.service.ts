/**
 * Signals in: each alert that names a scope becomes a proposal (or adds to the one its fingerprint already has),
 * linked to an incident; a resolved alert adds a note to that incident. One transaction a request, so a
 * notification Alertmanager retries after a failure is counted once, and one request at a time on this instance
 * (SignalQueue). An alert whose labels are wrong makes an `invalid` proposal that says why: never a 500, never a kill.
 */
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { AutoKillPolicy, Prisma, PrismaService, Proposal, Tx, truncateCodePoints } from '@killswitch/db';
import { Scope, describeScope, scopeColumn } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { appendTimeline, openIncident } from '@killswitch/incidents';
import { CreatedKillSwitch, KillSwitchesService } from '@killswitch/kill-switches';
import { SignalRef, enqueue } from '@killswitch/queue';
import { lockRevisionFirst } from '@killswitch/revocations';
import { AutoKillService } from './auto-kill.service';
import { AlertmanagerWebhookDto, MAX_ALERTS } from './dto/alertmanager.dto';
import { SignalDto, SignalOutcome, SignalReceipt } from './dto/signal.dto';
import { IncomingSignal, citation, fromAlertmanager, fromGeneric, oneLine } from './incoming-signal';
import { PROPOSAL_STATE_NAME } from './proposal-view';
import { SignalQueue, queueKeyOf } from './signal-queue';

/** Advisory lock namespace (two-key form) for one alert's fingerprint, and for an alert group. */
const PROPOSAL_LOCK = 727_101;
const GROUP_LOCK = 727_102;

/** What the catalogue says of a scope before the transaction: the devices it matches, or why it names nothing real. */
type Checked = { ok: true; scope: Scope; affectedDevices: number } | { ok: false; problems: string[]; vendor: string | null };

/** What one alert made: its outcome, and the kill an auto-kill policy made of it, which is published once committed. */
type Received = { outcome: SignalOutcome; kill?: CreatedKillSwitch };

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** The rows of these alerts' live (not resolved) proposals, in id order: a repeat or a resolution updates them. */
async function lockLiveProposals(tx: Tx, signals: IncomingSignal[]): Promise<void> {
  if (signals.length === 0) return;
  const keys = Prisma.join(signals.map((signal) => Prisma.sql`(${signal.source}, ${signal.fingerprint})`));
  await tx.$queryRaw`
    SELECT id FROM proposals WHERE (source, fingerprint) IN (${keys}) AND "resolvedAt" IS NULL ORDER BY id FOR NO KEY UPDATE`;
}

/** One alert's lock (its source and fingerprint): its repeats are judged one after the other. */
async function lockAlert(tx: Tx, signal: IncomingSignal): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROPOSAL_LOCK}::int, hashtext(${`${signal.source}\n${signal.fingerprint}`}))`;
}

@Injectable()
export class SignalIntakeService {
  private readonly logger = new Logger(SignalIntakeService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly kills: KillSwitchesService,
    private readonly autoKill: AutoKillService,
    private readonly queue: SignalQueue,
  ) {}

  alertmanager(ctx: UserContext, payload: AlertmanagerWebhookDto): Promise<SignalReceipt> {
    // Alertmanager cut the group's alerts to the receiver's max_alerts: those left out are not sent at all, at any flush,
    // while the group is that large. Nothing here can fetch them; the operator must group finer.
    if (payload.truncatedAlerts) {
      this.logger.warn(
        `Alertmanager left ${payload.truncatedAlerts} alerts of group ${truncateCodePoints(payload.groupKey, 256, '…')} out of its notification (max_alerts): they make no proposal; group alerts finer (group_by) so a group holds at most ${MAX_ALERTS}`,
      );
    }
    return this.receive(
      ctx,
      payload.alerts.map((alert) => fromAlertmanager(payload, alert)),
    );
  }

  generic(ctx: UserContext, dto: SignalDto): Promise<SignalReceipt> {
    return this.receive(ctx, [fromGeneric(dto)]);
  }

  private async receive(ctx: UserContext, signals: IncomingSignal[]): Promise<SignalReceipt> {
    const { outcomes, kills } = await this.queue.run(queueKeyOf(ctx.principal), () => this.write(ctx, signals));
    for (const kill of kills) await this.kills.published(kill);
    return { alerts: outcomes };
  }

  /**
   * The catalogue checks, then the one transaction: what the queue runs one at a time. The outcomes in the order of
   * `signals`, and the kills auto-kill policies made, for the caller to publish once the transaction has committed.
   */
  private async write(ctx: UserContext, signals: IncomingSignal[]): Promise<{ outcomes: SignalOutcome[]; kills: CreatedKillSwitch[] }> {
    const checked = new Map<IncomingSignal, Checked>();
    // Alerts of one notification often name one scope (a storm of one vendor's alerts): each scope is counted once.
    const counted = new Map<string, Checked>();
    for (const signal of signals) {
      if (signal.status !== 'firing' || signal.target.kind === 'none') continue;
      if (signal.target.kind === 'invalid') {
        checked.set(signal, { ok: false, problems: signal.target.problems, vendor: signal.target.vendor });
        continue;
      }
      const key = JSON.stringify(scopeColumn(signal.target.scope));
      const check = counted.get(key) ?? (await this.check(signal.target.scope));
      counted.set(key, check);
      checked.set(signal, check);
    }
    // One lock order (group, then the auto-kill policies by id, then the revision's row when a policy may kill, then
    // fingerprints sorted, then their live proposals' rows, then the audit chain) so two notifications, a notification
    // and a policy's approval or disabling, a notification's auto-kill and a responder's kill, or a repeat and a
    // responder's decision on its proposal (ProposalsService: the revision's row, the proposal's, then the chain),
    // never wait on each other in a circle.
    const ordered = [...signals].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
    const scopes = [...checked.values()].flatMap((c) => (c.ok ? [c.scope] : []));
    return this.prisma.$transaction(async (tx) => {
      const groupKeys = [...new Set(signals.map((s) => s.groupKey).filter((k): k is string => k !== null))].sort();
      for (const key of groupKeys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_LOCK}::int, hashtext(${key}))`;
      const policies = await this.autoKill.lockPolicies(tx, scopes);
      if (policies.length > 0) await lockRevisionFirst(tx);
      // Every alert's lock, and its live proposal's row, before the first audit entry takes the chain's.
      const named = ordered.filter((signal) => signal.target.kind !== 'none');
      for (const signal of named) await lockAlert(tx, signal);
      await lockLiveProposals(tx, named);
      const results = new Map<IncomingSignal, Received>();
      for (const signal of ordered) results.set(signal, await this.receiveOne(tx, ctx, signal, checked.get(signal), policies));
      // The kills in the order they were made (fingerprint order), as they were published before.
      const kills = ordered.flatMap((s) => results.get(s)!.kill ?? []);
      return { outcomes: signals.map((s) => results.get(s)!.outcome), kills };
    });
  }

  /** The catalogue check, outside the transaction: the devices the kill the alert proposes would affect (a read). */
  private async check(scope: Scope): Promise<Checked> {
    try {
      return { ok: true, scope, affectedDevices: await this.kills.affectedDevices(scope) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return { ok: false, problems: [error.message], vendor: scope.vendor };
      throw error;
    }
  }

  private async receiveOne(tx: Tx, ctx: UserContext, signal: IncomingSignal, checked: Checked | undefined, policies: AutoKillPolicy[]): Promise<Received> {
    const base = { fingerprint: signal.fingerprint, status: signal.status };
    if (signal.target.kind === 'none') return { outcome: { ...base, outcome: 'ignored', proposalId: null, state: null, incidentId: null } };
    // While the alert fires, its repeats join its proposal whatever was decided; once resolved, a new firing is new.
    const live = await tx.proposal.findFirst({
      where: { source: signal.source, fingerprint: signal.fingerprint, resolvedAt: null },
      orderBy: { createdAt: 'desc' },
    });
    const ref: SignalRef = {
      source: signal.source,
      fingerprint: signal.fingerprint,
      alertname: signal.alertname,
      summary: signal.summary,
      severity: signal.severity,
    };
    const eventBase = { at: new Date().toISOString(), actor: ctx.actor, requestId: ctx.requestId, ...ref };

    if (signal.status === 'resolved') {
      if (!live) return { outcome: { ...base, outcome: 'ignored', proposalId: null, state: null, incidentId: null } };
      const resolved = await tx.proposal.update({ where: { id: live.id }, data: { resolvedAt: new Date(), lastSeenAt: new Date() } });
      await appendTimeline(tx, {
        incidentId: live.incidentId,
        type: 'signal',
        actor: ctx.actor,
        body: `Resolved: ${citation(signal)}`,
        refs: { proposalId: live.id, fingerprint: signal.fingerprint, source: signal.source },
      });
      await this.recordReceipt(tx, ctx, signal, resolved, false);
      await enqueue(tx, 'signal.received', { ...eventBase, status: 'resolved', duplicate: false, proposalId: live.id, incidentId: live.incidentId });
      return { outcome: { ...base, outcome: 'resolved', proposalId: live.id, state: PROPOSAL_STATE_NAME[resolved.state], incidentId: live.incidentId } };
    }

    if (live) {
      const repeated = await tx.proposal.update({ where: { id: live.id }, data: { count: { increment: 1 }, lastSeenAt: new Date() } });
      await this.recordReceipt(tx, ctx, signal, repeated, true);
      await enqueue(tx, 'signal.received', { ...eventBase, status: 'firing', duplicate: true, proposalId: live.id, incidentId: live.incidentId });
      return { outcome: { ...base, outcome: 'duplicate', proposalId: live.id, state: PROPOSAL_STATE_NAME[repeated.state], incidentId: live.incidentId } };
    }

    if (!checked) throw new Error('a firing alert with a scope is checked before the transaction');
    const incidentId = await this.incidentFor(tx, ctx, signal);
    let proposal = await tx.proposal.create({
      data: {
        state: checked.ok ? 'open' : 'invalid',
        source: signal.source,
        fingerprint: signal.fingerprint,
        groupKey: signal.groupKey,
        alertname: signal.alertname,
        summary: signal.summary,
        severity: signal.severity,
        labels: json(signal.labels),
        annotations: json(signal.annotations),
        generatorUrl: signal.generatorUrl,
        scope: checked.ok ? scopeColumn(checked.scope) : Prisma.DbNull,
        vendor: checked.ok ? checked.scope.vendor : checked.vendor,
        problems: checked.ok ? [] : checked.problems,
        affectedDevices: checked.ok ? checked.affectedDevices : null,
        incidentId,
      },
    });
    await this.recordReceipt(tx, ctx, signal, proposal, false);
    await this.audit.record(tx, ctx, {
      action: 'proposal.create',
      target: { type: 'proposal', id: proposal.id },
      after: {
        state: PROPOSAL_STATE_NAME[proposal.state],
        scope: proposal.scope,
        problems: proposal.problems,
        affectedDevices: proposal.affectedDevices,
        incidentId,
      },
    });
    await appendTimeline(tx, {
      incidentId,
      type: 'proposal',
      actor: ctx.actor,
      body: checked.ok
        ? `Proposed: kill ${describeScope(checked.scope)} (${checked.affectedDevices} devices), from ${citation(signal)}`
        : `Invalid proposal from ${citation(signal)}: ${checked.problems.join('; ')}`,
      refs: { proposalId: proposal.id, fingerprint: signal.fingerprint, source: signal.source },
    });

    let kill: CreatedKillSwitch | undefined;
    let killSwitchId: string | null = null;
    if (checked.ok) {
      const auto = await this.autoKill.consider(tx, proposal, checked.scope, policies, ctx.requestId);
      if (auto.kind === 'killed') {
        kill = auto.kill;
        killSwitchId = auto.kill.id;
        proposal = await tx.proposal.update({
          where: { id: proposal.id },
          data: { state: 'auto_killed', killSwitchId, policyId: auto.policyId, decidedAt: new Date(), affectedDevices: auto.kill.affectedDevices },
        });
      } else if (auto.kind === 'held') {
        proposal = await tx.proposal.update({ where: { id: proposal.id }, data: { policyId: auto.policyId, policyNote: auto.note } });
      }
    }
    await enqueue(tx, 'signal.received', { ...eventBase, status: 'firing', duplicate: false, proposalId: proposal.id, incidentId });
    const state = PROPOSAL_STATE_NAME[proposal.state];
    await enqueue(tx, 'proposal.created', {
      ...eventBase,
      proposalId: proposal.id,
      incidentId,
      state: state === 'auto-killed' || state === 'invalid' ? state : 'open',
      scope: checked.ok ? checked.scope : null,
      problems: proposal.problems,
      affectedDevices: proposal.affectedDevices,
      killSwitchId,
      policyId: proposal.state === 'auto_killed' ? proposal.policyId : null,
    });
    return { outcome: { ...base, outcome: 'proposed', proposalId: proposal.id, state, incidentId }, kill };
  }

  private async recordReceipt(tx: Tx, ctx: UserContext, signal: IncomingSignal, proposal: Proposal, duplicate: boolean): Promise<void> {
    await this.audit.record(tx, ctx, {
      action: 'signal.receive',
      target: { type: 'proposal', id: proposal.id },
      after: {
        source: signal.source,
        fingerprint: signal.fingerprint,
        status: signal.status,
        duplicate,
        count: proposal.count,
        // A group key may be of any length (the proposal keeps it whole); the chain, written at every repeat, keeps its start.
        groupKey: signal.groupKey === null ? null : truncateCodePoints(signal.groupKey, 256, '…'),
      },
    });
  }

  /**
   * The incident of the alert's group, or of an earlier firing of the same alert, while it is not resolved or
   * closed; otherwise a new one, its severity from the alert and its report time the alert's start.
   */
  private async incidentFor(tx: Tx, ctx: UserContext, signal: IncomingSignal): Promise<string> {
    const live = { incident: { status: { notIn: ['resolved' as const, 'closed' as const] } } };
    const select = { incidentId: true };
    const byGroup = signal.groupKey
      ? await tx.proposal.findFirst({ where: { groupKey: signal.groupKey, ...live }, orderBy: { createdAt: 'desc' }, select })
      : null;
    const found =
      byGroup ??
      (await tx.proposal.findFirst({ where: { source: signal.source, fingerprint: signal.fingerprint, ...live }, orderBy: { createdAt: 'desc' }, select }));
    if (found) return found.incidentId;
    const title = oneLine(`${signal.alertname ?? signal.source}: ${signal.summary}`, 200);
    const incident = await openIncident(tx, this.audit, ctx, {
      title: title.length >= 3 ? title : `alert ${signal.fingerprint}`,
      severity: signal.severity,
      summary: oneLine(`Opened by ${citation(signal)}${signal.generatorUrl ? ` (${signal.generatorUrl})` : ''}`, 10_000),
      reportedAt: signal.startsAt ?? new Date(),
    });
    return incident.id;
  }
}
