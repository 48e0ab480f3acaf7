/**
 * Private signing keys at rest. With a key-encryption key (KILLSWITCH_KEY_ENCRYPTION_KEY:
 * 32 random bytes as 64 hex digits or base64/base64url) each PKCS#8 PEM is
 * sealed with AES-256-GCM, the kid bound as additional data so a sealed key
 * cannot be moved to another row. Without one the PEM is stored as it is: a
 * reader of the database could then sign snapshots and endorse keys of their
 * own.
 *
 * Stored form: `aes-256-gcm:v1:<iv>:<tag>:<ciphertext>` (base64url parts), or
 * a plain `-----BEGIN PRIVATE KEY-----` PEM. Plain keys stay readable when a
 * key-encryption key is set, so encryption can be turned on without a
 * migration: the first start with one seals them in place
 * (SigningKeysService.ensureKeys). Production refuses to start without one
 * (libs/config), and `npm start` keeps one in .data/key-encryption-key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'aes-256-gcm:v1:';
const PEM_HEADER = '-----BEGIN PRIVATE KEY-----';

/** Decodes the configured key-encryption key; anything but exactly 32 bytes is refused. */
export function parseKeyEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) key = Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, ''), 'base64url');
  if (key?.length !== 32) {
    throw new Error('KILLSWITCH_KEY_ENCRYPTION_KEY must be 32 random bytes as 64 hex digits or 43/44 base64 characters');
  }
  return key;
}

function additionalData(kid: string): Buffer {
  return Buffer.from(`killswitch-signing-key:${kid}`);
}

/** What goes into the `privateKey` column. */
export function sealPrivateKey(pem: string, kid: string, kek: Buffer | undefined): string {
  if (!kek) return pem;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
  cipher.setAAD(additionalData(kid));
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
}

/** The PKCS#8 PEM back from the `privateKey` column. */
export function openPrivateKey(stored: string, kid: string, kek: Buffer | undefined): string {
  if (stored.startsWith(PEM_HEADER)) return stored;
  if (!stored.startsWith(PREFIX)) throw new Error(`signing key ${kid}: private key is neither a PEM nor sealed (erased when retired?)`);
  if (!kek) throw new Error(`signing key ${kid} is encrypted: set KILLSWITCH_KEY_ENCRYPTION_KEY (npm start keeps it in .data/key-encryption-key)`);
  const [iv, tag, ciphertext, ...rest] = stored
    .slice(PREFIX.length)
    .split(':')
    .map((part) => Buffer.from(part, 'base64url'));
  try {
    if (!ciphertext || rest.length > 0) throw new Error('malformed');
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
    decipher.setAAD(additionalData(kid));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      `signing key ${kid} cannot be decrypted: wrong KILLSWITCH_KEY_ENCRYPTION_KEY, or the stored key was altered; start with the key the signing keys were sealed with (no new keys are made in their place)`,
    );
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
