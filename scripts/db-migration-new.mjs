// Writes a new migration, prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql,
// with the SQL that takes a database from the state of the existing migrations
// to the current prisma/schema.prisma: what `prisma migrate dev --create-only`
// does, but with Prisma's WASM schema engine, so it needs no engine download
// (README: Prisma offline).
//
//   npm run db:migration:new -- NAME                 (default: from the migrations)
//   npm run db:migration:new -- NAME --from-ref      (from the schema at the last commit touching prisma/migrations)
//   npm run db:migration:new -- NAME --from-ref=REF  (from the schema at git REF)
//
// Where the "from" state comes from:
// - no migrations yet: the empty database (diff empty → schema).
// - default: the migrations themselves, replayed by the engine into a temporary
//   shadow database it creates on DATABASE_URL's server and drops afterwards
//   (like `prisma migrate dev`). Always right, hand-written SQL included; needs
//   permission to CREATE DATABASE.
// - --from-ref: the Prisma schema as committed at a git ref, diffed against the
//   current one without any database work. Right only if the migrations at
//   that ref match its schema, so the automatic ref refuses to run while
//   prisma/migrations has uncommitted changes.
//
// DATABASE_URL must name a reachable PostgreSQL server: the engine cannot start
// without a connection, even for a pure schema-to-schema diff. Nothing is
// changed in that database, which need not exist yet (the server's `postgres`
// maintenance database is used instead).
//
// Prints "no changes" and writes nothing when the schema matches the migrations.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  closeEngine,
  connectableUrl,
  diffScript,
  EMPTY_TARGET,
  exitOnEnginePanic,
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  MIGRATION_FILE_NAME,
  oneLineError,
  openEngine,
  readMigrations,
  readSchemaFile,
  schemaTarget,
} from './prisma-wasm-engine.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
export const DEFAULT_MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

const USAGE = 'usage: npm run db:migration:new -- NAME [--from-ref[=REF]] [--schema=PATH] [--migrations=DIR]';

// ─── Names ───────────────────────────────────────────────────────────────────

/** "Add signing keys" → "add_signing_keys" (the form Prisma gives migration names). */
export function migrationSlug(name) {
  const slug = String(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200); // _prisma_migrations.migration_name is VARCHAR(255)
  if (!slug) throw new Error(`invalid migration name ${JSON.stringify(name)}: use letters, digits, "_"`);
  return slug;
}

