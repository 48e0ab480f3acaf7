/** Date-time arguments (`--reported-at`, `--at`, `--from`): anything Date.parse reads, sent as ISO 8601 in UTC. */
import { InvalidArgumentError } from 'commander';

export function parseInstant(raw: string): string {
  // A date alone or a time without a zone would silently mean UTC or local time: ask for the zone.
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(raw.trim())) throw new InvalidArgumentError('write a date and time with its zone, e.g. 2020-01-02T08:30:00Z');
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('write a date and time with its zone, e.g. 2020-01-02T08:30:00Z');
  return new Date(ms).toISOString();
}
