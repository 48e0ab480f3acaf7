/**
 * Long-lived streams each principal holds open on this instance: a script
 * that opens progress streams in a loop is refused past the limit instead of
 * holding sockets and memory without end.
 */
export class StreamQuota {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Takes a slot; returns how to give it back (once), or undefined when the principal is at its limit. */
  take(principal: string): (() => void) | undefined {
    const held = this.open.get(principal) ?? 0;
    if (held >= this.limit) return undefined;
    this.open.set(principal, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(principal) ?? 1) - 1;
      if (left > 0) this.open.set(principal, left);
      else this.open.delete(principal);
    };
  }

  /** Slots held now, by every principal: for tests. */
  get held(): number {
    let held = 0;
    for (const count of this.open.values()) held += count;
    return held;
  }
}
