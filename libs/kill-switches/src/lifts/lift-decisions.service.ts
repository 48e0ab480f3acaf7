import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { ChangeListener, PrismaService } from '@killswitch/db';
import { describeScope, storedScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { appendTimeline } from '@killswitch/incidents';
import { UserContext } from '@killswitch/identity';
import { enqueue } from '@killswitch/queue';
import { LiftRequestView } from './dto/lift-request.dto';
import { checkFourEyes } from './four-eyes';
import { liftRequestView } from './lift-request-view';
import { applyStage, lockLift } from './lift-stages';
import { auditingRefusals } from './refusals';

/** The second person's part: approve (the first stage takes effect), reject, or sign off a break-glass lift. */
@Injectable()
export class LiftDecisionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly changes: ChangeListener,
  ) {}

  approve(ctx: UserContext, id: string, reason: string | undefined): Promise<LiftRequestView> {
    return this.decide(ctx, id, 'approve', reason);
  }

  reject(ctx: UserContext, id: string, reason: string): Promise<LiftRequestView> {
    return this.decide(ctx, id, 'reject', reason);
  }

  /** Break glass leaves a review owing: a second person signs it off, after the fact. */
  review(ctx: UserContext, id: string, reason: string | undefined): Promise<LiftRequestView> {
    return auditingRefusals(this.refusals, ctx, { action: 'lift-request.review', target: { type: 'lift-request', id } }, async () => {
      const view = await this.prisma.$transaction(async (tx) => {
        const { request, kill } = await lockLift(tx, id);
        if (!request.breakGlass)
          throw new AppError('conflict', `lift request ${id} is not a break-glass lift: there is nothing to review`, undefined, 'lift_review_not_pending');
        if (request.reviewedById) throw new AppError('conflict', `lift request ${id} was already reviewed`, undefined, 'lift_review_not_pending');
        await checkFourEyes(tx, ctx.principal, request, 'review');
        const reviewed = await tx.liftRequest.update({
          where: { id },
          data: { reviewedById: ctx.principal.userId, reviewedAt: new Date() },
        });
        await this.audit.record(tx, ctx, {
          action: 'lift-request.review',
          target: { type: 'lift-request', id },
          after: { reviewedById: reviewed.reviewedById },
          reason,
        });
        if (kill.incidentId) {
          await appendTimeline(tx, {
            incidentId: kill.incidentId,
            type: 'approval',
            actor: ctx.actor,
            body: `Break-glass lift reviewed and signed off${reason ? `: ${reason}` : ''}`,
            refs: { killSwitchId: kill.id, liftRequestId: id },
          });
        }
        return liftRequestView(reviewed);
      });
      return view;
    });
  }

  private decide(ctx: UserContext, id: string, verb: 'approve' | 'reject', reason: string | undefined): Promise<LiftRequestView> {
    return auditingRefusals(this.refusals, ctx, { action: `lift-request.${verb}`, target: { type: 'lift-request', id } }, async () => {
      const principal = ctx.principal;
      const outcome = verb === 'approve' ? 'approved' : 'rejected';
      const rev = await this.prisma.$transaction(async (tx) => {
        const { request, kill } = await lockLift(tx, id);
        if (request.state !== 'pending')
          throw new AppError('conflict', `lift request ${id} is ${request.state}: only a pending request can be ${outcome}`, undefined, 'lift_already_decided');
        await checkFourEyes(tx, principal, request, verb);
        const decided = await tx.liftRequest.update({
          where: { id },
          data: { state: outcome, decidedById: principal.userId, decidedAt: new Date(), decisionReason: reason ?? null },
        });
        if (verb === 'reject') await tx.killSwitch.update({ where: { id: kill.id }, data: { state: 'active' } });
        await this.audit.record(tx, ctx, {
          action: `lift-request.${verb}`,
          target: { type: 'lift-request', id },
          before: { state: request.state },
          after: { state: decided.state, killSwitchId: kill.id },
          reason,
        });
        const scope = storedScope(kill);
        await enqueue(tx, verb === 'approve' ? 'lift.approved' : 'lift.rejected', {
          at: (decided.decidedAt ?? new Date()).toISOString(),
          actor: ctx.actor,
          requestId: ctx.requestId,
          killSwitchId: kill.id,
          incidentId: kill.incidentId,
          scope,
          liftRequestId: id,
          reason: reason ?? null,
        });
        if (kill.incidentId) {
          await appendTimeline(tx, {
            incidentId: kill.incidentId,
            type: verb === 'approve' ? 'approval' : 'rejection',
            actor: ctx.actor,
            body: `Lift of ${describeScope(scope)} ${outcome}${reason ? `: ${reason}` : ''}`,
            refs: { killSwitchId: kill.id, liftRequestId: id },
          });
        }
        return verb === 'approve' ? applyStage(tx, this.audit, ctx, decided, kill, 0) : null;
      });
      if (rev !== null) await this.changes.publishLocal({ kind: 'rules', rev: rev.toString() });
      const request = await this.prisma.liftRequest.findUniqueOrThrow({ where: { id } });
      return liftRequestView(request);
    });
  }
}
