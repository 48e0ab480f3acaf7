import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@killswitch/audit';
import { AuditReadModule } from '@killswitch/audit-read';
import { ConfigModule, EnvConfig, trustedProxies } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { CatalogueModule } from '@killswitch/catalogue';
import { DeviceApiModule } from '@killswitch/device-api';
import { DevicesModule } from '@killswitch/devices';
import { AllExceptionsFilter, StrictValidationPipe, proxyTrustOf, requestIdOf } from '@killswitch/http';
import { IdentityModule, SSO_THROTTLER } from '@killswitch/identity';
import { IncidentsModule } from '@killswitch/incidents';
import { KillSwitchesModule } from '@killswitch/kill-switches';
import { OpsModule } from '@killswitch/ops';
import { SIGNALS_THROTTLER, SignalsModule } from '@killswitch/signals';
import { QueueModule } from '@killswitch/queue';
import { SnapshotsModule } from '@killswitch/snapshots';
import { WebhooksModule } from '@killswitch/webhooks';
import { AdminUiModule } from './admin-ui/admin-ui.module';
import { QueueDashboard } from './queue-dashboard';
import { requestLogSerializer } from './log-redaction';

/** Not logged line by line: probes, scrapes, and the device poll (a fleet's polls are counted in /metrics). */
const QUIET_PATHS = /^\/(health\/|metrics$|v1\/device\/flags)/;

/** The HTTP API: admin API, device API and operations endpoints. */
@Module({})
export class AppModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req) => requestIdOf(req),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.query.token'],
            // An OFREP event stream's URL carries its token (OFREP ADR-0008: never log it); behind a trusted proxy the
            // address logged is the client's.
            serializers: { req: requestLogSerializer(proxyTrustOf(trustedProxies(config))) },
            autoLogging: { ignore: (req) => QUIET_PATHS.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? '') },
          },
          // nestjs-pino's default route pattern matches nothing under Nest 12 on Fastify; this one matches every request.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          // and the device poll skips the request logger entirely: it is the hot path.
          exclude: [{ path: 'v1/device/flags', method: RequestMethod.GET }],
        }),
        // Each throttler counts only the routes of its own guard: single sign-on starts per address (SsoThrottlerGuard;
        // password sign-ins have their own limits, LoginLimiter), signals per token.
        ThrottlerModule.forRoot({
          throttlers: [
            { name: SSO_THROTTLER, ttl: 60_000, limit: config.LOGIN_RATE_LIMIT },
            { name: SIGNALS_THROTTLER, ttl: 60_000, limit: config.SIGNALS_RATE_LIMIT, setHeaders: false },
          ],
        }),
        DbModule,
        QueueModule,
        AuditModule,
        IdentityModule,
        DevicesModule,
        CatalogueModule,
        KillSwitchesModule,
        IncidentsModule,
        SignalsModule,
        SnapshotsModule.forRoot({
          issuer: config.KILLSWITCH_ISSUER,
          lifetimeSec: config.SNAPSHOT_TTL_SEC,
          keyEncryptionKey: config.KILLSWITCH_KEY_ENCRYPTION_KEY,
        }),
        DeviceApiModule,
        AuditReadModule,
        WebhooksModule,
        OpsModule,
        AdminUiModule,
      ],
      providers: [QueueDashboard, { provide: APP_PIPE, useClass: StrictValidationPipe }, { provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
