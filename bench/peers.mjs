// The device poll next to its peers: the same autocannon load against Killswitch's
// GET /v1/device/flags, bare Fastify answering the same bytes, and Unleash server (the
// open-source flag service a self-hosting team would pick), all in one run, interleaved.
// Run with `npm run bench:peers` (builds first; `npm run bench` runs it with the others).
//
// Unleash is installed from npm into a scratch folder (<tmp>/killswitch-bench-unleash/<version>,
// kept for the next run), started by bench/unleash-server.mjs on a database of its own in the same
// PostgreSQL, with one flag standing for the one kill. Measured on Unleash: the client API
// (GET /api/client/features, what server-side SDKs poll, with its ETag) and the frontend API
// (GET /api/frontend, one device's context evaluated by the server, as Killswitch answers per
// device). When Unleash cannot be installed or started, the run measures the other two and the
// section says why Unleash is missing.
//
// Writes its BENCHMARKS.md section (`peers`) only at the default size (no BENCH_ONLY) and not with
// BENCH_NO_WRITE=1; any other run prints it.
//
// Environment (all optional):
//   BENCH_CONNECTIONS=100  BENCH_DURATION=10 (s)  BENCH_WARMUP=2 (s, discarded)  BENCH_ROUNDS=2
//   BENCH_API_DEVICES=1000 enrolled through the API   BENCH_DB_DEVICES=9000  cloned in SQL
//   BENCH_QUIET_WAIT=30    s to wait, before each case, for other work on the machine to stop
//   BENCH_MAX_NOISE=0.25   a run where other processes and steal took more cores than this
//   BENCH_RETRIES=1        is measured again, up to this many times
//   BENCH_UNLEASH_VERSION  the unleash-server version (default: the newest whose engines allow this Node)
//   BENCH_ONLY=<regexp>    run only the matching cases (prints, doesn't write BENCHMARKS.md)
//   BENCH_VERBOSE=1        echo the children's output   BENCH_NO_WRITE=1  print, don't write
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort, postgresBackendsOf, runNode, startNode, stop, stopAll, waitForOk } from './lib/processes.mjs';
import { apiClient, cloneDevicesInDatabase, createKillSwitch, enrollThroughApi, seedCatalogue } from './lib/seed.mjs';
import { measureQuietly } from './lib/load.mjs';
import { machine, median, provenance, publishSection, statusesOf } from './lib/report.mjs';
import { FALLBACK_VERSION, FLAG, createFlag, frontendPath, installUnleash, pickVersion, unleashTokens } from './lib/unleash.mjs';
import { pollSettings } from './lib/settings.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const Redis = require('ioredis');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const { CONNECTIONS, DURATION, WARMUP, ROUNDS, QUIET_WAIT, MAX_NOISE, RETRIES, ONLY, API_DEVICES, DB_DEVICES, PG_SERVER, REDIS_URL } = pollSettings({
  duration: 10,
  rounds: 2,
  quietWait: 30,
  retries: 1,
});
const INTEGRATION = 'xiaomi.camera-stream';
const ADMIN = { email: 'bench@killswitch.local', password: 'bench-password-123' };

const host = machine(ROOT);
const ksDatabase = `killswitch_peers_${process.pid}`;
const unleashDatabase = `unleash_peers_${process.pid}`;
const queuePrefix = `bench-peers-${process.pid}`;
const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
const created = [];
let pgVersion = '';

