/** policies: alerts that may kill an integration at once, after a second admin approves (four eyes). */
import { Command } from 'commander';
import { CliError, ExitCode, type PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { table } from './table';

interface PolicyView {
  id: string;
  name: string;
  state: string;
  match: { alertname?: string; source?: string; vendor: string };
  integration: string;
  maxAffectedDevices: number;
  createdById: string;
  approvedById: string | null;
}

function maxDevices(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(ExitCode.usage, '--max-devices must be a whole number of at least 1');
  return n;
}

export function registerPolicyCommands(program: Command): void {
  const policies = program.command('policies').description('auto-kill policies: an alert that may kill an integration at once, after a second admin approves');
  addPageOptions(policies.command('list').description('auto-kill policies')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<PolicyView>(await connect(command), '/v1/auto-kill-policies', {}, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no auto-kill policies'
        : table(
            ['ID', 'STATE', 'NAME', 'ALERT', 'VENDOR', 'KILLS', 'MAX DEVICES'],
            page.items.map((p) => [p.id, p.state, p.name, p.match.alertname ?? '(any)', p.match.vendor, p.integration, p.maxAffectedDevices]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  policies
    .command('create <name>')
    .description('propose a policy; it takes effect once a second admin approves it')
    .requiredOption('--vendor <slug>', "the alert's vendor label")
    .option('--alertname <name>', 'only this alert (any alert of the vendor if omitted)')
    .option('--source <source>', 'only this signal source, e.g. alertmanager')
    .requiredOption('--integration <key>', 'the integration it kills, e.g. xiaomi.camera-stream')
    .requiredOption('--max-devices <n>', 'the most devices its kills in force may hold off in all; past it an alert stays a proposal', maxDevices)
    .action(async (name: string, o: { vendor: string; alertname?: string; source?: string; integration: string; maxDevices: number }, command: Command) => {
      const match = { vendor: o.vendor, ...(o.alertname ? { alertname: o.alertname } : {}), ...(o.source ? { source: o.source } : {}) };
      const policy = await (
        await connect(command)
      ).post<PolicyView>('/v1/auto-kill-policies', { name, match, integration: o.integration, maxAffectedDevices: o.maxDevices });
      const out = Output.of(command);
      out.result(policy, () => `policy ${policy.id} (${policy.state})`);
      out.note('it takes effect when a second admin runs: killswitch policies approve ' + policy.id);
    });
  policies
    .command('approve <id>')
    .description("approve another admin's policy: from now on its alerts kill at once")
    .action(async (id: string, _options: unknown, command: Command) => {
      const policy = await (await connect(command)).post<PolicyView>(`/v1/auto-kill-policies/${encodeURIComponent(id)}/approve`);
      Output.of(command).result(policy, () => `policy ${policy.id} is ${policy.state}`);
    });
  policies
    .command('disable <id>')
    .description('stop a policy at once (one person may)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const policy = await (await connect(command)).delete<PolicyView>(`/v1/auto-kill-policies/${encodeURIComponent(id)}`);
      Output.of(command).result(policy, () => `policy ${policy.id} is ${policy.state}`);
    });
}
