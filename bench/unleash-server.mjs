// Unleash server, started for `npm run bench:peers` from the scratch folder the benchmark
// installed it into (UNLEASH_DIR), on the benchmark's own database. Every setting comes from
// the environment the benchmark passes; nothing here is tuned beyond switching off what phones
// home (version check, telemetry) and the logs.
//
//   UNLEASH_DIR=… UNLEASH_DATABASE=… PORT=… UNLEASH_ADMIN_TOKEN=… UNLEASH_CLIENT_TOKEN=…
//   UNLEASH_FRONTEND_TOKEN=… node bench/unleash-server.mjs

import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const env = process.env;
for (const name of ['UNLEASH_DIR', 'UNLEASH_DATABASE', 'PORT', 'UNLEASH_ADMIN_TOKEN', 'UNLEASH_CLIENT_TOKEN', 'UNLEASH_FRONTEND_TOKEN']) {
  if (!env[name]) throw new Error(`set ${name}`);
}
// Resolved from the scratch folder, not from this project (which does not depend on Unleash).
const entry = createRequire(path.join(env.UNLEASH_DIR, 'package.json')).resolve('unleash-server');
const unleash = await import(pathToFileURL(entry).href);
const pgUrl = new URL(env.UNLEASH_PG ?? 'postgres://postgres@127.0.0.1:5432');

const token = (type, secret, [project, environment]) => ({ type, secret, tokenName: `bench-${type}`, projects: [project], environment });
const server = await unleash.start({
  db: {
    host: pgUrl.hostname,
    port: Number(pgUrl.port || 5432),
    user: decodeURIComponent(pgUrl.username || 'postgres'),
    password: decodeURIComponent(pgUrl.password),
    database: env.UNLEASH_DATABASE,
    ssl: false,
  },
  server: { host: '127.0.0.1', port: Number(env.PORT) },
  authentication: {
    type: 'open-source',
    createAdminUser: false,
    initApiTokens: [
      token('admin', env.UNLEASH_ADMIN_TOKEN, ['*', '*']),
      token('client', env.UNLEASH_CLIENT_TOKEN, ['default', 'development']),
      token('frontend', env.UNLEASH_FRONTEND_TOKEN, ['default', 'development']),
    ],
  },
  versionCheck: { enable: false },
  logLevel: 'warn',
});
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