let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    await stopAll();
    for (const db of created)
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch((e) => console.error(`could not drop ${db}: ${e.message}`));
    await admin.end().catch(() => {});
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis
      .connect()
      .then(async () => {
        for await (const keys of redis.scanStream({ match: `*${queuePrefix}*`, count: 1000 })) if (keys.length) await redis.del(...keys);
      })
      .catch((e) => console.error(`could not remove Redis keys ${queuePrefix}*: ${e.message}`))
      .finally(() => redis.disconnect());
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the children and dropping ${created.join(', ') || 'nothing'}`);
    void cleanup().finally(() => process.exit(130));
  });
}

const log = (message) => console.log(`[bench] ${message}`);

async function createDatabase(name) {
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
  return `${PG_SERVER}/${name}`;
}

async function main() {
  // Each autocannon connection takes its own slice of the devices' requests (see lib/load.mjs).
  if (API_DEVICES + DB_DEVICES < CONNECTIONS) throw new Error(`BENCH_CONNECTIONS (${CONNECTIONS}) must not exceed the devices (${API_DEVICES + DB_DEVICES})`);
  if (!existsSync(path.join(ROOT, 'dist/apps/api/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench:peers does)');
  await admin.connect();
  pgVersion = (await admin.query('SHOW server_version')).rows[0].server_version.split(' ')[0];

  // 1. Unleash from npm, first: if it cannot be had, the rest still runs and the section says why.
  const unleash = await prepareUnleash();

  // 2. Killswitch as bench/run.mjs runs it: own database, the built API, 10,000 devices, one kill.
  const ks = await startKillswitch();

  // 3. Bare Fastify with one device's real 200 answer and ETag.
  const barePort = await freePort();
  const bare = { url: `http://127.0.0.1:${barePort}` };
  bare.process = startNode('bare-fastify', ['bench/bare-fastify.mjs'], {
    cwd: ROOT,
    env: { PORT: String(barePort), BARE_BODY: ks.sample.body, BARE_ETAG: ks.sample.etag },
  });
  await waitForOk(`${bare.url}/ready`, bare.process);

  // 4. Unleash started, its flag made, every request it will get answered once.
  if (unleash.dir) {
    try {
      await startUnleash(unleash, ks.devices);
    } catch (error) {
      unleash.skipped = `Unleash ${unleash.version} did not start or answer as expected: ${String(error.message).split('\n').slice(0, 6).join(' ')}`;
      log(unleash.skipped);
      if (unleash.process) await stop(unleash.process);
    }
  }

  // 5. The cases. Requests rotate over all devices; Unleash's client API gets the one shared
  // SDK token on every request (that is how a fleet of server-side SDKs polls it).
  const ksRequests = (withEtag) =>
    ks.devices.map((d) => ({
      method: 'GET',
      path: '/v1/device/flags',
      headers: { authorization: `Bearer ${d.credential}`, ...(withEtag ? { 'if-none-match': d.etag } : {}) },
    }));
  const bareRequests = (route, withEtag) =>
    ks.devices.map((d) => ({
      method: 'GET',
      path: route,
      headers: { authorization: `Bearer ${d.credential}`, ...(withEtag ? { 'if-none-match': d.etag } : {}) },
    }));
  const ksBackends = () => postgresBackendsOf(ksDatabase);
  const cases = [];
  for (const status of [304, 200]) {
    const withEtag = status === 304;
    cases.push({
      server: 'bare Fastify',
      path: `GET /flags/${status}`,
      status,
      url: bare.url,
      pid: bare.process.pid,
      requests: bareRequests(`/flags/${status}`, withEtag),
      bytes: withEtag ? 0 : Buffer.byteLength(ks.sample.body),
    });
    cases.push({
      server: 'Killswitch',
      path: 'GET /v1/device/flags',
      status,
      url: ks.url,
      pid: ks.process.pid,
      sidePids: ksBackends,
      requests: ksRequests(withEtag),
      bytes: withEtag ? 0 : Buffer.byteLength(ks.sample.body),
    });
    if (unleash.process && !unleash.skipped) {
      const backends = () => postgresBackendsOf(unleashDatabase);
      cases.push({
        server: 'Unleash',
        path: 'GET /api/client/features',
        status,
        url: unleash.url,
        pid: unleash.process.pid,
        sidePids: backends,
        requests: ks.devices.map(() => ({
          method: 'GET',
          path: '/api/client/features',
          headers: { authorization: unleash.tokens.client, 'unleash-appname': 'bench-fleet', ...(withEtag ? { 'if-none-match': unleash.clientEtag } : {}) },
        })),
        bytes: withEtag ? 0 : unleash.clientBytes,
      });
      cases.push({
        server: 'Unleash',
        path: 'GET /api/frontend',
        status,
        url: unleash.url,
        pid: unleash.process.pid,
        sidePids: backends,
        requests: ks.devices.map((d) => ({
          method: 'GET',
          path: frontendPath(d.id),
          headers: { authorization: unleash.tokens.frontend, ...(withEtag ? { 'if-none-match': unleash.frontendEtags.get(d.id) } : {}) },
        })),
        bytes: withEtag ? 0 : unleash.frontendBytes,
      });
    }
  }
  for (const c of cases) c.name = `${c.server} ${c.path} ${c.status}`;
  const measured = cases.filter((c) => !ONLY || ONLY.test(c.name));
  for (const c of measured) {
    c.rounds = [];
    c.discarded = 0;
  }

  // 6. Measure: every round runs every case once, so a burst of other work on this shared
  // machine lands in one round of all of them rather than on one server; figures are medians.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of measured) {
      const result = await measureQuietly(
        { url: c.url, requests: c.requests, connections: CONNECTIONS, expectStatus: c.status, serverPid: c.pid, sidePids: c.sidePids, seconds: DURATION },
        {
          warmup: WARMUP,
          quietWait: QUIET_WAIT,
          maxNoise: MAX_NOISE,
          retries: RETRIES,
          onRun: (r, retry) =>
            log(
              `round ${round}/${ROUNDS} ${c.name}: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ` +
                `unexpected ${r.unexpected}, errors ${r.errors}; CPU server ${r.serverCores.toFixed(2)}, its database ${r.sideCores.toFixed(2)}, ` +
                `autocannon ${r.loadCores.toFixed(2)}, others ${r.otherCores.toFixed(2)}, steal ${r.stealCores.toFixed(2)}` +
                `${r.waited < 0 ? ' (machine never went quiet)' : r.waited > 0 ? ` (waited ${r.waited} s for quiet)` : ''}` +
                (retry ? ' - discarded, other work took the CPU; measuring again' : ''),
            ),
        },
      );
      c.discarded += result.discarded;
      c.rounds.push(result);
    }
  }
  await stopAll();

  report(measured, { ks, unleash, full: !ONLY && API_DEVICES === 1000 && DB_DEVICES === 9000 && DURATION === 10 && ROUNDS === 2 && CONNECTIONS === 100 });
}

