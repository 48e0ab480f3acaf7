// The demo's Redis keys. Each run has its own queue prefix, so two demos on one
// Redis never see (or delete) each other's queues; a run deletes only its own
// keys, when it stops.

import crypto from 'node:crypto';
import { deleteRedisKeys } from './local-services.mjs';

const BASE = 'killswitch-demo';

/** `killswitch-demo-<12 hex>`: new each run, and valid for KILLSWITCH_QUEUE_PREFIX (1-64 of [A-Za-z0-9_-]). */
export function demoQueuePrefix() {
  return `${BASE}-${crypto.randomBytes(6).toString('hex')}`;
}

/** Delete the keys of one run: BullMQ's `{prefix}:…` and anything under `prefix:…`, never another run's. */
export async function deleteDemoKeys(redisUrl, prefix) {
  for (const keys of [`{${prefix}}:`, `${prefix}:`]) await deleteRedisKeys(redisUrl, keys);
}
