import { useState } from 'react';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link, navigate, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { Incident, Page } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { NewIncidentDialog } from './new-incident-dialog';
import { Field } from '../../components/field';

const STATUSES = ['', 'triage', 'investigating', 'mitigated', 'resolved', 'closed'];
const SEVERITIES = ['', 'SEV1', 'SEV2', 'SEV3', 'SEV4'];

export function IncidentsPage() {
  useTitle('Incidents');
  const { can } = useMe();
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const severity = query.get('severity') ?? '';
  const [opening, setOpening] = useState(false);
  const incidents = useResource(() => api.get<Page<Incident>>('/v1/incidents', { status, severity, limit: 100 }), [status, severity], { pollMs: 10000 });
  const filter = (patch: Record<string, string>) => {
    const next = new URLSearchParams({ status, severity, ...patch });
    for (const [key, value] of [...next]) if (!value) next.delete(key);
    navigate(`/incidents${next.size ? `?${next}` : ''}`, { replace: true });
  };

  return (
    <>
      <h1>Incidents</h1>
      <div className="toolbar">
        <Field label="Status">
          <select value={status} onChange={(e) => filter({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Severity">
          <select value={severity} onChange={(e) => filter({ severity: e.target.value })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </Field>
        {can.openIncident ? (
          <button type="button" className="button-primary" onClick={() => setOpening(true)}>
            Open incident…
          </button>
        ) : null}
      </div>
      <Loaded resource={incidents}>
        {(page) =>
          page.items.length ? (
            <table>
              <caption className="visually-hidden">Incidents, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reported</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((incident) => (
                  <tr key={incident.id}>
                    <th scope="row">
                      <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
                    </th>
                    <td>
                      <StateBadge state={incident.severity} />
                    </td>
                    <td>
                      <StateBadge state={incident.status} />
                    </td>
                    <td>{formatDate(incident.reportedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No incidents.</p>
          )
        }
      </Loaded>
      {opening ? <NewIncidentDialog onClose={() => setOpening(false)} /> : null}
    </>
  );
}
