import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ShowMore } from '../../components/show-more';
import { StateBadge } from '../../components/state-badge';
import { api, withQuery } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { usePagedList } from '../../lib/use-paged-list';
import { DELIVERY_STATES, type Delivery, type DeliveryState, type Page, type Revocation } from '../../lib/types';

const PAGE_SIZE = 50;

/** The devices behind a revocation's counts: which acknowledged, which were told but are silent, which failed; a page at a time, or all as CSV. */
export function RevocationDevices({ revocation }: { revocation: Revocation }) {
  const [state, setState] = useState<DeliveryState | ''>(revocation.counts.sent > 0 ? 'sent' : '');
  const path = `/v1/revocations/${revocation.id}/deliveries`;
  const { items, cursor, error, loading, more } = usePagedList(
    (after) => api.get<Page<Delivery>>(path, { state: state || undefined, limit: PAGE_SIZE, cursor: after }),
    [path, state],
  );

  const count = state ? revocation.counts[state] : revocation.target;
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <div className="toolbar">
        <label>
          State{' '}
          <select value={state} onChange={(event) => setState(event.target.value as DeliveryState | '')}>
            <option value="">all ({revocation.target})</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {s} ({revocation.counts[s]})
              </option>
            ))}
          </select>
        </label>
        <a className="button" href={withQuery(`${path}/export`, { state: state || undefined })} download>
          Export CSV ({count} {count === 1 ? 'device' : 'devices'})
        </a>
      </div>
      <ErrorMessage error={error} />
      {items.length === 0 && !loading ? (
        <p className="muted">No devices {state ? `in state ${state}` : 'yet'}.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Devices of this revocation{state ? ` in state ${state}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">State</th>
              <th scope="col">Attempts</th>
              <th scope="col">Sent</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.deviceId}>
                <td className="mono">
                  <Link to={`/devices/${d.deviceId}`}>{d.deviceId}</Link>
                </td>
                <td>
                  <StateBadge state={d.state} />
                </td>
                <td>{d.attempts}</td>
                <td className="nowrap">{formatDate(d.sentAt)}</td>
                <td className="nowrap">{formatDate(d.acknowledgedAt)}</td>
                <td className="clip">{d.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShowMore loading={loading} onMore={cursor ? more : undefined} label="Show more devices" />
    </section>
  );
}
