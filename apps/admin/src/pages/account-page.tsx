import { FormEvent, useState } from 'react';
import { ErrorMessage } from '../components/error-message';
import { Field } from '../components/field';
import { api } from '../lib/api';
import { useMe } from '../lib/session';
import { useTitle } from '../lib/use-title';

/** Your account: who you are, and a password change (your other sessions are signed out). */
export function AccountPage() {
  useTitle('Account');
  const { me } = useMe();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(false);
    if (newPassword !== again) {
      setError(new Error('the two new passwords differ'));
      return;
    }
    try {
      await api.post('/v1/auth/password', { currentPassword, newPassword });
      setDone(true);
      setCurrent('');
      setNew('');
      setAgain('');
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <h1>Account</h1>
      <dl className="facts card">
        <dt>Email</dt>
        <dd>{me.email}</dd>
        <dt>Roles</dt>
        <dd>{me.roles.join(', ')}</dd>
      </dl>
      <form onSubmit={(event) => void submit(event)} className="card stack" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <Field label="Current password">
          <input type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label="New password">
          <input type="password" autoComplete="new-password" required minLength={12} value={newPassword} onChange={(e) => setNew(e.target.value)} />
        </Field>
        <Field label="New password again">
          <input type="password" autoComplete="new-password" required minLength={12} value={again} onChange={(e) => setAgain(e.target.value)} />
        </Field>
        <ErrorMessage error={error} />
        {done ? <p role="status">Password changed. Your other sessions were signed out.</p> : null}
        <div className="actions">
          <button type="submit" className="button-primary">
            Change password
          </button>
        </div>
      </form>
    </>
  );
}
