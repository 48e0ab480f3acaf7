/** proposals: kills an alert proposed, for a responder to confirm or dismiss. */
import { Command, Option } from 'commander';
import { type PageOptions, fetchList } from '@killswitch/api-client';
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

export function registerProposalCommands(program: Command): void {
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
