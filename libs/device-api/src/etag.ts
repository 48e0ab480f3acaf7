/** True when an If-None-Match header names this ETag (or is `*`); weak validators compare by value. */
export function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  // A device sends back the very ETag it was given: no splitting, trimming or allocation on the poll's usual 304.
  if (header === etag) return true;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  return value.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
