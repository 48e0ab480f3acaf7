/** revocations devices: which devices a revocation reached, and which not yet. */
import { Command, Option } from 'commander';
import { type DeliveryView, PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { table } from './table';

const STATES = ['queued', 'sent', 'acknowledged', 'failed', 'expired', 'canceled'];

export function registerRevocationCommands(program: Command): void {
  const revocations = program.command('revocations').description("a kill's or a lift's delivery to each device");
  addPageOptions(
    revocations
      .command('devices <revocationId>')
      .description('the devices of a revocation, with their delivery state (e.g. --state sent: told but not acknowledged)')
      .addOption(new Option('--state <state>', 'one delivery state').choices(STATES)),
  ).action(async (revocationId: string, options: PageOptions & { state?: string }, command: Command) => {
    const out = Output.of(command);
    const client = await connect(command);
    const page = await fetchList<DeliveryView>(client, `/v1/revocations/${encodeURIComponent(revocationId)}/deliveries`, { state: options.state }, options);
    out.result(page, () =>
      page.items.length === 0
        ? `no devices${options.state ? ` in state ${options.state}` : ''}`
        : table(
            ['DEVICE', 'STATE', 'REV', 'ATTEMPTS', 'QUEUED', 'SENT', 'ACKNOWLEDGED', 'LAST ERROR'],
            page.items.map((d) => [d.deviceId, d.state, d.rev, d.attempts, d.queuedAt, d.sentAt, d.acknowledgedAt, d.lastError]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
}
