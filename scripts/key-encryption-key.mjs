// The key-encryption key of a local run (`npm start`, `npm run demo`).
//
// The snapshot signing keys live in PostgreSQL, sealed with this key
// (libs/snapshots/src/key-encryption.ts); it must live somewhere else, or a
// copy of the database is enough to sign snapshots that devices accept.
// KILLSWITCH_KEY_ENCRYPTION_KEY wins when it is set; otherwise the key is kept
// in <data dir>/key-encryption-key (mode 0600), created on the first start and
// read on every later one. Losing that file makes the stored signing keys
// unreadable: the API then refuses to start (it never makes new keys in their
// place), so back the file up with the database, but never in the same place.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const KEY_ENCRYPTION_KEY_FILE = 'key-encryption-key';
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Thrown with one line for a person, like local-services.mjs's SetupError. */
export class KeyEncryptionKeyError extends Error {}

/**
 * The key to hand to the apps as KILLSWITCH_KEY_ENCRYPTION_KEY, and where it
 * came from: `env`, `file` (read), or `created` (written just now).
 */
export function ensureKeyEncryptionKey({ dataDir, env = process.env }) {
  if (env.KILLSWITCH_KEY_ENCRYPTION_KEY) return { key: env.KILLSWITCH_KEY_ENCRYPTION_KEY, source: 'env' };
  const file = path.join(dataDir, KEY_ENCRYPTION_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString('base64url');
  try {
    // 'wx': never overwrite; two starts racing both end up with the winner's key.
    fs.writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return { key, source: 'created', file };
  } catch (error) {
    if (error.code !== 'EEXIST') throw new KeyEncryptionKeyError(`cannot write ${file}: ${error.message}`);
  }
  return { key: readKeyFile(file), source: 'file', file };
}

function readKeyFile(file) {
  const { mode } = fs.statSync(file);
  if ((mode & 0o077) !== 0) {
    throw new KeyEncryptionKeyError(`${file} can be read by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${file}`);
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (!KEY_PATTERN.test(key)) {
    throw new KeyEncryptionKeyError(`${file} does not hold a key-encryption key (32 bytes, base64url): restore it from your backup`);
  }
  return key;
}
