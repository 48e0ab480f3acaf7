import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { describeScope, formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { KillSwitch, LiftRequest, Page } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { LiftRequestCard } from '../lifts/lift-request-card';
import { LiftRequestForm } from '../lifts/lift-request-form';
import { RevocationProgress } from './revocation-progress';

/** One kill switch: what it covers, its push to devices (live), and its lifts. */
export function KillDetailPage({ id }: { id: string }) {
  useTitle('Kill switch');
  const { can } = useMe();
  const kill = useResource(() => api.get<KillSwitch>(`/v1/kill-switches/${id}`), [id], { pollMs: 5000 });
  const lifts = useResource(async () => (await api.get<Page<LiftRequest>>('/v1/lift-requests', { killSwitchId: id, limit: 100 })).items, [id], {
    pollMs: 5000,
  });
  const reload = () => {
    void kill.reload();
    void lifts.reload();
  };

  return (
    <Loaded resource={kill}>
      {(k) => (
        <>
          <p>
            <Link to="/">← Kill board</Link>
          </p>
          <h1>
            Kill: {describeScope(k.scope)} <StateBadge state={k.state} />
          </h1>
          <dl className="facts card">
            <dt>Devices affected</dt>
            <dd>{k.affectedDevices}</dd>
            <dt>Reason (internal)</dt>
            <dd>{k.reason}</dd>
            <dt>Devices show</dt>
            <dd>{k.deviceMessage ?? 'the neutral default notice'}</dd>
            <dt>Since</dt>
            <dd>{formatDate(k.createdAt)}</dd>
            <dt>Incident</dt>
            <dd>{k.incidentId ? <Link to={`/incidents/${k.incidentId}`}>open the incident</Link> : 'none'}</dd>
            {k.liftedAt ? (
              <>
                <dt>Lifted</dt>
                <dd>{formatDate(k.liftedAt)}</dd>
              </>
            ) : null}
          </dl>
          <RevocationProgress revocationId={k.revocationId} />
          <section aria-labelledby="lifts-title">
            <h2 id="lifts-title">Lift requests</h2>
            <Loaded resource={lifts}>
              {(items) =>
                items.length ? (
                  items.map((request) => <LiftRequestCard key={request.id} request={request} scopeText={describeScope(k.scope)} onChanged={reload} />)
                ) : (
                  <p className="muted">None.</p>
                )
              }
            </Loaded>
          </section>
          {can.requestLift && k.state === 'active' ? <LiftRequestForm killSwitchId={k.id} onRequested={reload} /> : null}
        </>
      )}
    </Loaded>
  );
}
