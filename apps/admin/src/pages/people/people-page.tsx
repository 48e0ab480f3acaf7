import { useState } from 'react';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { getAll, request } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { ApiToken, User } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { PeopleDialog, PeopleForm } from './people-dialog';

/** People who sign in (admins manage them; auditors read) and API tokens (everyone mints within their own roles). */
export function PeoplePage() {
  useTitle('People and tokens');
  const { me, can } = useMe();
  const users = useResource(() => (can.readUsers ? getAll<User>('/v1/users') : Promise.resolve([])), [can.readUsers]);
  const tokens = useResource(() => getAll<ApiToken>('/v1/api-tokens'), []);
  const [form, setForm] = useState<PeopleForm>();
  const revoke = async (id: string) => {
    await request('DELETE', `/v1/api-tokens/${id}`);
    await tokens.reload();
  };

  return (
    <>
      <h1>People and tokens</h1>
      {can.readUsers ? (
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title">People</h2>
          {can.manageUsers ? (
            <div className="toolbar">
              <button type="button" className="button-primary" onClick={() => setForm({ kind: 'user' })}>
                Add person
              </button>
            </div>
          ) : null}
          <Loaded resource={users}>
            {(items) => (
              <table>
                <caption className="visually-hidden">People who can sign in</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Status</th>
                    <th scope="col">Since</th>
                    {can.manageUsers ? <th scope="col">Change</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {items.map((u) => (
                    <tr key={u.id}>
                      <td>
                        {u.name ? `${u.name} ` : ''}
                        {u.email}
                        {u.issuer ? <span className="muted"> (single sign-on)</span> : null}
                      </td>
                      <td>{u.roles.join(', ')}</td>
                      <td>{u.disabled ? <StateBadge state="closed" label="disabled" /> : <StateBadge state="ok" label="active" />}</td>
                      <td className="nowrap">{formatDate(u.createdAt)}</td>
                      {can.manageUsers ? (
                        <td>
                          <button type="button" className="button-quiet" onClick={() => setForm({ kind: 'edit-user', user: u })} disabled={u.id === me.id}>
                            Edit {u.email}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Loaded>
        </section>
      ) : null}
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p className="muted">
          {can.manageUsers ? 'Every token.' : 'Your tokens.'} A token acts with the roles it was given, never more than its creator holds.
        </p>
        {can.mintTokens ? (
          <div className="toolbar">
            <button type="button" className="button-primary" onClick={() => setForm({ kind: 'token' })}>
              Mint token
            </button>
          </div>
        ) : null}
        <Loaded resource={tokens}>
          {(items) =>
            items.length === 0 ? (
              <p className="muted">No tokens.</p>
            ) : (
              <table>
                <caption className="visually-hidden">API tokens</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Prefix</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((t) => (
                    <tr key={t.id}>
                      <td>{t.name}</td>
                      <td className="mono">{t.prefix}…</td>
                      <td>{t.roles.join(', ')}</td>
                      <td className="nowrap">{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                      <td className="nowrap">{formatDate(t.lastUsedAt)}</td>
                      <td>
                        {t.revokedAt ? (
                          <StateBadge state="closed" label="revoked" />
                        ) : can.mintTokens ? (
                          <button type="button" className="button-danger-quiet" onClick={() => void revoke(t.id)}>
                            Revoke {t.name}
                          </button>
                        ) : (
                          <StateBadge state="ok" label="active" />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
      {form ? (
        <PeopleDialog
          form={form}
          myRoles={me.roles}
          onClose={() => setForm(undefined)}
          onSaved={() => {
            void users.reload();
            void tokens.reload();
          }}
        />
      ) : null}
    </>
  );
}
