import { FormEvent, useState } from 'react';
import { Field } from '../../components/field';

export interface AuditFilter {
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  outcome: string;
  from: string;
  to: string;
}

export const NO_FILTER: AuditFilter = { action: '', actorId: '', targetType: '', targetId: '', outcome: '', from: '', to: '' };

/** A datetime-local value (the browser's zone) as the ISO instant the API wants. */
export function toIso(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

export function AuditFilters({ value, onApply }: { value: AuditFilter; onApply(next: AuditFilter): void }) {
  const [draft, setDraft] = useState(value);
  const set = (patch: Partial<AuditFilter>) => setDraft({ ...draft, ...patch });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="card filters" onSubmit={apply} aria-label="Audit filters">
      <Field label="Action">
        <input value={draft.action} placeholder="kill-switch.create" onChange={(e) => set({ action: e.target.value })} />
      </Field>
      <Field label="Actor id">
        <input value={draft.actorId} placeholder="user or device UUID" onChange={(e) => set({ actorId: e.target.value })} />
      </Field>
      <Field label="Target type">
        <input value={draft.targetType} placeholder="kill-switch" onChange={(e) => set({ targetType: e.target.value })} />
      </Field>
      <Field label="Target id">
        <input value={draft.targetId} onChange={(e) => set({ targetId: e.target.value })} />
      </Field>
      <Field label="Outcome">
        <select value={draft.outcome} onChange={(e) => set({ outcome: e.target.value })}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="refused">refused</option>
        </select>
      </Field>
      <Field label="From">
        <input type="datetime-local" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
      </Field>
      <Field label="Before">
        <input type="datetime-local" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
