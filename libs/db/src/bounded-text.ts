/**
 * Outside text (an alert's summary, a webhook receiver's answer, an identity
 * provider's error) cut to a bound before it is stored. Cut by UTF-16 units
 * (`slice`), an emoji at the bound loses half its surrogate pair: the lone
 * half left is refused by PostgreSQL's json and by the audit's RFC 8785
 * canonicaliser, which turned a valid summary into a 500. Cut here by code
 * points, as the DTOs' length checks count characters.
 */

/**
 * `text` if it has at most `max` code points; else its first code points and
 * `ellipsis`, `max` code points in all, never ending in half a pair. A lone
 * surrogate already in the text (an identity provider's claim, which no JSON
 * body check of ours saw) becomes U+FFFD, so what is stored is valid Unicode.
 */
export function truncateCodePoints(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max) return text.toWellFormed(); // a code point takes one or two units: nothing to cut
  if (unitsOfCodePoints(text, max) === text.length) return text.toWellFormed();
  return (text.slice(0, unitsOfCodePoints(text, Math.max(0, max - [...ellipsis].length))) + ellipsis).toWellFormed();
}

/** How many UTF-16 units the first `count` code points of `text` take (all of it if it has fewer). */
function unitsOfCodePoints(text: string, count: number): number {
  let units = 0;
  for (let seen = 0; seen < count && units < text.length; seen++) units += (text.codePointAt(units) as number) > 0xffff ? 2 : 1;
  return units;
}
