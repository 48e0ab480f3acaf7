/** kill (with --wait) and preview: the same scope flags, acting or not. */
import type { Command } from 'commander';
import { connect } from './connection';
import { Output } from './output';
import { describeProgress } from './progress-bar';
import { Scope, addScopeOptions, describeScope, scopeFrom } from './scope-options';
import { fields, table } from './table';
import type { CreatedKillSwitch, KillSwitchPreview } from '@killswitch/api-client';
import { parseSeconds, waitForRevocation } from './wait-for-revocation';

interface KillOptions extends Scope {
  reason: string;
  deviceMessage?: string;
  incident?: string;
  wait?: boolean;
  timeout?: number;
}

export function registerKillCommands(program: Command): void {
  addScopeOptions(program.command('kill').description('kill an integration for a scope, at once (one person can kill; nobody waits)'))
    .requiredOption('--reason <text>', 'why, for the audit log and the incident timeline (internal: never shown to devices)')
    .option('--device-message <text>', 'what affected devices show their owners (up to 280 characters); without it, a neutral default')
    .option('--incident <id>', 'the incident this kill answers')
    .option('--wait', 'show the revocation progress until every device has acknowledged (Ctrl-C stops watching; the kill stays)')
    .option('--timeout <sec>', 'with --wait: give up watching after this many seconds (exit code 1)', parseSeconds)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  killswitch kill --vendor xiaomi --integration xiaomi.camera-stream --reason "strangers\' feeds shown" --incident <id> --wait\n' +
        '  killswitch kill --vendor xiaomi --reason "SEC-123" --device-message "Camera streaming is paused while Xiaomi fixes a problem."\n' +
        '  killswitch kill --vendor xiaomi --vendor-firmware lt:3.5.1_00.68 --reason "narrow to vulnerable firmware"',
    )
    .action(async (options: KillOptions, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      const scope = scopeFrom(options);
      const kill = await client.post<CreatedKillSwitch>('/v1/kill-switches', {
        scope,
        reason: options.reason,
        ...(options.deviceMessage !== undefined ? { deviceMessage: options.deviceMessage } : {}),
        ...(options.incident ? { incidentId: options.incident } : {}),
      });
      if (!options.wait) {
        out.result(kill, () => describeKill(kill, scope));
        return;
      }
      // The kill is in force already: say so before waiting, in case the wait is cut short.
      out.human(describeKill(kill, scope));
      const outcome = await waitForRevocation(client, kill.revocationId, {
        timeoutSec: options.timeout,
        resumeHint: `the kill stays in force; follow it with: killswitch status ${kill.id} --watch`,
      });
      out.result({ ...kill, revocation: outcome.view }, () => `revocation ${kill.revocationId}: ${describeProgress(outcome.view)}`);
      if (outcome.stopped) throw outcome.stopped;
    });

  addScopeOptions(program.command('preview').description('what a kill of this scope would affect, without acting')).action(
    async (options: Scope, command: Command) => {
      const client = await connect(command);
      const preview = await client.post<KillSwitchPreview>('/v1/kill-switches/preview', { scope: scopeFrom(options) });
      Output.of(command).result(preview, () =>
        [
          `scope: ${describeScope({ ...scopeFrom(options) })}`,
          fields([
            ['affected devices', preview.affectedDevices],
            ['matching links', preview.matchingLinks],
          ]),
          preview.byVendorFirmware.length === 0
            ? 'no linked vendor products match'
            : 'by vendor firmware:\n' +
              table(
                ['VENDOR FIRMWARE', 'DEVICES', 'LINKS'],
                preview.byVendorFirmware.map((row) => [row.vendorFirmware, row.devices, row.links]),
              ),
        ].join('\n'),
      );
    },
  );
}

function describeKill(kill: CreatedKillSwitch, scope: Scope): string {
  return [
    `kill switch ${kill.id} is ${kill.state}`,
    fields([
      ['scope', describeScope({ ...scope })],
      ['revision', kill.revision],
      ['affected devices', kill.affectedDevices],
      ['revocation', kill.revocationId],
    ]),
  ].join('\n');
}
