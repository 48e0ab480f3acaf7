import { FormEvent, useState } from 'react';
import { ErrorMessage } from '../components/error-message';
import { api } from '../lib/api';
import { useSession } from '../lib/session';
import { Field } from '../components/field';

/** A one-time password must be changed before anything else (the API refuses everything until then). */
export function PasswordPage() {
  const { refresh, signOut } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post('/v1/auth/password', { currentPassword, newPassword });
      await refresh();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <main id="main" className="login">
      <h1>Choose a new password</h1>
      <p className="muted">You signed in with a one-time password. Choose your own (12 characters or more) to continue.</p>
      <form onSubmit={(event) => void submit(event)} className="card stack">
        <Field label="Current password">
          <input type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label="New password">
          <input type="password" autoComplete="new-password" required minLength={12} value={newPassword} onChange={(e) => setNew(e.target.value)} />
        </Field>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button-primary">
            Change password
          </button>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </form>
    </main>
  );
}
