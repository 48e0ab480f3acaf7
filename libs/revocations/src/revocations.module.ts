import { Module } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { IdentityModule } from '@killswitch/identity';
import { AcksService } from './acks.service';
import { ProgressHub } from './progress-hub';
import { ProgressReads } from './progress-reads';
import { ProgressService } from './progress.service';
import { RevocationsController } from './revocations.controller';
import { StreamQuota } from './stream-quota';

/** The API side of revocations: progress, deliveries, acks. */
@Module({
  imports: [IdentityModule],
  controllers: [RevocationsController],
  providers: [
    ProgressService,
    AcksService,
    ProgressHub,
    ProgressReads,
    { provide: StreamQuota, inject: [EnvConfig], useFactory: (config: EnvConfig) => new StreamQuota(config.STREAMS_PER_PRINCIPAL) },
  ],
  exports: [ProgressService, AcksService, ProgressHub],
})
export class RevocationsModule {}
