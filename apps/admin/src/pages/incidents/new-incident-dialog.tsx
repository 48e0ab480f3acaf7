import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { api } from '../../lib/api';
import { navigate } from '../../lib/router';
import type { Incident, Severity } from '../../lib/types';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';

export function NewIncidentDialog({ onClose }: { onClose(): void }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const incident = await api.post<Incident>('/v1/incidents', { title: title.trim(), severity, ...(summary.trim() ? { summary: summary.trim() } : {}) });
      onClose();
      navigate(`/incidents/${incident.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Open an incident" onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <Field label="Title">
          <input required minLength={3} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Severity">
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {(['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Summary (optional)">
          <textarea rows={3} maxLength={10000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        <SubmitActions label="Open incident" disabled={busy} error={error} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
