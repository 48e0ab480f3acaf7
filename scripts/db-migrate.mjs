// Applies pending migrations from prisma/migrations, exactly as
// `prisma migrate deploy` would, but with Prisma's WASM schema engine, so it
// needs no engine download (README: Prisma offline).
//
//   npm run db:migrate        (reads DATABASE_URL)
//
// Applied migrations are recorded in `_prisma_migrations`, so this script and
// `prisma migrate deploy` can be used interchangeably on the same database.
// Running it twice applies nothing the second time.
//
// Also importable: `await migrate(url, { log: console.log })` (the importing
// process needs `node --experimental-wasm-modules`).

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  applyMigrations,
  closeEngine,
  exitOnEnginePanic,
  databaseOf,
  oneLineError,
  openEngine,
  quoteIdent,
  readMigrations,
  runOnce,
  withDatabase,
} from './prisma-wasm-engine.mjs';

/** prisma/migrations of this repository, wherever the script is run from. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** Database used to run CREATE DATABASE (every PostgreSQL server has it). */
const MAINTENANCE_DATABASE = 'postgres';

/** SQLSTATE 42P04: the database already exists (another process created it first). */
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database a connection string points at, unless it exists.
 * Connects to the server's `postgres` maintenance database to do so.
 *
 * @returns {Promise<boolean>} true if it was created now.
 */
export async function ensureDatabase(databaseUrl) {
  const name = databaseOf(databaseUrl);
  if (!name) throw new Error('DATABASE_URL names no database');
  const maintenanceUrl = withDatabase(databaseUrl, MAINTENANCE_DATABASE);
  const { rowCount } = await runOnce(maintenanceUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount > 0) return false;
  try {
    await runOnce(maintenanceUrl, `CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  } catch (error) {
    if (error.code === DUPLICATE_DATABASE) return false; // created concurrently
    throw error;
  }
}

/**
 * Applies the pending migrations of `migrationsDir` to the database.
 *
 * @param {string} databaseUrl postgresql://… connection string
 * @param {object} [options]
 * @param {boolean} [options.createDatabase=true] create the database first if it does not exist
 * @param {(line: string) => void} [options.log] receives one line per event
 *   ("created database …", "applied <migration>", "database is up to date")
 * @param {string} [options.migrationsDir] defaults to this repository's prisma/migrations
 * @returns {Promise<{ created: boolean, applied: string[] }>}
 */
export async function migrate(databaseUrl, { createDatabase = true, log = () => {}, migrationsDir = DEFAULT_MIGRATIONS_DIR } = {}) {
  const created = createDatabase ? await ensureDatabase(databaseUrl) : false;
  if (created) log(`created database ${databaseOf(databaseUrl)}`);

  const migrationsList = await readMigrations(migrationsDir);
  const applied = await applyPending(databaseUrl, migrationsList);

  for (const name of applied) log(`applied ${name}`);
  if (applied.length === 0) log('database is up to date');
  return { created, applied };
}

/** Runs the engine's applyMigrations (what `prisma migrate deploy` runs); returns the names applied. */
async function applyPending(databaseUrl, migrationsList) {
  const handle = await openEngine(databaseUrl);
  try {
    return await applyMigrations(handle.engine, migrationsList);
  } finally {
    await closeEngine(handle);
  }
}

// ─── Command line ────────────────────────────────────────────────────────────

/** True when this file is the script Node was started with (not imported). */
function isMain() {
  return process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('db:migrate: DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/killswitch)');
    return 2;
  }
  try {
    await migrate(databaseUrl, { log: (line) => console.log(line) });
    return 0;
  } catch (error) {
    console.error(`db:migrate failed: ${oneLineError(error)}`);
    return 1;
  }
}

if (isMain()) {
  exitOnEnginePanic('db:migrate failed');
  // Exit explicitly: the WASM engine leaves a timer pending (see closeEngine).
  process.exit(await main());
}
