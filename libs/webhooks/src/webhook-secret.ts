/**
 * Subscription signing secrets: `whsec_` + base64 of 32 random bytes (Standard Webhooks), shown once.
 * At rest they are sealed with the key-encryption key (KILLSWITCH_KEY_ENCRYPTION_KEY) when one is set,
 * AES-256-GCM with the subscription id bound as additional data, in the same stored form as the signing
 * keys (libs/snapshots key-encryption.ts). Those helpers are not reused as they are: they bind the data to
 * signing keys and take only PEM text as the unsealed form. Without a key-encryption key (development
 * only; production refuses to start) the secret is stored as it is.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const SEALED = 'aes-256-gcm:v1:';
const PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

function additionalData(subscriptionId: string): Buffer {
  return Buffer.from(`killswitch-webhook-secret:${subscriptionId}`);
}

export function sealWebhookSecret(secret: string, subscriptionId: string, kek: Buffer | undefined): string {
  if (!kek) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
  cipher.setAAD(additionalData(subscriptionId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
}

export function openWebhookSecret(stored: string, subscriptionId: string, kek: Buffer | undefined): string {
  if (stored.startsWith(PREFIX)) return stored;
  if (!stored.startsWith(SEALED)) throw new Error(`webhook ${subscriptionId}: the stored secret is neither sealed nor a whsec_ secret`);
  if (!kek) throw new Error(`webhook ${subscriptionId}: the secret is sealed; set KILLSWITCH_KEY_ENCRYPTION_KEY`);
  const [iv, tag, ciphertext] = stored
    .slice(SEALED.length)
    .split(':')
    .map((part) => Buffer.from(part, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: 16 });
    decipher.setAAD(additionalData(subscriptionId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`webhook ${subscriptionId}: the secret cannot be decrypted (wrong KILLSWITCH_KEY_ENCRYPTION_KEY, or altered)`);
  }
}

/** `webhook-signature` of Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed by the secret's decoded bytes. */
export function signWebhook(secret: string, webhookId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * One signature a secret, separated by spaces: Standard Webhooks' way through a secret rotation, where a receiver
 * verifies with either the old secret or the new one and accepts the delivery if one signature matches.
 */
export function signWebhookWithEach(secrets: readonly string[], webhookId: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signWebhook(secret, webhookId, timestamp, body)).join(' ');
}

/** The stored secrets of a subscription: the current one, and the one a rotation replaced while its grace period lasts. */
export interface StoredWebhookSecrets {
  id: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign an attempt made at `at`, unsealed: the previous one (still in its grace period) first, then the current one. */
export function signingSecrets(s: StoredWebhookSecrets, kek: Buffer | undefined, at: Date): string[] {
  const current = openWebhookSecret(s.secret, s.id, kek);
  if (!s.previousSecret || !s.previousSecretExpiresAt || s.previousSecretExpiresAt <= at) return [current];
  return [openWebhookSecret(s.previousSecret, s.id, kek), current];
}
