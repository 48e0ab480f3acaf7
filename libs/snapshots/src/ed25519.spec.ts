import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { ed25519Sign } from './ed25519';

describe(ed25519Sign.name, () => {
  it("gives node:crypto's signature, byte for byte, for many keys and messages (empty, short, long)", () => {
    for (let k = 0; k < 20; k++) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      for (const length of [0, 1, 63, 64, 65, 500, 100_000]) {
        const message = randomBytes(length);
        const signature = ed25519Sign(message, privateKey);
        expect(signature.toString('hex')).toBe(sign(null, message, privateKey).toString('hex'));
        expect(verify(null, message, publicKey, signature)).toBe(true);
      }
    }
  });

  it('keeps each key apart: a signature made with one key does not verify with another', () => {
    const a = generateKeyPairSync('ed25519');
    const b = generateKeyPairSync('ed25519');
    const message = Buffer.from('same message');
    ed25519Sign(message, b.privateKey);
    expect(verify(null, message, a.publicKey, ed25519Sign(message, a.privateKey))).toBe(true);
    expect(verify(null, message, b.publicKey, ed25519Sign(message, a.privateKey))).toBe(false);
    expect(verify(null, message, b.publicKey, ed25519Sign(message, b.privateKey))).toBe(true);
  });

  it('refuses a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => ed25519Sign(Buffer.from('x'), privateKey)).toThrow(/Ed25519 private key is needed, not ec/);
  });
});
