import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { formatDate } from '../../lib/format';
import type { WebhookCreated, WebhookSecretRotated } from '../../lib/types';

/**
 * A signing secret, shown here once, never again (the API keeps it sealed): a new subscription's, or the one a rotation
 * made (`rotated`), while the old one keeps signing until `previousSecretExpiresAt`.
 */
export function WebhookSecretDialog({ webhook, rotated, onClose }: { webhook: WebhookCreated | WebhookSecretRotated; rotated?: boolean; onClose(): void }) {
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
    <Dialog title={rotated ? 'Secret rotated: the new signing secret' : 'Webhook added: its signing secret'} onClose={onClose}>
      <div className="stack">
        <p>
          <strong>This secret will not be shown again.</strong> Copy it now into the receiver at <span className="break-all">{webhook.url}</span>: it verifies
          each delivery&rsquo;s <code>webhook-signature</code> (Standard Webhooks).
        </p>
        {rotated ? (
          <p>
            {webhook.previousSecretExpiresAt
              ? `The old secret signs too until ${formatDate(webhook.previousSecretExpiresAt)}; then it is forgotten.`
              : 'The old secret no longer signs.'}
          </p>
        ) : null}
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
