import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api } from '../../lib/api';
import type { Integration } from '../../lib/types';

export type CatalogueForm =
  { kind: 'vendor' } | { kind: 'model'; vendor: string } | { kind: 'integration'; vendor: string } | { kind: 'fail-mode'; integration: Integration };

const OPEN_WARNING =
  'Fail mode open keeps this integration ON on a device that cannot reach Killswitch: anyone who can block a device’s network then defeats a kill of it. Choose it only where an integration going dark is worse than a leak.';

const TITLES: Record<CatalogueForm['kind'], string> = {
  vendor: 'Add vendor',
  model: 'Add model',
  integration: 'Add integration',
  'fail-mode': 'Change fail mode',
};

/** One dialog for each change to the catalogue: what it asks depends on the form. */
export function CatalogueDialog({ form, onClose, onSaved }: { form: CatalogueForm; onClose(): void; onSaved(): void }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [failMode, setFailMode] = useState(form.kind === 'fail-mode' ? form.integration.failMode : 'closed');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (form.kind === 'vendor') await api.post('/v1/vendors', { slug, name });
      if (form.kind === 'model') await api.post(`/v1/vendors/${form.vendor}/models`, { slug, name });
      if (form.kind === 'integration') await api.post('/v1/integrations', { key: `${form.vendor}.${slug}`, vendor: form.vendor, name, failMode });
      if (form.kind === 'fail-mode') await api.patch(`/v1/integrations/${form.integration.key}`, { failMode });
      onSaved();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const slugLabel = form.kind === 'vendor' ? 'Vendor slug' : form.kind === 'model' ? 'Model slug' : 'Capability';
  return (
    <Dialog title={TITLES[form.kind]} onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        {form.kind === 'fail-mode' ? (
          <p>
            Integration <span className="mono">{form.integration.key}</span>
          </p>
        ) : (
          <>
            <Field label={slugLabel}>
              <input
                required
                pattern="[a-z0-9][a-z0-9\-]{0,62}"
                placeholder={form.kind === 'integration' ? 'camera-stream' : 'lowercase, digits, -'}
                value={slug}
                onChange={(e) => setSlug(e.target.value)}
              />
            </Field>
            {form.kind === 'integration' ? <p className="muted">Its key will be {`${form.vendor}.${slug || '…'}`}.</p> : null}
            <Field label="Name">
              <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
          </>
        )}
        {form.kind === 'integration' || form.kind === 'fail-mode' ? (
          <Field label="Fail mode">
            <select value={failMode} onChange={(e) => setFailMode(e.target.value as typeof failMode)}>
              <option value="closed">closed: off when a device cannot get a fresh answer (safe)</option>
              <option value="open">open: stays on when a device cannot get a fresh answer</option>
            </select>
          </Field>
        ) : null}
        {failMode === 'open' && (form.kind === 'integration' || form.kind === 'fail-mode') ? (
          <p role="alert" className="warning">
            {OPEN_WARNING}
          </p>
        ) : null}
        <SubmitActions label="Save" disabled={busy} error={error} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
