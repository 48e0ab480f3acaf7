import { ReactNode } from 'react';
import { Link, href, useLocation } from '../lib/router';
import { useMe, useSession } from '../lib/session';

const NAV = [
  { to: '/', label: 'Kill board', current: (path: string) => path === '/' || path.startsWith('/kills') },
  { to: '/incidents', label: 'Incidents', current: (path: string) => path.startsWith('/incidents') },
  { to: '/lift-requests', label: 'Lift requests', current: (path: string) => path.startsWith('/lift-requests') },
  { to: '/audit', label: 'Audit', current: (path: string) => path.startsWith('/audit') },
];

export function Layout({ children }: { children: ReactNode }) {
  const { me, can } = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Killswitch</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
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
          <span title={me.email}>
            {me.email} <span className="muted">({me.roles.join(', ')})</span>
          </span>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
