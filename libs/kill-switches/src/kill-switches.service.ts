import { Injectable } from '@nestjs/common';
import { AuditContext, AuditService } from '@killswitch/audit';
import {
  CURSOR_KEY,
  ChangeListener,
  CommittedKillRule,
  DEFAULT_PAGE_SIZE,
  KillSwitch,
  KillSwitchState,
  Prisma,
  PrismaService,
  ReadReplica,
  SqlTx,
  containsText,
  decodeCursor,
  sqlTx,
  toPage,
  uuidv7,
} from '@killswitch/db';
import { linkConditions, matchingDevicesWhere } from '@killswitch/devices';
import { Scope, describeScope, scopeColumn, storedScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import { Committed, commitRuleChange } from '@killswitch/revocations';
import {
  CreateKillSwitchDto,
  CreatedKillSwitch,
  KillSwitchListQuery,
  KillSwitchPage,
  KillSwitchPreview,
  KillSwitchView,
  ScopeDto,
} from './dto/kill-switch.dto';
import { normaliseScope } from './scope';

/** The API spells states with a hyphen (`lift-requested`); the enum cannot. */
export const STATE_NAME: Record<KillSwitchState, string> = { active: 'active', lift_requested: 'lift-requested', lifting: 'lifting', lifted: 'lifted' };
const STATE_OF_NAME = Object.fromEntries(Object.entries(STATE_NAME).map(([k, v]) => [v, k])) as Record<string, KillSwitchState>;

export function killSwitchView(kill: KillSwitch & { revocations?: { id: string }[] }): KillSwitchView {
  return {
    id: kill.id,
    state: STATE_NAME[kill.state],
    revision: Number(kill.revision),
    affectedDevices: kill.affectedDevices,
    revocationId: kill.revocations?.[0]?.id ?? '',
    scope: storedScope(kill),
    reason: kill.reason,
    deviceMessage: kill.deviceMessage,
    incidentId: kill.incidentId,
    createdById: kill.createdById,
    createdAt: kill.createdAt,
    updatedAt: kill.updatedAt,
    liftedAt: kill.liftedAt,
    releasedBelow: kill.releasedBelow,
  };
}

/**
 * Who makes a kill: the audit context (a person, or an auto-kill policy), and the person and token recorded on the
 * kill switch (none for a policy: its audit entry and timeline name the policy and the two people who enabled it).
 */
export interface KillAuthor {
  by: AuditContext;
  userId: string | null;
  apiTokenId: string | null;
}

/** Creating, reading and previewing kill switches. A kill takes effect at once: nobody waits. */
@Injectable()
export class KillSwitchesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly changes: ChangeListener,
    /** The list may be a moment stale (the read replica serves it when there is one); a kill and its reads never are. */
    private readonly replica: ReadReplica,
  ) {}

  /** Each kill made here, as committed, until published() hands it to this instance's rules (no read back). */
  private readonly committed = new WeakMap<CreatedKillSwitch, CommittedKillRule>();

  async preview(dto: ScopeDto): Promise<KillSwitchPreview> {
    const scope = normaliseScope(dto);
    const affectedDevices = await this.checkedCount(sqlTx(this.prisma), scope);
    const where = matchingDevicesWhere(scope);
    const rows = await this.prisma.$queryRaw<{ vendorFirmware: string; devices: number; links: number }[]>`
      SELECT i."vendorFirmware" AS "vendorFirmware", count(DISTINCT d.id)::int AS devices, count(*)::int AS links
      FROM devices d JOIN device_inventory_items i ON i."deviceId" = d.id
      WHERE ${where} AND ${Prisma.join(linkConditions(scope), ' AND ')}
      GROUP BY i."vendorFirmware" ORDER BY devices DESC, i."vendorFirmware"`;
    return { affectedDevices, matchingLinks: rows.reduce((sum, row) => sum + row.links, 0), byVendorFirmware: rows };
  }

  /**
   * The devices a kill of `scope` would affect now, after the checks a kill makes (the vendor, integration and model
   * exist): the preview's first figure alone, for a caller that needs no breakdown (a signal's proposal).
   */
  affectedDevices(dto: ScopeDto): Promise<number> {
    return this.checkedCount(sqlTx(this.prisma), normaliseScope(dto));
  }

  async create(ctx: UserContext, dto: CreateKillSwitchDto): Promise<CreatedKillSwitch> {
    const author: KillAuthor = { by: ctx, userId: ctx.principal.userId, apiTokenId: ctx.principal.apiTokenId ?? null };
    // Its own transaction on a pooled connection (no Prisma transaction: see PrismaService.sqlTransaction).
    // An unreachable database is the API's 503 (its error mapping reads node-postgres's errors).
    const created = await this.prisma.sqlTransaction((tx) => this.createInTransaction(tx, author, dto));
    await this.published(created);
    return created;
  }

  /**
   * The kill path, inside the caller's transaction (a confirmed proposal, an auto-kill pass theirs through sqlTx): the
   * kill and the caller's own rows commit together. Call published() once the transaction has committed.
   */
  async createInTransaction(tx: SqlTx, author: KillAuthor, dto: CreateKillSwitchDto): Promise<CreatedKillSwitch> {
    const scope = normaliseScope(dto.scope);
    const affectedDevices = await this.checkedCount(tx, scope, dto.incidentId || undefined);
    const kill = { incidentId: dto.incidentId ?? null, scope };
    const scopeJson = JSON.stringify(scopeColumn(scope));
    const deviceMessage = dto.deviceMessage ?? null;
    const view = ({ killSwitchId, rev, revocationId }: Committed): CreatedKillSwitch => ({
      id: killSwitchId,
      state: STATE_NAME.active,
      revision: Number(rev),
      affectedDevices,
      revocationId: revocationId ?? '',
    });
    const committed = await commitRuleChange(tx, this.audit, {
      by: author.by,
      kill,
      enforce: { kind: 'kill', target: affectedDevices },
      write: (rev) => {
        const id = uuidv7();
        const now = new Date().toISOString();
        const insert = Prisma.sql`
          INSERT INTO kill_switches (id, scope, vendor, integration, reason, "deviceMessage", "incidentId", "createdById", "createdByToken", revision, "affectedDevices",
            "createdAt", "updatedAt")
          VALUES (${id}::uuid, ${scopeJson}::jsonb, ${scope.vendor}, ${scope.integration ?? null}, ${dto.reason}, ${deviceMessage},
            ${kill.incidentId}::uuid, ${author.userId}::uuid, ${author.apiTokenId}::uuid, ${rev}::bigint, ${affectedDevices}::int, ${now}::timestamptz, ${now}::timestamptz)`;
        return { killSwitchId: id, insert };
      },
      audit: (c) => ({
        action: 'kill-switch.create',
        target: { type: 'kill-switch', id: c.killSwitchId },
        after: { ...view(c), scope, incidentId: kill.incidentId, deviceMessage },
        reason: dto.reason,
      }),
      timeline: (c) => ({
        type: 'kill',
        body: `Killed ${describeScope(scope)} (${affectedDevices} devices): ${dto.reason}`,
        refs: { killSwitchId: c.killSwitchId, revocationId: c.revocationId, revision: Number(c.rev) },
      }),
      event: 'kill.created',
      payload: (c, base) => ({ ...base, revocationId: c.revocationId!, revision: String(c.rev), affectedDevices, reason: dto.reason, deviceMessage }),
    });
    const created = view(committed);
    this.committed.set(created, {
      id: committed.killSwitchId,
      state: 'active',
      scope: JSON.parse(scopeJson) as Prisma.JsonValue,
      incidentId: kill.incidentId,
      deviceMessage,
      releasedBelow: 0,
    });
    return created;
  }

  /**
   * This instance applies the kill to its rules at once, from what it committed (the others on the commit's NOTIFY,
   * reading it), so a device polling here after the answer is judged by it.
   */
  async published(created: CreatedKillSwitch): Promise<void> {
    const committed = this.committed.get(created);
    await this.changes.publishLocal({ kind: 'rules', rev: String(created.revision), killSwitchId: created.id, committed });
  }

  async list(query: KillSwitchListQuery): Promise<KillSwitchPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.killSwitch.findMany({
        where: {
          state: query.state ? STATE_OF_NAME[query.state] : undefined,
          vendor: query.vendor,
          ...(after ? { id: { lt: after } } : {}),
          ...(query.q !== undefined
            ? { OR: [{ vendor: containsText(query.q) }, { integration: containsText(query.q) }, { reason: containsText(query.q) }] }
            : {}),
        },
        include: { revocations: { where: { kind: 'kill' }, select: { id: true } } },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (k) => k.id);
    return { items: page.items.map(killSwitchView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<KillSwitchView> {
    const kill = await this.prisma.killSwitch.findUnique({ where: { id }, include: { revocations: { where: { kind: 'kill' }, select: { id: true } } } });
    if (!kill) throw new AppError('not_found', `kill switch ${id} does not exist`);
    return killSwitchView(kill);
  }

  /**
   * A scope may only name things that exist: a typo must not kill nothing while looking like it worked. The checks
   * (vendor, its integration and model, the incident) and the count of the devices the scope matches, in one
   * statement: one round trip, not four.
   */
  private async checkedCount(db: SqlTx, scope: Scope, incidentId?: string): Promise<number> {
    const given = (value: string | undefined, check: (value: string) => Prisma.Sql) => (value === undefined ? Prisma.sql`true` : check(value));
    const [row] = await db.query<{ vendor: boolean; integration: boolean; model: boolean; incident: boolean; devices: number }>(Prisma.sql`
      WITH vendor AS (SELECT id FROM vendors WHERE slug = ${scope.vendor})
      SELECT EXISTS (SELECT 1 FROM vendor) AS vendor,
        ${given(scope.integration, (key) => Prisma.sql`EXISTS (SELECT 1 FROM integrations i JOIN vendor v ON v.id = i."vendorId" WHERE i.key = ${key})`)} AS integration,
        ${given(scope.vendorModel, (slug) => Prisma.sql`EXISTS (SELECT 1 FROM vendor_models m JOIN vendor v ON v.id = m."vendorId" WHERE m.slug = ${slug})`)} AS model,
        ${given(incidentId, (id) => Prisma.sql`EXISTS (SELECT 1 FROM incidents WHERE id = ${id}::uuid)`)} AS incident,
        (SELECT count(*)::int FROM devices d WHERE ${matchingDevicesWhere(scope)}) AS devices`);
    if (!row.vendor) throw new AppError('invalid_input', `scope.vendor: vendor ${scope.vendor} does not exist`);
    if (!row.integration) throw new AppError('invalid_input', `scope.integration: ${scope.integration} is not an integration of vendor ${scope.vendor}`);
    if (!row.model) throw new AppError('invalid_input', `scope.vendorModel: vendor ${scope.vendor} has no model ${scope.vendorModel}`);
    if (!row.incident) throw new AppError('invalid_input', `incidentId: incident ${incidentId} does not exist`);
    return row.devices;
  }
}
