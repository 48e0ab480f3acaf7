import { FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Loaded } from '../../components/loading';
import { api, getAll } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import type { TimelineEntry } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { Field } from '../../components/field';

const TIMELINE_POLL_MS = 3000;

/** The incident's timeline, refreshed every few seconds (kills, acks milestones, approvals land here by themselves), and notes. */
export function Timeline({ incidentId }: { incidentId: string }) {
  const { can } = useMe();
  const entries = useResource(() => getAll<TimelineEntry>(`/v1/incidents/${incidentId}/timeline`), [incidentId], { pollMs: TIMELINE_POLL_MS });
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const addNote = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/v1/incidents/${incidentId}/timeline`, { body: note.trim() });
      setNote('');
      await entries.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <Loaded resource={entries}>
        {(items) => (
          <ol className="timeline" aria-live="polite" aria-relevant="additions">
            {items.map((entry) => (
              <li key={entry.id} className={`timeline-entry entry-${entry.type}`}>
                <time dateTime={entry.at}>{formatDate(entry.at)}</time>
                <span className="badge badge-neutral">{entry.type}</span>
                <span className="muted">{entry.actor}</span>
                <p>
                  {entry.body}
                  {typeof entry.refs.killSwitchId === 'string' && entry.type !== 'note' ? (
                    <>
                      {' '}
                      <Link to={`/kills/${entry.refs.killSwitchId}`}>Open the kill</Link>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
      {can.addNote ? (
        <form className="stack" onSubmit={(event) => void addNote(event)}>
          <Field label="Add a note">
            <textarea required maxLength={4000} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy || !note.trim()}>
              Add note
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
