import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EnvConfig } from '@killswitch/config';
import { ApiErrors, AppError, requestIdOf } from '@killswitch/http';
import { Public } from '../access.decorators';
import { LoginResult } from '../dto/auth.dto';
import { SsoThrottlerGuard } from '../sso-throttler.guard';
import { isHttps, sessionSetCookie } from '../session-cookie';
import { OidcClient } from './oidc-client.service';
import { DevicePending, DeviceStart, DeviceTokenDto, SignInOptions } from './oidc.dto';
import { OidcSignInService, UNKNOWN_DEVICE_CODE } from './oidc-sign-in.service';

/** Binds the callback to the browser that started the sign-in. Lax: it must come back on the provider's cross-site redirect. */
const STATE_COOKIE = 'ks_oidc_state';
const STATE_PATH = '/v1/auth/oidc';

@ApiTags('auth')
@Controller('v1/auth')
export class OidcController {
  constructor(
    private readonly signIn: OidcSignInService,
    private readonly client: OidcClient,
    private readonly config: EnvConfig,
  ) {}

  @Get('sign-in-options')
  @Public()
  @ApiOperation({ summary: 'how people sign in here (for the sign-in page)' })
  @ApiOkResponse({ type: SignInOptions })
  options(): SignInOptions {
    return { localLogin: this.config.LOCAL_LOGIN === 'on', ...(this.client.enabled ? { ssoProvider: this.config.OIDC_PROVIDER_NAME } : {}) };
  }

  @Get('oidc/login')
  @Public()
  @UseGuards(SsoThrottlerGuard)
  @ApiOperation({ summary: 'single sign-on: redirect to the OIDC provider (authorization code, state, nonce, PKCE)' })
  @ApiFoundResponse({ description: 'to the provider' })
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { url, state } = await this.signIn.start();
    const secure = isHttps(request) ? '; Secure' : '';
    void reply
      .status(302)
      .header('set-cookie', `${STATE_COOKIE}=${state}; Path=${STATE_PATH}; Max-Age=600; HttpOnly; SameSite=Lax${secure}`)
      .header('cache-control', 'no-store')
      .header('location', url)
      .send();
  }

  @Get('oidc/callback')
  @Public()
  @UseGuards(SsoThrottlerGuard)
  @ApiOperation({
    summary: 'single sign-on: the provider redirects back here',
    description:
      'Sets the same session cookie as POST /v1/auth/session and redirects to the admin UI. A browser is sent to the sign-in page with the reason when refused; other clients get the 401 (code sso_refused).',
  })
  @ApiFoundResponse({ description: 'to /admin/' })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const cleared = `${STATE_COOKIE}=; Path=${STATE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
    try {
      const { token, expiresAt } = await this.signIn.callback(query, stateCookieOf(request.headers.cookie), requestIdOf(request.raw), {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      void reply
        .status(302)
        .header('set-cookie', [cleared, sessionSetCookie(token, expiresAt, isHttps(request))])
        .header('cache-control', 'no-store')
        .header('location', '/admin/')
        .send();
    } catch (error) {
      const browser = (request.headers.accept ?? '').includes('text/html');
      if (!browser || !(error instanceof AppError)) throw error;
      void reply
        .status(303)
        .header('set-cookie', cleared)
        .header('location', `/admin/?sso_error=${encodeURIComponent(error.message)}`)
        .send();
    }
  }

  @Post('oidc/device')
  @HttpCode(200)
  @Public()
  @UseGuards(SsoThrottlerGuard)
  @ApiOperation({
    summary: "the CLI's single sign-on: start the provider's device authorization grant",
    description:
      'The API records the grant it started (its device code as SHA-256, expiry and interval): only such device codes are taken by POST /v1/auth/oidc/device/token.',
  })
  @ApiOkResponse({ type: DeviceStart })
  device(): Promise<DeviceStart> {
    return this.signIn.startDevice();
  }

  @Post('oidc/device/token')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'poll: a bearer session once the person approved at the provider (202 while pending)',
    description:
      'Takes only a device code that POST /v1/auth/oidc/device gave, until it expires, and no more often than every `interval` seconds: ' +
      'a sooner poll is answered 429 `slow_down` with Retry-After (the interval grows by 5 s each time the provider itself says slow_down). ' +
      'Neither an unknown code nor an early poll reaches the provider. An address that sends REFUSAL_LIMIT unknown codes in REFUSAL_WINDOW_SEC gets 429 until the window ends.',
  })
  @ApiOkResponse({ type: LoginResult })
  @ApiAcceptedResponse({ type: DevicePending })
  @ApiErrors(
    ['not_found', 'single sign-on is not configured here (OIDC_ISSUER)'],
    ['sso_refused', `single sign-on refused: ${UNKNOWN_DEVICE_CODE}`],
    ['slow_down', 'slow_down: poll this device code again in 5 s, and no sooner than its interval'],
    ['rate_limited', 'too many unknown device codes from this address: retry in 42 s'],
  )
  async deviceToken(
    @Body() dto: DeviceTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResult | DevicePending> {
    const result = await this.signIn.pollDevice(dto.deviceCode, requestIdOf(request.raw), { ip: request.ip, userAgent: request.headers['user-agent'] });
    if (result === 'pending') {
      void reply.status(202);
      return { pending: true };
    }
    void reply.header('cache-control', 'no-store');
    return { accessToken: result.token, expiresAt: result.expiresAt, tokenType: 'Bearer', mustChangePassword: false };
  }
}

function stateCookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === STATE_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}
