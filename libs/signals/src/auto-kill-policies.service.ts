/**
 * Auto-kill policies: written by an admin, in force only once a second person (an admin, signed in, not appointed by
 * the author, whose account predates the policy: the lift's four-eyes checks) approves it; one admin disables it.
 */
import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { AutoKillPolicy, CURSOR_KEY, DEFAULT_PAGE_SIZE, PageQuery, Prisma, PrismaService, Role, Tx, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { FourEyes, FourEyesSubject, auditingRefusals, checkFourEyes } from '@killswitch/kill-switches';
import { AutoKillPolicyPage, AutoKillPolicyView, CreateAutoKillPolicyDto } from './dto/auto-kill-policy.dto';
import { policiesAutoKilledDevices, policyAutoKilledDevices } from './auto-kill.service';
import { autoKillPolicyView } from './proposal-view';

/** Who may approve a policy: the approve route's @Roles. */
export const POLICY_APPROVERS: readonly Role[] = [Role.admin];

export const AUTO_KILL_POLICY: FourEyesSubject = {
  noun: 'an auto-kill policy',
  did: 'wrote this auto-kill policy',
  madeWhen: 'this policy was written',
  author: 'the author of this policy',
};

@Injectable()
export class AutoKillPoliciesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
  ) {}

  async create(ctx: UserContext, dto: CreateAutoKillPolicyDto): Promise<AutoKillPolicyView> {
    const { vendor, alertname, source } = dto.match;
    if (!dto.integration.startsWith(`${vendor}.`))
      throw new AppError('invalid_input', `integration must be a key of vendor ${vendor}, e.g. ${vendor}.camera-stream`);
    const created = await this.prisma.$transaction(async (tx) => {
      const integration = await tx.integration.findUnique({ where: { key: dto.integration }, include: { vendor: true } });
      if (!(await tx.vendor.findUnique({ where: { slug: vendor } }))) throw new AppError('invalid_input', `match.vendor: vendor ${vendor} does not exist`);
      if (!integration || integration.vendor.slug !== vendor)
        throw new AppError('invalid_input', `integration: ${dto.integration} is not an integration of vendor ${vendor}`);
      let row: AutoKillPolicy;
      try {
        row = await tx.autoKillPolicy.create({
          data: {
            name: dto.name,
            alertname: alertname ?? null,
            source: source ?? null,
            vendor,
            integration: dto.integration,
            maxAffectedDevices: dto.maxAffectedDevices,
            createdById: ctx.principal.userId,
          },
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new AppError('conflict', `an auto-kill policy named ${dto.name} already exists`, undefined, 'already_exists');
        }
        throw error;
      }
      await this.audit.record(tx, ctx, { action: 'auto-kill-policy.create', target: { type: 'auto-kill-policy', id: row.id }, after: autoKillPolicyView(row) });
      return row;
    });
    const [view] = await this.viewsFor(ctx, [created]);
    return view;
  }

  approve(ctx: UserContext, id: string): Promise<AutoKillPolicyView> {
    return auditingRefusals(this.refusals, ctx, { action: 'auto-kill-policy.approve', target: { type: 'auto-kill-policy', id } }, () =>
      this.prisma.$transaction(async (tx) => {
        const policy = await this.lock(tx, id);
        if (policy.state !== 'pending') {
          throw new AppError(
            'conflict',
            `auto-kill policy ${id} is ${policy.state}: only a pending policy can be approved`,
            undefined,
            'auto_kill_policy_not_pending',
          );
        }
        await checkFourEyes(tx, ctx.principal, authorship(policy), 'approve', AUTO_KILL_POLICY);
        const approved = await tx.autoKillPolicy.update({
          where: { id },
          data: { state: 'active', approvedById: ctx.principal.userId, approvedAt: new Date() },
        });
        const view = autoKillPolicyView(approved);
        await this.audit.record(tx, ctx, {
          action: 'auto-kill-policy.approve',
          target: { type: 'auto-kill-policy', id },
          before: autoKillPolicyView(policy),
          after: view,
        });
        return view;
      }),
    );
  }

  /** Disabling takes one person: stopping automation must never wait for a second. */
  disable(ctx: UserContext, id: string): Promise<AutoKillPolicyView> {
    return auditingRefusals(this.refusals, ctx, { action: 'auto-kill-policy.disable', target: { type: 'auto-kill-policy', id } }, () =>
      this.prisma.$transaction(async (tx) => {
        const policy = await this.lock(tx, id);
        if (policy.state === 'disabled') throw new AppError('conflict', `auto-kill policy ${id} is already disabled`, undefined, 'auto_kill_policy_disabled');
        const disabled = await tx.autoKillPolicy.update({
          where: { id },
          data: { state: 'disabled', disabledById: ctx.principal.userId, disabledAt: new Date() },
        });
        const view = autoKillPolicyView(disabled);
        await this.audit.record(tx, ctx, {
          action: 'auto-kill-policy.disable',
          target: { type: 'auto-kill-policy', id },
          before: autoKillPolicyView(policy),
          after: view,
        });
        return view;
      }),
    );
  }

  async list(ctx: UserContext, query: PageQuery): Promise<AutoKillPolicyPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    // The page and how close each policy is to its limit (two statements for the whole page) in one read: both from the
    // replica, or both from the primary when it cannot serve.
    const { page, used } = await this.replica.read(async (db) => {
      const rows = await db.autoKillPolicy.findMany({ where: after ? { id: { lt: after } } : {}, orderBy: { id: 'desc' }, take: limit + 1 });
      const found = toPage(rows, limit, (p) => p.id);
      const ids = found.items.map((p) => p.id);
      return { page: found, used: await policiesAutoKilledDevices(db, ids) };
    });
    const views = await this.viewsFor(ctx, page.items);
    return { items: views.map((view) => ({ ...view, autoKilledDevices: used.get(view.id) ?? 0 })), nextCursor: page.nextCursor };
  }

  /** The policy, with how much of its limit its kills in force use now (read from the primary: responders act on it). */
  async get(ctx: UserContext, id: string): Promise<AutoKillPolicyView> {
    const row = await this.prisma.autoKillPolicy.findUnique({ where: { id } });
    if (!row) throw new AppError('not_found', `auto-kill policy ${id} does not exist`);
    const [view] = await this.viewsFor(ctx, [row]);
    return { ...view, autoKilledDevices: await policyAutoKilledDevices(this.prisma, id) };
  }

  /** Each pending policy says whether the reader may approve it, by the approve route's checks (on the primary, as it reads). */
  private async viewsFor(ctx: UserContext, rows: AutoKillPolicy[]): Promise<AutoKillPolicyView[]> {
    const judge = new FourEyes(this.prisma, ctx.principal);
    const views: AutoKillPolicyView[] = [];
    // One after another: the judge walks each distinct author's appointers once.
    for (const row of rows) {
      const view = autoKillPolicyView(row);
      views.push(row.state === 'pending' ? { ...view, ...(await judge.verdict(authorship(row), POLICY_APPROVERS, 'approve', AUTO_KILL_POLICY)) } : view);
    }
    return views;
  }

  private async lock(tx: Tx, id: string): Promise<AutoKillPolicy> {
    await tx.$queryRaw`SELECT id FROM auto_kill_policies WHERE id = ${id}::uuid FOR UPDATE`;
    const policy = await tx.autoKillPolicy.findUnique({ where: { id } });
    if (!policy) throw new AppError('not_found', `auto-kill policy ${id} does not exist`);
    return policy;
  }
}

/** A policy as a request its author made, for the four-eyes checks. */
function authorship(policy: AutoKillPolicy): { requestedById: string; requestedAt: Date } {
  return { requestedById: policy.createdById, requestedAt: policy.createdAt };
}
