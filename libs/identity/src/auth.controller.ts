import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiNoContentResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, requestIdOf } from '@killswitch/http';
import { AllowPendingPasswordChange, CurrentUser, Public, Roles, UserCtx } from './access.decorators';
import { BrowserSessionResult, ChangePasswordDto, LoginDto, LoginResult, MeView } from './dto/auth.dto';
import { UserContext, UserPrincipal } from './principal';
import { ANY_ROLE } from './roles';
import { SESSION_COOKIE, clearedSessionCookie, csrfTokenFor, isHttps, sessionCookieOf, sessionSetCookie } from './session-cookie';
import { SessionsService } from './sessions.service';

/** Both password sign-ins, and the current password of a password change, share the failed sign-in limits (LoginLimiter). */
const TOO_MANY_FAILED_SIGN_INS = 'too many failed sign-ins from this client address, or to this account: retry after the Retry-After seconds';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: LoginResult })
  @ApiOperation({ summary: 'Sign in for an API client: a session token' })
  @ApiErrors(['unauthenticated', 'wrong email or password'], ['rate_limited', TOO_MANY_FAILED_SIGN_INS])
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResult> {
    return this.sessions.login(dto, requestIdOf(request.raw), { ip: request.ip, userAgent: request.headers['user-agent'] });
  }

  /** The admin UI's sign-in: the session goes into an HttpOnly cookie, never into the page. */
  @Post('session')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'sign in for the browser',
    description: `Sets the HttpOnly, SameSite=Strict cookie ${SESSION_COOKIE}; requests that are not GET must then send X-CSRF-Token. Logout clears it.`,
  })
  @ApiOkResponse({ type: BrowserSessionResult })
  @ApiErrors(['unauthenticated', 'wrong email or password'], ['rate_limited', TOO_MANY_FAILED_SIGN_INS])
  async openSession(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<BrowserSessionResult> {
    const { token, result } = await this.sessions.openBrowserSession(dto, requestIdOf(request.raw), {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    });
    void reply.header('set-cookie', sessionSetCookie(token, result.expiresAt, isHttps(request))).header('cache-control', 'no-store');
    return result;
  }

  @Post('logout')
  @HttpCode(204)
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiOperation({ summary: 'Sign out: end the session (and clear its cookie)' })
  @ApiNoContentResponse({ description: 'signed out; a cookie session also gets its cookie cleared' })
  async logout(@UserCtx() ctx: UserContext, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.logout(ctx);
    if (ctx.principal.kind === 'user' && ctx.principal.viaCookie) void reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiOkResponse({ type: MeView })
  @ApiOperation({ summary: 'Who is signed in: roles, and the CSRF token of a cookie session' })
  me(@CurrentUser() user: UserPrincipal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): MeView {
    const cookie = user.viaCookie ? sessionCookieOf(request.headers.cookie) : undefined;
    // After a reload the page has only its cookie: it learns its CSRF token here (same origin only; no CORS).
    if (cookie) void reply.header('cache-control', 'no-store');
    return {
      id: user.userId,
      email: user.email,
      roles: user.roles,
      via: user.via,
      mustChangePassword: user.mustChangePassword,
      ...(cookie ? { csrfToken: csrfTokenFor(cookie) } : {}),
    };
  }

  @Post('password')
  @HttpCode(204)
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiOperation({
    summary: 'Change your password (ends the one-time password)',
    description: 'A wrong currentPassword counts as a failed sign-in, against the client address and the account: past the limits, 429 with Retry-After.',
  })
  @ApiNoContentResponse({ description: 'changed; the one-time password requirement is lifted' })
  @ApiErrors(['forbidden', 'currentPassword is wrong'], ['rate_limited', TOO_MANY_FAILED_SIGN_INS])
  changePassword(@UserCtx() ctx: UserContext, @Body() dto: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    return this.sessions.changePassword(ctx, dto, { ip: request.ip });
  }
}
