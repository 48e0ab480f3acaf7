/** What a device says and asks, with its own credential: its inventory report and its flags. */
import type { InventoryItem } from '@killswitch/fleet-sim';

export interface DeviceFlags {
  rev: number;
  integrations: Record<string, { enabled: boolean; killSwitchIds?: string[] }>;
}

async function deviceFetch(url: string, credential: string, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${credential}`, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** PUT /v1/device/inventory: the device's complete list of linked products. */
export async function reportInventory(url: string, credential: string, items: InventoryItem[]): Promise<void> {
  await deviceFetch(url, credential, '/v1/device/inventory', { method: 'PUT', body: JSON.stringify({ items }) });
}

/** GET /v1/device/flags: what the API tells this device now. */
export async function fetchFlags(url: string, credential: string): Promise<DeviceFlags> {
  return (await (await deviceFetch(url, credential, '/v1/device/flags')).json()) as DeviceFlags;
}

/** Runs `work` over `items`, `concurrency` at a time; `onDone` after each. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
