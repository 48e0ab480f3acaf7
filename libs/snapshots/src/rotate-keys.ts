/**
 * Rotates the snapshot signing keys from outside the API, with only a database
 * URL: `killswitch keys rotate` (apps/cli) runs it. Running API processes keep
 * signing with the old key, still published as `previous`, until they refresh.
 */
import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Actor, AuditModule } from '@killswitch/audit';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { RotationResult, SigningKeysService } from './signing-keys.service';
import { SnapshotsModule } from './snapshots.module';

export interface RotateKeysOptions {
  /** A postgresql:// URL (validated by the caller). */
  databaseUrl: string;
  /** The value the API runs with, when private keys are sealed. */
  keyEncryptionKey?: string;
  reason?: string;
  /** Who ran it (the OS user), for the audit entry. */
  operator: string;
}

@Module({})
class RotateKeysModule {
  static forRoot(config: EnvConfig, keyEncryptionKey: string | undefined): DynamicModule {
    return {
      module: RotateKeysModule,
      // issuer and lifetime are not used to rotate; the module requires them.
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        AuditModule,
        SnapshotsModule.forRoot({ issuer: config.KILLSWITCH_ISSUER, lifetimeSec: 3600, keyEncryptionKey }),
      ],
    };
  }
}

/** Creates keys if there are none, rotates once, and returns the new kids. */
export async function rotateSigningKeys(options: RotateKeysOptions): Promise<RotationResult> {
  // Only what rotation needs: EnvConfig as a whole would also demand REDIS_URL.
  const config = Object.assign(new EnvConfig(), { DATABASE_URL: options.databaseUrl });
  const app = await NestFactory.createApplicationContext(RotateKeysModule.forRoot(config, options.keyEncryptionKey), { logger: false, abortOnError: false });
  try {
    await app.init();
    const actor: Actor = { type: 'system', label: `system:rotate-keys (os user ${options.operator})` };
    return await app.get(SigningKeysService).rotate(actor, options.reason);
  } finally {
    await app.close();
  }
}
