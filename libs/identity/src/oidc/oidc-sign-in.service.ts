import { Injectable } from '@nestjs/common';
import { AuditService, RefusalRecorder } from '@killswitch/audit';
import { EnvConfig, oidcRoleMap } from '@killswitch/config';
import { PrismaService, truncateCodePoints } from '@killswitch/db';
import { AppError, RateLimitedError } from '@killswitch/http';
import { RefusalLimiter, addressKey, credentialKeyOfDigest } from '../refusal-limiter';
import { digestOfSecret, hashSecret } from '../secrets';
import { ClientInfo, SessionMode, SessionsService } from '../sessions.service';
import { DeviceAuthorizations } from './device-authorizations';
import { ExpiredRowsPurge } from './expired-rows-purge';
import { AccountRefusal, mappedRoles, upsertAccount } from './oidc-accounts';
import { OidcClient, VerifiedIdentity } from './oidc-client.service';

/** How long a browser has to come back from the provider. */
const LOGIN_TTL_MS = 10 * 60_000;

/** RFC 8628's default polling interval, for a provider that names none. */
const DEFAULT_DEVICE_INTERVAL_SEC = 5;

/** The refusal of a device code this API did not start, or whose time is up: RFC 8628's expired_token, said plainly. */
export const UNKNOWN_DEVICE_CODE = 'unknown or expired device code (expired_token): start the sign-in again (killswitch login --sso)';

/**
 * Sign-in through the OpenID Connect provider: the authorization code flow with PKCE for the browser, the device
 * authorization grant for the CLI. Every refusal is recorded (audit log, as a refused auth.login) and signs nobody in.
 */
