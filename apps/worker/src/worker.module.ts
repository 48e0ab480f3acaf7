import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule, RefusalFoldScheduler } from '@killswitch/audit';
import { AuditCheckpointsWorkerModule } from '@killswitch/audit-read';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { LiftStagesWorkerModule } from '@killswitch/kill-switches';
import { OutboxRelay, QueueModule } from '@killswitch/queue';
import { RevocationsWorkerModule } from '@killswitch/revocations';
import { RevocationsConsumer } from './revocations.consumer';

/** Background work: queue processors and the outbox relay. No HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        DbModule,
        QueueModule,
        AuditModule,
        RevocationsWorkerModule,
        AuditCheckpointsWorkerModule.forRoot(config),
        LiftStagesWorkerModule,
      ],
      providers: [OutboxRelay, RevocationsConsumer, RefusalFoldScheduler],
    };
  }
}
