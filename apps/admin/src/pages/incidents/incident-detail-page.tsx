import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { IncidentDetail, IncidentStatus } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { KeyTimings } from './key-timings';
import { Timeline } from './timeline';

function StatusChange({ incident, onChanged }: { incident: IncidentDetail; onChanged(): void }) {
  const [error, setError] = useState<unknown>();
  const move = async (status: IncidentStatus) => {
    setError(undefined);
    try {
      await api.patch(`/v1/incidents/${incident.id}`, { status });
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };
  if (incident.nextStatuses.length === 0) return null;
  return (
    <div className="actions">
      {incident.nextStatuses.map((status) => (
        <button key={status} type="button" onClick={() => void move(status)}>
          Move to {status}
        </button>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}

/** An incident: status, key timings, its kill switches, the live timeline, and the postmortem export. */
export function IncidentDetailPage({ id }: { id: string }) {
  const { can } = useMe();
  const incident = useResource(() => api.get<IncidentDetail>(`/v1/incidents/${id}`), [id], { pollMs: 5000 });
  useTitle(incident.data ? `Incident: ${incident.data.title}` : 'Incident');
  return (
    <Loaded resource={incident}>
      {(detail) => (
        <>
          <p>
            <Link to="/incidents">← Incidents</Link>
          </p>
          <h1>{detail.title}</h1>
          <div className="toolbar">
            <StateBadge state={detail.severity} />
            <StateBadge state={detail.status} />
            <span className="muted">reported {formatDate(detail.reportedAt)}</span>
            <span className="spacer" />
            <a className="button" href={`/v1/incidents/${detail.id}/export?format=md`} download>
              Export Markdown
            </a>
            <a className="button" href={`/v1/incidents/${detail.id}/export?format=json`} download>
              Export JSON
            </a>
          </div>
          {detail.summary ? <p>{detail.summary}</p> : null}
          {can.editIncident ? <StatusChange incident={detail} onChanged={() => void incident.reload()} /> : null}
          <KeyTimings timings={detail.timings} />
          <section className="card" aria-labelledby="kills-title">
            <h2 id="kills-title">Kill switches</h2>
            {detail.killSwitches.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Scope</th>
                    <th scope="col">State</th>
                    <th scope="col">Devices affected</th>
                    <th scope="col">By</th>
                    <th scope="col">At</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.killSwitches.map((kill) => (
                    <tr key={kill.id}>
                      <th scope="row">
                        <Link to={`/kills/${kill.id}`}>{kill.scopeText}</Link>
                      </th>
                      <td>
                        <StateBadge state={kill.state} />
                      </td>
                      <td>{kill.affectedDevices}</td>
                      <td>{kill.createdBy ?? '—'}</td>
                      <td>{formatDate(kill.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">None linked yet.</p>
            )}
          </section>
          <Timeline incidentId={detail.id} />
        </>
      )}
    </Loaded>
  );
}