/** Picks and installs Unleash; returns { version, dir } or { version, skipped: why }. */
async function prepareUnleash() {
  let version = env.BENCH_UNLEASH_VERSION;
  let picked = 'set by BENCH_UNLEASH_VERSION';
  if (!version) {
    const choice = pickVersion();
    if (choice.error) {
      version = FALLBACK_VERSION;
      picked = `the registry could not be asked (${choice.error}), so the version this benchmark was written against`;
    } else {
      version = choice.version;
      picked =
        choice.newest === version
          ? `the newest on the registry`
          : `the newest on the registry whose \`engines\` allow Node ${process.version.split('.')[0]} (the newest, ${choice.newest}, needs Node ${choice.newestEngines})`;
    }
  }
  log(`Unleash: unleash-server@${version}, ${picked}`);
  try {
    const { dir, seconds, reused } = await installUnleash(version, { log });
    log(reused ? `Unleash: reusing the install in ${dir}` : `Unleash: installed into ${dir} in ${seconds.toFixed(0)} s`);
    return { version, picked, dir, reused, installSeconds: seconds };
  } catch (error) {
    const skipped = `unleash-server@${version} could not be installed: ${error.message}`;
    log(skipped);
    return { version, picked, skipped };
  }
}

async function startKillswitch() {
  const databaseUrl = await createDatabase(ksDatabase);
  log(`database ${ksDatabase}: migrating`);
  await runNode('db-migrate', ['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], { cwd: ROOT, env: { DATABASE_URL: databaseUrl } });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startNode('api', ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KILLSWITCH_ADMIN_EMAIL: ADMIN.email,
      KILLSWITCH_ADMIN_PASSWORD: ADMIN.password,
      KILLSWITCH_QUEUE_PREFIX: queuePrefix,
      // As in bench/run.mjs: no freshness bucket rolls over (turning 304s into 200s) mid-run.
      SNAPSHOT_TTL_SEC: '86400',
    },
  });
  await waitForOk(`${url}/health/ready`, child);
  const api = apiClient(url);
  await api.login(ADMIN.email, ADMIN.password);
  await seedCatalogue(api);
  const devices = await enrollThroughApi(api, API_DEVICES);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    devices.push(...(await cloneDevicesInDatabase(db, devices[0].id, DB_DEVICES)));
  } finally {
    await db.end();
  }
  await createKillSwitch(api);
  log(`Killswitch: API on ${url} (pid ${child.pid}), ${devices.length} devices, one kill switch`);
  // Every device polls once (its credential and facts loaded, its answer signed) and keeps its ETag.
  const deadline = Date.now() + 15_000;
  let sample;
  while (!sample) {
    const res = await fetch(`${url}/v1/device/flags`, { headers: { authorization: `Bearer ${devices[0].credential}` } });
    const body = await res.text();
    if (res.status === 200 && JSON.parse(body).integrations?.[INTEGRATION]?.enabled === false) sample = { body, etag: res.headers.get('etag') };
    else if (Date.now() > deadline) throw new Error(`the kill did not reach the poll answer: ${res.status} ${body}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
  await eachOnce(
    devices.map((d) => ({ url: `${url}/v1/device/flags`, headers: { authorization: `Bearer ${d.credential}` } })),
    (i, res, body) => {
      if (res.status !== 200 || JSON.parse(body).integrations?.[INTEGRATION]?.enabled !== false)
        throw new Error(`device ${devices[i].id}: ${res.status} ${body}`);
      devices[i].etag = res.headers.get('etag');
    },
  );
  return { url, process: child, devices, sample };
}

async function startUnleash(unleash, devices) {
  await createDatabase(unleashDatabase);
  const port = await freePort();
  unleash.url = `http://127.0.0.1:${port}`;
  unleash.tokens = unleashTokens(randomBytes(8).toString('hex'));
  unleash.process = startNode('unleash', ['bench/unleash-server.mjs'], {
    cwd: ROOT,
    env: {
      UNLEASH_DIR: unleash.dir,
      UNLEASH_DATABASE: unleashDatabase,
      UNLEASH_PG: PG_SERVER,
      PORT: String(port),
      UNLEASH_ADMIN_TOKEN: unleash.tokens.admin,
      UNLEASH_CLIENT_TOKEN: unleash.tokens.client,
      UNLEASH_FRONTEND_TOKEN: unleash.tokens.frontend,
      // Nothing reports to getunleash.io from a benchmark.
      SEND_TELEMETRY: 'false',
      CHECK_VERSION: 'false',
      NODE_ENV: 'production',
    },
  });
  await waitForOk(`${unleash.url}/health`, unleash.process, 180_000);
  await createFlag(unleash.url, unleash.tokens.admin);
  log(`Unleash ${unleash.version}: on ${unleash.url} (pid ${unleash.process.pid}), flag ${FLAG} on`);

  // The client API must list the flag; the frontend API evaluates it to on for each device
  // (its cache of flags refreshes on its own, so wait for it).
  const client = await fetch(`${unleash.url}/api/client/features`, { headers: { authorization: unleash.tokens.client } });
  const clientBody = await client.text();
  if (client.status !== 200 || !JSON.parse(clientBody).features?.some((f) => f.name === FLAG && f.enabled))
    throw new Error(`client API: ${client.status} ${clientBody}`);
  unleash.clientEtag = client.headers.get('etag');
  unleash.clientBytes = Buffer.byteLength(clientBody);
  const revalidated = await fetch(`${unleash.url}/api/client/features`, {
    headers: { authorization: unleash.tokens.client, 'if-none-match': unleash.clientEtag },
  });
  await revalidated.arrayBuffer();
  if (revalidated.status !== 304) throw new Error(`client API with its own ETag answered ${revalidated.status}, not 304`);
  const killed = (body) => JSON.parse(body).toggles?.some((t) => t.name === FLAG && t.enabled);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(unleash.url + frontendPath(devices[0].id), { headers: { authorization: unleash.tokens.frontend } });
    const body = await res.text();
    if (res.status === 200 && killed(body)) break;
    if (Date.now() > deadline) throw new Error(`frontend API never showed ${FLAG} on: ${res.status} ${body}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  unleash.frontendEtags = new Map();
  await eachOnce(
    devices.map((d) => ({ url: unleash.url + frontendPath(d.id), headers: { authorization: unleash.tokens.frontend } })),
    (i, res, body) => {
      if (res.status !== 200 || !killed(body)) throw new Error(`frontend API for ${devices[i].id}: ${res.status} ${body}`);
      unleash.frontendEtags.set(devices[i].id, res.headers.get('etag'));
      unleash.frontendBytes = Buffer.byteLength(body);
    },
  );
}

/** Each request once, a few in flight; check(i, response, body) sees each answer. */
async function eachOnce(requests, check, concurrency = 32) {
  let next = 0;
  async function lane() {
    while (next < requests.length) {
      const i = next++;
      const res = await fetch(requests[i].url, { headers: requests[i].headers });
      check(i, res, await res.text());
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
}

const f = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const perRequest = (cores, r) => (cores / r.rps) * 1e6;

function report(cases, { ks, unleash, full }) {
  // Ratios are taken within a round (the bare twin ran minutes apart at most), then the median.
  const bareOf = (c) => cases.find((b) => b.server === 'bare Fastify' && b.status === c.status);
  const ratio = (c, value) => {
    const b = bareOf(c);
    return b ? median(c.rounds.map((r, i) => (b.rounds[i] ? value(r) / value(b.rounds[i]) : NaN))) : NaN;
  };
  const summary = [
    '| server | path measured | status | body bytes | req/s | ÷ bare Fastify | server CPU µs / request | ÷ bare Fastify | its database CPU µs / request | p50 ms | p99 ms | unexpected status | errors (timeouts) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const sum = (key) => c.rounds.reduce((total, r) => total + r[key], 0);
    const db = c.sidePids ? f(median(c.rounds.map((r) => perRequest(r.sideCores, r))), 1) : '–';
    summary.push(
      `| ${c.server} | \`${c.path}\` | ${c.status} | ${c.bytes} | ${int(median(c.rounds.map((r) => r.rps)))} | ${f(ratio(c, (r) => r.rps))} | ${f(median(c.rounds.map((r) => perRequest(r.serverCores, r))), 1)} | ${f(ratio(c, (r) => perRequest(r.serverCores, r)))} | ${db} | ${f(median(c.rounds.map((r) => r.p50)))} | ${f(median(c.rounds.map((r) => r.p99)))} | ${sum('unexpected')} | ${sum('errors')} (${sum('timeouts')}) |`,
    );
  }
  const rounds = [
    '| round | case | req/s | p50 ms | p99 ms | statuses | errors | CPU server | CPU its database | CPU autocannon | CPU others | steal | waited for quiet |',
    '| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (let i = 0; i < ROUNDS; i++) {
    for (const c of cases) {
      const r = c.rounds[i];
      if (!r) continue;
      const statuses = statusesOf(r);
      rounds.push(
        `| ${i + 1} | ${c.name} | ${int(r.rps)} | ${f(r.p50)} | ${f(r.p99)} | ${statuses} | ${r.errors} | ${f(r.serverCores)} | ${c.sidePids ? f(r.sideCores) : '–'} | ${f(r.loadCores)} | ${f(r.otherCores)} | ${f(r.stealCores)} | ${r.waited < 0 ? 'never quiet' : `${r.waited} s`} |`,
      );
    }
  }
  const kept = cases.flatMap((c) => c.rounds);
  const noisy = kept.filter((r) => r.otherCores + r.stealCores > MAX_NOISE || r.waited < 0);
  const noise = noisy.map((r) => r.otherCores + r.stealCores);
  const discarded = cases.reduce((sum, c) => sum + c.discarded, 0);
  const bareLoad = median(cases.filter((c) => c.server === 'bare Fastify').flatMap((c) => c.rounds.map((r) => r.loadCores)));
  const version = (pkg) => require(`${pkg}/package.json`).version;
  const unleashPkg = unleash.dir ? JSON.parse(readFileSync(path.join(unleash.dir, 'node_modules/unleash-server/package.json'), 'utf8')) : undefined;
  const unleashSetup = unleash.skipped
    ? `**Unleash was not measured in this run**: ${unleash.skipped}`
    : `Unleash: \`unleash-server\` ${unleashPkg.version} (${unleash.picked}), installed from npm with \`npm install --prefix <tmp>/killswitch-bench-unleash/${unleash.version} --no-audit --no-fund --ignore-scripts --no-save unleash-server@${unleash.version}\` (${unleash.reused ? 'an install an earlier run made, reused' : `this run, in ${unleash.installSeconds.toFixed(0)} s`}) and started by \`bench/unleash-server.mjs\` (\`unleash.start()\`: open-source authentication with API tokens made at start-up, version check and telemetry off, log level warn, every other option Unleash's default) on a database of its own in the same PostgreSQL. One flag, \`${FLAG}\` (type kill-switch) in the default project's development environment: a flexibleRollout at 100 % constrained to \`vendor IN [xiaomi]\` and \`vendorFirmware SEMVER_LT 3.5.1-68\`, switched on (the device's firmware 3.5.1_00.66 written as semver, 3.5.1-66, since Unleash's version operators take semver).
- \`GET /api/client/features\` is what Unleash's server-side SDKs poll: the whole flag configuration for the token's project and environment, evaluated by the SDK, not the server. Every request carries the one client token (\`Authorization: <token>\`, \`unleash-appname\`); the 304 case sends the ETag Unleash gave (\`"<query hash>:<revision>:v1"\`), which Unleash compares before building a body. Its answer is the same for every caller and is not signed.
- \`GET /api/frontend\` is the frontend API built into the server (no Unleash Edge): Unleash evaluates the flags for the context in the query, here \`userId=<device id>\` and \`properties[vendor]\`, \`[vendorModel]\`, \`[vendorFirmware]\`, rotating over the same ${ks.devices.length.toLocaleString('en-US')} device ids, with the one frontend token. Unleash sets no ETag of its own there: the ETag is Express's default (a hash of the body it has already built), so its 304 is the 200's work minus sending the body. The answer (${unleash.frontendBytes} bytes) lists the flag as on for the device; it is not signed.`;
  const section = `
## Peers: the device poll next to Unleash and bare Fastify

${provenance(host, 'npm run bench:peers', 'node bench/peers.mjs')}

The same load against each server, in one run: autocannon ${version('autocannon')}, ${CONNECTIONS} connections, no pipelining,
${DURATION} s per case after a ${WARMUP} s discarded run, ${ROUNDS} rounds, every round running every case in the order below;
figures are medians over the rounds. "÷ bare Fastify" compares with bare Fastify's case of the same status in the same round.
Server CPU is the server process's user + system time from \`/proc\` (all its threads) per answered request; "its database CPU" is that
of the PostgreSQL backends connected to the server's own database over the same run (Unleash's and Killswitch's are separate databases).

${summary.join('\n')}

Setup, everything on loopback (127.0.0.1), PostgreSQL ${pgVersion} and Redis local, every server a separate Node ${host.node} process, all three up throughout
(the ones not under test idle, Unleash's and Killswitch's background jobs included):
- Killswitch: as \`npm run bench:poll\` runs it. \`node dist/apps/api/src/main.js\` (\`LOG_LEVEL=warn\`, \`SNAPSHOT_TTL_SEC=86400\`), ${ks.devices.length.toLocaleString('en-US')} devices
  (${API_DEVICES.toLocaleString('en-US')} enrolled through \`POST /v1/devices\`, ${DB_DEVICES.toLocaleString('en-US')} cloned in SQL), one kill switch disabling \`${INTEGRATION}\` on vendor firmware < 3.5.1_00.68,
  each device polled once before measuring. Requests rotate over every device (\`Authorization: Bearer <device credential>\`, plus that device's
  \`If-None-Match\` on the 304 case): the answer is evaluated for and signed for that device.
- Bare Fastify: \`bench/bare-fastify.mjs\` (\`fastify\` ${version('fastify')}, no hooks, no auth), answering one device's ${Buffer.byteLength(ks.sample.body)}-byte Killswitch answer, or a 304 with its ETag, to the same requests.
- ${unleashSetup}

${
  unleash.skipped
    ? ''
    : `What differs, so read the ratios with it: Killswitch authenticates ${ks.devices.length.toLocaleString('en-US')} distinct device credentials and answers each device with its own signed
answer; Unleash's client API authenticates one shared token and returns one unsigned configuration that every SDK evaluates itself; its frontend API
evaluates per request but for a context the caller asserts, under one shared token.
`
}${bareLoad > 0.85 ? `\nOn the bare Fastify cases autocannon used ${f(bareLoad)} cores (median): the load generator, not the server, was near its limit there, so bare Fastify's req/s is understated; the CPU per request columns do not depend on which side was the bottleneck.\n` : ''}
This machine is shared with other work (builds and tests of other sessions): before each case the run waited up to ${QUIET_WAIT} s for the
machine to go quiet, and a run during which other processes and steal took more than ${MAX_NOISE} cores was measured again (up to ${RETRIES} time${RETRIES === 1 ? '' : 's'};
${discarded} run${discarded === 1 ? ' was' : 's were'} discarded this time).${
    noisy.length
      ? ` ${noisy.length === kept.length ? `All ${kept.length}` : `${noisy.length} of the ${kept.length}`} kept runs still had other work (${f(Math.min(...noise))}–${f(Math.max(...noise))} cores of this machine's ${host.nproc}, "others" and "steal" below) or never saw the machine quiet: those figures are noisier, req/s most (the servers had less than the whole machine), CPU per request less.`
      : ''
  }
The runs are short (${DURATION} s, ${ROUNDS} rounds): take differences under about 10 % as noise.

Every round, in the order run:

${rounds.join('\n')}
`;
  console.log(`\n${summary.join('\n')}\n`);
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), 'peers', section, { full, log });
  console.log(`machine: nproc ${host.nproc}, ${host.cpu}, ${host.memory}, Node ${host.node}`);
}

try {
  await main();
} catch (error) {
  console.error(`[bench] failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
