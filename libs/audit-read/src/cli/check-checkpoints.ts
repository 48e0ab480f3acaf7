/**
 * Checks exported audit checkpoints against the database:
 * `node dist/libs/audit-read/src/cli/check-checkpoints.js <audit-checkpoints.jsonl> [--jwks <file or URL>]`
 * (`npm run audit:check -- …`). Reads DATABASE_URL. Signatures are checked
 * against the public keys in the database (retired ones included), or only
 * against a JWKS given with --jwks: a copy kept apart from the database is the
 * stronger check. Prints one line a checkpoint and a verdict; exits 0 when
 * every checkpoint holds, 1 when one does not, 2 on a usage or setup error.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, EnvConfig } from '@killswitch/config';
import { DbModule, PrismaService } from '@killswitch/db';
import { ChainVerifier } from '../chain-verifier.service';
import { short } from '../chain-walk';
import { CheckpointReport, checkCheckpoints } from '../checkpoint-check';

const USAGE = 'usage: npm run audit:check -- <audit-checkpoints.jsonl> [--jwks <jwks.json file or https URL>]';

@Module({})
class CheckCheckpointsModule {
  static forRoot(config: EnvConfig): DynamicModule {
    return { module: CheckCheckpointsModule, imports: [ConfigModule.forRoot(config), DbModule], providers: [ChainVerifier] };
  }
}

class UsageError extends Error {}

interface Args {
  file: string;
  jwks?: string;
}

function parseArgs(argv: string[]): Args {
  const rest = [...argv];
  let jwks: string | undefined;
  const at = rest.indexOf('--jwks');
  if (at >= 0) {
    jwks = rest[at + 1];
    if (!jwks) throw new UsageError('--jwks needs a file or a URL');
    rest.splice(at, 2);
  }
  if (rest.length !== 1 || rest[0].startsWith('--')) throw new UsageError(USAGE);
  return { file: rest[0], jwks };
}

/** Only what the check needs, validated like EnvConfig does (which would also demand REDIS_URL). */
function configOf(env: NodeJS.ProcessEnv): EnvConfig {
  const url = env.DATABASE_URL;
  if (!url) throw new UsageError('DATABASE_URL is not set');
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new UsageError('DATABASE_URL must be a postgresql:// connection string');
  return Object.assign(new EnvConfig(), { DATABASE_URL: url });
}

async function loadJwks(source: string): Promise<object[]> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new UsageError(`--jwks ${source} answered ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(source, 'utf8');
  }
  const jwks = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(jwks.keys)) throw new UsageError(`--jwks ${source} is not a JWK set ({ "keys": [...] })`);
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

/** Runs the check and returns the exit code; lines go to `print`. */
export async function runAuditCheck(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let args: Args;
  let config: EnvConfig;
  let text: string;
  try {
    args = parseArgs(argv);
    config = configOf(env);
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    print(`audit:check: ${(error as Error).message}`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CheckCheckpointsModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    await app.init();
    const keys = args.jwks ? await loadJwks(args.jwks) : await databaseKeys(app.get(PrismaService));
    const report = await checkCheckpoints(text, keys, app.get(ChainVerifier));
    formatReport(report).forEach(print);
    return report.ok ? 0 : 1;
  } catch (error) {
    print(`audit:check: ${causeOf(error)}`);
    return 2;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  void runAuditCheck(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then((code) => process.exit(code));
}
