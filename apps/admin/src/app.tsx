import { useEffect, useRef } from 'react';
import { ErrorMessage } from './components/error-message';
import { Layout } from './components/layout';
import { match, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { AuditPage } from './pages/audit/audit-page';
import { AccountPage } from './pages/account-page';
import { CataloguePage } from './pages/catalogue/catalogue-page';
import { PeoplePage } from './pages/people/people-page';
import { DevicePage } from './pages/devices/device-page';
import { DevicesPage } from './pages/devices/devices-page';
import { IncidentDetailPage } from './pages/incidents/incident-detail-page';
import { IncidentsPage } from './pages/incidents/incidents-page';
import { KillBoardPage } from './pages/kill-board/kill-board-page';
import { KillDetailPage } from './pages/kill-detail/kill-detail-page';
import { LiftRequestsPage } from './pages/lifts/lift-requests-page';
import { LoginPage } from './pages/login-page';
import { PasswordPage } from './pages/password-page';
import { AutoKillPoliciesPage } from './pages/policies/auto-kill-policies-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';

function Screen({ path }: { path: string }) {
  if (path === '/') return <KillBoardPage />;
  if (path === '/incidents') return <IncidentsPage />;
  if (path === '/lift-requests') return <LiftRequestsPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/devices') return <DevicesPage />;
  if (path === '/catalogue') return <CataloguePage />;
  if (path === '/people') return <PeoplePage />;
  if (path === '/account') return <AccountPage />;
  const device = match('/devices/:id', path);
  if (device) return <DevicePage key={device.id} id={device.id} />;
  if (path === '/webhooks') return <WebhooksPage />;
  if (path === '/auto-kill-policies') return <AutoKillPoliciesPage />;
  const kill = match('/kills/:id', path);
  if (kill) return <KillDetailPage key={kill.id} id={kill.id} />;
  const incident = match('/incidents/:id', path);
  if (incident) return <IncidentDetailPage key={incident.id} id={incident.id} />;
  return (
    <>
      <h1>Not found</h1>
      <p>There is no such page.</p>
    </>
  );
}

export function App() {
  const { me, loading, error, refresh } = useSession();
  const { path } = useLocation();
  const first = useRef(true);

  // After an in-app navigation, focus moves to the new screen (as a page load would).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [path]);

  if (loading) {
    return (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  }
  if (error && !me) {
    return (
      <main id="main" className="login">
        <h1>Killswitch</h1>
        <ErrorMessage error={error} />
        <button type="button" onClick={() => void refresh()}>
          Try again
        </button>
      </main>
    );
  }
  if (!me) return <LoginPage />;
  if (me.mustChangePassword) return <PasswordPage />;
  return (
    <Layout>
      <Screen path={path} />
    </Layout>
  );
}
