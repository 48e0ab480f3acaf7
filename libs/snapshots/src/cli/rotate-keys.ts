/**
 * Rotates the snapshot signing keys: `node dist/libs/snapshots/src/cli/rotate-keys.js [--reason "<why>"]`.
 * Reads DATABASE_URL and, when private keys are sealed, KILLSWITCH_KEY_ENCRYPTION_KEY
 * (the same value the API runs with). Prints the new kids as one JSON line and
 * exits 0; on failure prints one line on stderr and exits 1. Running API
 * processes keep signing with the old key, still published as `previous`, until
 * they refresh.
 */
import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userInfo } from 'node:os';
import { Actor, AuditModule } from '@killswitch/audit';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule } from '@killswitch/db';
import { RotationResult, SigningKeysService } from '../signing-keys.service';
import { SnapshotsModule } from '../snapshots.module';

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

/** Only what rotation needs, validated like EnvConfig does (which would also demand REDIS_URL). */
function readEnv(env: NodeJS.ProcessEnv): { config: EnvConfig; keyEncryptionKey?: string } {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new Error('DATABASE_URL must be a postgresql:// connection string');
  const config = Object.assign(new EnvConfig(), { DATABASE_URL: url });
  return { config, keyEncryptionKey: env.KILLSWITCH_KEY_ENCRYPTION_KEY || undefined };
}

function reasonOf(argv: string[]): string | undefined {
  const at = argv.indexOf('--reason');
  return at >= 0 ? argv[at + 1] : undefined;
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Creates keys if there are none, rotates once, and returns the new kids. */
export async function rotateKeys(env: NodeJS.ProcessEnv, argv: string[] = []): Promise<RotationResult> {
  const { config, keyEncryptionKey } = readEnv(env);
  const app = await NestFactory.createApplicationContext(RotateKeysModule.forRoot(config, keyEncryptionKey), { logger: false, abortOnError: false });
  try {
    await app.init();
    const actor: Actor = { type: 'system', label: `system:rotate-keys (os user ${operator()})` };
    return await app.get(SigningKeysService).rotate(actor, reasonOf(argv));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  rotateKeys(process.env, process.argv.slice(2)).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`killswitch rotate-keys failed: ${message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
