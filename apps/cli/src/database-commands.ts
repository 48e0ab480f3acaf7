/**
 * The commands that work on the database itself (DATABASE_URL), not through the
 * API: signing key rotation and the check of exported audit checkpoints. Loaded
 * only when one of them runs, so every other command starts without NestJS and
 * Prisma.
 */
import { userInfo } from 'node:os';
import { CliError, ExitCode } from '@killswitch/api-client';
import { auditCheck } from '@killswitch/audit-read';
import { RotationResult, rotateSigningKeys } from '@killswitch/snapshots';
import { inert } from './inert-text';

/** DATABASE_URL, checked the way the API's configuration checks it. */
export function databaseUrlOf(env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL;
  if (!url) throw new CliError(ExitCode.usage, 'DATABASE_URL is not set: this command works on the database directly');
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new CliError(ExitCode.usage, 'DATABASE_URL must be a postgresql:// connection string');
  return url;
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function rotateKeys(env: NodeJS.ProcessEnv, reason: string | undefined): Promise<RotationResult> {
  const databaseUrl = databaseUrlOf(env);
  try {
    return await rotateSigningKeys({ databaseUrl, keyEncryptionKey: env.KILLSWITCH_KEY_ENCRYPTION_KEY || undefined, reason, operator: operator() });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(ExitCode.failure, `keys rotate failed: ${message.split('\n')[0]}`);
  }
}

/** 0 every checkpoint holds, 1 one does not, 2 the check could not run; lines go to stdout. */
export async function checkAuditExport(env: NodeJS.ProcessEnv, file: string, jwks: string | undefined): Promise<number> {
  const databaseUrl = databaseUrlOf(env);
  return auditCheck({ databaseUrl, file, jwks }, (line) => process.stdout.write(`${inert(line)}\n`));
}
