/** devices show (what a device is told now, its acks, its open deliveries), rotate-credential and decommission. */
import type { Command } from 'commander';
import type { DeviceStatusView, RotatedCredentialView } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { fields, table } from './table';

function describeStatus(status: DeviceStatusView): string {
  const { device } = status;
  const told = Object.entries(status.integrations).map(([key, flag]) => [
    key,
    flag.enabled ? 'on' : 'off',
    flag.failMode,
    flag.reason ?? null,
    flag.killSwitchIds?.join(' ') ?? null,
  ]);
  return [
    fields([
      ['id', device.id],
      ['external id', device.externalId ?? null],
      ['model', `${device.model} ${device.firmware}`],
      ['region / cohort', `${device.region ?? '-'} / ${device.cohort ?? '-'}`],
      ['decommissioned', device.decommissionedAt ?? null],
      ['last seen', status.lastSeenAt],
      ['acknowledged rev', `${status.ackedRev} of ${status.rev}`],
    ]),
    '',
    told.length === 0 ? 'told nothing (no linked integrations)' : table(['INTEGRATION', 'TOLD', 'FAIL MODE', 'MESSAGE', 'KILL SWITCHES'], told),
    '',
    status.openDeliveries.length === 0
      ? 'no open deliveries'
      : table(
          ['REVOCATION', 'KIND', 'REV', 'STATE', 'ATTEMPTS', 'QUEUED', 'LAST ERROR'],
          status.openDeliveries.map((d) => [d.revocationId, d.kind, d.rev, d.state, d.attempts, d.queuedAt, d.lastError]),
        ),
  ].join('\n');
}

export function registerDeviceAdminCommands(devices: Command): void {
  devices
    .command('show <id>')
    .description('what a device is told now, the revision it acknowledged, when it was last seen, its open deliveries')
    .action(async (id: string, _options: unknown, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      const status = await client.get<DeviceStatusView>(`/v1/devices/${encodeURIComponent(id)}/status`);
      out.result(status, () => describeStatus(status));
    });

  devices
    .command('rotate-credential <id>')
    .description('issue a new credential; the old one stops working at once (shown once)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      const rotated = await client.post<RotatedCredentialView>(`/v1/devices/${encodeURIComponent(id)}/credential`);
      out.result(rotated, () =>
        fields([
          ['id', rotated.id],
          ['credential', rotated.credential],
        ]),
      );
      out.note('the old credential no longer works; the new one is shown only this once: give it to the device now');
    });

  devices
    .command('decommission <id>')
    .description('retire a device: its credential is refused and its streams close')
    .action(async (id: string, _options: unknown, command: Command) => {
      const out = Output.of(command);
      const client = await connect(command);
      await client.delete(`/v1/devices/${encodeURIComponent(id)}`);
      out.result({ id, decommissioned: true }, () => `device ${id} decommissioned`);
    });
}
