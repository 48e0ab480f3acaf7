import { Module } from '@nestjs/common';
import { AcksService } from './acks.service';
import { ProgressService } from './progress.service';
import { RevocationsController } from './revocations.controller';

/** The API side of revocations: progress, deliveries, acks. */
@Module({ controllers: [RevocationsController], providers: [ProgressService, AcksService], exports: [ProgressService, AcksService] })
export class RevocationsModule {}
