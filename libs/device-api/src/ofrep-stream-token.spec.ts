import { issueStreamToken, parseStreamToken, verifyStreamToken } from './ofrep-stream-token';

describe('OFREP stream tokens', () => {
  const deviceId = '0192f0a0-1111-7222-8333-444455556666';
  const hash = 'a'.repeat(64);
  const t0 = Date.UTC(2026, 0, 1, 0, 0, 10);

  it('is the same URL within a window of half the lifetime, and good for at least half the lifetime after it is handed out', () => {
    const token = issueStreamToken(deviceId, hash, 600, t0);
    expect(issueStreamToken(deviceId, hash, 600, t0 + 250_000)).toBe(token);
    const claims = parseStreamToken(token)!;
    expect(claims.deviceId).toBe(deviceId);
    expect(claims.exp * 1000 - t0).toBeGreaterThanOrEqual(300_000);
    expect(claims.exp * 1000 - t0).toBeLessThanOrEqual(600_000);
    expect(verifyStreamToken(claims, hash, t0 + 299_000)).toBe(true);
    expect(verifyStreamToken(claims, hash, claims.exp * 1000)).toBe(false);
  });

  it('is refused with another credential hash, another device id or a moved expiry', () => {
    const claims = parseStreamToken(issueStreamToken(deviceId, hash, 600, t0))!;
    expect(verifyStreamToken(claims, 'b'.repeat(64), t0)).toBe(false);
    expect(verifyStreamToken({ ...claims, deviceId: '0192f0a0-1111-7222-8333-444455556667' }, hash, t0)).toBe(false);
    expect(verifyStreamToken({ ...claims, exp: claims.exp + 3600 }, hash, t0)).toBe(false);
  });

  it('parses nothing that is not a token', () => {
    for (const bad of ['', 'x', `${deviceId}.1.short`, `${deviceId.toUpperCase()}.1.${'a'.repeat(43)}`, `${deviceId}.1.${'a'.repeat(43)}.extra`]) {
      expect(parseStreamToken(bad)).toBeUndefined();
    }
  });
});
