import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditAction } from './audit-action';

/**
 * Who did something: a person (directly or through one of their API tokens), a device, the system, or an auto-kill
 * policy that two people enabled (its kills are its own, not either person's).
 */
export interface Actor {
  type: 'user' | 'device' | 'system' | 'anonymous' | 'policy';
  /** The user id (also when acting through an API token), device id, policy id, or none. */
  id?: string;
  /** Human-readable: an email, `device:<id>`, `system:<component>`, `policy <name> (enabled by …, approved by …)`. */
  label: string;
  /** The API token used, when the user acted through one. */
  tokenId?: string;
}

export interface AuditInput {
  actor: Actor;
  action: AuditAction;
  outcome?: 'ok' | 'refused';
  target?: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  reason?: string;
  requestId?: string;
  /** Attempts the entry stands for, when it folds several refused attempts (the request id is the first one's). */
  count?: number;
}

/** The hashed part of an entry: every field but the hash itself, in RFC 8785 (JCS) form. */
export interface ChainedEntry {
  seq: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  /**
   * Present only on entries that fold refused attempts: absent, it is absent
   * from the canonical form too, so entries written before it existed keep
   * their hashes.
   */
  count?: number;
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash = sha256(prevHash ‖ JCS(entry)) */
export function chainHash(prevHash: string, entry: ChainedEntry): string {
  const canonical = canonicalize(entry);
  if (canonical === undefined) throw new Error('audit entry cannot be canonicalised');
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * The canonical form of an entry around its seq, for a writer that learns the seq only in the database (the
 * statement that reads the chain's head also writes the entry): JCS(entry) is `head + seq + tail`, so its hash is
 * sha256(prevHash ‖ head ‖ seq ‖ tail). JCS writes an object's members sorted by name, each as JCS(name):JCS(value);
 * seq is a top-level string of digits, which JCS writes as is between its quotes.
 */
export function canonicalAroundSeq(entry: Omit<ChainedEntry, 'seq'>): { head: string; tail: string } {
  const member = (name: string, value: unknown): string => {
    const canonical = canonicalize(value);
    if (canonical === undefined) throw new Error(`audit entry field ${name} cannot be canonicalised`);
    return `${JSON.stringify(name)}:${canonical}`;
  };
  const names = Object.keys(entry).sort();
  const before = names.filter((name) => name < 'seq').map((name) => member(name, entry[name as keyof typeof entry]));
  const after = names.filter((name) => name > 'seq').map((name) => member(name, entry[name as keyof typeof entry]));
  return { head: `{${[...before, '"seq":"'].join(',')}`, tail: `"${after.map((m) => `,${m}`).join('')}}` };
}

/** The columns of a stored audit_log row that its hash covers: the chained fields, typed as the database returns them. */
export type StoredEntry = Omit<ChainedEntry, 'seq' | 'at' | 'count'> & { seq: bigint; at: Date; count?: number | null };

/**
 * The hashed form of a stored row, exactly as AuditService.append built it
 * before writing: verification recomputes hashes from this.
 */
export function chainedEntryOf(row: StoredEntry): ChainedEntry {
  return {
    seq: row.seq.toString(),
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actor: row.actor,
    action: row.action,
    outcome: row.outcome,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
    requestId: row.requestId,
    ...(row.count === null || row.count === undefined ? {} : { count: row.count }),
  };
}
