import { Injectable, OnModuleInit } from '@nestjs/common';
import * as oidc from 'openid-client';
import { EnvConfig } from '@killswitch/config';

/** What the provider vouched for, from a validated ID token. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/** The three secrets of one authorization request: state binds the browser, nonce the ID token, the PKCE verifier the code. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The OpenID Connect relying party (openid-client): discovers the provider once at start-up (a provider that
 * cannot be discovered stops the API), builds authorization URLs with PKCE and exchanges codes and device codes.
 * openid-client checks the ID token's signature, issuer, audience, expiry and nonce, and the state and `iss` of the callback.
 */
@Injectable()
export class OidcClient implements OnModuleInit {
  private configuration?: oidc.Configuration;

  constructor(private readonly config: EnvConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER);
  }

  get issuer(): string {
    return this.client().serverMetadata().issuer;
  }

  async onModuleInit(): Promise<void> {
    const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = this.config;
    if (!OIDC_ISSUER || !OIDC_CLIENT_ID) return;
    const issuer = new URL(OIDC_ISSUER);
    // Plain HTTP only for a provider on this machine (tests, local trials): openid-client refuses it otherwise.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    try {
      this.configuration = await oidc.discovery(
        issuer,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_CLIENT_SECRET ? undefined : oidc.None(),
        issuer.protocol === 'http:' && loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
    } catch (error) {
      throw new Error(`single sign-on: cannot discover the OIDC provider at ${OIDC_ISSUER}: ${(error as Error).message}`);
    }
  }

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(this.client(), {
      redirect_uri: this.config.OIDC_REDIRECT_URI!,
      scope: this.config.OIDC_SCOPES,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, nonce, codeVerifier };
  }

  /** The callback's code exchanged and its ID token validated; throws with the reason otherwise. */
  async exchangeCode(callbackQuery: string, expected: { state: string; nonce: string; codeVerifier: string }): Promise<VerifiedIdentity> {
    const current = new URL(this.config.OIDC_REDIRECT_URI!);
    current.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(this.client(), current, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    return this.identityOf(tokens);
  }

  /** Starts the device authorization grant; undefined when the provider offers none. */
  async startDevice(): Promise<oidc.DeviceAuthorizationResponse | undefined> {
    if (!this.client().serverMetadata().device_authorization_endpoint) return undefined;
    return oidc.initiateDeviceAuthorization(this.client(), { scope: this.config.OIDC_SCOPES });
  }

  /**
   * One poll of the token endpoint for a device code: the identity; 'pending' while the person has not approved yet;
   * 'slow_down' when the provider also wants the polls further apart.
   */
  async pollDevice(deviceCode: string): Promise<VerifiedIdentity | 'pending' | 'slow_down'> {
    try {
      const tokens = await oidc.genericGrantRequest(this.client(), 'urn:ietf:params:oauth:grant-type:device_code', { device_code: deviceCode });
      return this.identityOf(tokens);
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'authorization_pending') return 'pending';
      if (error instanceof oidc.ResponseBodyError && error.error === 'slow_down') return 'slow_down';
      throw error;
    }
  }

  private async identityOf(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): Promise<VerifiedIdentity> {
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the provider sent no ID token');
    let claims: Record<string, unknown> = { ...idToken };
    // Providers often put groups and email only in userinfo: read it too, for the same subject. Its email wins, and is
    // taken with the email_verified that vouches for it: userinfo's, or the ID token's only for the same email.
    if (this.client().serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(this.client(), tokens.access_token, idToken.sub);
      claims = { ...info, ...claims, ...pick(info, [this.config.OIDC_ROLES_CLAIM]) };
      if (info.email !== undefined) {
        claims.email = info.email;
        claims.email_verified = info.email_verified ?? (info.email === idToken.email ? idToken.email_verified : undefined);
      }
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims };
  }

  private client(): oidc.Configuration {
    if (!this.configuration) throw new Error('single sign-on is not configured (OIDC_ISSUER)');
    return this.configuration;
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
