import { FormEvent, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { SubmitActions } from '../../components/submit-actions';
import { api } from '../../lib/api';
import type { Role, User } from '../../lib/types';

export type PeopleForm = { kind: 'user' } | { kind: 'edit-user'; user: User } | { kind: 'token' };

const PERSON_ROLES: Role[] = ['admin', 'responder', 'approver', 'auditor'];
const TITLES = { user: 'Add person', 'edit-user': 'Edit person', token: 'Mint token' } as const;

/** A password for a new person: 24 characters from the browser's CSPRNG, shown once. */
function generatedPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** Add a person (a generated password shown once), change their roles or disable them, or mint a token (shown once). */
export function PeopleDialog({ form, myRoles, onClose, onSaved }: { form: PeopleForm; myRoles: Role[]; onClose(): void; onSaved(): void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [person, setPerson] = useState(form.kind === 'edit-user' ? (form.user.name ?? '') : '');
  const [roles, setRoles] = useState<Role[]>(form.kind === 'edit-user' ? form.user.roles : []);
  const [disabled, setDisabled] = useState(form.kind === 'edit-user' ? form.user.disabled : false);
  const [days, setDays] = useState('');
  const [secret, setSecret] = useState<{ label: string; value: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A token may hold the roles its minter holds; an admin may also mint the signals role (alert intake only).
  const choices: Role[] = form.kind === 'token' ? [...myRoles, ...(myRoles.includes('admin') ? (['signals'] as Role[]) : [])] : PERSON_ROLES;
  const toggle = (role: Role) => setRoles(roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (form.kind === 'user') {
        const password = generatedPassword();
        await api.post('/v1/users', { email, password, roles, ...(person.trim() ? { name: person.trim() } : {}) });
        setSecret({ label: 'Password', value: password });
      } else if (form.kind === 'edit-user') {
        await api.patch(`/v1/users/${form.user.id}`, { roles, disabled, ...(person.trim() ? { name: person.trim() } : {}) });
        onClose();
      } else {
        const minted = await api.post<{ token: string }>('/v1/api-tokens', { name, roles, ...(days ? { expiresInDays: Number(days) } : {}) });
        setSecret({ label: 'Token', value: minted.token });
      }
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (secret) {
    return (
      <Dialog title={TITLES[form.kind]} onClose={onClose}>
        <p>
          {form.kind === 'user'
            ? 'Give this password to its owner over a separate channel; they can change it under Account.'
            : 'Store the token in your automation’s secrets now.'}{' '}
          It is shown only this once.
        </p>
        <Field label={secret.label}>
          <input readOnly className="mono" value={secret.value} onFocus={(e) => e.target.select()} />
        </Field>
        <div className="actions">
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={TITLES[form.kind]} onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        {form.kind === 'user' ? (
          <Field label="Email">
            <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
        ) : null}
        {form.kind === 'edit-user' ? <p>{form.user.email}</p> : null}
        {form.kind !== 'token' ? (
          <Field label="Name (optional)">
            <input maxLength={200} placeholder="shown to approvers with the email" value={person} onChange={(e) => setPerson(e.target.value)} />
          </Field>
        ) : null}
        {form.kind === 'token' ? (
          <>
            <Field label="Token name">
              <input required maxLength={100} placeholder="pagerduty-automation" value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label="Expires after days (optional, 1-365)">
              <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
            </Field>
          </>
        ) : null}
        <fieldset>
          <legend>Roles</legend>
          {choices.map((role) => (
            <label key={role} className="check">
              <input type="checkbox" checked={roles.includes(role)} onChange={() => toggle(role)} /> {role}
            </label>
          ))}
        </fieldset>
        {form.kind === 'edit-user' ? (
          <label className="check">
            <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} /> Disabled (signed out everywhere, cannot sign in)
          </label>
        ) : null}
        <SubmitActions label={form.kind === 'token' ? 'Mint' : 'Save'} disabled={busy || roles.length === 0} error={error} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
