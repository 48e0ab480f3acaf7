import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api, getAll } from '../../lib/api';
import { formatDate, shortId } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { AutoKillPolicy } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { PolicyFormDialog } from './policy-form-dialog';

/**
 * Auto-kill policies: an admin writes one, a second admin approves it before
 * it is in force (four eyes); one admin disables it at once.
 */
export function AutoKillPoliciesPage() {
  useTitle('Auto-kill policies');
  const { me, can } = useMe();
  const policies = useResource(() => getAll<AutoKillPolicy>('/v1/auto-kill-policies'), [], { pollMs: 10000 });
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const who = (id: string | null) => (id === null ? '—' : id === me.id ? 'you' : `user ${shortId(id)}`);

  const act = async (policy: AutoKillPolicy, action: 'approve' | 'disable') => {
    setBusy(policy.id);
    setError(undefined);
    try {
      if (action === 'approve') await api.post(`/v1/auto-kill-policies/${policy.id}/approve`);
      else await api.delete(`/v1/auto-kill-policies/${policy.id}`);
      await policies.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <h1>Auto-kill policies</h1>
      <div className="toolbar">
        <p className="muted">
          An alert matching an active policy kills its integration at once while the policy's kills in force hold at most its device limit in all (each device
          counted once, lifted kills not); past it, the alert stays a proposal.
        </p>
        <span className="spacer" />
        {can.managePolicies ? (
          <button type="button" className="button-primary" onClick={() => setAdding(true)}>
            Add policy…
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      <Loaded resource={policies}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No auto-kill policies.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Auto-kill policies, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Alert</th>
                  <th scope="col">Kills</th>
                  <th scope="col">Devices held off</th>
                  <th scope="col">State</th>
                  <th scope="col">Written</th>
                  <th scope="col">Approved</th>
                  {can.managePolicies ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((policy) => (
                  <tr key={policy.id} data-policy={policy.id}>
                    <th scope="row">{policy.name}</th>
                    <td>
                      {policy.match.alertname ?? 'any alert'} from {policy.match.source ?? 'any source'} for {policy.match.vendor}
                    </td>
                    <td>{policy.integration}</td>
                    <td>
                      <HeldOff held={policy.autoKilledDevices} limit={policy.maxAffectedDevices} />
                    </td>
                    <td>
                      <StateBadge state={policy.state} label={policy.state === 'pending' ? 'awaiting approval' : policy.state} />
                    </td>
                    <td>
                      {formatDate(policy.createdAt)} by {who(policy.createdById)}
                    </td>
                    <td>{policy.approvedAt ? `${formatDate(policy.approvedAt)} by ${who(policy.approvedById)}` : '—'}</td>
                    {can.managePolicies ? (
                      <td className="actions">
                        {can.approvePolicy(policy) ? (
                          <button type="button" className="button-primary" disabled={busy === policy.id} onClick={() => void act(policy, 'approve')}>
                            Approve
                          </button>
                        ) : null}
                        {can.whyNotDecide(policy) ? (
                          <span className="muted" data-why-not>
                            {can.whyNotDecide(policy)}
                          </span>
                        ) : null}
                        {policy.state !== 'disabled' ? (
                          <button type="button" className="button-danger-quiet" disabled={busy === policy.id} onClick={() => void act(policy, 'disable')}>
                            Disable
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {adding ? (
        <PolicyFormDialog
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void policies.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** How much of its limit a policy's kills in force use now: devices held off, of at most how many. */
function HeldOff({ held, limit }: { held: number | undefined; limit: number }) {
  if (held === undefined) return <>at most {limit} devices</>;
  return (
    <span data-held-off>
      {held} of {limit} devices
      {held >= limit ? <span className="muted"> (spent)</span> : null}
    </span>
  );
}
