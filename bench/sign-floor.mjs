// The floor under a push: CPU of one Ed25519 signature of a device's snapshot (a ~1.4 KB payload,
// ~1.9 KB signing input) on this host, with node:crypto (sign(null, data, KeyObject), what
// SnapshotSigner did before), with libsodium (sodium-native, what it does now: libs/snapshots/src/ed25519.ts)
// and with jose (CompactSign and SignJWT). Run: `node bench/sign-floor.mjs`.
// Prints CPU µs per signature (process.cpuUsage, so other work on the host inflates it less than wall time).

import { generateKeyPairSync, sign } from 'node:crypto';
import { TextEncoder } from 'node:util';
import { CompactSign, SignJWT } from 'jose';
import sodium from 'sodium-native';

const N = Number(process.env.BENCH_SIGNATURES ?? 20_000);
const { privateKey } = generateKeyPairSync('ed25519');
const integrations = {};
for (let i = 0; i < 6; i++) {
  integrations[`vendor${i}.integration-${i}`] = {
    enabled: i % 2 === 0,
    reason: 'This feature is temporarily disabled by the manufacturer for safety reasons.',
    killSwitchIds: ['0193a3c4-5678-7abc-8def-0123456789ab'],
    failMode: 'closed',
  };
}
const header = { alg: 'EdDSA', kid: 'k-2026-12', typ: 'killswitch-snapshot+jwt' };
const encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
const claims = (i) => ({
  iss: 'https://killswitch.example',
  sub: `0193a3c4-5678-7abc-8def-${String(i).padStart(12, '0')}`,
  rev: 1234,
  iat: 1764970000,
  exp: 1765056400,
  integrations,
});
const payload = (i) => JSON.stringify(claims(i));
const input = Buffer.from(`${encodedHeader}.${Buffer.from(payload(1)).toString('base64url')}`, 'latin1');
const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

async function measure(name, n, fn) {
  for (let i = 0; i < Math.min(n, 2_000); i++) await fn(i);
  const start = cpuUs();
  for (let i = 0; i < n; i++) await fn(i);
  console.log(`${name}: ${((cpuUs() - start) / n).toFixed(1)} µs CPU a signature`);
}

console.log(`payload ${payload(1).length} bytes, signing input ${input.length} bytes; Node ${process.version}`);
await measure('node:crypto sign(null, signing input, KeyObject)', N, () => sign(null, input, privateKey));
await measure('node:crypto sign(null, 32 bytes, KeyObject)', N, () => sign(null, input.subarray(0, 32), privateKey));
await measure('node:crypto, payload JSON + base64url + sign + base64url signature', N, (i) =>
  sign(null, Buffer.from(`${encodedHeader}.${Buffer.from(payload(i)).toString('base64url')}`, 'latin1'), privateKey).toString('base64url'),
);
// What SnapshotSigner does now (libs/snapshots/src/ed25519.ts): libsodium's detached signature, the same bytes.
const secretKey = sodium.sodium_malloc(sodium.crypto_sign_SECRETKEYBYTES);
sodium.crypto_sign_seed_keypair(Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES), secretKey, Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url'));
await measure('sodium-native crypto_sign_detached(signing input)', N, () => {
  const signature = Buffer.allocUnsafe(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(signature, input, secretKey);
});
const encoder = new TextEncoder();
await measure('jose CompactSign (KeyObject)', N / 4, (i) => new CompactSign(encoder.encode(payload(i))).setProtectedHeader(header).sign(privateKey));
await measure('jose SignJWT (KeyObject)', N / 4, (i) => new SignJWT(claims(i)).setProtectedHeader(header).sign(privateKey));
