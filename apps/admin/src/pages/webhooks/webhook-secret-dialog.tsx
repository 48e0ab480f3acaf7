import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import type { WebhookCreated } from '../../lib/types';

/** The new subscription's signing secret: shown here once, never again (the API keeps it sealed). */
export function WebhookSecretDialog({ webhook, onClose }: { webhook: WebhookCreated; onClose(): void }) {
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(webhook.secret);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the secret and copy it.');
    }
  };
  return (
    <Dialog title="Webhook added: its signing secret" onClose={onClose}>
      <div className="stack">
        <p>
          <strong>This secret will not be shown again.</strong> Copy it now into the receiver at <span className="break-all">{webhook.url}</span>: it verifies
          each delivery&rsquo;s <code>webhook-signature</code> (Standard Webhooks).
        </p>
        <Field label="Signing secret">
          <input readOnly className="mono" value={webhook.secret} onFocus={(e) => e.target.select()} />
        </Field>
        <p role="status" className="muted">
          {copied}
        </p>
        <div className="actions">
          <button type="button" onClick={() => void copy()}>
            Copy secret
          </button>
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
