import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { ShowMore } from '../../components/show-more';
import { Link, navigate, useLocation } from '../../lib/router';
import type { Vendor } from '../../lib/types';
import { useTitle } from '../../lib/use-title';
import { BoardSearch } from './board-search';
import { KillDialog } from './kill-dialog';
import { ProposalsSection } from './proposals-section';
import { useBoard } from './use-board';
import { VendorCard } from './vendor-card';

/** Proposed kills, then the vendors with a kill in force, then every other vendor a page at a time; searchable. */
export function KillBoardPage() {
  useTitle('Kill board');
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const killedOnly = query.get('killed') === '1';
  const board = useBoard(q, killedOnly);
  const [killing, setKilling] = useState<{ vendor: Vendor; integration?: string }>();
  const search = (text: string, onlyKilled: boolean) => {
    const params = new URLSearchParams();
    if (text) params.set('q', text);
    if (onlyKilled) params.set('killed', '1');
    const suffix = params.toString();
    navigate(suffix ? `/?${suffix}` : '/', { replace: true });
  };
  const card = (vendor: Vendor) => (
    <VendorCard
      key={vendor.slug}
      vendor={vendor}
      kills={board.kills.filter((k) => k.scope.vendor === vendor.slug)}
      onKill={(integration) => setKilling({ vendor, integration })}
    />
  );
  const empty = !board.loading && board.killed.length === 0 && board.others.length === 0;

  return (
    <>
      <h1>Kill board</h1>
      <ProposalsSection />
      <BoardSearch q={q} killedOnly={killedOnly} onChange={search} />
      <ErrorMessage error={board.error} />
      {board.killed.length ? (
        <p className="muted" role="status">
          {board.killed.length} {board.killed.length === 1 ? 'vendor has' : 'vendors have'} a kill switch in force{q ? ` matching “${q}”` : ''}: shown first.
        </p>
      ) : null}
      {board.killed.map(card)}
      {board.others.map(card)}
      {empty ? (
        q || killedOnly ? (
          <p className="muted">
            No vendor {killedOnly ? 'with a kill in force ' : ''}
            {q ? `matches “${q}”` : ''}.
          </p>
        ) : (
          <p className="muted">
            No vendors yet. <Link to="/catalogue">Set up the catalogue</Link>: vendors, their models and integrations.
          </p>
        )
      ) : null}
      <ShowMore loading={board.loading} onMore={board.more && !killedOnly ? board.loadMore : undefined} label="Show more vendors" />
      {killing ? <KillDialog vendor={killing.vendor} integration={killing.integration} onClose={() => setKilling(undefined)} /> : null}
    </>
  );
}
