import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';

interface Enrolled {
  id: string;
  credential: string;
}

/** Enrolls one device; the credential is shown once, here. Linked products come from the device's own inventory report. */
export function EnrollDeviceDialog({ onClose, onEnrolled }: { onClose(): void; onEnrolled(): void }) {
  const [form, setForm] = useState({ model: '', firmware: '', externalId: '', region: '', cohort: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<Enrolled>();
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const optional = Object.fromEntries((['externalId', 'region', 'cohort'] as const).filter((k) => form[k].trim()).map((k) => [k, form[k].trim()]));
      setEnrolled(await api.post<Enrolled>('/v1/devices', { model: form.model.trim(), firmware: form.firmware.trim(), ...optional }));
      onEnrolled();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (enrolled) {
    return (
      <Dialog title="Device enrolled" onClose={onClose}>
        <p>
          Device <Link to={`/devices/${enrolled.id}`}>{enrolled.id}</Link> is enrolled. Its credential is shown only this once: give it to the device now.
        </p>
        <Field label="Credential">
          <input readOnly className="mono" value={enrolled.credential} onFocus={(e) => e.target.select()} />
        </Field>
        <div className="actions">
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Enroll a device" onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <Field label="Model">
          <input required maxLength={64} placeholder="nest-hub-2" value={form.model} onChange={set('model')} />
        </Field>
        <Field label="Firmware">
          <input required maxLength={128} placeholder="1.56.3" value={form.firmware} onChange={set('firmware')} />
        </Field>
        <Field label="External id (optional)">
          <input maxLength={128} placeholder="a serial or account-side id" value={form.externalId} onChange={set('externalId')} />
        </Field>
        <Field label="Region (optional)">
          <input maxLength={64} value={form.region} onChange={set('region')} />
        </Field>
        <Field label="Cohort (optional)">
          <input maxLength={64} value={form.cohort} onChange={set('cohort')} />
        </Field>
        <SubmitActions label="Enroll" disabled={busy} error={error} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
