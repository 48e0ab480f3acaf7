import { FormEvent, useEffect, useState } from 'react';
import { ErrorMessage } from '../components/error-message';
import { api } from '../lib/api';
import { useSession } from '../lib/session';
import type { SignInOptions } from '../lib/types';
import { Field } from '../components/field';

/** Why the API sent the browser back from single sign-on (GET /v1/auth/oidc/callback refused it). */
function ssoErrorOf(search: string): string | undefined {
  return new URLSearchParams(search).get('sso_error') ?? undefined;
}

export function LoginPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<SignInOptions>();
  const ssoError = ssoErrorOf(window.location.search);

  useEffect(() => {
    api.get<SignInOptions>('/v1/auth/sign-in-options').then(setOptions, () => setOptions({ localLogin: true }));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <h1>Killswitch</h1>
      <p className="muted">Sign in to turn vendor integrations off across the fleet.</p>
      {ssoError && (
        <p role="alert" className="error">
          {ssoError}
        </p>
      )}
      {options?.ssoProvider && (
        <p>
          {/* A full navigation: the provider's page, then its redirect back to the API, which sets the session cookie. */}
          <a className="button button-primary" href="/v1/auth/oidc/login">
            Sign in with {options.ssoProvider}
          </a>
        </p>
      )}
      {options && !options.localLogin && <p className="muted">Password sign-in is kept for the break-glass admin only; every such sign-in is audited.</p>}
      <form onSubmit={(event) => void submit(event)} className="card stack">
        <Field label="Email">
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Password">
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
