import { useState } from 'react';
import { Loaded } from '../../components/loading';
import { getAll } from '../../lib/api';
import { Link } from '../../lib/router';
import type { KillSwitch, Vendor } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { KillDialog } from './kill-dialog';
import { ProposalsSection } from './proposals-section';
import { VendorCard } from './vendor-card';

const IN_FORCE = ['active', 'lift-requested', 'lifting'] as const;

async function loadBoard(): Promise<{ vendors: Vendor[]; kills: KillSwitch[] }> {
  const [vendors, ...kills] = await Promise.all([
    getAll<Vendor>('/v1/vendors'),
    ...IN_FORCE.map((state) => getAll<KillSwitch>('/v1/kill-switches', { state })),
  ]);
  return { vendors, kills: kills.flat() };
}

/** Vendors, their integrations and the kill switches in force; refreshed every few seconds. */
export function KillBoardPage() {
  useTitle('Kill board');
  const board = useResource(loadBoard, [], { pollMs: 5000 });
  const [killing, setKilling] = useState<{ vendor: Vendor; integration?: string }>();
  return (
    <>
      <h1>Kill board</h1>
      <ProposalsSection />
      <Loaded resource={board}>
        {({ vendors, kills }) =>
          vendors.length === 0 ? (
            <p className="muted">
              No vendors yet. <Link to="/catalogue">Set up the catalogue</Link>: vendors, their models and integrations.
            </p>
          ) : (
            vendors.map((vendor) => (
              <VendorCard
                key={vendor.slug}
                vendor={vendor}
                kills={kills.filter((k) => k.scope.vendor === vendor.slug)}
                onKill={(integration) => setKilling({ vendor, integration })}
              />
            ))
          )
        }
      </Loaded>
      {killing ? <KillDialog vendor={killing.vendor} integration={killing.integration} onClose={() => setKilling(undefined)} /> : null}
    </>
  );
}
