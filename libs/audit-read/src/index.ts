// The audit log's read side, imported as @killswitch/audit-read: listing,
// chain verification and signed checkpoints. Kept apart from
// @killswitch/audit (the writer every domain imports) so that this side may
// use identity and snapshots without an import cycle.
export * from './chain-walk';
export * from './chain-verifier.service';
export * from './chain-verification.service';
export * from './checkpoint-token';
export * from './checkpoint-export';
export * from './checkpoint-check';
export * from './checkpoints.service';
export * from './checkpoint-scheduler';
export * from './audit-log.service';
export * from './dto/audit-log.dto';
export * from './dto/checkpoint.dto';
export * from './audit-read.module';
export * from './audit-checkpoints-worker.module';
export * from './audit-check';
