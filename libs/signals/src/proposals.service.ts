/** Reading proposals (with the impact of their scope now) and a responder's decision: confirm (the kill) or dismiss. */
import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, PrismaService, Proposal, Tx, decodeCursor, toPage, ReadReplica, sqlTx, truncateCodePoints } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { appendTimeline } from '@killswitch/incidents';
import { CreatedKillSwitch, KillSwitchesService, auditingRefusals } from '@killswitch/kill-switches';
import { lockRevisionFirst } from '@killswitch/revocations';
import { ConfirmProposalDto, DismissProposalDto, ProposalDetail, ProposalListQuery, ProposalPage, ProposalView } from './dto/proposal.dto';
import { citation } from './incoming-signal';
import { PROPOSAL_STATE_NAME, PROPOSAL_STATE_OF_NAME, proposalView } from './proposal-view';

@Injectable()
export class ProposalsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly kills: KillSwitchesService,
  ) {}

  /** Newest first. */
  async list(query: ProposalListQuery): Promise<ProposalPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.proposal.findMany({
        where: { ...(query.state ? { state: PROPOSAL_STATE_OF_NAME[query.state] } : {}), ...(after ? { id: { lt: after } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (p) => p.id);
    return { items: page.items.map(proposalView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ProposalDetail> {
    const row = await this.prisma.proposal.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `proposal ${id} does not exist`);
    const view = proposalView(row);
    return { ...view, preview: view.scope ? await this.kills.preview(view.scope) : null };
  }

  /** One responder's click: the kill, through the normal kill path, its reason citing the alert, on the proposal's incident. */
  confirm(ctx: UserContext, id: string, dto: ConfirmProposalDto): Promise<ProposalView> {
    return auditingRefusals(this.refusals, ctx, { action: 'proposal.confirm', target: { type: 'proposal', id } }, async () => {
      let kill: CreatedKillSwitch | undefined;
      const view = await this.prisma.$transaction(async (tx) => {
        // The kill raises the revision: its row before the proposal's, as the intake takes them (signal-intake.service).
        await lockRevisionFirst(tx);
        const proposal = await this.lockOpen(tx, id, 'confirm');
        const scope = proposalView(proposal).scope!;
        const reason = truncateCodePoints(`${citation(proposal)}; confirmed by ${ctx.principal.email}${dto.reason ? `: ${dto.reason}` : ''}`, 2000);
        kill = await this.kills.createInTransaction(
          sqlTx(tx),
          { by: ctx, userId: ctx.principal.userId, apiTokenId: ctx.principal.apiTokenId ?? null },
          { scope, reason, incidentId: proposal.incidentId },
        );
        const confirmed = await tx.proposal.update({
          where: { id },
          data: { state: 'confirmed', killSwitchId: kill.id, decidedById: ctx.principal.userId, decidedAt: new Date(), decisionReason: dto.reason ?? null },
        });
        await this.audit.record(tx, ctx, {
          action: 'proposal.confirm',
          target: { type: 'proposal', id },
          before: { state: PROPOSAL_STATE_NAME[proposal.state] },
          after: { state: 'confirmed', killSwitchId: kill.id, affectedDevices: kill.affectedDevices },
          reason: dto.reason,
        });
        await appendTimeline(tx, {
          incidentId: proposal.incidentId,
          type: 'proposal',
          actor: ctx.actor,
          body: `Confirmed the proposal from ${citation(proposal)}: kill ${kill.id} (${kill.affectedDevices} devices)`,
          refs: { proposalId: id, killSwitchId: kill.id },
        });
        return proposalView(confirmed);
      });
      if (kill) await this.kills.published(kill);
      return view;
    });
  }

  dismiss(ctx: UserContext, id: string, dto: DismissProposalDto): Promise<ProposalView> {
    return auditingRefusals(this.refusals, ctx, { action: 'proposal.dismiss', target: { type: 'proposal', id } }, () =>
      this.prisma.$transaction(async (tx) => {
        const proposal = await this.lockOpen(tx, id, 'dismiss');
        const dismissed = await tx.proposal.update({
          where: { id },
          data: { state: 'dismissed', decidedById: ctx.principal.userId, decidedAt: new Date(), decisionReason: dto.reason },
        });
        await this.audit.record(tx, ctx, {
          action: 'proposal.dismiss',
          target: { type: 'proposal', id },
          before: { state: PROPOSAL_STATE_NAME[proposal.state] },
          after: { state: 'dismissed' },
          reason: dto.reason,
        });
        await appendTimeline(tx, {
          incidentId: proposal.incidentId,
          type: 'proposal',
          actor: ctx.actor,
          body: `Dismissed the proposal from ${citation(proposal)}: ${dto.reason}`,
          refs: { proposalId: id },
        });
        return proposalView(dismissed);
      }),
    );
  }

  /** The proposal, locked against a second decision, if it is still open. */
  private async lockOpen(tx: Tx, id: string, verb: string): Promise<Proposal> {
    await tx.$queryRaw`SELECT id FROM proposals WHERE id = ${id}::uuid FOR UPDATE`;
    const proposal = await tx.proposal.findUnique({ where: { id } });
    if (!proposal) throw new AppError('not_found', `proposal ${id} does not exist`);
    if (proposal.state !== 'open') {
      const why = proposal.state === 'invalid' ? `it is invalid (${proposal.problems.join('; ')})` : `it is already ${PROPOSAL_STATE_NAME[proposal.state]}`;
      throw new AppError('conflict', `cannot ${verb} proposal ${id}: ${why}`, undefined, 'proposal_not_open');
    }
    return proposal;
  }
}
