import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { Page, Webhook, WebhookDelivery, WebhookSecretRotated } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { DeleteWebhookDialog } from './delete-webhook-dialog';
import { RotateSecretDialog } from './rotate-secret-dialog';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookFormDialog } from './webhook-form-dialog';
import { WebhookSecretDialog } from './webhook-secret-dialog';

/** One subscription: what it sends where, whether it is on (and why not), its recent deliveries, and what an admin can do. */
export function WebhookCard({ webhook, onChanged }: { webhook: Webhook; onChanged(): void }) {
  const [dialog, setDialog] = useState<'edit' | 'rotate' | 'delete'>();
  const [rotated, setRotated] = useState<WebhookSecretRotated>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState(false);
  // Not polled while a person decides to delete it, nor once deleted (until the list drops the card): it would be a 404.
  const deliveries = useResource(() => api.get<Page<WebhookDelivery>>(`/v1/webhooks/${webhook.id}/deliveries`, { limit: 10 }), [webhook.id], {
    pollMs: 3000,
    paused: dialog === 'delete' || deleted,
  });
  const name = webhook.description ?? webhook.url;

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      onChanged();
      await deliveries.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const setEnabled = (enabled: boolean) => act(() => api.patch(`/v1/webhooks/${webhook.id}`, { enabled }));
  const sendTest = () => act(() => api.post(`/v1/webhooks/${webhook.id}/test`));

  return (
    <article className="card" aria-label={`Webhook ${name}`} data-webhook={webhook.id}>
      <header className="card-header">
        <h2 className="break-all">{webhook.url}</h2>
        <StateBadge state={webhook.enabled ? 'enabled' : 'disabled'} />
      </header>
      <dl className="facts">
        {webhook.description ? (
          <>
            <dt>Description</dt>
            <dd>{webhook.description}</dd>
          </>
        ) : null}
        <dt>Events</dt>
        <dd>{webhook.events.join(', ')}</dd>
        <dt>Format</dt>
        <dd>{webhook.format}</dd>
        {!webhook.enabled ? (
          <>
            <dt>Disabled</dt>
            <dd>{webhook.disabledReason ?? 'by an admin'}</dd>
          </>
        ) : null}
        {webhook.failingSince ? (
          <>
            <dt>Failing since</dt>
            <dd>{formatDate(webhook.failingSince)}</dd>
          </>
        ) : null}
        {webhook.previousSecretExpiresAt ? (
          <>
            <dt>Old secret signs until</dt>
            <dd>{formatDate(webhook.previousSecretExpiresAt)}</dd>
          </>
        ) : null}
      </dl>
      <div className="actions">
        <button type="button" disabled={busy || !webhook.enabled} onClick={() => void sendTest()}>
          Send test
        </button>
        <button type="button" onClick={() => setDialog('edit')}>
          Edit…
        </button>
        {webhook.enabled ? (
          <button type="button" disabled={busy} onClick={() => void setEnabled(false)}>
            Disable
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void setEnabled(true)}>
            Enable
          </button>
        )}
        <button type="button" onClick={() => setDialog('rotate')}>
          Rotate secret…
        </button>
        <button type="button" className="button-danger-quiet" onClick={() => setDialog('delete')}>
          Delete…
        </button>
      </div>
      <ErrorMessage error={error} />
      <WebhookDeliveries webhookId={webhook.id} label={`Recent deliveries to ${name}`} deliveries={deliveries} canRetry={webhook.enabled} />
      {dialog === 'edit' ? (
        <WebhookFormDialog
          webhook={webhook}
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined);
            onChanged();
          }}
        />
      ) : null}
      {dialog === 'rotate' ? (
        <RotateSecretDialog
          webhook={webhook}
          onClose={() => setDialog(undefined)}
          onRotated={(made) => {
            setDialog(undefined);
            setRotated(made);
            onChanged();
          }}
        />
      ) : null}
      {rotated ? <WebhookSecretDialog webhook={rotated} rotated onClose={() => setRotated(undefined)} /> : null}
      {dialog === 'delete' ? (
        <DeleteWebhookDialog
          webhook={webhook}
          onClose={() => setDialog(undefined)}
          onDeleted={() => {
            setDeleted(true);
            onChanged();
          }}
        />
      ) : null}
    </article>
  );
}
