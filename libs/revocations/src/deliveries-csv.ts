import { Readable } from 'node:stream';
import { ReadReplica } from '@killswitch/db';

/** Rows read per query: the export walks the revocation's deliveries in device-id order, a page at a time. */
const PAGE = 5_000;
const HEADER = ['deviceId', 'externalId', 'state', 'rev', 'attempts', 'queuedAt', 'sentAt', 'acknowledgedAt', 'lastError'];

interface Row {
  deviceId: string;
  externalId: string | null;
  state: string;
  rev: bigint;
  attempts: number;
  queuedAt: Date;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  lastError: string | null;
}

/**
 * One CSV field (RFC 4180 quoting). A text that a spreadsheet would run as a
 * formula (= + - @, tab, carriage return first) is prefixed with ' so it stays text.
 */
export function csvField(value: string | number | bigint | Date | null): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(row: Row): string {
  return (
    [row.deviceId, row.externalId, row.state, row.rev, row.attempts, row.queuedAt, row.sentAt, row.acknowledgedAt, row.lastError].map(csvField).join(',') +
    '\r\n'
  );
}

/**
 * Every delivery of a revocation (in one state, or all) as CSV, streamed a page at a time. Each page from
 * the read replica when there is one (it may be a moment behind), else from the primary.
 */
export function deliveriesCsv(replica: ReadReplica, revocationId: string, state: string | undefined): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield HEADER.join(',') + '\r\n';
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const from = after;
      const rows = await replica.read(
        (db) => db.$queryRaw<Row[]>`
          SELECT d."deviceId", v."externalId", d.state::text AS state, d.rev, d.attempts, d."queuedAt", d."sentAt", d."acknowledgedAt", d."lastError"
          FROM deliveries d JOIN devices v ON v.id = d."deviceId"
          WHERE d."revocationId" = ${revocationId}::uuid AND (${state ?? null}::text IS NULL OR d.state::text = ${state ?? null}::text)
            AND d."deviceId" > ${from}::uuid
          ORDER BY d."deviceId" LIMIT ${PAGE}`,
      );
      yield rows.map(csvLine).join('');
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].deviceId;
    }
  }
  return Readable.from(lines());
}
