/** The part of sodium-native (libsodium's prebuilt Node addon) we use; the package ships no types. */
declare module 'sodium-native' {
  export const crypto_sign_BYTES: number;
  export const crypto_sign_PUBLICKEYBYTES: number;
  export const crypto_sign_SECRETKEYBYTES: number;
  export const crypto_sign_SEEDBYTES: number;
  /** Guarded, locked memory for secrets. */
  export function sodium_malloc(size: number): Buffer;
  export function crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void;
  export function crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void;
}
