/** Rows to API shapes: proposals and auto-kill policies. */
import { AutoKillPolicy, Proposal, ProposalState } from '@killswitch/db';
import { storedScope } from '@killswitch/evaluation';
import { AutoKillPolicyView } from './dto/auto-kill-policy.dto';
import { ProposalStateName, ProposalView } from './dto/proposal.dto';
import { linkOf } from './incoming-signal';

/** The API spells `auto-killed` with a hyphen; the enum cannot. */
export const PROPOSAL_STATE_NAME: Record<ProposalState, ProposalStateName> = {
  open: 'open',
  confirmed: 'confirmed',
  dismissed: 'dismissed',
  auto_killed: 'auto-killed',
  invalid: 'invalid',
};
export const PROPOSAL_STATE_OF_NAME = Object.fromEntries(Object.entries(PROPOSAL_STATE_NAME).map(([k, v]) => [v, k])) as Record<
  ProposalStateName,
  ProposalState
>;

function stringMap(value: unknown): Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

export function proposalView(row: Proposal): ProposalView {
  return {
    id: row.id,
    state: PROPOSAL_STATE_NAME[row.state],
    source: row.source,
    fingerprint: row.fingerprint,
    groupKey: row.groupKey,
    alertname: row.alertname,
    summary: row.summary,
    severity: row.severity,
    labels: stringMap(row.labels),
    annotations: stringMap(row.annotations),
    // Proposals stored before the intake kept only http(s) links may hold another scheme: never shown as a link.
    generatorUrl: row.generatorUrl === null ? null : linkOf(row.generatorUrl),
    scope: row.scope === null ? null : storedScope({ id: row.id, scope: row.scope }),
    problems: row.problems,
    affectedDevices: row.affectedDevices,
    incidentId: row.incidentId,
    count: row.count,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    resolvedAt: row.resolvedAt,
    killSwitchId: row.killSwitchId,
    policyId: row.policyId,
    policyNote: row.policyNote,
    decidedById: row.decidedById,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
    createdAt: row.createdAt,
  };
}

export function autoKillPolicyView(row: AutoKillPolicy): AutoKillPolicyView {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    match: { vendor: row.vendor, ...(row.alertname !== null ? { alertname: row.alertname } : {}), ...(row.source !== null ? { source: row.source } : {}) },
    integration: row.integration,
    maxAffectedDevices: row.maxAffectedDevices,
    createdById: row.createdById,
    createdAt: row.createdAt,
    approvedById: row.approvedById,
    approvedAt: row.approvedAt,
    disabledById: row.disabledById,
    disabledAt: row.disabledAt,
  };
}
