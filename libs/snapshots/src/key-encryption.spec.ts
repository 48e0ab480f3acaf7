import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isSealed, openPrivateKey, parseKeyEncryptionKey, sealPrivateKey } from './key-encryption';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const kek = randomBytes(32);

describe(sealPrivateKey.name, () => {
  it('seals with a key-encryption key, and opens back to the same PEM', () => {
    const sealed = sealPrivateKey(pem, 'kid-1', kek);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(openPrivateKey(sealed, 'kid-1', kek)).toBe(pem);
  });

  it('stores the PEM as it is without a key-encryption key, still readable once one is set', () => {
    expect(sealPrivateKey(pem, 'kid-1', undefined)).toBe(pem);
    expect(openPrivateKey(pem, 'kid-1', kek)).toBe(pem);
  });

  it('refuses a wrong key-encryption key, a sealed key moved to another kid, an altered one, or a missing key', () => {
    const sealed = sealPrivateKey(pem, 'kid-1', kek);
    expect(() => openPrivateKey(sealed, 'kid-1', randomBytes(32))).toThrow(/cannot be decrypted/);
    expect(() => openPrivateKey(sealed, 'kid-2', kek)).toThrow(/cannot be decrypted/);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => openPrivateKey(altered, 'kid-1', kek)).toThrow(/cannot be decrypted/);
    expect(() => openPrivateKey(sealed, 'kid-1', undefined)).toThrow(/set KILLSWITCH_KEY_ENCRYPTION_KEY/);
    expect(() => openPrivateKey('', 'kid-1', kek)).toThrow(/neither a PEM nor sealed/);
  });
});

describe(parseKeyEncryptionKey.name, () => {
  it('reads 32 bytes written as hex, base64 or base64url', () => {
    expect(parseKeyEncryptionKey(kek.toString('hex'))).toEqual(kek);
    expect(parseKeyEncryptionKey(kek.toString('base64'))).toEqual(kek);
    expect(parseKeyEncryptionKey(kek.toString('base64url'))).toEqual(kek);
  });

  it('refuses anything that is not 32 bytes', () => {
    expect(() => parseKeyEncryptionKey('correct horse battery staple')).toThrow(/32 random bytes/);
    expect(() => parseKeyEncryptionKey(randomBytes(16).toString('hex'))).toThrow(/32 random bytes/);
  });
});
