import { Module } from '@nestjs/common';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { ChainVerification } from './chain-verification.service';
import { ChainVerifier } from './chain-verifier.service';
import { CheckpointExport } from './checkpoint-export';
import { CheckpointsService } from './checkpoints.service';

/**
 * The audit log's read side for the API: listing, chain verification and
 * signed checkpoints. Needs the global DbModule, AuditModule, ConfigModule and
 * SnapshotsModule (the signing key).
 *
 * It lives apart from libs/audit/src, which identity and snapshots import to
 * write entries: this side imports them, and one library would make a cycle.
 */
@Module({
  controllers: [AuditLogController, AuditCheckpointsController],
  providers: [AuditLogService, ChainVerifier, ChainVerification, CheckpointsService, CheckpointExport],
  exports: [ChainVerifier, CheckpointsService],
})
export class AuditReadModule {}
