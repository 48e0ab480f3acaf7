import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api, getAll } from '../../lib/api';
import { fieldErrors } from '../../lib/field-errors';
import type { Vendor } from '../../lib/types';
import { useResource } from '../../lib/use-resource';

const FIELDS = ['name', 'match.alertname', 'match.source', 'match.vendor', 'integration', 'maxAffectedDevices'] as const;

/** A new auto-kill policy: pending until another admin approves it. */
export function PolicyFormDialog({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
  const vendors = useResource(() => getAll<Vendor>('/v1/vendors'), []);
  const [form, setForm] = useState({ name: '', alertname: '', source: '', vendor: '', integration: '', max: '100' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error, FIELDS);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));
  const vendor = vendors.data?.find((v) => v.slug === form.vendor);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const match = {
        vendor: form.vendor,
        ...(form.alertname.trim() ? { alertname: form.alertname.trim() } : {}),
        ...(form.source.trim() ? { source: form.source.trim() } : {}),
      };
      await api.post('/v1/auto-kill-policies', { name: form.name.trim(), match, integration: form.integration, maxAffectedDevices: Number(form.max) });
      onSaved();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add an auto-kill policy" onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <Field label="Name" error={errors.fields.name}>
          <input required minLength={3} maxLength={100} value={form.name} onChange={set('name')} />
        </Field>
        <Field label="Vendor" error={errors.fields['match.vendor']}>
          <select required value={form.vendor} onChange={(e) => setForm((f) => ({ ...f, vendor: e.target.value, integration: '' }))}>
            <option value="">Choose a vendor</option>
            {(vendors.data ?? []).map((v) => (
              <option key={v.slug} value={v.slug}>
                {v.name} ({v.slug})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Integration it may kill" error={errors.fields.integration}>
          <select required value={form.integration} onChange={set('integration')}>
            <option value="">Choose an integration</option>
            {(vendor?.integrations ?? []).map((i) => (
              <option key={i.key} value={i.key}>
                {i.name} ({i.key})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Alert name (optional: any alert)" error={errors.fields['match.alertname']}>
          <input maxLength={200} placeholder="CameraFeedLeak" value={form.alertname} onChange={set('alertname')} />
        </Field>
        <Field label="Source (optional: any source)" error={errors.fields['match.source']}>
          <input maxLength={200} placeholder="alertmanager" value={form.source} onChange={set('source')} />
        </Field>
        <Field label="At most this many devices" error={errors.fields.maxAffectedDevices}>
          <input type="number" required min={1} value={form.max} onChange={set('max')} />
        </Field>
        <ErrorMessage error={vendors.error} />
        <SubmitActions label="Add policy" disabled={busy} error={errors.form} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
