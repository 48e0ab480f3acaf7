/** password: change your own password (a one-time password first of all). */
import type { Command } from 'commander';
import { CliError, ExitCode } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { promptPassword, readStdin } from './password-input';

/** --password-stdin: two lines, the current password then the new one. */
async function passwordsFromStdin(): Promise<{ currentPassword: string; newPassword: string }> {
  const lines = (await readStdin()).split(/\r?\n/);
  if (lines.length < 2 || !lines[0] || !lines[1]) {
    throw new CliError(ExitCode.usage, '--password-stdin: give two lines, the current password and then the new one');
  }
  return { currentPassword: lines[0], newPassword: lines[1] };
}

async function passwordsFromTerminal(): Promise<{ currentPassword: string; newPassword: string }> {
  const currentPassword = await promptPassword('current password: ');
  const newPassword = await promptPassword('new password (12 characters or more): ');
  if ((await promptPassword('new password again: ')) !== newPassword) throw new CliError(ExitCode.usage, 'the two new passwords differ: nothing changed');
  return { currentPassword, newPassword };
}

export function registerPasswordCommand(program: Command): void {
  program
    .command('password')
    .description('change your password; your other sessions are signed out')
    .option('--password-stdin', 'read the current and the new password from stdin, one per line')
    .action(async (options: { passwordStdin?: boolean }, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      const body = options.passwordStdin ? await passwordsFromStdin() : await passwordsFromTerminal();
      await client.post('/v1/auth/password', body);
      out.result({ changed: true }, () => 'password changed; your other sessions were signed out');
    });
}
