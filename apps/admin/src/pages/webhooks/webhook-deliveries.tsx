import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { Page, WebhookDelivery } from '../../lib/types';
import type { Resource } from '../../lib/use-resource';

/** A delivery whose last attempt failed: given up, or waiting for its next retry. */
const retriable = (d: WebhookDelivery) => d.state === 'failed' || (d.state === 'pending' && d.attemptCount > 0);

function lastOutcome(d: WebhookDelivery): string {
  if (d.attemptCount === 0) return 'not tried yet';
  const status = d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '';
  return [status, d.lastError].filter(Boolean).join(': ') || '—';
}

/** A subscription's recent deliveries, newest first, with every attempt counted; a failed one can be sent again. */
export function WebhookDeliveries({
  webhookId,
  label,
  deliveries,
  canRetry,
}: {
  webhookId: string;
  label: string;
  deliveries: Resource<Page<WebhookDelivery>>;
  canRetry: boolean;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const retry = async (delivery: WebhookDelivery) => {
    setBusy(delivery.id);
    setError(undefined);
    try {
      await api.post(`/v1/webhooks/${webhookId}/deliveries/${delivery.id}/retry`);
      await deliveries.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <ErrorMessage error={error} />
      <Loaded resource={deliveries}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No deliveries yet.</p>
          ) : (
            <table className="deliveries">
              <caption>{label}</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer or error</th>
                  <th scope="col">Created</th>
                  {canRetry ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.id} data-delivery={d.id} data-state={d.state}>
                    <th scope="row">{d.eventType}</th>
                    <td>
                      <StateBadge state={d.state} />
                      {d.state === 'pending' && d.nextRetryAt ? <span className="muted"> next try {formatDate(d.nextRetryAt)}</span> : null}
                    </td>
                    <td>{d.attemptCount}</td>
                    <td className="clip">{lastOutcome(d)}</td>
                    <td>{formatDate(d.createdAt)}</td>
                    {canRetry ? (
                      <td>
                        {retriable(d) ? (
                          <button type="button" disabled={busy === d.id} onClick={() => void retry(d)}>
                            Retry
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </>
  );
}
