import { FormEvent, useId, useMemo, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorMessage } from '../../components/error-message';
import { api, getAll } from '../../lib/api';
import { describeScope } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { Incident, Vendor } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { ImpactPreview, useImpactPreview } from './impact-preview';
import { IncidentChoice, IncidentChoiceValue } from './incident-choice';
import { ScopePicker } from './scope-picker';
import { emptyScopeForm, toScope } from './scope-form';
import { Field } from '../../components/field';

const OPEN_STATUSES = new Set(['triage', 'investigating', 'mitigated']);
/** The API's limit for the public text devices show (DESIGN.md: POST /v1/kill-switches deviceMessage). */
const DEVICE_MESSAGE_MAX = 280;

/**
 * Kill: pick the scope, see the impact, say why, link or open an incident;
 * then one confirmation and it is done (the kill takes effect at once).
 * The reason is internal; what devices (and their owners) see is the
 * optional device message, or the API's neutral default.
 */
export function KillDialog({ vendor, integration, onClose }: { vendor: Vendor; integration?: string; onClose(): void }) {
  const { can } = useMe();
  const [form, setForm] = useState(() => emptyScopeForm(integration));
  const [reason, setReason] = useState('');
  const [deviceMessage, setDeviceMessage] = useState('');
  const deviceMessageHint = useId();
  const [incident, setIncident] = useState<IncidentChoiceValue>({ mode: 'none' });
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const incidents = useResource(async () => (await getAll<Incident>('/v1/incidents')).filter((i) => OPEN_STATUSES.has(i.status)), []);
  const built = useMemo(() => toScope(vendor.slug, form), [vendor.slug, form]);
  const scope = 'scope' in built ? built.scope : undefined;
  const impact = useImpactPreview(scope);

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (!scope) return setError(new Error('problem' in built ? built.problem : 'the scope is incomplete'));
    if (reason.trim().length < 3) return setError(new Error('Say why, in at least 3 characters.'));
    if (/\p{Cc}/u.test(deviceMessage)) return setError(new Error('Write the device message on one line, without control characters.'));
    if (incident.mode === 'open' && incident.title.trim().length < 3) return setError(new Error('Give the new incident a title of at least 3 characters.'));
    setError(undefined);
    setStep('confirm');
  };

  const kill = async () => {
    if (!scope) return;
    setBusy(true);
    setError(undefined);
    try {
      let incidentId: string | undefined;
      if (incident.mode === 'link') incidentId = incident.incidentId;
      if (incident.mode === 'open') {
        incidentId = (await api.post<Incident>('/v1/incidents', { title: incident.title.trim(), severity: incident.severity })).id;
        // From here on the incident exists: a retry links it instead of opening a second one.
        setIncident({ mode: 'link', incidentId });
      }
      const message = deviceMessage.trim();
      const created = await api.post<{ id: string }>('/v1/kill-switches', {
        scope,
        reason: reason.trim(),
        ...(message ? { deviceMessage: message } : {}),
        ...(incidentId ? { incidentId } : {}),
      });
      onClose();
      navigate(`/kills/${created.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const incidentText =
    incident.mode === 'none'
      ? 'none'
      : incident.mode === 'open'
        ? `a new ${incident.severity} incident, “${incident.title.trim()}”`
        : (incidents.data?.find((i) => i.id === incident.incidentId)?.title ?? incident.incidentId);

  return (
    <Dialog title={`Kill ${vendor.name} integrations`} onClose={onClose} wide>
      {step === 'edit' ? (
        <form onSubmit={review} className="kill-form">
          <div className="stack">
            <ScopePicker vendor={vendor} value={form} onChange={setForm} />
            <Field label="Reason (required)">
              <textarea required minLength={3} maxLength={2000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <Field label="Message devices will show (optional)">
              <input
                type="text"
                maxLength={DEVICE_MESSAGE_MAX}
                value={deviceMessage}
                aria-describedby={deviceMessageHint}
                onChange={(e) => setDeviceMessage(e.target.value)}
              />
            </Field>
            <p id={deviceMessageHint} className="muted">
              Device owners can read this. The reason above stays internal; without a message, devices show a neutral notice.
            </p>
            <IncidentChoice incidents={incidents.data ?? []} canOpen={can.openIncident} value={incident} onChange={setIncident} />
          </div>
          <div className="stack">
            <ImpactPreview {...impact} />
            {'problem' in built ? <p className="muted">{built.problem}</p> : null}
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="button-danger">
                Review kill
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </div>
        </form>
      ) : (
        <div className="stack confirm">
          <p>
            Kill <strong>{scope ? describeScope(scope) : ''}</strong>. It takes effect at once and every affected device is told now.
          </p>
          <dl className="facts">
            <dt>Devices affected now</dt>
            <dd>{impact.preview?.affectedDevices ?? '…'}</dd>
            <dt>Reason (internal)</dt>
            <dd>{reason.trim()}</dd>
            <dt>Devices will show</dt>
            <dd>{deviceMessage.trim() || 'the neutral default notice'}</dd>
            <dt>Incident</dt>
            <dd>{incidentText}</dd>
          </dl>
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="button" className="button-danger" disabled={busy} onClick={() => void kill()} autoFocus>
              {busy ? 'Killing…' : 'Confirm kill'}
            </button>
            <button type="button" disabled={busy} onClick={() => setStep('edit')}>
              Back
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
