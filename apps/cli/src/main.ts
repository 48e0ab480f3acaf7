#!/usr/bin/env node
/** Entry point of the `killswitch` CLI: runs the command, prints any error on stderr, exits with its code. */
import { CommanderError } from 'commander';
import { ApiError, CliError, ExitCode } from '@killswitch/api-client';
import { buildProgram } from './program';

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    let line = `killswitch: ${error.message}`;
    if (error instanceof ApiError) line += ` (${error.status} ${error.statusText}${error.requestId ? `, request id ${error.requestId}` : ''})`;
    process.stderr.write(line + '\n');
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(`killswitch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failure;
}

buildProgram()
  .parseAsync(process.argv)
  .then(
    () => undefined,
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );
