import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { CURSOR_KEY, ChangeListener, DEFAULT_PAGE_SIZE, PrismaService, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { describeScope, storedScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { appendTimeline } from '@killswitch/incidents';
import { UserContext } from '@killswitch/identity';
import { enqueue } from '@killswitch/queue';
import { lockRevisionFirst } from '@killswitch/revocations';
import { STATE_NAME } from '../kill-switches.service';
import { CreateLiftRequestDto, LiftRequestListQuery, LiftRequestPage, LiftRequestView } from './dto/lift-request.dto';
import { FourEyes } from './four-eyes';
import { liftRequestViewsFor } from './lift-request-view';
import { applyStage, lockLift } from './lift-stages';
import { auditingRefusals } from './refusals';

/** Asking for a lift, and reading lift requests. Deciding is LiftDecisionsService's. */
@Injectable()
export class LiftRequestsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly changes: ChangeListener,
  ) {}

  /** A pending request, or with breakGlass (admins only) a lift in force at once with a review left owing. */
  request(ctx: UserContext, killSwitchId: string, dto: CreateLiftRequestDto): Promise<LiftRequestView> {
    const principal = ctx.principal;
    const stages = dto.stages ?? [100];
    return auditingRefusals(this.refusals, ctx, { action: 'lift-request.create', target: { type: 'kill-switch', id: killSwitchId } }, async () => {
      if (dto.breakGlass && !principal.roles.includes('admin'))
        throw new AppError('forbidden', 'only an admin may break glass', undefined, 'break_glass_admin_only');
      // Break glass is a person's override of four eyes: a leaked automation token must not re-enable an integration alone.
      if (dto.breakGlass && principal.via === 'api-token')
        throw new AppError('forbidden', 'an API token cannot break glass: sign in as an admin to lift alone', undefined, 'break_glass_person_only');
      if (dto.breakGlass && stages.length > 1) throw new AppError('invalid_input', 'a break-glass lift takes effect at once: leave stages out');
      const result = await this.prisma.$transaction(async (tx) => {
        // Break glass raises the revision after this transaction's audit entries: its row first (lockLift says why).
        if (dto.breakGlass) await lockRevisionFirst(tx);
        const kills = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM kill_switches WHERE id = ${killSwitchId}::uuid FOR UPDATE`;
        if (kills.length === 0) throw new AppError('not_found', `kill switch ${killSwitchId} does not exist`);
        const kill = await tx.killSwitch.findUniqueOrThrow({ where: { id: killSwitchId } });
        if (kill.state !== 'active') {
          throw new AppError(
            'conflict',
            `kill switch ${killSwitchId} is ${STATE_NAME[kill.state]}: only an active kill can be lifted`,
            undefined,
            'kill_not_active',
          );
        }
        const created = await tx.liftRequest.create({
          data: {
            killSwitchId,
            reason: dto.reason,
            stages,
            stageIntervalSec: dto.stageIntervalSec ?? null,
            breakGlass: dto.breakGlass ?? false,
            requestedById: principal.userId,
          },
        });
        await tx.killSwitch.update({ where: { id: killSwitchId }, data: { state: 'lift_requested' } });
        await this.audit.record(tx, ctx, {
          action: dto.breakGlass ? 'lift-request.break-glass' : 'lift-request.create',
          target: { type: 'lift-request', id: created.id },
          before: { killState: STATE_NAME[kill.state] },
          after: { killSwitchId, stages, stageIntervalSec: created.stageIntervalSec, breakGlass: created.breakGlass },
          reason: dto.reason,
        });
        const scope = storedScope(kill);
        await enqueue(tx, 'lift.requested', {
          at: created.requestedAt.toISOString(),
          actor: ctx.actor,
          requestId: ctx.requestId,
          killSwitchId,
          incidentId: kill.incidentId,
          scope,
          liftRequestId: created.id,
          stages,
          stageIntervalSec: created.stageIntervalSec,
          breakGlass: created.breakGlass,
          reason: dto.reason,
        });
        if (kill.incidentId) {
          const described = describeScope(scope);
          await appendTimeline(tx, {
            incidentId: kill.incidentId,
            type: dto.breakGlass ? 'break_glass' : 'lift_request',
            actor: ctx.actor,
            body: dto.breakGlass
              ? `Break glass: ${ctx.actor.label} lifted ${described} alone; a second person must review it: ${dto.reason}`
              : `Lift of ${described} requested in stages ${stages.join(' % → ')} %: ${dto.reason}`,
            refs: { killSwitchId, liftRequestId: created.id, stages },
          });
        }
        if (!dto.breakGlass) return { id: created.id, rev: null };
        const locked = await lockLift(tx, created.id);
        await tx.liftRequest.update({ where: { id: created.id }, data: { decidedById: principal.userId, decidedAt: new Date() } });
        const rev = await applyStage(tx, this.audit, ctx, locked.request, locked.kill, 0);
        return { id: created.id, rev };
      });
      if (result.rev !== null) await this.changes.publishLocal({ kind: 'rules', rev: result.rev.toString() });
      return this.get(ctx, result.id);
    });
  }

  /** Each request still open to a decision says whether the reader may make it (checked on the primary, as the decide routes do). */
  async list(ctx: UserContext, query: LiftRequestListQuery): Promise<LiftRequestPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.liftRequest.findMany({
        where: { state: query.state, killSwitchId: query.killSwitchId, ...(after ? { id: { lt: after } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (r) => r.id);
    return { items: await liftRequestViewsFor(new FourEyes(this.prisma, ctx.principal), page.items), nextCursor: page.nextCursor };
  }

  async get(ctx: UserContext, id: string): Promise<LiftRequestView> {
    const request = await this.prisma.liftRequest.findUnique({ where: { id } });
    if (!request) throw new AppError('not_found', `lift request ${id} does not exist`);
    const [view] = await liftRequestViewsFor(new FourEyes(this.prisma, ctx.principal), [request]);
    return view;
  }
}
