/** status <killSwitchId>: the kill and its revocation counts; --watch follows the progress bar. */
import type { Command } from 'commander';
import type { ApiClient, KillSwitchView, RevocationView } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { describeProgress } from './progress-bar';
import { describeScope } from './scope-options';
import { fields } from './table';
import { parseSeconds, waitForRevocation } from './wait-for-revocation';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('a kill switch and the progress of its revocation')
    .argument('<killSwitchId>')
    .option('--watch', 'show the progress bar until every device has acknowledged (Ctrl-C stops watching)')
    .option('--timeout <sec>', 'with --watch: give up after this many seconds (exit code 1)', parseSeconds)
    .action(async (id: string, options: { watch?: boolean; timeout?: number }, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      const kill = await client.get<KillSwitchView>(`/v1/kill-switches/${encodeURIComponent(id)}`);
      let revocation = await revocationOf(client, kill);
      if (!options.watch || !revocation) {
        out.result({ killSwitch: kill, revocation: revocation ?? null }, () => describeStatus(kill, revocation));
        return;
      }
      out.human(describeStatus(kill, undefined));
      const outcome = await waitForRevocation(client, revocation.id, {
        timeoutSec: options.timeout,
        resumeHint: `follow it again with: killswitch status ${kill.id} --watch`,
      });
      revocation = outcome.view;
      out.result({ killSwitch: kill, revocation }, () => `revocation ${revocation!.id} (${revocation!.kind ?? 'kill'}): ${describeProgress(revocation!)}`);
      if (outcome.stopped) throw outcome.stopped;
    });
}

async function revocationOf(client: ApiClient, kill: KillSwitchView): Promise<RevocationView | undefined> {
  if (!kill.revocationId) return undefined;
  return client.get<RevocationView>(`/v1/revocations/${encodeURIComponent(kill.revocationId)}`);
}

function describeStatus(kill: KillSwitchView, revocation: RevocationView | undefined): string {
  const lines = [
    `kill switch ${kill.id} is ${kill.state}`,
    fields([
      ['scope', describeScope(kill.scope)],
      ['reason', kill.reason],
      ['device message', kill.deviceMessage ?? '(the default)'],
      ['incident', kill.incidentId],
      ['created', kill.createdAt],
      ['revision', kill.revision],
      ['affected devices', kill.affectedDevices],
      ...(kill.releasedBelow > 0 && kill.state !== 'lifted' ? [['released', `${kill.releasedBelow / 100} % of devices`] as [string, string]] : []),
      ...(kill.liftedAt ? [['lifted', kill.liftedAt] as [string, string]] : []),
    ]),
  ];
  if (revocation) lines.push(`revocation ${revocation.id} (${revocation.kind ?? 'kill'}): ${describeProgress(revocation)}`);
  return lines.join('\n');
}
