/** proposals (kills an alert proposed, for a responder to confirm) and policies (alerts that may kill at once, after four eyes). */
import { Command, Option } from 'commander';
import { CliError, ExitCode, type PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { describeScope } from './scope-options';
import { fields, table, truncate } from './table';

interface ProposalView {
  id: string;
  state: string;
  source: string;
  alertname: string | null;
  summary: string;
  severity: string;
  scope: Record<string, unknown> | null;
  problems: string[];
  affectedDevices: number | null;
  incidentId: string;
  count: number;
  lastSeenAt: string;
  resolvedAt: string | null;
  killSwitchId: string | null;
  policyNote: string | null;
}
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

const scopeText = (p: ProposalView) => (p.scope ? describeScope(p.scope as Parameters<typeof describeScope>[0]) : `invalid: ${p.problems.join('; ')}`);

function describeProposal(p: ProposalView): string {
  return fields([
    ['id', p.id],
    ['state', p.state],
    ['alert', `${p.alertname ?? p.source} (${p.severity}), seen ${p.count}×, last ${p.lastSeenAt}${p.resolvedAt ? `, resolved ${p.resolvedAt}` : ''}`],
    ['summary', p.summary],
    ['scope', scopeText(p)],
    ['devices affected', p.affectedDevices],
    ['incident', p.incidentId],
    ['kill switch', p.killSwitchId],
    ['policy', p.policyNote],
  ]);
}

function registerProposalCommands(program: Command): void {
  const proposals = program.command('proposals').description('kills proposed by alert signals, for a responder to confirm or dismiss');
  addPageOptions(
    proposals
      .command('list')
      .description('proposals, newest first')
      .addOption(new Option('--state <state>', 'one state').choices(['open', 'confirmed', 'dismissed', 'auto-killed', 'invalid'])),
  ).action(async (options: PageOptions & { state?: string }, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<ProposalView>(await connect(command), '/v1/proposals', { state: options.state }, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no proposals'
        : table(
            ['ID', 'STATE', 'ALERT', 'SCOPE', 'DEVICES', 'SEEN'],
            page.items.map((p) => [p.id, p.state, p.alertname ?? p.source, truncate(scopeText(p), 50), p.affectedDevices, p.count]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  proposals
    .command('show <id>')
    .description('one proposal, with the alert it came from')
    .action(async (id: string, _options: unknown, command: Command) => {
      const proposal = await (await connect(command)).get<ProposalView>(`/v1/proposals/${encodeURIComponent(id)}`);
      Output.of(command).result(proposal, () => describeProposal(proposal));
    });
  proposals
    .command('confirm <id>')
    .description('make the proposed kill now, on its incident, its reason citing the alert')
    .option('--reason <text>', 'added to the kill reason, after the alert')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const body = options.reason !== undefined ? { reason: options.reason } : {};
      const proposal = await (await connect(command)).post<ProposalView>(`/v1/proposals/${encodeURIComponent(id)}/confirm`, body);
      Output.of(command).result(
        proposal,
        () => `killed: kill switch ${proposal.killSwitchId} (${scopeText(proposal)}, ${proposal.affectedDevices ?? '?'} devices)`,
      );
    });
  proposals
    .command('dismiss <id>')
    .description('decline the proposal, saying why')
    .requiredOption('--reason <text>', 'why it is not a kill')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const proposal = await (await connect(command)).post<ProposalView>(`/v1/proposals/${encodeURIComponent(id)}/dismiss`, { reason: options.reason });
      Output.of(command).result(proposal, () => `proposal ${proposal.id} dismissed`);
    });
}

function maxDevices(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(ExitCode.usage, '--max-devices must be a whole number of at least 1');
  return n;
}

function registerPolicyCommands(program: Command): void {
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
    .requiredOption('--max-devices <n>', 'past this many devices the alert stays a proposal', maxDevices)
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

export function registerSignalCommands(program: Command): void {
  registerProposalCommands(program);
  registerPolicyCommands(program);
}
