/**
 * Ed25519 signatures through libsodium (sodium-native's prebuilt addon) rather
 * than node:crypto's sign(): about half the CPU a signature on our hosts
 * (`node bench/sign-floor.mjs`), which is most of a push's cost a device.
 * Ed25519 is deterministic (RFC 8032), so the signature is byte for byte the one
 * node:crypto gives for the same key and message (ed25519.spec.ts).
 */
import { KeyObject } from 'node:crypto';
import * as sodium from 'sodium-native';

// libsodium's secret key (seed and public key, 64 bytes) of each KeyObject, in guarded memory, made once a key.
const secretKeys = new WeakMap<KeyObject, Buffer>();

function secretKeyOf(privateKey: KeyObject): Buffer {
  let secretKey = secretKeys.get(privateKey);
  if (secretKey === undefined) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 private key is needed, not ${privateKey.asymmetricKeyType}`);
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    secretKey = sodium.sodium_malloc(sodium.crypto_sign_SECRETKEYBYTES);
    sodium.crypto_sign_seed_keypair(Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES), secretKey, seed);
    seed.fill(0);
    secretKeys.set(privateKey, secretKey);
  }
  return secretKey;
}

/** An Ed25519 signature's bytes. */
export const ED25519_SIGNATURE_BYTES = 64;

/** The 64-byte Ed25519 signature of `message`. */
export function ed25519Sign(message: Buffer, privateKey: KeyObject): Buffer {
  const signature = Buffer.allocUnsafe(ED25519_SIGNATURE_BYTES);
  ed25519SignInto(signature, message, privateKey);
  return signature;
}

/** ed25519Sign() into `signature` (exactly 64 bytes, e.g. a buffer reused for every signature): no Buffer a signature. */
export function ed25519SignInto(signature: Buffer, message: Buffer, privateKey: KeyObject): void {
  sodium.crypto_sign_detached(signature, message, secretKeyOf(privateKey));
}
