/**
 * The one vendor-agnostic firmware version order (DESIGN.md, "Firmware matchers").
 *
 * A version is split on `.`, `_` and `-` into segments, compared left to right:
 * - a numeric segment (digits only) compares as a number of any length: `00` = `0`, `10` > `9`;
 * - a text segment (anything else, e.g. `rc1` or `00a`) compares by UTF-16 code units,
 *   case-sensitively (`B` < `a`), the same as the byte order of versionKey() for valid versions;
 * - a numeric segment sorts before a text one: `1.9` < `1.rc`;
 * - a missing segment is lower than any segment: `1.0` < `1.0.0`.
 * Separators carry no weight, so `3.5.1_00.66` = `3.5.1.0.66`; `eq` and `in` use this equality.
 *
 * The order is total over every string (an empty segment is the lowest text), but only
 * strings accepted by isValidVersion() should reach it.
 */

const VERSION = /^[A-Za-z0-9]+([._-][A-Za-z0-9]+){0,31}$/;
export const MAX_VERSION_LENGTH = 128;
export const VERSION_RULE = 'a version such as 3.5.1_00.66: letters and digits separated by . _ or -, at most 128 characters';

export type Ordering = -1 | 0 | 1;

export function isValidVersion(s: unknown): s is string {
  return typeof s === 'string' && s.length <= MAX_VERSION_LENGTH && VERSION.test(s);
}

const DOT = 46; // .
const UNDERSCORE = 95; // _
const DASH = 45; // -
const ZERO = 48;
const NINE = 57;

function isSeparator(c: number): boolean {
  return c === DOT || c === UNDERSCORE || c === DASH;
}

/** End (exclusive) of the segment starting at `start`. */
function segmentEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length && !isSeparator(s.charCodeAt(i))) i++;
  return i;
}

function isNumeric(s: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

function skipZeros(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && s.charCodeAt(i) === ZERO) i++;
  return i;
}

/** Numbers compared as digit strings: no precision is lost on segments longer than 2^53. */
function compareNumbers(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): Ordering {
  const i = skipZeros(a, aStart, aEnd);
  const j = skipZeros(b, bStart, bEnd);
  const aLength = aEnd - i;
  const bLength = bEnd - j;
  if (aLength !== bLength) return aLength < bLength ? -1 : 1;
  for (let k = 0; k < aLength; k++) {
    const x = a.charCodeAt(i + k);
    const y = b.charCodeAt(j + k);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareTexts(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): Ordering {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const n = Math.min(aLength, bLength);
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(aStart + k);
    const y = b.charCodeAt(bStart + k);
    if (x !== y) return x < y ? -1 : 1;
  }
  return aLength === bLength ? 0 : aLength < bLength ? -1 : 1;
}

/**
 * Compares two versions in the order above. It walks both strings in place, without
 * splitting them, because it runs for every firmware matcher on the device poll path.
 */
export function compareVersions(a: string, b: string): Ordering {
  // Whole segments inside the common prefix are equal, so start at the segment where the
  // strings part: firmware versions compared against one bound mostly share a long prefix.
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  if (p === a.length && p === b.length) return 0;
  while (p > 0 && !isSeparator(a.charCodeAt(p - 1))) p--;
  // A position past the end (length + 1) means "no segment left"; "" has one empty segment.
  let i = p;
  let j = p;
  for (;;) {
    const aDone = i > a.length;
    const bDone = j > b.length;
    if (aDone || bDone) return aDone && bDone ? 0 : aDone ? -1 : 1;
    const aEnd = segmentEnd(a, i);
    const bEnd = segmentEnd(b, j);
    const aNumeric = isNumeric(a, i, aEnd);
    const bNumeric = isNumeric(b, j, bEnd);
    let order: Ordering;
    if (aNumeric && bNumeric) order = compareNumbers(a, i, aEnd, b, j, bEnd);
    else if (aNumeric !== bNumeric) order = aNumeric ? -1 : 1;
    else order = compareTexts(a, i, aEnd, b, j, bEnd);
    if (order !== 0) return order;
    i = aEnd + 1;
    j = bEnd + 1;
  }
}

/**
 * A string that is equal for two versions exactly when compareVersions() says they are
 * equal (segments joined by `.`, numbers without leading zeros), so `in` can be a Set lookup.
 */
export function canonicalVersion(version: string): string {
  let out = '';
  let i = 0;
  while (i <= version.length) {
    const end = segmentEnd(version, i);
    if (i > 0) out += '.';
    if (isNumeric(version, i, end)) {
      const start = skipZeros(version, i, end);
      out += start === end ? '0' : version.slice(start, end);
    } else {
      out += version.slice(i, end);
    }
    i = end + 1;
  }
  return out;
}
