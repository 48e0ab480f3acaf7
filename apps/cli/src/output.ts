/** Results go to stdout (JSON with --json, text otherwise); messages and progress go to stderr. */
import type { Command } from 'commander';
import { globalsOf } from './connection';
import { inert, inertJson } from './inert-text';

export class Output {
  constructor(readonly json: boolean) {}

  static of(command: Command): Output {
    return new Output(globalsOf(command).json === true);
  }

  /** The command's result: `value` as JSON, or `human()` as text. */
  result(value: unknown, human: () => string): void {
    const text = this.json ? inertJson(JSON.stringify(value, null, 2)) : inert(human());
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Text for a person, on stdout, only without --json (where the one JSON result says it all). */
  human(text: string): void {
    if (!this.json) process.stdout.write(inert(text.endsWith('\n') ? text : text + '\n'));
  }

  /** A message for the person at the terminal, never mixed into the result. */
  note(message: string): void {
    process.stderr.write(inert(message) + '\n');
  }
}
