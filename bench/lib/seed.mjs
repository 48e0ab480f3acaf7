// Seeding for the poll benchmark. The catalogue, the kill switch and the first
// devices go through the API (so they are what the product really writes);
// the bulk of the fleet is cloned from one enrolled device straight in SQL,
// as DESIGN.md says benchmarks do: enrolling through the API costs an audited
// transaction per device.

import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
    /** The admin's bearer token (after login), e.g. for fleet-sim's KILLSWITCH_TOKEN. */
    get token() {
      return token;
    },
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

// Ids as the product makes them (Prisma's uuid(7)): a millisecond timestamp, then random bits. So a
// fleet's rows lie on disk roughly in id order, as enrolled devices' do; gen_random_uuid() (v4)
// would scatter every keyset page over the whole table, which no real fleet looks like.
export const UUID_V7_SQL = `(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
  || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid`;

/**
 * Seeds `count` devices (model `hub`, firmware 1.0) straight in SQL, each linked to `items`
 * (`{ integration, vendorModel, vendorFirmware }`), with the byte-sortable version keys the
 * product's own versionKey() (from dist/) writes. With `credentials`, each device n (1..count) also
 * gets the credential `ksd_bench_<salt>_<n>`, stored as the API stores credentials (SHA-256 hex,
 * computed by PostgreSQL's sha256()). Returns { credentialOf(i) } for device i (0-based), so a
 * million tokens need not be held or sent. Runs ANALYZE at the end.
 */
export async function seedDevicesInSql(db, count, { items = INVENTORY, credentials = false } = {}) {
  const { versionKey } = require('../../dist/libs/evaluation/src/version-key.js');
  const salt = randomBytes(6).toString('base64url');
  await db.query('BEGIN');
  try {
    await db.query(`CREATE TEMP TABLE bench_fleet ON COMMIT DROP AS SELECT n, ${UUID_V7_SQL} AS id FROM generate_series(1, $1::int) AS n`, [count]);
    await db.query(`INSERT INTO devices (id, model, firmware, "firmwareKey", "updatedAt") SELECT id, 'hub', '1.0', $1, now() FROM bench_fleet ORDER BY n`, [
      versionKey('1.0'),
    ]);
    for (const item of items) {
      await db.query(
        `INSERT INTO device_inventory_items ("deviceId", vendor, integration, "vendorModel", "vendorFirmware", "vendorFirmwareKey")
         SELECT id, $1, $2, $3, $4, $5 FROM bench_fleet ORDER BY n`,
        [item.integration.split('.')[0], item.integration, item.vendorModel, item.vendorFirmware, versionKey(item.vendorFirmware)],
      );
    }
    if (credentials) {
      await db.query(
        `INSERT INTO device_credentials (id, "deviceId", hash)
         SELECT gen_random_uuid(), id, encode(sha256(convert_to('ksd_bench_' || $1 || '_' || n, 'UTF8')), 'hex') FROM bench_fleet ORDER BY n`,
        [salt],
      );
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  await db.query('ANALYZE');
  const credentialOf = (i) => `ksd_bench_${salt}_${i + 1}`;
  if (credentials) {
    // The API looks credentials up by Node's SHA-256 hex of the token: check one seeded row matches it.
    const hash = createHash('sha256').update(credentialOf(0)).digest('hex');
    const { rowCount } = await db.query('SELECT 1 FROM device_credentials WHERE hash = $1', [hash]);
    if (rowCount !== 1) throw new Error('seeded credential hashes differ from the API’s SHA-256 hex');
  }
  return { credentialOf };
}

/**
 * A catalogue with some breadth, for benchmarks whose kill scopes should vary: three more vendors,
 * more models, and more integrations, next to seedCatalogue()'s xiaomi camera (call that first).
 */
export const VARIED_CATALOGUE = [
  { slug: 'xiaomi', models: ['mijia-cam-pro', 'mijia-doorbell-2', 'aqara-hub'], integrations: ['doorbell', 'sensors'] },
  { slug: 'acme', models: ['acme-cam', 'acme-lock'], integrations: ['camera-stream', 'lock'] },
  { slug: 'globex', models: ['globex-speaker', 'globex-tv'], integrations: ['speaker', 'cast'] },
  { slug: 'initech', models: ['initech-plug'], integrations: ['power'] },
];

export async function seedVariedCatalogue(api) {
  for (const vendor of VARIED_CATALOGUE) {
    if (vendor.slug !== 'xiaomi') await api.call('POST', '/v1/vendors', { slug: vendor.slug, name: vendor.slug });
    for (const model of vendor.models) await api.call('POST', `/v1/vendors/${vendor.slug}/models`, { slug: model, name: model });
    for (const capability of vendor.integrations) {
      await api.call('POST', '/v1/integrations', { key: `${vendor.slug}.${capability}`, vendor: vendor.slug, name: capability });
    }
  }
}
