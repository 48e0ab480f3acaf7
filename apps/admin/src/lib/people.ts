/**
 * Names and emails of the people a screen mentions by id (who asked for a
 * lift, who decided it), from GET /v1/people. Looked up once per page load and
 * shared by every card that names the same person.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import { shortId } from './format';
import type { Person } from './types';

const known = new Map<string, Promise<Person | undefined>>();

function lookUp(id: string): Promise<Person | undefined> {
  let found = known.get(id);
  if (!found) {
    found = api
      .get<{ items: Person[] }>(`/v1/people?ids=${encodeURIComponent(id)}`)
      .then((list) => list.items[0])
      .catch(() => {
        known.delete(id); // not remembered: the next screen asks again
        return undefined;
      });
    known.set(id, found);
  }
  return found;
}

/**
 * "Ada Lovelace <ada@example.com>", the email alone when no name is on record, `user 40b68a86` until known; " (sso)"
 * after a single sign-on account, which may share its email with a local account and is another account.
 */
export function usePersonLabel(id: string | null | undefined): string {
  const [person, setPerson] = useState<Person>();
  useEffect(() => {
    if (!id) return undefined;
    let live = true;
    void lookUp(id).then((found) => {
      if (live) setPerson(found);
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (!id) return 'someone';
  if (!person || person.id !== id) return `user ${shortId(id)}`;
  const sso = person.issuer ? ' (sso)' : '';
  return person.name ? `${person.name} <${person.email}>${sso}` : `${person.email}${sso}`;
}
