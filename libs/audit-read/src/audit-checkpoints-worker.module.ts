import { DynamicModule, Module } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { QueueProducerModule } from '@killswitch/queue';
import { SnapshotsModule } from '@killswitch/snapshots';
import { ChainVerifier } from './chain-verifier.service';
import { CheckpointExport } from './checkpoint-export';
import { CheckpointScheduler } from './checkpoint-scheduler';
import { CheckpointsService } from './checkpoints.service';

/**
 * Periodic signed checkpoints, for the worker. Brings the snapshot signing
 * keys (the worker has no other use for them); needs the global DbModule,
 * AuditModule and ConfigModule.
 */
@Module({})
export class AuditCheckpointsWorkerModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return {
      module: AuditCheckpointsWorkerModule,
      imports: [
        QueueProducerModule,
        SnapshotsModule.forRoot({
          issuer: config.KILLSWITCH_ISSUER,
          lifetimeSec: config.SNAPSHOT_TTL_SEC,
          keyEncryptionKey: config.KILLSWITCH_KEY_ENCRYPTION_KEY,
        }),
      ],
      providers: [ChainVerifier, CheckpointExport, CheckpointsService, CheckpointScheduler],
      exports: [CheckpointScheduler],
    };
  }
}
