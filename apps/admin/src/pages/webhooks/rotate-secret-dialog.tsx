import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api } from '../../lib/api';
import type { Webhook, WebhookSecretRotated } from '../../lib/types';

const GRACE: [seconds: number, label: string][] = [
  [3600, 'an hour'],
  [86_400, 'a day'],
  [604_800, 'a week'],
  [0, 'no time: it stops signing now (a leaked secret)'],
];

/** A new signing secret; the old one keeps signing for the chosen time, so the receiver can switch over without a failed delivery. */
export function RotateSecretDialog({ webhook, onClose, onRotated }: { webhook: Webhook; onClose(): void; onRotated(rotated: WebhookSecretRotated): void }) {
  const [graceSec, setGraceSec] = useState(86_400);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onRotated(await api.post<WebhookSecretRotated>(`/v1/webhooks/${webhook.id}/rotate-secret`, { graceSec }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Rotate the signing secret?" onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <p>
          Deliveries to <span className="break-all">{webhook.url}</span> get a new secret, shown once. Until the receiver has it, they are signed with the old
          one too.
        </p>
        <Field label="The old secret keeps signing for">
          <select value={graceSec} onChange={(e) => setGraceSec(Number(e.target.value))}>
            {GRACE.map(([seconds, label]) => (
              <option key={seconds} value={seconds}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <SubmitActions label="Rotate secret" disabled={busy} error={error} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
