import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { PrismaService, Role } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { BrowserSessionResult, ChangePasswordDto, LoginDto, LoginResult } from './dto/auth.dto';
import { LoginLimiter } from './login-limiter';
import { PasswordService } from './password.service';
import { UserContext, actorOf, personLabel } from './principal';
import { hashSecret, newSecret } from './secrets';
import { csrfTokenFor } from './session-cookie';
import { normaliseEmail } from './users.service';
import { signInFailures } from './sign-in-metrics';

const BAD_LOGIN = 'email or password is wrong';

export type ClientInfo = { ip?: string; userAgent?: string };
export type SessionMode = 'bearer' | 'cookie';

/** Login, logout and password changes: sessions are opaque secrets stored as SHA-256, sent as a bearer token or in the browser's cookie. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly config: EnvConfig,
    private readonly loginLimiter: LoginLimiter,
  ) {}

  async login(dto: LoginDto, requestId: string, client: ClientInfo): Promise<LoginResult> {
    const { token, expiresAt, mustChangePassword } = await this.open(dto, requestId, client, 'bearer');
    return { accessToken: token, expiresAt, tokenType: 'Bearer', mustChangePassword };
  }

  /**
   * A session for the browser: its secret goes only into the HttpOnly cookie
   * (the caller sets it), the body carries the CSRF token for writes.
   */
  async openBrowserSession(dto: LoginDto, requestId: string, client: ClientInfo): Promise<{ token: string; result: BrowserSessionResult }> {
    const { token, expiresAt, mustChangePassword } = await this.open(dto, requestId, client, 'cookie');
    return { token, result: { expiresAt, csrfToken: csrfTokenFor(token), mustChangePassword } };
  }

  private async open(dto: LoginDto, requestId: string, client: ClientInfo, mode: SessionMode) {
    const email = normaliseEmail(dto.email);
    // Counted before the password is checked (429 past the limits); given back below unless the password is wrong.
    const attempt = await this.loginLimiter.admit(client.ip ?? '', email);
    const { user, ok } = await this.checkPassword(email, dto.password).catch(async (error: unknown) => {
      await attempt.abandoned();
      throw error;
    });
    if (ok) await attempt.passed();
    if (!user || !ok || user.disabled) {
      signInFailures.inc({ method: 'password', reason: !user ? 'unknown-email' : !ok ? 'wrong-password' : 'account-disabled' });
      await this.refusals.record({
        actor: { type: 'anonymous', label: `login:${email}` },
        action: 'auth.login',
        target: user ? { type: 'user', id: user.id } : undefined,
        reason: !user ? 'unknown email' : !ok ? 'wrong password' : 'account disabled',
        requestId,
      });
      throw new AppError('unauthenticated', user?.disabled && ok ? 'this account is disabled' : BAD_LOGIN);
    }
    const breakGlass = this.config.LOCAL_LOGIN === 'off';
    if (breakGlass && (email !== normaliseEmail(this.config.LOCAL_LOGIN_BREAK_GLASS ?? '') || !user.roles.includes(Role.admin))) {
      await this.refusals.record({
        actor: { type: 'user', id: user.id, label: user.email },
        action: 'auth.login',
        target: { type: 'user', id: user.id },
        reason: 'local login is off',
        requestId,
      });
      throw new AppError('forbidden', `password sign-in is off here: sign in with ${this.config.OIDC_PROVIDER_NAME}`, undefined, 'local_login_off');
    }
    const opened = await this.openFor(
      user,
      requestId,
      client,
      mode,
      breakGlass ? 'auth.login.break-glass' : 'auth.login',
      breakGlass ? { via: 'break-glass' } : {},
    );
    return { ...opened, mustChangePassword: user.mustChangePassword };
  }

  private async checkPassword(email: string, password: string) {
    // Local accounts only (issuer ""): an SSO account of the same email is another account, with no password here.
    const user = await this.prisma.user.findUnique({ where: { issuer_email: { issuer: '', email } } });
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyNobody(password);
    return { user, ok };
  }

  /** A new session for a person who proved who they are (password, or the OIDC provider), audited as `action`. */
  async openFor(
    user: { id: string; email: string; issuer: string },
    requestId: string,
    client: ClientInfo,
    mode: SessionMode,
    action: 'auth.login' | 'auth.login.break-glass',
    after: Record<string, unknown>,
  ): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newSecret('session');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_SEC * 1000);
    await this.prisma.$transaction(async (tx) => {
      const session = await tx.session.create({
        data: {
          userId: user.id,
          tokenHash: hash,
          csrfHash: mode === 'cookie' ? hashSecret(csrfTokenFor(token)) : null,
          expiresAt,
          ip: client.ip,
          userAgent: client.userAgent?.slice(0, 300),
        },
      });
      const details = { ...after, ...(mode === 'cookie' ? { mode: 'browser-cookie' } : {}) };
      await this.audit.record(
        tx,
        { actor: { type: 'user', id: user.id, label: personLabel(user) }, requestId },
        { action, target: { type: 'session', id: session.id }, ...(Object.keys(details).length > 0 ? { after: details } : {}) },
      );
    });
    return { token, expiresAt };
  }

  async logout(ctx: UserContext): Promise<void> {
    const principal = ctx.principal;
    if (principal.via !== 'session' || !principal.sessionId) {
      throw new AppError('invalid_input', 'logout ends a login session; revoke an API token with DELETE /v1/api-tokens/:id');
    }
    const sessionId = principal.sessionId;
    await this.prisma.$transaction(async (tx) => {
      await tx.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, ctx, { action: 'auth.logout', target: { type: 'session', id: sessionId } });
    });
  }

  /**
   * Changing the password ends every other session of the user. The current password is checked as a sign-in's is,
   * under the same failed sign-in limits (the client address and the account): a stolen session is no way to guess it.
   */
  async changePassword(ctx: UserContext, dto: ChangePasswordDto, client: ClientInfo): Promise<void> {
    const principal = ctx.principal;
    if (principal.via !== 'session') throw new AppError('forbidden', 'an API token cannot change a password');
    const user = await this.prisma.user.findUniqueOrThrow({ where: { id: principal.userId } });
    if (user.issuer) throw new AppError('forbidden', 'this account signs in through single sign-on: it has no password here');
    const attempt = await this.loginLimiter.admit(client.ip ?? '', normaliseEmail(user.email));
    const ok = await this.passwords.verify(user.passwordHash, dto.currentPassword).catch(async (error: unknown) => {
      await attempt.abandoned();
      throw error;
    });
    if (ok) await attempt.passed();
    else {
      signInFailures.inc({ method: 'password-change', reason: 'wrong-password' });
      await this.refusals.record({
        actor: actorOf(principal),
        action: 'auth.password.change',
        target: { type: 'user', id: user.id },
        reason: 'wrong current password',
        requestId: ctx.requestId,
      });
      throw new AppError('forbidden', 'currentPassword is wrong');
    }
    if (dto.currentPassword === dto.newPassword) throw new AppError('invalid_input', 'newPassword must differ from currentPassword');
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() } });
      await tx.session.updateMany({ where: { userId: user.id, revokedAt: null, NOT: { id: principal.sessionId } }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, ctx, { action: 'auth.password.change', target: { type: 'user', id: user.id } });
    });
  }
}
