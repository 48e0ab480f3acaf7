import { ReactNode } from 'react';
import { Link, href, useLocation } from '../lib/router';
import type { Permissions } from '../lib/permissions';
import { useMe, useSession } from '../lib/session';
import { setTimeZoneChoice, useTimeZoneChoice } from '../lib/time-zone';

const NAV: { to: string; label: string; current(path: string): boolean; shown?(can: Permissions): boolean }[] = [
  { to: '/', label: 'Kill board', current: (path: string) => path === '/' || path.startsWith('/kills') },
  { to: '/incidents', label: 'Incidents', current: (path: string) => path.startsWith('/incidents') },
  { to: '/lift-requests', label: 'Lift requests', current: (path: string) => path.startsWith('/lift-requests') },
  { to: '/devices', label: 'Devices', current: (path: string) => path.startsWith('/devices') },
  { to: '/catalogue', label: 'Catalogue', current: (path: string) => path.startsWith('/catalogue') },
  { to: '/auto-kill-policies', label: 'Auto-kill policies', current: (path: string) => path.startsWith('/auto-kill-policies') },
  { to: '/webhooks', label: 'Webhooks', current: (path: string) => path.startsWith('/webhooks'), shown: (can) => can.manageWebhooks },
  { to: '/people', label: 'People', current: (path: string) => path.startsWith('/people') },
  { to: '/audit', label: 'Audit', current: (path: string) => path.startsWith('/audit') },
];

export function Layout({ children }: { children: ReactNode }) {
  const { me, can } = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  const zone = useTimeZoneChoice();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Killswitch</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => item.shown?.(can) ?? true).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.current(path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {can.queueDashboard && (
              <li>
                {/* The dashboard is @bull-board's own page, not a screen of this app: a full page load. */}
                <a href={href('/queues')}>Queues</a>
              </li>
            )}
          </ul>
        </nav>
        <div className="who">
          <Link to="/account" title={`${me.email}: your account`}>
            {me.email} <span className="muted">({me.roles.join(', ')})</span>
          </Link>
          <label className="zone">
            Times in{' '}
            <select value={zone} onChange={(e) => setTimeZoneChoice(e.target.value === 'UTC' ? 'UTC' : 'local')}>
              <option value="local">local time</option>
              <option value="UTC">UTC</option>
            </select>
          </label>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} key={zone}>
        {children}
      </main>
    </>
  );
}
