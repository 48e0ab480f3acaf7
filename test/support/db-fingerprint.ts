import type { Client } from 'pg';

/**
 * Every table's row count and a hash of all its rows, in one query: two equal fingerprints mean nothing was
 * written. `except` leaves out tables a test expects to change (the record of refused attempts, say).
 */
export async function tableFingerprint(db: Client, except: readonly string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)) ORDER BY 1`,
    [except],
  );
  const { rows } = await db.query<Record<string, string>>(
    `SELECT ${tables
      .map(
        ({ name }) =>
          `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM ${db.escapeIdentifier(name)} t) AS ${db.escapeIdentifier(name)}`,
      )
      .join(', ')}`,
  );
  return rows[0];
}
