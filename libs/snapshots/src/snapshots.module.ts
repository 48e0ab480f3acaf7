import { DynamicModule, Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { SigningKeysService } from './signing-keys.service';
import { SnapshotSigner } from './snapshot-signer';
import { SNAPSHOT_OPTIONS, SnapshotOptions, validateSnapshotOptions } from './snapshot-options';

/**
 * Snapshot signing keys, the snapshot signer and `GET /.well-known/jwks.json`.
 * Needs the global DbModule and AuditModule. Keys are created, if missing, at
 * application bootstrap.
 */
@Module({})
export class SnapshotsModule {
  static forRoot(options: SnapshotOptions): DynamicModule {
    return {
      module: SnapshotsModule,
      global: true,
      controllers: [JwksController],
      providers: [{ provide: SNAPSHOT_OPTIONS, useValue: validateSnapshotOptions(options) }, SigningKeysService, SnapshotSigner],
      exports: [SNAPSHOT_OPTIONS, SigningKeysService, SnapshotSigner],
    };
  }
}
