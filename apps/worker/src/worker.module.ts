import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule, RefusalFoldScheduler } from '@killswitch/audit';
import { AuditCheckpointsWorkerModule, CheckpointScheduler } from '@killswitch/audit-read';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { LiftStagesWorkerModule } from '@killswitch/kill-switches';
import { WorkerOpsModule } from '@killswitch/ops';
import { JobHandlerSet, OutboxRelay, QueueModule, QueueProducerModule } from '@killswitch/queue';
import { RevocationJobs, RevocationsWorkerModule } from '@killswitch/revocations';
import { WebhookJobs, WebhooksWorkerModule } from '@killswitch/webhooks';
import { JOB_HANDLER_SETS, QueueWorkers } from './queue-workers';

/** Background work: queue processors and the outbox relay. No HTTP server but its /metrics port (WorkerOpsModule). */
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
        QueueProducerModule,
        AuditModule,
        RevocationsWorkerModule,
        AuditCheckpointsWorkerModule.forRoot(config),
        LiftStagesWorkerModule,
        WebhooksWorkerModule,
        WorkerOpsModule,
      ],
      providers: [
        OutboxRelay,
        // Every domain's job handlers: QueueWorkers refuses to start unless each job name has exactly one.
        {
          provide: JOB_HANDLER_SETS,
          useFactory: (...sets: JobHandlerSet[]) => sets,
          inject: [RevocationJobs, CheckpointScheduler, WebhookJobs],
        },
        QueueWorkers,
        RefusalFoldScheduler,
      ],
    };
  }
}
