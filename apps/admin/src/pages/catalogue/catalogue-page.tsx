import { useState } from 'react';
import { Loaded } from '../../components/loading';
import { StateBadge } from '../../components/state-badge';
import { getAll } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Vendor } from '../../lib/types';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/use-title';
import { CatalogueDialog, CatalogueForm } from './catalogue-dialog';

/** The vendors, their products and the integrations a kill can name: set up here, without curl. */
export function CataloguePage() {
  useTitle('Catalogue');
  const { can } = useMe();
  const vendors = useResource(() => getAll<Vendor>('/v1/vendors'), []);
  const [form, setForm] = useState<CatalogueForm>();

  return (
    <>
      <h1>Catalogue</h1>
      <p className="muted">Vendors, their products (vendor models) and the integrations devices turn on and off. A kill names these.</p>
      {can.editCatalogue ? (
        <div className="toolbar">
          <button type="button" className="button-primary" onClick={() => setForm({ kind: 'vendor' })}>
            Add vendor
          </button>
        </div>
      ) : null}
      <Loaded resource={vendors}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No vendors yet{can.editCatalogue ? ': add the first one.' : '.'}</p>
          ) : (
            items.map((vendor) => (
              <section key={vendor.slug} className="card" aria-labelledby={`vendor-${vendor.slug}`}>
                <h2 id={`vendor-${vendor.slug}`}>
                  {vendor.name} <span className="muted mono">{vendor.slug}</span>
                </h2>
                <h3>Models</h3>
                <p>{vendor.models.length ? vendor.models.map((m) => `${m.name} (${m.slug})`).join(', ') : <span className="muted">None yet.</span>}</p>
                <h3>Integrations</h3>
                {vendor.integrations.length ? (
                  <ul className="plain">
                    {vendor.integrations.map((i) => (
                      <li key={i.key}>
                        <span className="mono">{i.key}</span> {i.name}{' '}
                        <StateBadge state={i.failMode === 'open' ? 'pending' : 'ok'} label={`fail mode ${i.failMode}`} />
                        {can.editCatalogue ? (
                          <button type="button" className="button-quiet" onClick={() => setForm({ kind: 'fail-mode', integration: i })}>
                            Change fail mode of {i.key}
                          </button>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">None yet.</p>
                )}
                {can.editCatalogue ? (
                  <div className="actions">
                    <button type="button" onClick={() => setForm({ kind: 'model', vendor: vendor.slug })}>
                      Add model to {vendor.slug}
                    </button>
                    <button type="button" onClick={() => setForm({ kind: 'integration', vendor: vendor.slug })}>
                      Add integration to {vendor.slug}
                    </button>
                  </div>
                ) : null}
              </section>
            ))
          )
        }
      </Loaded>
      {form ? (
        <CatalogueDialog
          form={form}
          onClose={() => setForm(undefined)}
          onSaved={() => {
            setForm(undefined);
            void vendors.reload();
          }}
        />
      ) : null}
    </>
  );
}
