import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in an OFREP event stream's URL (a browser's EventSource cannot send
 * an Authorization header). It names one device, expires, and is an HMAC keyed
 * by the stored hash of the credential that asked for it: a rotation or a
 * decommission (no live credential with that hash any more) refuses it on every
 * instance without shared state, and nobody holding only another device's
 * credential can make one. Format: `<deviceId>.<exp, unix seconds>.<mac>`.
 */
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([\w-]{43})$/;

export interface StreamTokenClaims {
  deviceId: string;
  exp: number;
}

function mac(credentialHash: string, deviceId: string, exp: number): string {
  return createHmac('sha256', credentialHash).update(`ofrep-events\0${deviceId}\0${exp}`).digest('base64url');
}

/**
 * Issued per window of half the lifetime, so every bulk answer in a window names the same URL
 * (its ETag holds) and a token is always good for at least half its lifetime after it is handed out.
 */
export function issueStreamToken(deviceId: string, credentialHash: string, lifetimeSec: number, nowMs = Date.now()): string {
  const window = Math.max(1, Math.floor(lifetimeSec / 2));
  const exp = (Math.floor(nowMs / 1000 / window) + 2) * window;
  return `${deviceId}.${exp}.${mac(credentialHash, deviceId, exp)}`;
}

/** The claims a token makes, unverified; undefined when it is not a token at all. */
export function parseStreamToken(token: string): (StreamTokenClaims & { mac: string }) | undefined {
  const match = TOKEN.exec(token);
  return match ? { deviceId: match[1], exp: Number(match[2]), mac: match[3] } : undefined;
}

/** True when the token was made with this credential hash and has not expired. */
export function verifyStreamToken(claims: StreamTokenClaims & { mac: string }, credentialHash: string, nowMs = Date.now()): boolean {
  if (claims.exp * 1000 <= nowMs) return false;
  const expected = Buffer.from(mac(credentialHash, claims.deviceId, claims.exp));
  const given = Buffer.from(claims.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
