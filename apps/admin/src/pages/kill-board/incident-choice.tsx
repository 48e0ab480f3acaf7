import type { Incident, Severity } from '../../lib/types';
import { Field } from '../../components/field';

export type IncidentChoiceValue = { mode: 'none' } | { mode: 'link'; incidentId: string } | { mode: 'open'; title: string; severity: Severity };

/** Link the kill to an open incident, open a new one with it, or neither. */
export function IncidentChoice({
  incidents,
  canOpen,
  value,
  onChange,
}: {
  incidents: Incident[];
  canOpen: boolean;
  value: IncidentChoiceValue;
  onChange(next: IncidentChoiceValue): void;
}) {
  return (
    <fieldset className="stack">
      <legend>Incident</legend>
      <label className="inline">
        <input type="radio" name="incident-mode" checked={value.mode === 'none'} onChange={() => onChange({ mode: 'none' })} /> No incident
      </label>
      <label className="inline">
        <input
          type="radio"
          name="incident-mode"
          checked={value.mode === 'link'}
          disabled={incidents.length === 0}
          onChange={() => onChange({ mode: 'link', incidentId: incidents[0]?.id ?? '' })}
        />{' '}
        Link an open incident{incidents.length === 0 ? ' (none open)' : ''}
      </label>
      {value.mode === 'link' ? (
        <Field label="Open incident">
          <select value={value.incidentId} onChange={(e) => onChange({ mode: 'link', incidentId: e.target.value })}>
            {incidents.map((incident) => (
              <option key={incident.id} value={incident.id}>
                {incident.severity} · {incident.title} ({incident.status})
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {canOpen ? (
        <label className="inline">
          <input type="radio" name="incident-mode" checked={value.mode === 'open'} onChange={() => onChange({ mode: 'open', title: '', severity: 'SEV1' })} />{' '}
          Open a new incident
        </label>
      ) : null}
      {value.mode === 'open' ? (
        <div className="row">
          <Field label="Incident title" className="grow">
            <input required minLength={3} maxLength={200} value={value.title} onChange={(e) => onChange({ ...value, title: e.target.value })} />
          </Field>
          <Field label="Severity">
            <select value={value.severity} onChange={(e) => onChange({ ...value, severity: e.target.value as Severity })}>
              {(['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
