/**
 * Where simulated devices come from: enrolled through the API (POST
 * /v1/devices, with an admin or responder token), or read from a file of
 * existing credentials. The file is JSON lines `{ id, credential, jwks? }`:
 * the keys the devices were handed at enrollment are written once, on the
 * first line, and every key of every line's `jwks` is pinned when read.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { DeviceJwk, DeviceJwks } from '@killswitch/device-sdk';
import { CatalogueVendor, deviceMix, seededRandom } from './device-mix';
import type { SimDevice } from './fleet-sim';

export interface EnrolledFleet {
  devices: SimDevice[];
  /** The union of the key sets the devices were handed at enrollment. */
  pinnedJwks: DeviceJwks;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function api<T>(url: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${url.replace(/\/$/, '')}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON
    }
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}

/** Every vendor with its model and integration slugs (optionally only `only`). */
export async function fetchCatalogue(url: string, token: string, only?: string[]): Promise<CatalogueVendor[]> {
  const vendors: CatalogueVendor[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<{ slug: string; models: { slug: string }[]; integrations: { key: string }[] }> = await api(url, token, `/v1/vendors${query}`);
    for (const v of page.items) vendors.push({ slug: v.slug, models: v.models.map((m) => m.slug), integrations: v.integrations.map((i) => i.key) });
    cursor = page.nextCursor;
  } while (cursor);
  if (!only?.length) return vendors;
  const missing = only.filter((slug) => !vendors.some((v) => v.slug === slug));
  if (missing.length) throw new Error(`unknown vendor(s): ${missing.join(', ')}`);
  return vendors.filter((v) => only.includes(v.slug));
}

/** Enrolls `count` devices with a mix of models, firmware and linked products; `concurrency` requests at a time. */
export async function enrollFleet(
  url: string,
  token: string,
  count: number,
  catalogue: CatalogueVendor[],
  options: { seed?: number; concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<EnrolledFleet> {
  const random = seededRandom(options.seed ?? 1);
  const bodies = Array.from({ length: count }, (_, index) => deviceMix(index, catalogue, random));
  const devices = new Array<SimDevice>(count);
  const keySets = new KeySets();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const enrolled = await api<{ id: string; credential: string; jwks: DeviceJwks }>(url, token, '/v1/devices', {
        method: 'POST',
        body: JSON.stringify(bodies[index]),
      });
      devices[index] = { id: enrolled.id, credential: enrolled.credential };
      keySets.add(enrolled.jwks);
      options.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, Math.max(count, 1)) }, worker));
  return { devices, pinnedJwks: keySets.union() };
}

/** Reads a credentials file (JSON lines). */
export async function readCredentials(path: string): Promise<EnrolledFleet> {
  const devices: SimDevice[] = [];
  const keySets = new KeySets();
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines.forEach((line, at) => {
    if (!line.trim()) return;
    let entry: { id?: unknown; credential?: unknown; jwks?: DeviceJwks };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      throw new Error(`${path}:${at + 1}: not JSON`);
    }
    if (typeof entry.id !== 'string' || typeof entry.credential !== 'string') throw new Error(`${path}:${at + 1}: needs "id" and "credential"`);
    keySets.add(entry.jwks);
    devices.push({ id: entry.id, credential: entry.credential });
  });
  if (devices.length === 0) throw new Error(`${path}: no devices`);
  return { devices, pinnedJwks: keySets.union() };
}

/** Writes a credentials file readable by readCredentials (mode 0600: these are secrets). */
export async function writeCredentials(path: string, fleet: EnrolledFleet): Promise<void> {
  const lines = fleet.devices.map((device, index) =>
    JSON.stringify({ id: device.id, credential: device.credential, ...(index === 0 ? { jwks: fleet.pinnedJwks } : {}) }),
  );
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** The union of enrollment key sets (by kid). */
class KeySets {
  private readonly keys = new Map<string, DeviceJwk>();

  add(jwks: DeviceJwks | undefined): void {
    for (const key of jwks?.keys ?? []) this.keys.set(key.kid, key);
  }

  union(): DeviceJwks {
    return { keys: [...this.keys.values()] };
  }
}
