/** kills list. */
import { Command, Option } from 'commander';
import { connect } from './connection';
import { Output } from './output';
import { type KillSwitchView, PageOptions, fetchList } from '@killswitch/api-client';
import { addPageOptions, moreHint } from './page-options';
import { describeScope } from './scope-options';
import { table, truncate } from './table';

export function registerKillsCommands(program: Command): void {
  const kills = program.command('kills').description('kill switches');
  addPageOptions(
    kills
      .command('list')
      .description('kill switches, newest first')
      .addOption(new Option('--state <state>', 'one state').choices(['active', 'lift-requested', 'lifting', 'lifted']))
      .option('--vendor <slug>', 'one vendor'),
  ).action(async (options: PageOptions & { state?: string; vendor?: string }, command: Command) => {
    const out = Output.of(command);
    const client = await connect(command);
    const page = await fetchList<KillSwitchView>(client, '/v1/kill-switches', { state: options.state, vendor: options.vendor }, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no kill switches'
        : table(
            ['ID', 'STATE', 'SCOPE', 'DEVICES', 'CREATED', 'REASON'],
            page.items.map((k) => [k.id, k.state, describeScope(k.scope), k.affectedDevices, k.createdAt, truncate(k.reason, 50)]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
}
