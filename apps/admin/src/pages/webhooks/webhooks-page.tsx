import { useState } from 'react';
import { Loaded } from '../../components/loading';
import { getAll } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Webhook, WebhookCreated } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { WebhookCard } from './webhook-card';
import { WebhookFormDialog } from './webhook-form-dialog';
import { WebhookSecretDialog } from './webhook-secret-dialog';

/** Outbound webhooks (admins only: a chat or pager URL is itself a credential). */
export function WebhooksPage() {
  useTitle('Webhooks');
  const { can } = useMe();
  const webhooks = useResource(() => getAll<Webhook>('/v1/webhooks'), [], { pollMs: 10000 });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<WebhookCreated>();

  if (!can.manageWebhooks) {
    return (
      <>
        <h1>Webhooks</h1>
        <p>Only admins manage webhooks.</p>
      </>
    );
  }
  return (
    <>
      <h1>Webhooks</h1>
      <div className="toolbar">
        <p className="muted">Signed deliveries (Standard Webhooks) to chat, pager and incident tools when something happens here.</p>
        <span className="spacer" />
        <button type="button" className="button-primary" onClick={() => setAdding(true)}>
          Add webhook…
        </button>
      </div>
      <Loaded resource={webhooks}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No webhooks yet.</p>
          ) : (
            items.map((webhook) => <WebhookCard key={webhook.id} webhook={webhook} onChanged={() => void webhooks.reload()} />)
          )
        }
      </Loaded>
      {adding ? (
        <WebhookFormDialog
          onClose={() => setAdding(false)}
          onSaved={(saved) => {
            setAdding(false);
            if ('secret' in saved) setCreated(saved);
            void webhooks.reload();
          }}
        />
      ) : null}
      {created ? <WebhookSecretDialog webhook={created} onClose={() => setCreated(undefined)} /> : null}
    </>
  );
}
