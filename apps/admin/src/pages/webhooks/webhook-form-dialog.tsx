import { FormEvent, useId, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api } from '../../lib/api';
import { fieldErrors } from '../../lib/field-errors';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, Webhook, WebhookCreated, WebhookEventType, WebhookFormat } from '../../lib/types';

const FIELDS = ['url', 'events', 'format', 'description'] as const;
const FORMAT_LABEL: Record<WebhookFormat, string> = {
  cloudevents: 'CloudEvents (JSON, for programs)',
  slack: 'Slack incoming webhook',
  pagerduty: 'PagerDuty change event (Events API v2)',
};

/**
 * A new subscription (the API answers with its secret, which the caller shows
 * once) or changes to one. The API checks the URL and the events; its words
 * show next to the field they are about.
 */
export function WebhookFormDialog({ webhook, onClose, onSaved }: { webhook?: Webhook; onClose(): void; onSaved(saved: Webhook | WebhookCreated): void }) {
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(webhook?.events ?? []);
  const [format, setFormat] = useState<WebhookFormat>(webhook?.format ?? 'cloudevents');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const eventsError = useId();
  const errors = fieldErrors(error, FIELDS);

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => WEBHOOK_EVENT_TYPES.filter((t) => (t === type ? on : current.includes(t))));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const text = description.trim();
      const body = { url: url.trim(), events, format };
      const saved = webhook
        ? await api.patch<Webhook>(`/v1/webhooks/${webhook.id}`, { ...body, description: text || null })
        : await api.post<WebhookCreated>('/v1/webhooks', { ...body, ...(text ? { description: text } : {}) });
      onSaved(saved);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog title={webhook ? 'Edit webhook' : 'Add a webhook'} onClose={onClose} wide>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <Field label="URL" error={errors.fields.url}>
          <input type="url" required maxLength={2048} placeholder="https://hooks.example.com/killswitch" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <fieldset className="event-types" aria-describedby={errors.fields.events ? eventsError : undefined}>
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="inline">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} /> {type}
            </label>
          ))}
          {errors.fields.events ? (
            <p className="error" id={eventsError} role="alert">
              {errors.fields.events}
            </p>
          ) : null}
        </fieldset>
        <Field label="Format" error={errors.fields.format}>
          <select value={format} onChange={(e) => setFormat(e.target.value as WebhookFormat)}>
            {WEBHOOK_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Description (optional)" error={errors.fields.description}>
          <input maxLength={500} placeholder="the #incidents channel" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <SubmitActions label={webhook ? 'Save changes' : 'Add webhook'} disabled={busy} error={errors.form} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
