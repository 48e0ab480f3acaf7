import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, Page, PrismaService, Role, Tx, User, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto';
import { PasswordService } from './password.service';
import { RequestContext } from './principal';

/** Serialises changes that could remove the last active admin (two admins disabling each other at once). */
const ADMINS_LOCK_KEY = 727_004;

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    issuer: user.issuer || null,
    name: user.name,
    roles: user.roles,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserView> {
    const email = normaliseEmail(dto.email);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { issuer_email: { issuer: '', email } }, select: { id: true } })) {
        throw new AppError('conflict', `a user with email ${email} already exists`, undefined, 'already_exists');
      }
      const grantor = grantorOf(ctx);
      const user = await tx.user.create({ data: { email, name: dto.name, passwordHash, roles: dto.roles, createdById: grantor } });
      await recordGrants(tx, user.id, dto.roles, grantor);
      const view = userView(user);
      await this.audit.record(tx, ctx, { action: 'user.create', target: { type: 'user', id: user.id }, after: view });
      return view;
    });
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<UserView>> {
    const after = decodeCursor(cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) => db.user.findMany({ where: after ? { id: { gt: after } } : {}, orderBy: { id: 'asc' }, take: limit + 1 }));
    const page = toPage(rows, limit, (u) => u.id);
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user) throw new AppError('not_found', `user ${id} does not exist`);
    return userView(user);
  }

  /**
   * Role changes and disabling. The last active admin can be neither disabled
   * nor demoted. Disabling ends the user's sessions and revokes their API
   * tokens: every API instance checks both in the database on each request, so
   * they stop at once everywhere, and enabling the account again revives neither.
   */
  async update(ctx: RequestContext, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.name === undefined && dto.roles === undefined && dto.disabled === undefined) {
      throw new AppError('invalid_input', 'send name, roles or disabled');
    }
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS_LOCK_KEY})`;
      const before = await tx.user.findUnique({ where: { id } });
      if (!before) throw new AppError('not_found', `user ${id} does not exist`);
      const after = await tx.user.update({ where: { id }, data: { name: dto.name, roles: dto.roles, disabled: dto.disabled } });
      const enabledAdmins = await tx.user.count({ where: { disabled: false, roles: { has: Role.admin } } });
      if (enabledAdmins === 0)
        throw new AppError('conflict', `${before.email} is the last active admin: make another user admin first`, undefined, 'last_admin');
      const added = after.roles.filter((role) => !before.roles.includes(role));
      await recordGrants(tx, id, added, grantorOf(ctx));
      const ended = dto.disabled === true && !before.disabled ? await endCredentials(tx, id) : {};
      await this.audit.record(tx, ctx, {
        action: 'user.update',
        target: { type: 'user', id },
        before: userView(before),
        after: { ...userView(after), ...ended },
      });
      return userView(after);
    });
  }
}

/** The person behind a change: an API token acts as its creator (four eyes compares people). */
function grantorOf(ctx: RequestContext): string | null {
  return ctx.principal.kind === 'user' ? ctx.principal.userId : null;
}

/** Who gave which role, read by the four-eyes check of lift approvals. */
export async function recordGrants(tx: Tx, userId: string, roles: Role[], grantedById: string | null): Promise<void> {
  if (roles.length === 0) return;
  await tx.roleGrant.createMany({ data: roles.map((role) => ({ userId, role, grantedById })) });
}

/** Ends every session of the user and revokes every API token they made (disabling; single sign-on taking their roles away). */
export async function endCredentials(tx: Tx, userId: string): Promise<{ endedSessions: number; revokedApiTokens: number }> {
  const now = new Date();
  const sessions = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  const tokens = await tx.apiToken.updateMany({ where: { createdById: userId, revokedAt: null }, data: { revokedAt: now } });
  return { endedSessions: sessions.count, revokedApiTokens: tokens.count };
}
