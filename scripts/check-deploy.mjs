#!/usr/bin/env node
// Checks the Docker deployment without a Docker engine (none runs on the
// machines CI uses), so a compose file or Dockerfile that cannot work fails CI
// instead of the first person who runs `docker compose up`:
//
// - every variable docker-compose.yml reads is in .env.example, every key of
//   .env.example is read by it, and no required secret has a value there;
// - Compose itself parses the file (`docker compose config`, else Debian's
//   `docker-compose config`) with .env.example's secrets filled in, and
//   refuses it when KILLSWITCH_KEY_ENCRYPTION_KEY is empty;
// - in the resolved file every long-running service has a health check, and
//   the API and the worker share one named volume at AUDIT_CHECKPOINT_DIR;
// - PostgreSQL's image is the major the tests run against (when psql is here);
// - the Dockerfile passes dockerfile-utils' linter, makes AUDIT_CHECKPOINT_DIR
//   owned by `node`, runs as `node`, and its Node major is admitted by the
//   `engines` of every installed package.
//
// Usage: node scripts/check-deploy.mjs   (exit 1 and one line per problem)
// It installs nothing; .ci/run installs Debian's docker-compose when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const COMPOSE_FILE = path.join(root, 'docker-compose.yml');
const ENV_EXAMPLE = path.join(root, '.env.example');
const DOCKERFILE = path.join(root, 'Dockerfile');
/** Read by Compose itself, not interpolated into the file. */
const COMPOSE_OWN_VARIABLES = new Set(['COMPOSE_PROJECT_NAME']);
/** Pinned so a CI run without it in node_modules lints with the same rules. */
const DOCKERFILE_UTILS = 'dockerfile-utils@0.16.3';

const problems = [];
const notes = [];
const problem = (message) => problems.push(message);

function parseEnvFile(text) {
  const entries = new Map();
  for (const [index, line] of text.split('\n').entries()) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) {
      problem(`.env.example line ${index + 1} is not KEY=value: ${line}`);
      continue;
    }
    if (entries.has(match[1])) problem(`.env.example sets ${match[1]} twice`);
    entries.set(match[1], match[2]);
  }
  return entries;
}

/** Variables the compose file interpolates, and which of them it requires (`:?` / `?`). */
function composeVariables(text) {
  const unescaped = text.replace(/\$\$/g, '');
  const read = new Set();
  const required = new Set();
  for (const match of unescaped.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] ?? match[3];
    read.add(name);
    if (match[2]?.endsWith('?')) required.add(name);
  }
  return { read, required };
}

function findCompose() {
  const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (plugin.status === 0) return ['docker', 'compose'];
  const standalone = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (standalone.status === 0) return ['docker-compose'];
  return null;
}

function composeConfig(compose, envFile, read) {
  const [command, ...prefix] = compose;
  return spawnSync(command, [...prefix, '-f', COMPOSE_FILE, '--env-file', envFile, 'config'], {
    encoding: 'utf8',
    cwd: root,
    // Only the env file may supply values: a variable exported in CI's shell must not hide a gap.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('COMPOSE_') && !read.has(key))),
  });
}

function checkResolvedCompose(resolved, dockerfileCheckpointDir) {
  const services = resolved.services ?? {};
  for (const [name, service] of Object.entries(services)) {
    if (service.restart === 'no') continue; // a one-shot job (migrate)
    if (!service.healthcheck?.test || service.healthcheck.disable) problem(`compose: service ${name} has no health check`);
  }
  const mounts = ['api', 'worker'].map((name) => {
    const service = services[name];
    if (!service) {
      problem(`compose: no ${name} service`);
      return null;
    }
    const dir = service.environment?.AUDIT_CHECKPOINT_DIR ?? dockerfileCheckpointDir;
    if (dir !== dockerfileCheckpointDir)
      problem(`compose: ${name}'s AUDIT_CHECKPOINT_DIR (${dir}) is not the directory the image makes for node (${dockerfileCheckpointDir})`);
    const volume = (service.volumes ?? [])
      .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
      .find((v) => v.target === dir);
    if (!volume) {
      problem(`compose: ${name} mounts no volume at AUDIT_CHECKPOINT_DIR (${dir}): its checkpoints would die with the container`);
      return null;
    }
    if (!(volume.source in (resolved.volumes ?? {}))) problem(`compose: ${name}'s checkpoint volume ${volume.source} is not a named volume`);
    return volume.source;
  });
  if (mounts[0] && mounts[1] && mounts[0] !== mounts[1])
    problem(`compose: the API and the worker write checkpoints to different volumes (${mounts[0]}, ${mounts[1]})`);

  const postgresImage = services.postgres?.image ?? '';
  const composeMajor = /^postgres:(\d+)/.exec(postgresImage)?.[1];
  if (!composeMajor) problem(`compose: the postgres service's image (${postgresImage}) names no major version`);
  const psql = spawnSync('psql', ['--version'], { encoding: 'utf8' });
  const testedMajor = psql.status === 0 ? /\(PostgreSQL\)\s+(\d+)/.exec(psql.stdout)?.[1] : undefined;
  if (testedMajor && composeMajor && testedMajor !== composeMajor) {
    problem(`compose: PostgreSQL ${composeMajor} in compose, but the tests here run against ${testedMajor}`);
  } else if (!testedMajor) {
    notes.push('no psql here: the postgres image major was not compared with the tested one');
  }
}

