/** Elements that need no quoting in a PostgreSQL array literal: hex digits and dashes (SHA-256 digests in hex, uuids), none empty. */
const PLAIN_ELEMENT = /^[0-9A-Fa-f-]+$/;

/**
 * An array parameter as PostgreSQL's text of it (`{a,b,c}`) when every element is a string of hex digits and dashes,
 * which PostgreSQL reads unquoted (no comma, brace, quote, backslash or space; never the word NULL), so the array
 * reads the same; otherwise the array itself, for node-postgres to serialize. node-postgres quotes and escapes each
 * element with two regular expressions: a batch of a fleet's first polls sends thousands of digests or device ids.
 */
export function plainArrayParameter(values: readonly unknown[]): string | readonly unknown[] {
  if (values.length === 0) return values;
  // Each element on its own: a comma inside one would pass a test of them joined.
  for (const value of values) if (typeof value !== 'string' || !PLAIN_ELEMENT.test(value)) return values;
  return `{${values.join(',')}}`;
}
