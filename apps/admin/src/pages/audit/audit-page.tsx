import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { StateBadge } from '../../components/state-badge';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import type { AuditEntry, Page } from '../../lib/types';
import { usePagedList } from '../../lib/use-paged-list';
import { useTitle } from '../../lib/use-title';
import { AuditFilter, AuditFilters, NO_FILTER, toIso } from './audit-filters';
import { ChainStatus } from './chain-status';

const PAGE_SIZE = 50;

/** The audit log, newest first, filtered, a page at a time; and whether its chain verifies. */
export function AuditPage() {
  useTitle('Audit');
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const { items, cursor, error, loading, more } = usePagedList(
    (after) => api.get<Page<AuditEntry>>('/v1/audit', { ...filter, from: toIso(filter.from), to: toIso(filter.to), limit: PAGE_SIZE, cursor: after }),
    [filter],
  );

  return (
    <>
      <h1>Audit</h1>
      <ChainStatus />
      <AuditFilters value={filter} onApply={setFilter} />
      <ErrorMessage error={error} />
      <table className="audit">
        <caption className="visually-hidden">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.seq}>
              <td className="mono nowrap">{entry.seq}</td>
              <td className="nowrap">{formatDate(entry.at)}</td>
              <td className="break-all">{entry.actor}</td>
              <td className="mono nowrap">{entry.action}</td>
              <td>
                <StateBadge state={entry.outcome} />
              </td>
              <td className="clip break-all">{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'}</td>
              <td className="clip">{entry.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="muted">
        {loading ? 'Loading…' : `${items.length} entries shown${cursor ? '' : ', no more'}.`}
      </p>
      {cursor && !loading ? (
        <button type="button" onClick={more}>
          Load more
        </button>
      ) : null}
    </>
  );
}