function lintDockerfile(text) {
  let validate;
  try {
    ({ validate } = require('dockerfile-utils'));
  } catch {
    validate = undefined;
  }
  if (validate) {
    for (const d of validate(text)) {
      const where = `Dockerfile:${d.range.start.line + 1}`;
      if (d.severity === 1) problem(`${where}: ${d.message}`);
      else notes.push(`${where}: ${d.message}`);
    }
    return;
  }
  const run = spawnSync('npx', ['--yes', DOCKERFILE_UTILS, 'lint', DOCKERFILE], { encoding: 'utf8', cwd: root });
  if (run.error) {
    problem(`Dockerfile: could not run ${DOCKERFILE_UTILS} through npx (${run.error.message})`);
  } else if (run.status !== 0) {
    problem(`Dockerfile: ${DOCKERFILE_UTILS} lint failed:\n${run.stdout}${run.stderr}`);
  }
}

/** Every installed package.json, nested node_modules included. */
function* installedPackages(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedPackages(full);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (existsSync(manifest)) {
      try {
        yield JSON.parse(readFileSync(manifest, 'utf8'));
      } catch {
        // not a package manifest we can read; npm would have refused it already
      }
    }
    yield* installedPackages(path.join(full, 'node_modules'));
  }
}

function checkDockerfile(text) {
  lintDockerfile(text);
  const image = /^ARG NODE_IMAGE=node:(\d+)[^\s]*$/m.exec(text);
  if (!image) {
    problem('Dockerfile: no `ARG NODE_IMAGE=node:<major>…` to check the Node release against');
  } else {
    const major = image[1];
    const semver = require('semver');
    const rootEngines = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines?.node;
    const packages = [
      { name: 'killswitch (package.json)', version: '', engines: { node: rootEngines } },
      ...installedPackages(path.join(root, 'node_modules')),
    ];
    if (packages.length === 1) notes.push("node_modules is empty: run npm ci first to check the dependencies' engines");
    const refused = new Set();
    for (const pkg of packages) {
      const range = pkg.engines?.node;
      if (typeof range !== 'string' || !semver.validRange(range)) continue;
      if (!semver.intersects(range, `^${major}.0.0`)) refused.add(`${pkg.name}@${pkg.version} wants node ${range}`);
    }
    for (const line of refused) problem(`Dockerfile: the image's Node ${major} is refused by ${line}`);
  }
  const checkpointDir = /^ENV AUDIT_CHECKPOINT_DIR=(\S+)$/m.exec(text)?.[1];
  if (!checkpointDir) {
    problem('Dockerfile: no `ENV AUDIT_CHECKPOINT_DIR=…` (the default .data/audit-checkpoints is under root-owned /app)');
  } else {
    const runs = text.replace(/\\\n/g, ' ');
    if (
      !new RegExp(`^RUN .*mkdir -p \\S*${checkpointDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm').test(runs) ||
      !/^RUN .*chown -R node:node/m.test(runs)
    ) {
      problem(`Dockerfile: ${checkpointDir} is not made and chowned to node in a RUN step`);
    }
  }
  const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
  if (users.at(-1) !== 'node') problem('Dockerfile: the runtime stage does not end as USER node');
  return checkpointDir;
}

function main() {
  const envExample = parseEnvFile(readFileSync(ENV_EXAMPLE, 'utf8'));
  const composeText = readFileSync(COMPOSE_FILE, 'utf8');
  const { read, required } = composeVariables(composeText);
  for (const name of read) if (!envExample.has(name)) problem(`docker-compose.yml reads ${name}, which .env.example does not list`);
  for (const name of envExample.keys()) {
    if (!read.has(name) && !COMPOSE_OWN_VARIABLES.has(name)) problem(`.env.example lists ${name}, which docker-compose.yml never reads`);
  }
  for (const name of required) {
    if (envExample.get(name)) problem(`.env.example gives required secret ${name} a value: leave it empty, so nobody deploys a shared one`);
  }

  const checkpointDir = checkDockerfile(readFileSync(DOCKERFILE, 'utf8'));

  const compose = findCompose();
  if (!compose) {
    problem("no Compose here: install Debian's docker-compose (apt-get install docker-compose) or the docker compose plugin");
  } else {
    const work = mkdtempSync(path.join(tmpdir(), 'check-deploy-'));
    try {
      const filled = new Map(envExample);
      for (const name of required) if (!filled.get(name)) filled.set(name, `check-deploy-placeholder-${name.toLowerCase()}`);
      const envFile = path.join(work, 'filled.env');
      writeFileSync(envFile, [...filled].map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
      const config = composeConfig(compose, envFile, read);
      if (config.status !== 0) {
        problem(`${compose.join(' ')} config refused docker-compose.yml with .env.example's secrets filled in:\n${config.stderr.trim()}`);
      } else {
        const yaml = require('js-yaml');
        checkResolvedCompose(yaml.load(config.stdout), checkpointDir);
      }

      const noKey = new Map(filled);
      noKey.set('KILLSWITCH_KEY_ENCRYPTION_KEY', '');
      const noKeyFile = path.join(work, 'no-key.env');
      writeFileSync(noKeyFile, [...noKey].map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
      const refused = composeConfig(compose, noKeyFile, read);
      if (refused.status === 0 || !/KILLSWITCH_KEY_ENCRYPTION_KEY/.test(refused.stderr)) {
        problem('docker-compose.yml does not refuse an empty KILLSWITCH_KEY_ENCRYPTION_KEY (keep `${KILLSWITCH_KEY_ENCRYPTION_KEY:?…}`)');
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  for (const note of notes) console.log(`check-deploy: note: ${note}`);
  if (problems.length > 0) {
    for (const message of problems) console.error(`check-deploy: ${message}`);
    console.error(`check-deploy: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`check-deploy: docker-compose.yml (${compose.join(' ')} config), .env.example (${envExample.size} variables) and Dockerfile hold`);
}

main();
