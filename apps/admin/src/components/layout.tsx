import { ReactNode } from 'react';
import { Link, useLocation } from '../lib/router';
import type { Permissions } from '../lib/permissions';
import { useMe, useSession } from '../lib/session';

const NAV: { to: string; label: string; current(path: string): boolean; shown?(can: Permissions): boolean }[] = [
  { to: '/', label: 'Kill board', current: (path: string) => path === '/' || path.startsWith('/kills') },
  { to: '/incidents', label: 'Incidents', current: (path: string) => path.startsWith('/incidents') },
  { to: '/lift-requests', label: 'Lift requests', current: (path: string) => path.startsWith('/lift-requests') },
  { to: '/audit', label: 'Audit', current: (path: string) => path.startsWith('/audit') },
  { to: '/auto-kill-policies', label: 'Auto-kill policies', current: (path: string) => path.startsWith('/auto-kill-policies') },
  { to: '/webhooks', label: 'Webhooks', current: (path: string) => path.startsWith('/webhooks'), shown: (can) => can.manageWebhooks },
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
            {NAV.filter((item) => item.shown?.(can) ?? true).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.current(path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
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
