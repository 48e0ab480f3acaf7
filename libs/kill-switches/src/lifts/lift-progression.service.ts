import { Injectable, Logger } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { ChangeListener, PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { LiftRequestView } from './dto/lift-request.dto';
import { liftRequestView } from './lift-request-view';
import { StepContext, applyStage, lockLift, reimpose } from './lift-stages';
import { auditingRefusals } from './refusals';

const STAGE_TIMER: StepContext = { actor: { type: 'system', label: 'system:lift-stages' } };

/** Moving an approved lift on (by hand or when its stage interval is up) or stopping it. */
@Injectable()
export class LiftProgressionService {
  private readonly logger = new Logger(LiftProgressionService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly changes: ChangeListener,
  ) {}

  advance(ctx: UserContext, id: string): Promise<LiftRequestView> {
    return auditingRefusals(this.refusals, ctx, { action: 'lift-request.advance', target: { type: 'lift-request', id } }, async () => {
      await this.advanceOne(ctx, id, undefined);
      return liftRequestView(await this.prisma.liftRequest.findUniqueOrThrow({ where: { id } }));
    });
  }

  abort(ctx: UserContext, id: string, reason: string | undefined): Promise<LiftRequestView> {
    return auditingRefusals(this.refusals, ctx, { action: 'lift-request.abort', target: { type: 'lift-request', id } }, async () => {
      const rev = await this.prisma.$transaction(async (tx) => {
        const { request, kill } = await lockLift(tx, id);
        if (request.state !== 'pending' && request.state !== 'approved') {
          throw new AppError(
            'conflict',
            `lift request ${id} is ${request.state}: only a pending or approved lift can be aborted`,
            undefined,
            'lift_not_under_way',
          );
        }
        return reimpose(tx, this.audit, ctx, request, kill, reason);
      });
      if (rev !== null) await this.changes.publishLocal({ kind: 'rules', rev: rev.toString() });
      return liftRequestView(await this.prisma.liftRequest.findUniqueOrThrow({ where: { id } }));
    });
  }

  /** The stage timer: every approved lift whose next stage is due moves on once. Safe to run on several workers. */
  async advanceDue(now = new Date()): Promise<number> {
    const due = await this.prisma.liftRequest.findMany({ where: { state: 'approved', nextStageAt: { lte: now } }, select: { id: true }, take: 100 });
    let advanced = 0;
    for (const { id } of due) {
      try {
        if (await this.advanceOne(STAGE_TIMER, id, now)) advanced++;
      } catch (error) {
        this.logger.warn(`lift request ${id}: stage timer could not advance it: ${(error as Error).message}`);
      }
    }
    return advanced;
  }

  /** `dueBy` set: the timer, which only acts if the stage is still due once the row is locked. */
  private async advanceOne(step: StepContext, id: string, dueBy: Date | undefined): Promise<boolean> {
    const rev = await this.prisma.$transaction(async (tx) => {
      const { request, kill } = await lockLift(tx, id);
      if (dueBy && !(request.state === 'approved' && request.nextStageAt && request.nextStageAt <= dueBy)) return null;
      if (request.state !== 'approved')
        throw new AppError('conflict', `lift request ${id} is ${request.state}: only an approved lift under way can advance`, undefined, 'lift_not_under_way');
      return applyStage(tx, this.audit, step, request, kill, request.currentStage + 1);
    });
    if (rev === null) return false;
    await this.changes.publishLocal({ kind: 'rules', rev: rev.toString() });
    return true;
  }
}
