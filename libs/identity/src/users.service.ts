import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, Page, PrismaService, Role, User, decodeCursor, toPage } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto';
import { PasswordService } from './password.service';
import { RequestContext } from './principal';

export function userView(user: User): UserView {
  return { id: user.id, email: user.email, roles: user.roles, disabled: user.disabled, createdAt: user.createdAt, updatedAt: user.updatedAt };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserView> {
    const email = normaliseEmail(dto.email);
    const passwordHash = await this.passwords.hash(dto.password);
    return this.prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
        throw new AppError('conflict', `a user with email ${email} already exists`);
      }
      const user = await tx.user.create({ data: { email, passwordHash, roles: dto.roles } });
      const view = userView(user);
      await this.audit.append(tx, { actor: ctx.actor, action: 'user.create', target: { type: 'user', id: user.id }, after: view, requestId: ctx.requestId });
      return view;
    });
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<UserView>> {
    const after = decodeCursor(cursor, CURSOR_KEY.uuid);
    const rows = await this.prisma.user.findMany({ where: after ? { id: { gt: after } } : {}, orderBy: { id: 'asc' }, take: limit + 1 });
    const page = toPage(rows, limit, (u) => u.id);
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user) throw new AppError('not_found', `user ${id} does not exist`);
    return userView(user);
  }

  /** Role changes and disabling; an admin cannot lock the last admin out. */
  async update(ctx: RequestContext, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.roles === undefined && dto.disabled === undefined) {
      throw new AppError('invalid_input', 'send roles, disabled, or both');
    }
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id } });
      if (!before) throw new AppError('not_found', `user ${id} does not exist`);
      const after = await tx.user.update({ where: { id }, data: { roles: dto.roles, disabled: dto.disabled } });
      const enabledAdmins = await tx.user.count({ where: { disabled: false, roles: { has: Role.admin } } });
      if (enabledAdmins === 0) throw new AppError('conflict', 'this change would leave no enabled admin');
      if (dto.disabled === true && !before.disabled) {
        await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
      }
      await this.audit.append(tx, {
        actor: ctx.actor,
        action: 'user.update',
        target: { type: 'user', id },
        before: userView(before),
        after: userView(after),
        requestId: ctx.requestId,
      });
      return userView(after);
    });
  }
}
