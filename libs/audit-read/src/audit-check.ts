/**
 * Checks exported audit checkpoints against the database, with only a database
 * URL: `killswitch audit check` (apps/cli, `npm run audit:check`) runs it.
 * Signatures are checked against the public keys in the database (retired ones
 * included), or only against a JWKS given apart: a copy kept away from the
 * database is the stronger check.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule, PrismaService } from '@killswitch/db';
import { ChainVerifier } from './chain-verifier.service';
import { short } from './chain-walk';
import { CheckpointReport, checkCheckpoints } from './checkpoint-check';

@Module({})
class CheckCheckpointsModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return { module: CheckCheckpointsModule, imports: [ConfigModule.forRoot(config), DbModule], providers: [ChainVerifier] };
  }
}

/** A problem with the input (file, JWKS), not with the checkpoints: the check could not run. */
class InputError extends Error {}

export interface AuditCheckOptions {
  /** A postgresql:// URL (validated by the caller). */
  databaseUrl: string;
  /** The exported checkpoints, one JSON line each. */
  file: string;
  /** A JWKS file or http(s) URL to check signatures against instead of the database's keys. */
  jwks?: string;
}

async function loadJwks(source: string): Promise<object[]> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new InputError(`--jwks ${source} answered ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(source, 'utf8');
  }
  const jwks = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(jwks.keys)) throw new InputError(`--jwks ${source} is not a JWK set ({ "keys": [...] })`);
  return jwks.keys as object[];
}

/** Every key ever used to sign, retired ones included: old checkpoints keep verifying after rotations. */
async function databaseKeys(prisma: PrismaService): Promise<object[]> {
  const rows = await prisma.signingKey.findMany({ select: { publicJwk: true } });
  return rows.map((row) => row.publicJwk as object);
}

export function formatReport(report: CheckpointReport): string[] {
  const lines = report.results.map((result) => {
    if (result.ok && result.claims) {
      return `ok    line ${result.line}: seq ${result.claims.seq}, head ${short(result.claims.headHash)}…, signed by ${result.kid} at ${result.claims.at}`;
    }
    return `FAIL  line ${result.line}${result.seq ? `: seq ${result.seq}` : ''}: ${result.problem}`;
  });
  if (report.chain) {
    lines.push(`chain: ${report.chain.entries} entries verified from genesis to entry ${report.chain.head.seq}`);
  }
  const failed = report.results.filter((result) => !result.ok).length;
  lines.push(
    report.ok
      ? `audit:check OK: ${report.results.length} checkpoints hold`
      : `audit:check FAILED: ${failed} of ${report.results.length} checkpoints do not hold`,
  );
  return lines;
}

/** Prisma's messages put the call first and the cause last, between blank lines: the cause, on one line. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .filter((line) => line.trim() !== '')
      .pop() ?? 'unknown error'
  );
}

/** Runs the check, printing one line a checkpoint and a verdict: 0 when every checkpoint holds, 1 when one does not, 2 when it could not be checked. */
export async function auditCheck(options: AuditCheckOptions, print: (line: string) => void): Promise<number> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    print(`audit:check: ${(error as Error).message}`);
    return 2;
  }
  // Only what the check needs: EnvConfig as a whole would also demand REDIS_URL.
  const config = Object.assign(new EnvConfig(), { DATABASE_URL: options.databaseUrl });
  const app = await NestFactory.createApplicationContext(CheckCheckpointsModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    await app.init();
    const keys = options.jwks ? await loadJwks(options.jwks) : await databaseKeys(app.get(PrismaService));
    const report = await checkCheckpoints(text, keys, app.get(ChainVerifier));
    formatReport(report).forEach(print);
    return report.ok ? 0 : 1;
  } catch (error) {
    print(`audit:check: ${error instanceof InputError ? error.message : causeOf(error)}`);
    return 2;
  } finally {
    await app.close();
  }
}
