import { FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ShowMore } from '../../components/show-more';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { Device, Page } from '../../lib/types';
import { usePagedList } from '../../lib/use-paged-list';
import { useTitle } from '../../lib/use-title';
import { EnrollDeviceDialog } from './enroll-device-dialog';

const PAGE_SIZE = 50;

/** Enrolled devices, found by id or by the start of the platform's own identifier. */
export function DevicesPage() {
  useTitle('Devices');
  const { can } = useMe();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [enrolling, setEnrolling] = useState(false);
  const { items, cursor, error, loading, more, reload } = usePagedList(
    (after) => api.get<Page<Device>>('/v1/devices', { q: q || undefined, limit: PAGE_SIZE, cursor: after }),
    [q],
  );

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(text.trim());
  };

  return (
    <>
      <h1>Devices</h1>
      <div className="toolbar">
        <form role="search" className="inline-form" onSubmit={search}>
          <label htmlFor="device-search">Find a device</label>
          <input
            id="device-search"
            type="search"
            placeholder="device id or external id"
            maxLength={128}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Search</button>
        </form>
        {can.manageDevices ? (
          <button type="button" className="button-primary" onClick={() => setEnrolling(true)}>
            Enroll a device
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {items.length === 0 && !loading ? (
        <p className="muted">{q ? `No device matches “${q}”.` : 'No devices enrolled yet.'}</p>
      ) : (
        <table>
          <caption className="visually-hidden">Devices{q ? ` matching ${q}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">External id</th>
              <th scope="col">Model</th>
              <th scope="col">Firmware</th>
              <th scope="col">Links</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td className="mono">
                  <Link to={`/devices/${d.id}`}>{d.id}</Link> {d.decommissionedAt ? <StateBadge state="closed" label="decommissioned" /> : null}
                </td>
                <td className="mono">{d.externalId ?? '—'}</td>
                <td>{d.model}</td>
                <td>{d.firmware}</td>
                <td>{d.inventory.map((i) => i.integration).join(', ') || '—'}</td>
                <td className="nowrap">{formatDate(d.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShowMore loading={loading} onMore={cursor ? more : undefined} label="Show more devices" />
      {enrolling ? <EnrollDeviceDialog onClose={() => setEnrolling(false)} onEnrolled={reload} /> : null}
    </>
  );
}
