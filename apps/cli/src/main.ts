#!/usr/bin/env node
/** Entry point of the `killswitch` CLI: runs the command, prints any error on stderr, exits with its code. */
import { CommanderError } from 'commander';
import { ApiError, CliError, ExitCode } from '@killswitch/api-client';
import { buildProgram } from './program';
import { inert, inertJson } from './inert-text';

/** --json asks for machine-readable output: errors too, as one JSON object on stderr. */
const json = wantsJson(process.argv.slice(2));

function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

function reportJson(error: unknown): number {
  let body: Record<string, unknown>;
  let exitCode: number = ExitCode.failure;
  if (error instanceof CommanderError) {
    exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (exitCode === ExitCode.ok) return exitCode; // --help, --version: printed as asked
    body = { exitCode, code: 'usage', message: error.message.replace(/^error: /, '') };
  } else if (error instanceof ApiError) {
    exitCode = error.exitCode;
    body = { exitCode, status: error.status, code: error.code, message: error.message, details: error.details, requestId: error.requestId, hint: error.hint };
  } else if (error instanceof CliError) {
    exitCode = error.exitCode;
    body = { exitCode, message: error.message, hint: error.hint };
  } else {
    body = { exitCode, message: `unexpected error: ${error instanceof Error ? error.message : String(error)}` };
  }
  process.stderr.write(inertJson(JSON.stringify({ error: body })) + '\n');
  return exitCode;
}

function report(error: unknown): number {
  if (json) return reportJson(error);
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    let line = `killswitch: ${error.message}`;
    if (error instanceof ApiError) line += ` (${error.status} ${error.statusText}${error.requestId ? `, request id ${error.requestId}` : ''})`;
    process.stderr.write(inert(line) + '\n');
    if (error.hint) process.stderr.write(`  ${inert(error.hint)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`killswitch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failure;
}

buildProgram({ quietErrors: json })
  .parseAsync(process.argv)
  .then(
    () => undefined,
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );
