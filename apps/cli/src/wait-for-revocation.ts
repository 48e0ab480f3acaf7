/** `--wait` / `--watch`: the progress bar until 100 %, Ctrl-C or `--timeout`, whichever comes first. */
import { InvalidArgumentError } from 'commander';
import { type ApiClient, CliError, ExitCode, WatchResult, watchRevocation } from '@killswitch/api-client';
import { describeProgress, progressDisplay } from './progress-bar';
import { inert } from './inert-text';

export interface WaitOutcome extends WatchResult {
  /** Why the watch ended without 100 %: a CliError to throw once the result is printed. */
  stopped?: CliError;
}

export function parseSeconds(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number of seconds above 0');
  return n;
}

export async function waitForRevocation(client: ApiClient, revocationId: string, options: { timeoutSec?: number; resumeHint: string }): Promise<WaitOutcome> {
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  const signals = [interrupt.signal];
  if (options.timeoutSec !== undefined) signals.push(AbortSignal.timeout(options.timeoutSec * 1000));
  const display = progressDisplay(`revocation ${revocationId}`);
  let result: WatchResult;
  try {
    result = await watchRevocation(client, revocationId, {
      signal: AbortSignal.any(signals),
      onUpdate: (view) => display.update(view),
      onNotice: (message) => process.stderr.write(`${inert(message)}\n`),
    });
  } finally {
    display.stop();
    process.removeListener('SIGINT', onSigint);
  }
  if (result.complete) return result;
  const where = describeProgress(result.view);
  if (interrupt.signal.aborted) {
    return { ...result, stopped: new CliError(ExitCode.interrupted, `stopped watching at ${where}`, options.resumeHint) };
  }
  return { ...result, stopped: new CliError(ExitCode.failure, `not 100 % acknowledged after ${options.timeoutSec} s: ${where}`, options.resumeHint) };
}
