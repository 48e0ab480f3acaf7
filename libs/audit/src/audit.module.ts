import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { RefusalFolder } from './refusal-folder.service';
import { RefusalRecorder } from './refusal-recorder.service';

@Global()
@Module({ providers: [AuditService, RefusalRecorder, RefusalFolder], exports: [AuditService, RefusalRecorder, RefusalFolder] })
export class AuditModule {}
