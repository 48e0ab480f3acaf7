import { randomBytes } from 'node:crypto';
import { TestApi } from './api-harness';

/** A suite's vendor: its slug and the keys of its two integrations. */
export interface SeededVendor {
  vendor: string;
  camera: string;
  plug: string;
}

/** A vendor of its own for one suite (slugs are global to the run's database). */
export async function seedVendor(api: Pick<TestApi, 'request' | 'adminToken'>, base = 'xiaomi'): Promise<SeededVendor> {
  const token = await api.adminToken();
  const vendor = `${base}-${randomBytes(3).toString('hex')}`;
  const ok = (r: { status: number; text: string }, what: string) => {
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${r.text}`);
  };
  ok(await api.request('POST', '/v1/vendors', { token, body: { slug: vendor, name: base } }), 'vendor');
  ok(await api.request('POST', `/v1/vendors/${vendor}/models`, { token, body: { slug: 'mijia-cam-360', name: 'Mijia 360' } }), 'model');
  ok(await api.request('POST', `/v1/vendors/${vendor}/models`, { token, body: { slug: 'mi-plug', name: 'Mi plug' } }), 'model');
  ok(await api.request('POST', '/v1/integrations', { token, body: { key: `${vendor}.camera-stream`, vendor, name: 'Camera streaming' } }), 'integration');
  ok(
    await api.request('POST', '/v1/integrations', { token, body: { key: `${vendor}.smart-plug`, vendor, name: 'Smart plug', failMode: 'open' } }),
    'integration',
  );
  return { vendor, camera: `${vendor}.camera-stream`, plug: `${vendor}.smart-plug` };
}

export interface EnrolledDevice {
  id: string;
  credential: string;
}

export async function enroll(api: Pick<TestApi, 'request' | 'adminToken'>, body: Record<string, unknown>): Promise<EnrolledDevice> {
  const response = await api.request('POST', '/v1/devices', { token: await api.adminToken(), body });
  if (response.status !== 201) throw new Error(`enroll: ${response.status} ${response.text}`);
  return { id: response.body.id, credential: response.body.credential };
}

/** A kill of the seeded vendor's camera integration by `token`'s holder; resolves to its id (201 expected). */
export async function killCamera(api: Pick<TestApi, 'request'>, token: string, v: SeededVendor, reason = 'strangers feeds'): Promise<string> {
  const r = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor, integration: v.camera }, reason } });
  if (r.status !== 201) throw new Error(`kill: ${r.status} ${r.text}`);
  return r.body.id as string;
}
