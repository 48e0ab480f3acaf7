/**
 * Rollback protection (DESIGN.md, "Revision"): a device keeps the highest rev
 * it has applied and refuses lower ones. An inventory report changes a
 * device's answer without raising rev, so an equal rev is taken only when it
 * was signed later (a later iat).
 */

export interface RevisionMark {
  rev: number;
  /** Seconds since the epoch. */
  iat: number;
}

export type RevisionVerdict =
  /** a higher rev: apply, and acknowledge */
  | 'newer'
  /** the same rev signed later (re-signed, or an inventory change): apply, nothing to acknowledge */
  | 'refresh'
  /** the very snapshot already held: nothing to do */
  | 'same'
  /** a lower rev, or the same rev not signed later: refuse */
  | 'rollback';

/** `held` is the highest mark applied (undefined before the first); `sameSnapshot` when the JWS is byte-identical. */
export function compareRevision(held: RevisionMark | undefined, incoming: RevisionMark, sameSnapshot = false): RevisionVerdict {
  if (!held || incoming.rev > held.rev) return 'newer';
  if (incoming.rev < held.rev) return 'rollback';
  if (incoming.iat > held.iat) return 'refresh';
  return sameSnapshot ? 'same' : 'rollback';
}
