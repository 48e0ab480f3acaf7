import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@killswitch/audit';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { CatalogueModule } from '@killswitch/catalogue';
import { DeviceApiModule } from '@killswitch/device-api';
import { DevicesModule } from '@killswitch/devices';
import { AllExceptionsFilter, StrictValidationPipe, requestIdOf } from '@killswitch/http';
import { IdentityModule } from '@killswitch/identity';
import { KillSwitchesModule } from '@killswitch/kill-switches';
import { OpsModule } from '@killswitch/ops';
import { QueueModule } from '@killswitch/queue';
import { SnapshotsModule } from '@killswitch/snapshots';

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
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
          },
          // The device poll is the hot path: no per-request logger on it (errors still reach the filter's log).
          exclude: [{ method: RequestMethod.GET, path: 'v1/device/flags' }],
        }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.LOGIN_RATE_LIMIT }] }),
        DbModule,
        QueueModule,
        AuditModule,
        IdentityModule,
        DevicesModule,
        CatalogueModule,
        KillSwitchesModule,
        SnapshotsModule.forRoot({
          issuer: config.KILLSWITCH_ISSUER,
          lifetimeSec: config.SNAPSHOT_TTL_SEC,
          keyEncryptionKey: config.KILLSWITCH_KEY_ENCRYPTION_KEY,
        }),
        DeviceApiModule,
        OpsModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
