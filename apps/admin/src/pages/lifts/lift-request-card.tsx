import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate, shortId } from '../../lib/format';
import { usePersonLabel } from '../../lib/people';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { LiftRequest } from '../../lib/types';
import { StagePlan } from './stage-plan';

/**
 * One lift request with what this person may do about it: approve or reject
 * (never their own, nor one four eyes refuses them: the API says why, and the
 * card shows it), advance or abort an approved lift, sign a break-glass lift off.
 */
export function LiftRequestCard({ request, scopeText, onChanged }: { request: LiftRequest; scopeText?: string; onChanged(next: LiftRequest): void }) {
  const { me, can } = useMe();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mine = request.requestedById === me.id;
  const requester = usePersonLabel(request.requestedById);
  const decider = usePersonLabel(request.decidedById);
  const title = `Lift of ${scopeText ?? `kill switch ${shortId(request.killSwitchId)}`}`;

  const act = async (action: 'approve' | 'reject' | 'advance' | 'abort' | 'review') => {
    setBusy(true);
    setError(undefined);
    try {
      const body = action === 'advance' ? {} : note.trim() ? { reason: note.trim() } : {};
      onChanged(await api.post<LiftRequest>(`/v1/lift-requests/${request.id}/${action}`, body));
      setNote('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const decide = can.decide(request);
  const review = can.review(request);
  const whyNot = can.whyNotDecide(request);
  const running = request.state === 'approved' && can.operateLift;
  const canAdvance = running && request.currentStage < request.stages.length - 1;

  return (
    <article className="card lift" aria-label={title} data-lift-request={request.id}>
      <header className="card-header">
        <h3>
          <Link to={`/kills/${request.killSwitchId}`}>{title}</Link>
        </h3>
        <StateBadge state={request.state} />
      </header>
      <dl className="facts">
        <dt>Requested</dt>
        <dd>
          {formatDate(request.requestedAt)} by {mine ? 'you' : requester}
          {request.breakGlass ? ' — break glass' : ''}
        </dd>
        <dt>Reason</dt>
        <dd>{request.reason}</dd>
        <dt>Plan</dt>
        <dd>
          <StagePlan request={request} />
          <span>
            {request.releasedPercent} % of devices released
            {request.nextStageAt ? `; next stage at ${formatDate(request.nextStageAt)}` : ''}
          </span>
        </dd>
        {request.decidedAt ? (
          <>
            <dt>Decided</dt>
            <dd>
              {formatDate(request.decidedAt)} by {request.decidedById === me.id ? 'you' : decider}
              {request.decisionReason ? `: ${request.decisionReason}` : ''}
            </dd>
          </>
        ) : null}
        {request.breakGlass ? (
          <>
            <dt>Review</dt>
            <dd>{request.reviewPending ? 'owed: a second person must sign this lift off' : 'signed off'}</dd>
          </>
        ) : null}
      </dl>
      {request.state === 'pending' && mine ? <p className="muted">Waiting for a second person to approve or reject it (four eyes).</p> : null}
      {whyNot ? (
        <p className="muted" data-why-not>
          {whyNot}
        </p>
      ) : null}
      {decide || review || running ? (
        <div className="stack">
          {decide || review || request.state === 'approved' ? (
            <Field label={decide ? 'Decision note (required to reject)' : 'Note (optional)'}>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
            </Field>
          ) : null}
          <div className="actions">
            {decide ? (
              <>
                <button type="button" className="button-primary" disabled={busy} onClick={() => void act('approve')}>
                  Approve
                </button>
                <button type="button" disabled={busy || note.trim().length < 3} onClick={() => void act('reject')}>
                  Reject
                </button>
              </>
            ) : null}
            {canAdvance ? (
              <button type="button" className="button-primary" disabled={busy} onClick={() => void act('advance')}>
                Advance to {request.stages[request.currentStage + 1]} %
              </button>
            ) : null}
            {running ? (
              <button type="button" className="button-danger-quiet" disabled={busy} onClick={() => void act('abort')}>
                Abort lift
              </button>
            ) : null}
            {review ? (
              <button type="button" className="button-primary" disabled={busy} onClick={() => void act('review')}>
                Sign off break-glass lift
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
