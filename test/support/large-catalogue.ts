import { Client } from 'pg';

/**
 * A platform-sized catalogue in one statement each: `vendors` vendors (slugs v0000, v0001, …)
 * with `perVendor` integrations each (v0000.cap-00, …). For the board's scale test and benchmark.
 */
export async function seedLargeCatalogue(databaseUrl: string, vendors = 1_000, perVendor = 10): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO vendors (id, slug, name)
       SELECT gen_random_uuid(), 'v' || lpad(n::text, 4, '0'), 'Vendor ' || n FROM generate_series(0, $1 - 1) AS n`,
      [vendors],
    );
    await db.query(
      `INSERT INTO integrations (id, key, "vendorId", capability, name, "updatedAt")
       SELECT gen_random_uuid(), v.slug || '.cap-' || lpad(c::text, 2, '0'), v.id, 'cap-' || lpad(c::text, 2, '0'), 'Capability ' || c, now()
       FROM vendors v CROSS JOIN generate_series(0, $1 - 1) AS c WHERE v.slug ~ '^v[0-9]{4}$'`,
      [perVendor],
    );
  } finally {
    await db.end();
  }
}