@Injectable()
export class OidcSignInService {
  /**
   * The sign-ins past their expiry, completed or abandoned: each unauthenticated GET /v1/auth/oidc/login makes one, so
   * the route that adds them also deletes them (start), and the table holds about LOGIN_TTL_MS of sign-ins. A completed
   * one is kept until its expiry so that a callback replayed meanwhile is told it was already completed (later: unknown
   * or expired; refused either way).
   */
  private readonly expired = new ExpiredRowsPurge((now) => this.prisma.oidcLogin.deleteMany({ where: { expiresAt: { lte: now } } }));

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly refusals: RefusalRecorder,
    private readonly sessions: SessionsService,
    private readonly client: OidcClient,
    private readonly config: EnvConfig,
    private readonly deviceAuthorizations: DeviceAuthorizations,
    private readonly limiter: RefusalLimiter,
  ) {}

  /** The provider's URL to send the browser to, and the state the browser must bring back (kept in its cookie). */
  async start(): Promise<{ url: string; state: string }> {
    this.requireEnabled();
    const request = await this.client.authorizationRequest();
    await this.prisma.oidcLogin.create({
      data: { stateHash: hashSecret(request.state), nonce: request.nonce, codeVerifier: request.codeVerifier, expiresAt: new Date(Date.now() + LOGIN_TTL_MS) },
    });
    await this.expired.run();
    return { url: request.url.href, state: request.state };
  }

  /**
   * The provider's redirect back. The state must be the one this browser's cookie holds and a login this server
   * started and has not finished; it is consumed before the code is exchanged, so a callback replayed is refused.
   */
  async callback(query: URLSearchParams, cookieState: string | undefined, requestId: string, info: ClientInfo): Promise<{ token: string; expiresAt: Date }> {
    this.requireEnabled();
    const state = query.get('state');
    if (!state || state !== cookieState) {
      return this.refuse(requestId, 'the state does not match the sign-in this browser started (a forged or foreign callback)');
    }
    const now = new Date();
    const login = await this.prisma.oidcLogin.findUnique({ where: { stateHash: hashSecret(state) } });
    if (!login || login.expiresAt <= now) return this.refuse(requestId, 'unknown or expired sign-in: start again');
    const consumed = await this.prisma.oidcLogin.updateMany({ where: { id: login.id, consumedAt: null }, data: { consumedAt: now } });
    if (consumed.count === 0) return this.refuse(requestId, 'this sign-in was already completed: a callback (and its code) is used once');
    if (query.get('error')) {
      return this.refuse(requestId, `the provider refused: ${truncateCodePoints(query.get('error_description') ?? query.get('error') ?? '', 300, '…')}`);
    }
    let identity: VerifiedIdentity;
    try {
      identity = await this.client.exchangeCode(query.toString(), { state, nonce: login.nonce, codeVerifier: login.codeVerifier });
    } catch (error) {
      return this.refuse(requestId, `the provider's answer was refused: ${reasonOf(error)}`);
    }
    return this.signIn(identity, requestId, info, 'cookie');
  }

  /** The CLI's start: the provider's device authorization, relayed (this server is the OIDC client), and recorded. */
  async startDevice() {
    this.requireEnabled();
    const started = await this.client.startDevice();
    if (!started) throw new AppError('not_found', 'the OIDC provider offers no device authorization grant: sign in with a password or an API token');
    const interval = Math.max(1, Math.ceil(started.interval ?? DEFAULT_DEVICE_INTERVAL_SEC));
    await this.deviceAuthorizations.begin(started.device_code, interval, started.expires_in);
    // The code is this caller's: its polls are not held back for what others send from its address.
    this.limiter.vouch(deviceCodeKey(started.device_code));
    return {
      deviceCode: started.device_code,
      userCode: started.user_code,
      verificationUri: started.verification_uri,
      verificationUriComplete: started.verification_uri_complete,
      expiresIn: started.expires_in,
      interval,
    };
  }

  /**
   * One poll: a bearer session once the person approved at the provider, else `pending`. Only a device code this API
   * started, and not yet expired, is sent on to the provider, no sooner than its interval (429 slow_down before);
   * anything else is refused without asking the provider. Those refusals count against the client's address in the
   * refusal limiter (REFUSAL_LIMIT), which then answers 429 before any database work, as for bad credentials.
   */
  async pollDevice(deviceCode: string, requestId: string, info: ClientInfo): Promise<{ token: string; expiresAt: Date } | 'pending'> {
    this.requireEnabled();
    const code = deviceCodeKey(deviceCode);
    const address = addressKey(info.ip ?? '');
    const heldBack = this.limiter.retryAfterFor(code, address);
    if (heldBack !== undefined) throw new RateLimitedError(`too many unknown device codes from this address: retry in ${heldBack} s`, heldBack);
    const admission = await this.deviceAuthorizations.admit(deviceCode);
    if (admission.kind === 'unknown') {
      this.limiter.refused(address);
      return this.refuse(requestId, UNKNOWN_DEVICE_CODE);
    }
    this.limiter.vouch(code);
    if (admission.kind === 'too-soon') throw slowDown(admission.retryAfterSec);
    let identity: VerifiedIdentity | 'pending' | 'slow_down';
    try {
      identity = await this.client.pollDevice(deviceCode);
    } catch (error) {
      await this.deviceAuthorizations.end(admission.id);
      return this.refuse(requestId, `the provider's answer was refused: ${reasonOf(error)}`);
    }
    if (identity === 'pending') return 'pending';
    if (identity === 'slow_down') throw slowDown(await this.deviceAuthorizations.slowDown(admission.id, admission.intervalSec));
    await this.deviceAuthorizations.end(admission.id);
    return this.signIn(identity, requestId, info, 'bearer');
  }

  private async signIn(identity: VerifiedIdentity, requestId: string, info: ClientInfo, mode: SessionMode) {
    const roles = mappedRoles(identity.claims, this.config.OIDC_ROLES_CLAIM, oidcRoleMap(this.config));
    let user;
    try {
      user = await upsertAccount(
        this.prisma,
        this.audit,
        identity,
        roles,
        { trustWithoutVerified: this.config.OIDC_EMAIL_WITHOUT_VERIFIED === 'trust' },
        requestId,
      );
    } catch (error) {
      if (error instanceof AccountRefusal) return this.refuse(requestId, error.message, error.userId, identity);
      throw error;
    }
    return this.sessions.openFor(user, requestId, info, mode, 'auth.login', { via: 'oidc', issuer: identity.issuer, roles: user.roles });
  }

  private async refuse(requestId: string, reason: string, userId?: string, identity?: VerifiedIdentity): Promise<never> {
    await this.refusals.record({
      actor: { type: 'anonymous', label: `oidc:${identity ? `${identity.issuer}#${identity.subject}` : this.config.OIDC_ISSUER}` },
      action: 'auth.login',
      target: userId ? { type: 'user', id: userId } : undefined,
      reason: `single sign-on: ${reason}`,
      requestId,
    });
    throw new AppError('unauthenticated', `single sign-on refused: ${reason}`, undefined, 'sso_refused');
  }

  private requireEnabled(): void {
    if (!this.client.enabled) throw new AppError('not_found', 'single sign-on is not configured here (OIDC_ISSUER)');
  }
}

/** A device code is kept in the refusal limiter as a credential is: by its SHA-256, never itself. */
function deviceCodeKey(deviceCode: string): string {
  return credentialKeyOfDigest(digestOfSecret(deviceCode));
}

function slowDown(retryAfterSec: number): RateLimitedError {
  return new RateLimitedError(`slow_down: poll this device code again in ${retryAfterSec} s, and no sooner than its interval`, retryAfterSec, 'slow_down');
}

function reasonOf(error: unknown): string {
  const e = error as { message?: string; error?: string; error_description?: string; cause?: unknown };
  const main = e.error_description ?? e.error ?? e.message ?? String(error);
  // openid-client's message is general ("unexpected JWT claim value encountered"); its cause names the claim (iss, aud, nonce).
  const detail = e.cause instanceof Error && e.cause.message !== main ? `: ${e.cause.message}` : '';
  return truncateCodePoints(`${main}${detail}`, 300);
}
