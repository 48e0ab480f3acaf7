import { Injectable } from '@nestjs/common';
import { PrismaService, Role, Statement } from '@killswitch/db';
import { DeviceCredentialCache } from './device-credential-cache';
import { Principal, UserPrincipal } from './principal';
import { tokenMayHold } from './roles';
import { hashSecret, secretKindOf } from './secrets';

/**
 * A session and its user, as one prepared statement through the pool (PrismaService.sql): every admin request
 * reads it, and Prisma's query machinery cost more than the statement. Read on every request, never cached, so a
 * revoked session or a disabled user is refused at once.
 */
const SESSION_BY_TOKEN: Statement = {
  name: 'session-by-token-hash',
  text: `SELECT s.id, s."expiresAt", s."revokedAt", s."csrfHash", u.id AS "userId", u.email, u.issuer, u.roles::text[] AS roles, u."createdAt",
      u.disabled, u."mustChangePassword"
    FROM sessions s JOIN users u ON u.id = s."userId" WHERE s."tokenHash" = $1`,
};

interface SessionRow {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  csrfHash: string | null;
  userId: string;
  email: string;
  issuer: string;
  roles: Role[];
  createdAt: Date;
  disabled: boolean;
  mustChangePassword: boolean;
}

/** Minimum gap between two lastUsedAt writes of one API token. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns a bearer secret into a principal, or undefined when it is unknown, expired or revoked. */
@Injectable()
export class CredentialResolver {
  constructor(
    private readonly prisma: PrismaService,
    private readonly devices: DeviceCredentialCache,
  ) {}

  async resolve(token: string): Promise<Principal | undefined> {
    switch (secretKindOf(token)) {
      case 'session':
        return this.resolveSession(token);
      case 'apiToken':
        return this.resolveApiToken(token);
      case 'device':
        return this.devices.resolve(token);
      default:
        return undefined;
    }
  }

  /**
   * A session secret sent in the browser's cookie, with the hash of its CSRF
   * token. Only sessions opened for a browser (POST /v1/auth/session) have
   * one; any other secret in the cookie is refused.
   */
  async resolveBrowserSession(token: string): Promise<{ principal: UserPrincipal; csrfHash: string } | undefined> {
    if (secretKindOf(token) !== 'session') return undefined;
    const found = await this.findSession(token);
    if (!found?.csrfHash) return undefined;
    return { principal: { ...found.principal, viaCookie: true }, csrfHash: found.csrfHash };
  }

  private async resolveSession(token: string): Promise<Principal | undefined> {
    return (await this.findSession(token))?.principal;
  }

  private async findSession(token: string): Promise<{ principal: UserPrincipal; csrfHash: string | null } | undefined> {
    // An unreachable database is the API's 503 (its error mapping reads node-postgres's errors).
    const [session] = await this.prisma.sql<SessionRow>(SESSION_BY_TOKEN, [hashSecret(token)]);
    if (!session || session.revokedAt || session.expiresAt <= new Date() || session.disabled) return undefined;
    const principal: UserPrincipal = {
      kind: 'user',
      userId: session.userId,
      email: session.email,
      issuer: session.issuer,
      roles: session.roles,
      userCreatedAt: session.createdAt,
      via: 'session',
      sessionId: session.id,
      mustChangePassword: session.mustChangePassword,
    };
    return { principal, csrfHash: session.csrfHash };
  }

  private async resolveApiToken(token: string): Promise<Principal | undefined> {
    const row = await this.prisma.apiToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { createdBy: true } });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.createdBy.disabled) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    const creator = row.createdBy;
    return {
      kind: 'user',
      userId: creator.id,
      email: creator.email,
      issuer: creator.issuer,
      // A token never holds more than its creator holds now (a signals token: while its creator is an admin).
      roles: row.roles.filter((role) => tokenMayHold(role, creator.roles)),
      userCreatedAt: creator.createdAt,
      via: 'api-token',
      apiTokenId: row.id,
      mustChangePassword: false,
    };
  }
}
