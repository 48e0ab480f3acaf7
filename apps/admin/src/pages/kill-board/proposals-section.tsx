import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import type { Page, Proposal } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { ProposalCard } from './proposal-card';

/** How long an invalid proposal of a still-firing alert stays on the board: it cannot be decided, only fixed at the alert rule. */
const INVALID_SHOWN_MS = 24 * 60 * 60 * 1000;

async function loadProposals(): Promise<Proposal[]> {
  const [open, invalid] = await Promise.all([
    api.get<Page<Proposal>>('/v1/proposals', { state: 'open', limit: 100 }),
    api.get<Page<Proposal>>('/v1/proposals', { state: 'invalid', limit: 20 }),
  ]);
  const recent = invalid.items.filter((p) => !p.resolvedAt && Date.now() - Date.parse(p.lastSeenAt) < INVALID_SHOWN_MS);
  return [...open.items, ...recent];
}

/** Kills that alerts propose, at the top of the board: a responder confirms one with a click, or dismisses it. */
export function ProposalsSection() {
  const proposals = useResource(loadProposals, [], { pollMs: 5000 });
  if (proposals.error && !proposals.data) return <ErrorMessage error={proposals.error} />;
  if (!proposals.data?.length) return null;
  return (
    <section className="proposals" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Proposed kills ({proposals.data.length})</h2>
      {proposals.data.map((proposal) => (
        <ProposalCard key={proposal.id} proposal={proposal} onDecided={() => void proposals.reload()} />
      ))}
    </section>
  );
}
