import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { EnvConfig } from '@killswitch/config';
import { RedisService, queuePrefix } from '@killswitch/queue';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { CredentialResolver } from './credential-resolver.service';
import { DeviceCredentialCache } from './device-credential-cache';
import { DeviceCredentialsService } from './device-credentials.service';
import { MemoryLoginAttemptStore } from './login-attempt-store';
import { LoginLimiter, loginLimitsOf } from './login-limiter';
import { DeviceAuthorizations } from './oidc/device-authorizations';
import { OidcClient } from './oidc/oidc-client.service';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { OidcController } from './oidc/oidc.controller';
import { RedisLoginAttemptStore } from './redis-login-attempt-store';
import { RefusalLimiter } from './refusal-limiter';
import { RoutePolicyCheck } from './route-policy.check';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';
import { SsoThrottlerGuard } from './sso-throttler.guard';
import { PeopleController } from './people.controller';
import { UsersController } from './users.controller';
import { StreamCredentials } from './stream-credentials';
import { UsersService } from './users.service';

/** Users, sessions, API tokens, device credentials and the global guard. */
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, OidcController, UsersController, ApiTokensController, PeopleController],
  providers: [
    PasswordService,
    UsersService,
    SessionsService,
    OidcClient,
    OidcSignInService,
    DeviceAuthorizations,
    ApiTokensService,
    DeviceCredentialsService,
    CredentialResolver,
    DeviceCredentialCache,
    BootstrapAdminService,
    SsoThrottlerGuard,
    {
      provide: LoginLimiter,
      inject: [EnvConfig, RedisService],
      useFactory: (config: EnvConfig, redis: RedisService) =>
        new LoginLimiter(loginLimitsOf(config), new RedisLoginAttemptStore(redis.client, `${queuePrefix(config)}:login`), new MemoryLoginAttemptStore()),
    },
    RoutePolicyCheck,
    StreamCredentials,
    {
      provide: RefusalLimiter,
      inject: [EnvConfig],
      useFactory: (config: EnvConfig) => new RefusalLimiter(config.REFUSAL_LIMIT, config.REFUSAL_WINDOW_SEC * 1000),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [DeviceCredentialsService, DeviceCredentialCache, CredentialResolver, PasswordService, RefusalLimiter, StreamCredentials],
})
export class IdentityModule {}
