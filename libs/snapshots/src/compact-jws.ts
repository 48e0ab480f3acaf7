/**
 * Compact JWS (RFC 7515) signing by hand over libsodium's Ed25519 (ed25519.ts):
 * several times the throughput of jose's SignJWT (DESIGN.md, "Where it must be
 * fast"). Verification is left to standard JOSE libraries.
 */
import { KeyObject } from 'node:crypto';
import { ed25519Sign } from './ed25519';

/** The base64url of a protected header; compute it once per key and reuse it. */
export function encodeJwsHeader(header: Record<string, string>): string {
  return Buffer.from(JSON.stringify(header)).toString('base64url');
}

/** `header.payload.signature`, Ed25519 over the ASCII signing input. */
export function signCompactJws(encodedHeader: string, payload: unknown, privateKey: KeyObject): string {
  const signingInput = `${encodedHeader}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = ed25519Sign(Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
