import { StateBadge } from '../../components/state-badge';
import { describeScope, formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { Integration, KillSwitch, Vendor } from '../../lib/types';

/** Does the kill cover this integration everywhere (no narrowing) or only somewhere? */
function coverage(kill: KillSwitch, integration: Integration): 'all' | 'some' | 'none' {
  const { scope } = kill;
  if (scope.vendor !== integration.vendor || (scope.integration && scope.integration !== integration.key)) return 'none';
  const narrowed = scope.vendorModel || scope.vendorFirmware || scope.deviceModel || scope.deviceFirmware || scope.region || scope.cohort;
  return narrowed ? 'some' : 'all';
}

function integrationState(kills: KillSwitch[], integration: Integration): { state: string; label: string; count: number } {
  const covering = kills.map((k) => coverage(k, integration)).filter((c) => c !== 'none');
  if (covering.includes('all')) return { state: 'killed', label: 'killed everywhere', count: covering.length };
  if (covering.length) return { state: 'lifting', label: 'killed in part', count: covering.length };
  return { state: 'on', label: 'on', count: 0 };
}

export function VendorCard({ vendor, kills, onKill }: { vendor: Vendor; kills: KillSwitch[]; onKill(integration?: string): void }) {
  const { can } = useMe();
  const headingId = `vendor-${vendor.slug}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>
          {vendor.name} <span className="muted">({vendor.slug})</span>
        </h2>
        {can.kill ? (
          <button type="button" className="button-danger" onClick={() => onKill()}>
            Kill whole vendor…
          </button>
        ) : null}
      </header>
      <table>
        <caption className="visually-hidden">{vendor.name} integrations</caption>
        <thead>
          <tr>
            <th scope="col">Integration</th>
            <th scope="col">State</th>
            <th scope="col">Kill switches in force</th>
            <th scope="col">Fail mode</th>
            {can.kill ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {vendor.integrations.map((integration) => {
            const state = integrationState(kills, integration);
            return (
              <tr key={integration.key} data-integration={integration.key}>
                <th scope="row">
                  {integration.name} <span className="muted">{integration.key}</span>
                </th>
                <td>
                  <StateBadge state={state.state} label={state.label} />
                </td>
                <td>{state.count}</td>
                <td>{integration.failMode === 'open' ? 'open (stays on when unreachable)' : 'closed'}</td>
                {can.kill ? (
                  <td>
                    <button type="button" className="button-danger-quiet" onClick={() => onKill(integration.key)} aria-label={`Kill ${integration.key}…`}>
                      Kill…
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {kills.length > 0 ? (
        <table className="kills">
          <caption>Kill switches in force</caption>
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">State</th>
              <th scope="col">Devices affected</th>
              <th scope="col">Since</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {kills.map((kill) => (
              <tr key={kill.id}>
                <th scope="row">
                  <Link to={`/kills/${kill.id}`}>{describeScope(kill.scope)}</Link>
                </th>
                <td>
                  <StateBadge state={kill.state} />
                </td>
                <td>{kill.affectedDevices}</td>
                <td>{formatDate(kill.createdAt)}</td>
                <td className="clip">{kill.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No kill switch in force.</p>
      )}
    </section>
  );
}
