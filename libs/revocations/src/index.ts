export * from './revocations.module';
export * from './revocations-worker.module';
export * from './acks.service';
export * from './progress.service';
export * from './fanout.service';
export * from './deliver.service';
export * from './dto/revocation.dto';
export * from './delivery-expiry';
