/**
 * A byte string whose byte order is the version order (compareVersions), so
 * SQL can evaluate firmware matchers with plain bytea comparisons on an index.
 *
 * Each segment becomes one run, runs joined by '!' (0x21, below every letter
 * and digit, so "1.a" < "1.ab" and a missing segment sorts first):
 *   numeric: 'A' + three-digit length of the number without leading zeros + those digits
 *            (a longer number is a larger one; '00' and '0' are equal)
 *   text:    'B' + the text (a numeric segment sorts before a text one)
 */
export function versionKey(version: string): Buffer<ArrayBuffer> {
  const runs = version.split(/[._-]/).map((segment) => {
    if (/^\d+$/.test(segment)) {
      const digits = segment.replace(/^0+/, '') || '0';
      return `A${String(digits.length).padStart(3, '0')}${digits}`;
    }
    return `B${segment}`;
  });
  return Buffer.from(runs.join('!'), 'latin1') as Buffer<ArrayBuffer>;
}
