import { FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { LiftRequest } from '../../lib/types';
import { Field } from '../../components/field';

const PLANS = [
  { value: '100', label: 'All at once (100 %)' },
  { value: '1,10,100', label: 'Staged: 1 % → 10 % → 100 %' },
  { value: '10,50,100', label: 'Staged: 10 % → 50 % → 100 %' },
  { value: 'custom', label: 'Custom stages' },
];

/** Ask to lift a kill: a second person approves it (four eyes), or an admin breaks the glass. */
export function LiftRequestForm({ killSwitchId, onRequested }: { killSwitchId: string; onRequested(request: LiftRequest): void }) {
  const { can } = useMe();
  const [reason, setReason] = useState('');
  const [plan, setPlan] = useState('1,10,100');
  const [custom, setCustom] = useState('');
  const [interval, setIntervalSec] = useState('');
  const [breakGlass, setBreakGlass] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = plan === 'custom' ? custom : plan;
    const stages = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<LiftRequest>(`/v1/kill-switches/${killSwitchId}/lift-requests`, {
        reason: reason.trim(),
        stages,
        ...(interval ? { stageIntervalSec: Number(interval) } : {}),
        ...(breakGlass ? { breakGlass: true } : {}),
      });
      onRequested(created);
      setReason('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="lift-form-title">
      <h2 id="lift-form-title">Request a lift</h2>
      <Field label="Reason (required)">
        <textarea required minLength={3} maxLength={2000} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="row">
        <Field label="Plan">
          <select value={plan} onChange={(e) => setPlan(e.target.value)}>
            {PLANS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        {plan === 'custom' ? (
          <Field label="Stages (percent, ascending, ending at 100)">
            <input required value={custom} placeholder="5, 25, 100" onChange={(e) => setCustom(e.target.value)} />
          </Field>
        ) : null}
        <Field label="Advance every (seconds, optional)">
          <input type="number" min={1} max={604800} value={interval} onChange={(e) => setIntervalSec(e.target.value)} />
        </Field>
      </div>
      {can.breakGlass ? (
        <label className="inline">
          <input type="checkbox" checked={breakGlass} onChange={(e) => setBreakGlass(e.target.checked)} /> Break glass: lift at once without a second person (a
          review is left for someone else to sign off)
        </label>
      ) : null}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {breakGlass ? 'Lift now (break glass)' : 'Request lift'}
        </button>
      </div>
    </form>
  );
}
