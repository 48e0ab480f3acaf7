import { hash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets are 256 random bits with a readable prefix that says what they
 * are (and lets the guard look in the right table). Only SHA-256 digests are
 * stored: fast to check on the hot path, useless if the database leaks.
 */
export const SECRET_PREFIX = {
  session: 'kss_',
  apiToken: 'ksa_',
  device: 'ksd_',
} as const;

export type SecretKind = keyof typeof SECRET_PREFIX;

export function newSecret(kind: SecretKind): { token: string; hash: string } {
  const token = SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

/** The credential's SHA-256 in hex, as the database holds it (crypto.hash: one call, no Hash object, about half the CPU). */
export function hashSecret(token: string): string {
  return hash('sha256', token, 'hex');
}

/** The same SHA-256 as bytes: how the device credential cache finds a credential and the refusal limiter keys one. */
export function digestOfSecret(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header. */
export function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S{8,512})\s*$/i.exec(header);
  return match?.[1];
}

export function secretKindOf(token: string): SecretKind | undefined {
  for (const [kind, prefix] of Object.entries(SECRET_PREFIX) as [SecretKind, string][]) {
    if (token.startsWith(prefix)) return kind;
  }
  return undefined;
}
