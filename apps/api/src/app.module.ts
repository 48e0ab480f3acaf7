import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@killswitch/audit';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { DevicesModule } from '@killswitch/devices';
import { AllExceptionsFilter, StrictValidationPipe, requestIdOf } from '@killswitch/http';
import { IdentityModule } from '@killswitch/identity';
import { OpsModule } from '@killswitch/ops';
import { QueueModule } from '@killswitch/queue';

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
        }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.LOGIN_RATE_LIMIT }] }),
        DbModule,
        QueueModule,
        AuditModule,
        IdentityModule,
        DevicesModule,
        OpsModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
