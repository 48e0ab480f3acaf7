import { createHash } from 'node:crypto';
import { SECRET_PREFIX, bearerOf, hashSecret, newSecret } from './secrets';

describe('secrets', () => {
  it("hashes a credential to SHA-256 in hex, the digest the database holds (FIPS 180-2's vector, and any token's UTF-8)", () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { token, hash } = newSecret('device');
    expect(token.startsWith(SECRET_PREFIX.device)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    expect(hashSecret('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
  });

  it('reads the token of a Bearer header only, 8 to 512 characters', () => {
    expect(bearerOf('Bearer abcdefgh')).toBe('abcdefgh');
    expect(bearerOf('bearer  abcdefgh ')).toBe('abcdefgh');
    expect(bearerOf('Bearer abcdefg')).toBeUndefined();
    expect(bearerOf(`Bearer ${'a'.repeat(513)}`)).toBeUndefined();
    expect(bearerOf('Basic abcdefgh')).toBeUndefined();
    expect(bearerOf(undefined)).toBeUndefined();
  });
});
