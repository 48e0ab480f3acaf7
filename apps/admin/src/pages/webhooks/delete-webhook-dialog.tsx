import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import type { Webhook } from '../../lib/types';

/** Deleting a subscription takes its deliveries with it: asked once more. */
export function DeleteWebhookDialog({ webhook, onClose, onDeleted }: { webhook: Webhook; onClose(): void; onDeleted(): void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/v1/webhooks/${webhook.id}`);
      onClose();
      onDeleted();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Delete this webhook?" onClose={onClose}>
      <div className="stack">
        <p>
          Nothing more will be sent to <span className="break-all">{webhook.url}</span>, and its delivery history is deleted with it. To pause it instead,
          disable it.
        </p>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="button" className="button-danger" disabled={busy} onClick={() => void remove()}>
            Delete webhook
          </button>
          <button type="button" onClick={onClose} autoFocus>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
