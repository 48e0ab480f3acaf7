import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { describeScope, formatDate } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { Proposal, ProposalDetail } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { ImpactPreview } from './impact-preview';

/**
 * One proposed kill: the alert it came from, the scope, the impact now, how
 * often the alert fired, its incident. Confirming makes the kill at once (its
 * reason cites the alert); an invalid one says what is wrong and cannot be confirmed.
 */
export function ProposalCard({ proposal, onDecided }: { proposal: Proposal; onDecided(): void }) {
  const { can } = useMe();
  // The impact now, again whenever the alert repeats.
  const detail = useResource(() => api.get<ProposalDetail>(`/v1/proposals/${proposal.id}`), [proposal.id, proposal.count]);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const alert = proposal.alertname ?? proposal.fingerprint;
  const title = `Alert ${alert} from ${proposal.source}`;
  const open = proposal.state === 'open';

  const decide = async (action: 'confirm' | 'dismiss') => {
    setBusy(true);
    setError(undefined);
    try {
      const decided = await api.post<Proposal>(`/v1/proposals/${proposal.id}/${action}`, action === 'dismiss' ? { reason: reason.trim() } : {});
      if (decided.killSwitchId) navigate(`/kills/${decided.killSwitchId}`);
      else onDecided();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <article className="card proposal" aria-label={title} data-proposal={proposal.id}>
      <header className="card-header">
        <h3>{title}</h3>
        <span>
          <StateBadge state={proposal.severity} /> <StateBadge state={proposal.state} label={open ? 'proposed' : proposal.state} />
        </span>
      </header>
      <p>{proposal.summary}</p>
      <dl className="facts">
        <dt>Proposed scope</dt>
        <dd>{proposal.scope ? describeScope(proposal.scope) : 'none (the alert’s labels name no valid scope)'}</dd>
        <dt>Fired</dt>
        <dd>
          {proposal.count === 1 ? 'once' : `${proposal.count} times`}, first {formatDate(proposal.firstSeenAt)}, last {formatDate(proposal.lastSeenAt)}
        </dd>
        <dt>Incident</dt>
        <dd>
          <Link to={`/incidents/${proposal.incidentId}`}>the alert’s incident</Link>
        </dd>
        {proposal.generatorUrl ? (
          <>
            <dt>Source</dt>
            <dd className="break-all">
              <a href={proposal.generatorUrl} rel="noreferrer noopener" target="_blank">
                {proposal.generatorUrl}
              </a>
            </dd>
          </>
        ) : null}
        {proposal.policyNote ? (
          <>
            <dt>Auto-kill policy</dt>
            <dd>{proposal.policyNote}</dd>
          </>
        ) : null}
      </dl>
      {proposal.problems.length ? (
        <div className="error" role="alert">
          <p>This proposal cannot be confirmed: fix the alert’s labels.</p>
          <ul aria-label="What is wrong">
            {proposal.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {proposal.scope ? <ImpactPreview preview={detail.data?.preview ?? undefined} error={detail.error} loading={detail.loading} /> : null}
      {open && can.decideProposal ? (
        <div className="stack">
          <div className="actions">
            <button type="button" className="button-danger" disabled={busy} onClick={() => void decide('confirm')}>
              Confirm kill
            </button>
            {!dismissing ? (
              <button type="button" disabled={busy} onClick={() => setDismissing(true)}>
                Dismiss…
              </button>
            ) : null}
          </div>
          {dismissing ? (
            <form
              className="dismiss-form"
              onSubmit={(event) => {
                event.preventDefault();
                void decide('dismiss');
              }}
            >
              <Field label="Why is it not a kill?">
                <input required minLength={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <button type="submit" disabled={busy}>
                Dismiss proposal
              </button>
              <button type="button" className="button-quiet" onClick={() => setDismissing(false)}>
                Cancel
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
