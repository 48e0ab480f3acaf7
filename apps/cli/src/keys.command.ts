/** keys rotate: the snapshot signing keys, on the database directly (DATABASE_URL). */
import type { Command } from 'commander';
import { Output } from './output';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('snapshot signing keys (works on the database: DATABASE_URL, not the API)');
  keys
    .command('rotate')
    .description(
      'rotate the signing keys: previous → retired, current → previous, next → current, a new next. Reads DATABASE_URL and, when keys are sealed, KILLSWITCH_KEY_ENCRYPTION_KEY',
    )
    .option('--reason <text>', 'why, for the audit log')
    .action(async (options: { reason?: string }, command: Command) => {
      const { rotateKeys } = await import('./database-commands.js');
      const result = await rotateKeys(process.env, options.reason);
      // One JSON line, as the script before it printed: the new kids.
      Output.of(command).result(result, () => JSON.stringify(result));
    });
}