/** UTC YYYYMMDDHHMMSS, the prefix Prisma gives migration folders. */
export function migrationTimestamp(date = new Date()) {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

// ─── Where the "from" schema comes from ──────────────────────────────────────

function git(args, cwd) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The last commit that touched the migrations folder, refusing if the folder has uncommitted changes. */
function lastMigrationsCommit(migrationsDir) {
  const cwd = path.dirname(migrationsDir);
  const commit = git(['log', '-1', '--format=%H', '--', migrationsDir], cwd);
  if (!commit) throw new Error('no commit touches the migrations folder yet: run without --from-ref');
  if (git(['status', '--porcelain', '--', migrationsDir], cwd)) {
    throw new Error(
      'the migrations folder has uncommitted changes, so the schema at its last commit may not match it: ' +
        'commit them, pass --from-ref=REF, or run without --from-ref',
    );
  }
  return commit;
}

/** With an explicit ref, uncommitted migrations are the caller's call: warn only. */
function warnIfUncommitted(migrationsDir, ref) {
  if (git(['status', '--porcelain', '--', migrationsDir], path.dirname(migrationsDir))) {
    console.warn(`warning: the migrations folder has uncommitted changes that the schema at ${ref} may not include`);
  }
  return ref;
}

/** The schema file's content at a git ref (`git show REF:<path from the repository root>`). */
function schemaAtRef(schemaPath, ref) {
  const cwd = path.dirname(schemaPath);
  const top = git(['rev-parse', '--show-toplevel'], cwd);
  const relative = path.relative(top, schemaPath).split(path.sep).join('/');
  try {
    return git(['show', `${ref}:${relative}`], cwd) + '\n';
  } catch (error) {
    throw new Error(`cannot read ${relative} at ${ref}: ${String(error.stderr || error.message).trim()}`);
  }
}

/**
 * The DiffTarget describing the current state of the migrations, and a short
 * description of it for the output.
 */
function fromTarget({ migrationsList, schemaPath, migrationsDir, fromRef }) {
  if (migrationsList.migrationDirectories.length === 0) return { target: EMPTY_TARGET, label: 'empty database' };
  if (fromRef !== undefined) {
    const ref = fromRef === true ? lastMigrationsCommit(migrationsDir) : warnIfUncommitted(migrationsDir, fromRef);
    return {
      target: schemaTarget([{ path: schemaPath, content: schemaAtRef(schemaPath, ref) }]),
      label: `schema at ${ref}`,
    };
  }
  return { target: { tag: 'migrations', ...migrationsList }, label: 'migrations (shadow database)' };
}

// ─── Writing the migration ───────────────────────────────────────────────────

/** Writes `<dir>/<timestamp>_<slug>/migration.sql` and the lock file if missing; returns the SQL file path. */
async function writeMigration(migrationsDir, migrationsList, dirName, sql) {
  const last = migrationsList.migrationDirectories.at(-1)?.path;
  if (last && dirName.localeCompare(last) <= 0) {
    throw new Error(`${dirName} would not sort after the last migration ${last} (clock behind, or too quick)`);
  }
  const dir = path.join(migrationsDir, dirName);
  await fs.mkdir(dir, { recursive: false }).catch((error) => {
    if (error.code === 'ENOENT') return fs.mkdir(dir, { recursive: true });
    if (error.code === 'EEXIST') throw new Error(`the migration directory already exists: ${dir}`);
    throw error;
  });
  const file = path.join(dir, MIGRATION_FILE_NAME);
  await fs.writeFile(file, sql, 'utf8');
  if (migrationsList.lockfile.content === null) {
    await fs.writeFile(path.join(migrationsDir, LOCKFILE_NAME), LOCKFILE_CONTENT, 'utf8');
  }
  return file;
}

/**
 * Generates the next migration.
 *
 * @param {object} options
 * @param {string} options.name migration name (slugified)
 * @param {string} options.databaseUrl a server the engine can connect to (and create a shadow database on)
 * @param {string|true} [options.fromRef] diff from the schema at this git ref (true: the last commit touching the migrations)
 * @returns {Promise<{ file: string|null, from: string }>} file is null when there is nothing to migrate
 */
export async function newMigration({ name, databaseUrl, fromRef, schemaPath = DEFAULT_SCHEMA_PATH, migrationsDir = DEFAULT_MIGRATIONS_DIR, now = new Date() }) {
  const dirName = `${migrationTimestamp(now)}_${migrationSlug(name)}`;
  const schema = await readSchemaFile(schemaPath);
  const migrationsList = await readMigrations(migrationsDir);
  const from = fromTarget({ migrationsList, schemaPath: schema.path, migrationsDir: migrationsList.baseDir, fromRef });

  const handle = await openEngine(await connectableUrl(databaseUrl));
  let sql;
  try {
    sql = await diffScript(handle.engine, from.target, schemaTarget([schema]));
  } finally {
    await closeEngine(handle);
  }
  if (sql === null) return { file: null, from: from.label };
  return { file: await writeMigration(migrationsList.baseDir, migrationsList, dirName, sql), from: from.label };
}

// ─── Command line ────────────────────────────────────────────────────────────

/** NAME plus --from-ref, --from-ref=REF, --schema=PATH, --migrations=DIR. */
export function parseArgs(argv) {
  const options = {};
  const positional = [];
  for (const arg of argv) {
    const [flag, value] = arg.startsWith('--') ? [arg.split('=')[0], arg.slice(arg.indexOf('=') + 1)] : [null, null];
    const hasValue = arg.includes('=');
    if (flag === null) positional.push(arg);
    else if (flag === '--from-ref') options.fromRef = hasValue ? value : true;
    else if (flag === '--schema' && hasValue) options.schemaPath = path.resolve(value);
    else if (flag === '--migrations' && hasValue) options.migrationsDir = path.resolve(value);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (positional.length !== 1) throw new Error(USAGE);
  return { name: positional[0], ...options };
}

/** Relative to the current directory when inside it, else absolute. */
function displayPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

function isMain() {
  return process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
}

async function main() {
  try {
    const options = parseArgs(process.argv.slice(2));
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error('DATABASE_URL is not set (the WASM engine needs a PostgreSQL server)');
    const { file, from } = await newMigration({ ...options, databaseUrl });
    console.log(file ? `wrote ${displayPath(file)} (from ${from})` : 'no changes');
    return 0;
  } catch (error) {
    console.error(`db:migration:new: ${oneLineError(error)}`);
    return 1;
  }
}

if (isMain()) {
  exitOnEnginePanic('db:migration:new');
  process.exit(await main()); // see closeEngine about the engine's pending timer
}
