import { useId } from 'react';
import { MATCHER_OPS, MatcherForm, MatcherOp } from './scope-form';

/** A firmware matcher: an operator, then one version, a list, or a range. */
export function FirmwareMatcherInput({ label, value, onChange }: { label: string; value: MatcherForm; onChange(next: MatcherForm): void }) {
  const id = useId();
  const set = (patch: Partial<MatcherForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="matcher">
      <legend>{label}</legend>
      <label htmlFor={`${id}-op`}>Match</label>
      <select id={`${id}-op`} value={value.op} onChange={(e) => set({ op: e.target.value as MatcherOp })}>
        {MATCHER_OPS.map((m) => (
          <option key={m.op} value={m.op}>
            {m.label}
          </option>
        ))}
      </select>
      {value.op ? (
        <>
          <label htmlFor={`${id}-value`}>{value.op === 'between' ? 'From version' : value.op === 'in' ? 'Versions' : 'Version'}</label>
          <input
            id={`${id}-value`}
            value={value.value}
            placeholder={value.op === 'in' ? '3.5.1_00.66, 3.5.1_00.67' : '3.5.1_00.68'}
            onChange={(e) => set({ value: e.target.value })}
          />
        </>
      ) : null}
      {value.op === 'between' ? (
        <>
          <label htmlFor={`${id}-upper`}>To version</label>
          <input id={`${id}-upper`} value={value.upper} onChange={(e) => set({ upper: e.target.value })} />
        </>
      ) : null}
    </fieldset>
  );
}
