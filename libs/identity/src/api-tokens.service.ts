import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { ApiToken, CURSOR_KEY, DEFAULT_PAGE_SIZE, Page, PrismaService, Role, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { ApiTokenView, CreateApiTokenDto, CreatedApiToken } from './dto/api-token.dto';
import { UserContext } from './principal';
import { tokenMayHold } from './roles';
import { newSecret } from './secrets';

export function apiTokenView(token: ApiToken): ApiTokenView {
  const { id, name, prefix, roles, createdById, createdAt, expiresAt, revokedAt, lastUsedAt } = token;
  return { id, name, prefix, roles, createdById, createdAt, expiresAt, revokedAt, lastUsedAt };
}

/** Automation tokens: act as their creator, never wider than the creator's roles. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: UserContext, dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    const principal = ctx.principal;
    if (principal.via === 'api-token') throw new AppError('forbidden', 'an API token cannot mint API tokens: sign in as a person');
    const wider = dto.roles.filter((role) => !tokenMayHold(role, principal.roles));
    if (wider.includes(Role.signals)) throw new AppError('forbidden', 'only an admin may mint a token with the signals role');
    if (wider.length > 0) throw new AppError('forbidden', `a token cannot hold roles you do not have: ${wider.join(', ')}`);
    if (dto.roles.includes(Role.signals) && dto.roles.length > 1) {
      throw new AppError('invalid_input', 'a signals token holds only the signals role: mint another token for anything else');
    }
    const { token, hash } = newSecret('apiToken');
    const expiresAt = dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 86_400_000) : null;
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiToken.create({
        data: { name: dto.name, tokenHash: hash, prefix: token.slice(0, 10), roles: dto.roles, createdById: principal.userId, expiresAt },
      });
      const view = apiTokenView(row);
      await this.audit.record(tx, ctx, { action: 'api-token.create', target: { type: 'api-token', id: row.id }, after: view });
      return { ...view, token };
    });
  }

  /** Admins see every token; others see their own. */
  async list(ctx: UserContext, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ApiTokenView>> {
    const principal = ctx.principal;
    const after = decodeCursor(cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.apiToken.findMany({
        where: {
          ...(principal.roles.includes(Role.admin) ? {} : { createdById: principal.userId }),
          ...(after ? { id: { gt: after } } : {}),
        },
        orderBy: { id: 'asc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (t) => t.id);
    return { items: page.items.map(apiTokenView), nextCursor: page.nextCursor };
  }

  /** The creator or an admin may revoke; revoking twice is a conflict. */
  async revoke(ctx: UserContext, id: string): Promise<void> {
    const principal = ctx.principal;
    await this.prisma.$transaction(async (tx) => {
      const token = await tx.apiToken.findUnique({ where: { id } });
      const isAdmin = principal.roles.includes(Role.admin);
      if (!token || (!isAdmin && token.createdById !== principal.userId)) throw new AppError('not_found', `API token ${id} does not exist`);
      if (token.revokedAt) throw new AppError('conflict', `API token ${id} is already revoked`, undefined, 'api_token_already_revoked');
      const after = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, ctx, {
        action: 'api-token.revoke',
        target: { type: 'api-token', id },
        before: apiTokenView(token),
        after: apiTokenView(after),
      });
    });
  }
}
