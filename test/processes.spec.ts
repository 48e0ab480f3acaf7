import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv, built, freePort, run, waitForHttp } from './support/processes';

/** The built apps as real processes: start-up validation, readiness, and a clean SIGTERM. */
describe('processes', () => {
  const database = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };

  it('the API refuses to start on a malformed variable, naming it in one line', async () => {
    const api = run([built('dist/apps/api/src/main.js')], appEnv({ ...database, PORT: 'eighty' }));
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(api.output().trim()).toBe('killswitch api cannot start: config error: PORT must be an integer between 1 and 65535');
  });

  it('the API refuses to start on an unknown HEAP_COMPACTION, naming the settings it takes', async () => {
    const api = run([built('dist/apps/api/src/main.js')], appEnv({ ...database, HEAP_COMPACTION: 'always' }));
    expect((await api.exited).code).toBe(1);
    expect(api.output().trim()).toBe('killswitch api cannot start: config error: HEAP_COMPACTION must be every-full-gc or v8');
  });

  it('the API refuses to start on a TRUST_PROXY that names no proxy, naming it in one line', async () => {
    const api = run([built('dist/apps/api/src/main.js')], appEnv({ ...database, TRUST_PROXY: '10.0.0.0/8,lb.internal' }));
    expect((await api.exited).code).toBe(1);
    expect(api.output().trim()).toBe(
      'killswitch api cannot start: config error: TRUST_PROXY must be the proxies\' addresses or CIDR ranges, comma-separated (or loopback, linklocal, uniquelocal), true, or false; "lb.internal" is none of these',
    );
  });

  it('the worker refuses to start without DATABASE_URL, naming it in one line', async () => {
    const worker = run([built('dist/apps/worker/src/main.js')], appEnv({ REDIS_URL: process.env.REDIS_URL }));
    expect((await worker.exited).code).toBe(1);
    expect(worker.output().trim()).toBe('killswitch worker cannot start: config error: DATABASE_URL is not set');
  });

  it('the API stops start-up when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const api = run(
      [built('dist/apps/api/src/main.js')],
      appEnv({ ...database, DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nope`, PORT: String(await freePort()) }),
    );
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toMatch(/^killswitch api cannot start: .*Can't reach database server at 127.0.0.1:\d+`?\n$/);
  });

  it('the API and the worker become ready and exit 0 on SIGTERM', async () => {
    const port = await freePort();
    const env = appEnv({
      ...database,
      PORT: String(port),
      KILLSWITCH_ADMIN_EMAIL: 'admin@killswitch.test',
      KILLSWITCH_ADMIN_PASSWORD: 'test-admin-password-1',
    });
    // Behind a proxy on loopback: the log names the client it reports.
    const api = run([built('dist/apps/api/src/main.js')], { ...env, LOG_LEVEL: 'info', TRUST_PROXY: 'loopback' });
    const workerMetricsPort = await freePort();
    const worker = run([built('dist/apps/worker/src/main.js')], { ...env, LOG_LEVEL: 'info', WORKER_METRICS_PORT: String(workerMetricsPort) });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`);
      await worker.waitForOutput(/worker started/);
      // The worker's own /metrics, on its own port: the state gauges and its process's metrics.
      const workerMetrics = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`);
      expect(workerMetrics.status).toBe(200);
      const workerText = await workerMetrics.text();
      expect(workerText).toMatch(/^killswitch_queue_depth\{queue="revocations"\} \d+$/m);
      expect(workerText).toMatch(/^process_cpu_seconds_total \d/m);
      const docs = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(docs.status).toBe(200);
      expect(Object.keys(((await docs.json()) as { paths: object }).paths)).toEqual(
        expect.arrayContaining([
          '/v1/auth/login',
          '/v1/devices',
          '/v1/device/flags',
          '/v1/device/events',
          '/v1/device/ofrep-events',
          '/v1/device/acks',
          '/v1/revocations/{id}',
          '/ofrep/v1/evaluate/flags/{key}',
        ]),
      );
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(await metrics.text()).toContain('killswitch_http_request_duration_seconds');
      // structured JSON logs carry the request id, which the error body carries too
      const refused = await fetch(`http://127.0.0.1:${port}/v1/users`, { headers: { 'x-request-id': 'trace-logs-1', 'x-forwarded-for': '198.18.0.77' } });
      expect(await refused.json()).toMatchObject({ statusCode: 401, requestId: 'trace-logs-1' });
      const line = await api.waitForOutput(/^\{.*"trace-logs-1".*\}$/m, 10_000);
      expect(JSON.parse(line[0])).toMatchObject({ req: { id: 'trace-logs-1', url: '/v1/users', remoteAddress: '198.18.0.77' }, res: { statusCode: 401 } });
      // An OFREP event stream's token is never logged (ADR-0008), even refused.
      const stream = await fetch(`http://127.0.0.1:${port}/v1/device/ofrep-events?token=secret-stream-token&flagConfigEtag=x`, {
        headers: { 'x-request-id': 'trace-logs-2' },
      });
      expect(stream.status).toBe(401);
      const streamLine = await api.waitForOutput(/^\{.*"trace-logs-2".*\}$/m, 10_000);
      expect(streamLine[0]).not.toContain('secret-stream-token');
      expect(JSON.parse(streamLine[0])).toMatchObject({ req: { url: '/v1/device/ofrep-events?token=[Redacted]&flagConfigEtag=x' } });
      // Nor with its name percent-encoded, which the query parser decodes before the route reads it.
      const encoded = await fetch(`http://127.0.0.1:${port}/v1/device/ofrep-events?%74oken=secret-encoded-token&flagConfigEtag=x`, {
        headers: { 'x-request-id': 'trace-logs-3' },
      });
      expect(encoded.status).toBe(401);
      const encodedLine = await api.waitForOutput(/^\{.*"trace-logs-3".*\}$/m, 10_000);
      expect(encodedLine[0]).not.toContain('secret-encoded-token');
    } finally {
      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
    }
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('npm start runs on embedded defaults: embedded PostgreSQL, a one-time admin password, clean stop', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-start-'));
    fs.chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as user postgres when we are root
    const port = await freePort();
    const start = run(['--experimental-wasm-modules', '--no-warnings', 'scripts/start.mjs'], appEnv({ PORT: String(port), KILLSWITCH_DATA_DIR: dataDir }));
    try {
      const [, email, password] = await start.waitForOutput(/first admin: (\S+)\nOne-time password[^:]*: (\S+)/, 120_000);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`);
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      const base = `http://127.0.0.1:${port}`;
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
      const { accessToken, mustChangePassword } = (await login.json()) as { accessToken: string; mustChangePassword: boolean };
      expect(mustChangePassword).toBe(true);
      const auth = { ...json, authorization: `Bearer ${accessToken}` };
      const blocked = await fetch(`${base}/v1/users`, { headers: auth });
      expect(blocked.status).toBe(403);
      expect(((await blocked.json()) as { message: string }).message).toBe('change your one-time password first: POST /v1/auth/password');
      const changed = await fetch(`${base}/v1/auth/password`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ currentPassword: password, newPassword: 'a-new-admin-password' }),
      });
      expect(changed.status).toBe(204);
      expect((await fetch(`${base}/v1/users`, { headers: auth })).status).toBe(200);
    } finally {
      start.child.kill('SIGTERM');
    }
    expect((await start.exited).code).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
