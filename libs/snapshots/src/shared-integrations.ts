/**
 * The integrations' JSON of a snapshot payload, shared by every device whose
 * answer it is, with the base64url of the payload's end (that JSON and the
 * closing brace) computed once for all of them.
 *
 * base64url(a + b) is base64url(a) + base64url(b) when a's byte length is a
 * multiple of 3. A payload is a short device-own prefix (issuer, device,
 * revision, times) and this shared end: the prefix and the first 0–2 bytes of
 * the end are encoded per device, the rest once here. The bytes are exactly
 * those of encoding the whole payload at once.
 */
export class SharedIntegrations {
  /** base64url of the payload's end from byte 0, 1 and 2 on, computed when first needed. */
  private readonly tails: [string?, string?, string?] = [];

  /** `json` is JSON.stringify of the integrations. */
  constructor(readonly json: string) {}

  /** base64url of `prefix + json + '}'`. */
  encodePayload(prefix: string): string {
    const skip = skipOf(prefix);
    return this.head(prefix, skip) + this.tail(skip);
  }

  /**
   * encodePayload(prefix), written as ASCII into `target` from `offset` rather than returned as a string (a signing
   * input is a kilobyte or more, the same for every device but its head): the bytes written, or -1, with nothing
   * written, when they do not fit.
   */
  writePayload(prefix: string, target: Buffer, offset: number): number {
    const skip = skipOf(prefix);
    const head = this.head(prefix, skip);
    const tail = this.tail(skip);
    if (offset + head.length + tail.length > target.length) return -1;
    target.write(head, offset, 'latin1');
    target.write(tail, offset + head.length, 'latin1');
    return head.length + tail.length;
  }

  /** base64url of the prefix and the end's first `skip` bytes: a multiple of 3 bytes. */
  private head(prefix: string, skip: number): string {
    // The end starts with '{' and at least one more ASCII byte ('"' or '}'), so its first two chars are two bytes.
    return Buffer.from(skip ? prefix + this.json.slice(0, skip) : prefix).toString('base64url');
  }

  private tail(skip: number): string {
    let tail = this.tails[skip];
    if (tail === undefined) {
      tail = Buffer.from(`${this.json}}`).subarray(skip).toString('base64url');
      this.tails[skip] = tail;
    }
    return tail;
  }
}

/** How many of the end's bytes the prefix takes with it, so that the head is a multiple of 3 bytes. */
function skipOf(prefix: string): number {
  return (3 - (Buffer.byteLength(prefix) % 3)) % 3;
}
