// Seeding for the poll benchmark. The catalogue, the kill switch and the first
// devices go through the API (so they are what the product really writes);
// the bulk of the fleet is cloned from one enrolled device straight in SQL,
// as DESIGN.md says benchmarks do: enrolling through the API costs an audited
// transaction per device.

import { createHash, randomBytes } from 'node:crypto';

export const INVENTORY = [{ integration: 'xiaomi.camera-stream', vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }];

/** A small JSON client for the admin API. */
export function apiClient(baseUrl) {
  let token;
  async function call(method, path, body, headers = {}) {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  return {
    call,
    async login(email, password) {
      token = (await call('POST', '/v1/auth/login', { email, password })).body.accessToken;
    },
  };
}

/** Vendor, model, integration and a kill switch that disables the integration on firmware < 3.5.1_00.68. */
export async function seedCatalogue(api) {
  await api.call('POST', '/v1/vendors', { slug: 'xiaomi', name: 'Xiaomi' });
  await api.call('POST', '/v1/vendors/xiaomi/models', { slug: 'mijia-cam-360', name: 'Mijia 360° camera' });
  await api.call('POST', '/v1/integrations', { key: 'xiaomi.camera-stream', vendor: 'xiaomi', name: 'Camera stream' });
}

export async function createKillSwitch(api) {
  return (
    await api.call('POST', '/v1/kill-switches', {
      scope: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: { lt: '3.5.1_00.68' } },
      reason: 'bench',
    })
  ).body;
}

/** Enrolls `count` devices through POST /v1/devices, a few at a time; returns [{ id, credential }]. */
export async function enrollThroughApi(api, count, concurrency = 8) {
  const devices = [];
  let next = 0;
  async function lane() {
    while (next < count) {
      next++;
      const { body } = await api.call('POST', '/v1/devices', { model: 'hub', firmware: '1.0', inventory: INVENTORY });
      devices.push({ id: body.id, credential: body.credential });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return devices;
}

/** The columns of a table other than `skip`, quoted, so the clone survives columns added later. */
async function columnsOf(db, table, skip) {
  const { rows } = await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows
    .map((r) => r.column_name)
    .filter((c) => !skip.includes(c))
    .map((c) => `"${c}"`);
}

/**
 * Clones `templateId` (its row and inventory) `count` times in one transaction
 * and gives each clone a credential of our making, stored as the API stores
 * them (SHA-256 hex of the token). Returns [{ id, credential }].
 */
export async function cloneDevicesInDatabase(db, templateId, count) {
  if (count <= 0) return [];
  const salt = randomBytes(6).toString('base64url');
  const devices = Array.from({ length: count }, (_, i) => ({ credential: `ksd_bench_${salt}_${i}` }));
  const deviceCols = await columnsOf(db, 'devices', ['id']);
  const itemCols = await columnsOf(db, 'device_inventory_items', ['id', 'deviceId']);
  await db.query('BEGIN');
  try {
    await db.query('CREATE TEMP TABLE bench_seed (n int PRIMARY KEY, id uuid NOT NULL, hash text NOT NULL) ON COMMIT DROP');
    // Hashes come from Node (not SQL) so they are exactly what the API computes.
    const hashes = devices.map((d) => createHash('sha256').update(d.credential).digest('hex'));
    await db.query('INSERT INTO bench_seed SELECT n, gen_random_uuid(), h FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)', [hashes]);
    await db.query(`INSERT INTO devices ("id", ${deviceCols}) SELECT s.id, ${deviceCols.map((c) => `t.${c}`)} FROM bench_seed s, devices t WHERE t.id = $1`, [
      templateId,
    ]);
    await db.query(
      `INSERT INTO device_inventory_items ("deviceId", ${itemCols}) SELECT s.id, ${itemCols.map((c) => `t.${c}`)} FROM bench_seed s JOIN device_inventory_items t ON t."deviceId" = $1`,
      [templateId],
    );
    await db.query(`INSERT INTO device_credentials ("id", "deviceId", "hash") SELECT gen_random_uuid(), id, hash FROM bench_seed`);
    const { rows } = await db.query('SELECT n, id FROM bench_seed ORDER BY n');
    await db.query('COMMIT');
    rows.forEach((row, i) => (devices[i].id = row.id));
    return devices;
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}
