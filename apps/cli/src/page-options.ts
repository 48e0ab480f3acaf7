/** List commands: one page (`--limit`, `--cursor`), or every page with `--all` (fetchList follows `nextCursor`). */
import { Command, InvalidArgumentError } from 'commander';
import type { Page } from '@killswitch/api-client';

export function parseLimit(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('limit must be a whole number from 1 to 500');
  return n;
}

export function addPageOptions(command: Command): Command {
  return command
    .option('--all', 'every page, following nextCursor')
    .option('--limit <n>', 'items per page (1-500)', parseLimit)
    .option('--cursor <cursor>', 'start at this nextCursor of an earlier page');
}

/** Tells the person at the terminal how to get more, if there is more. */
export function moreHint(page: Page<unknown>): string | undefined {
  return page.nextCursor ? `more on the next page: add --all, or --cursor ${page.nextCursor}` : undefined;
}
