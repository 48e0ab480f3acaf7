import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import type { DeviceStatus } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useMe } from '../../lib/session';
import { useTitle } from '../../lib/use-title';
import { DeviceActions } from './device-actions';

/** One device: what it is told now, the revision it acknowledged, when it was last seen, what is still on its way to it. */
export function DevicePage({ id }: { id: string }) {
  useTitle('Device');
  const { can } = useMe();
  const status = useResource(() => api.get<DeviceStatus>(`/v1/devices/${encodeURIComponent(id)}/status`), [id], { pollMs: 5000 });
  return (
    <Loaded resource={status}>
      {(s) => (
        <>
          <p>
            <Link to="/devices">← Devices</Link>
          </p>
          <h1>
            Device {s.device.externalId ?? s.device.id} {s.device.decommissionedAt ? <StateBadge state="closed" label="decommissioned" /> : null}
          </h1>
          <dl className="facts card">
            <dt>Id</dt>
            <dd className="mono">{s.device.id}</dd>
            <dt>External id</dt>
            <dd className="mono">{s.device.externalId ?? '—'}</dd>
            <dt>Model and firmware</dt>
            <dd>
              {s.device.model} {s.device.firmware}
            </dd>
            <dt>Region, cohort</dt>
            <dd>
              {s.device.region ?? '—'}, {s.device.cohort ?? '—'}
            </dd>
            <dt>Last seen</dt>
            <dd>{formatDate(s.lastSeenAt)}</dd>
            <dt>Acknowledged revision</dt>
            <dd>
              {s.ackedRev} of {s.rev}
              {s.ackedRev >= s.rev ? ' (up to date)' : ''}
            </dd>
          </dl>
          {can.manageDevices && !s.device.decommissionedAt ? <DeviceActions deviceId={s.device.id} onChanged={() => void status.reload()} /> : null}
          <section className="card" aria-labelledby="told-title">
            <h2 id="told-title">What it is told now</h2>
            {Object.keys(s.integrations).length === 0 ? (
              <p className="muted">Nothing: {s.device.decommissionedAt ? 'the device is decommissioned' : 'it has no linked integrations'}.</p>
            ) : (
              <table>
                <caption className="visually-hidden">Each linked integration as the device's next answer has it</caption>
                <thead>
                  <tr>
                    <th scope="col">Integration</th>
                    <th scope="col">Told</th>
                    <th scope="col">Fail mode</th>
                    <th scope="col">Message</th>
                    <th scope="col">Kill switches</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(s.integrations).map(([key, flag]) => (
                    <tr key={key}>
                      <td className="mono">{key}</td>
                      <td>{flag.enabled ? <StateBadge state="on" /> : <StateBadge state="killed" label="off" />}</td>
                      <td>{flag.failMode}</td>
                      <td>{flag.reason ?? ''}</td>
                      <td>
                        {(flag.killSwitchIds ?? []).map((k) => (
                          <Link key={k} to={`/kills/${k}`}>
                            {k}
                          </Link>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="open-title">
            <h2 id="open-title">Open deliveries</h2>
            {s.openDeliveries.length === 0 ? (
              <p className="muted">None: the device has acknowledged everything sent to it.</p>
            ) : (
              <table>
                <caption className="visually-hidden">Deliveries not yet acknowledged, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Kill switch</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Revision</th>
                    <th scope="col">State</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Queued</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {s.openDeliveries.map((d) => (
                    <tr key={d.revocationId}>
                      <td>
                        <Link to={`/kills/${d.killSwitchId}`}>{d.killSwitchId}</Link>
                      </td>
                      <td>{d.kind}</td>
                      <td>{d.rev}</td>
                      <td>
                        <StateBadge state={d.state} />
                      </td>
                      <td>{d.attempts}</td>
                      <td className="nowrap">{formatDate(d.queuedAt)}</td>
                      <td className="clip">{d.lastError ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </Loaded>
  );
}
