import { Loaded } from '../../components/loading';
import { api, getAll } from '../../lib/api';
import { describeScope } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import type { KillSwitch, LiftRequest, LiftState } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { LiftRequestCard } from './lift-request-card';
import { Field } from '../../components/field';

const STATES: (LiftState | '')[] = ['pending', 'approved', 'completed', 'rejected', 'aborted', ''];

async function loadLifts(state: string): Promise<{ request: LiftRequest; scopeText?: string }[]> {
  const requests = await getAll<LiftRequest>('/v1/lift-requests', { state: state || undefined });
  const ids = [...new Set(requests.map((r) => r.killSwitchId))];
  const kills = await Promise.all(ids.map((id) => api.get<KillSwitch>(`/v1/kill-switches/${id}`).catch(() => undefined)));
  const scopes = new Map(kills.filter((k): k is KillSwitch => k !== undefined).map((k) => [k.id, describeScope(k.scope)]));
  return requests.map((request) => ({ request, scopeText: scopes.get(request.killSwitchId) }));
}

/** Every lift request in a state (pending first): the approvers' queue. */
export function LiftRequestsPage() {
  useTitle('Lift requests');
  const { query } = useLocation();
  const state = query.get('state') ?? 'pending';
  const lifts = useResource(() => loadLifts(state), [state], { pollMs: 5000 });
  return (
    <>
      <h1>Lift requests</h1>
      <div className="toolbar">
        <Field label="Show">
          <select value={state} onChange={(e) => navigate(`/lift-requests?state=${e.target.value}`, { replace: true })}>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s || 'all'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Loaded resource={lifts}>
        {(items) =>
          items.length ? (
            items.map(({ request, scopeText }) => (
              <LiftRequestCard key={request.id} request={request} scopeText={scopeText} onChanged={() => void lifts.reload()} />
            ))
          ) : (
            <p className="muted">No {state || ''} lift requests.</p>
          )
        }
      </Loaded>
    </>
  );
}
