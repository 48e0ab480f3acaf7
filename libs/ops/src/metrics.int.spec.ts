// The metrics that tell an incident's story, read from the real API's /metrics
// and the real worker's own port while a kill runs its course. On a scratch
// database and a queue prefix of its own: the gauges count the whole system,
// which other suites of the run would change.
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@killswitch/config';
import { QUEUE_NAMES } from '@killswitch/queue';
import { TestApi, TEST_ADMIN, startTestApi } from '../../../test/support/api-harness';
import { openDeviceStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { Sample, parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { startTestWorker } from '../../../test/support/worker-harness';
import { MetricsServer } from './metrics-server';
import { METRICS_TOKEN_REFUSED } from './metrics-token';
import { STATE_CACHE_MS } from './state-metrics';
import { StateReader } from './state-reader';

describe('metrics (integration)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let workerUrl: string;
  let apiUrl: string;
  let device: EnrolledDevice;
  let v: SeededVendor;

  const apiMetrics = async (): Promise<Sample[]> => {
    const response = await api.request('GET', '/metrics');
    expect(response.status).toBe(200);
    return parseMetrics(response.text);
  };
  /** The first scrape whose sample matches: state gauges are read at most every STATE_CACHE_MS. */
  const whenMetric = (name: string, labels: Record<string, string>, ok: (value: number) => boolean) =>
    eventually(async () => {
      const value = sampleValue(await apiMetrics(), name, labels);
      return value !== undefined && ok(value) ? { value } : undefined;
    });

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const env = { DATABASE_URL: scratch.url, KILLSWITCH_QUEUE_PREFIX: `${process.env.KILLSWITCH_QUEUE_PREFIX}-metrics` };
    api = await startTestApi(env);
    apiUrl = await api.listen();
    worker = await startTestWorker(env);
    workerUrl = `http://127.0.0.1:${worker.get(MetricsServer).port}`;
    v = await seedVendor(api);
    device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await scratch?.drop();
  });

  it('shows a kill in force, its revocation in flight until the device acks, and the acks counted', async () => {
    await whenMetric('killswitch_kill_switches_in_force', {}, (n) => n === 0);
    const acksBefore = sampleValue(await apiMetrics(), 'killswitch_device_acks_total') ?? 0;
    const token = await api.adminToken();
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'metrics' } });
    expect(kill.status).toBe(201);
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.body.revocationId}`, { token })).body.fannedOutAt);

    await whenMetric('killswitch_kill_switches_in_force', {}, (n) => n === 1);
    const progress = { revocation_id: kill.body.revocationId, kind: 'kill', kill_switch_id: kill.body.id };
    await whenMetric('killswitch_revocation_acknowledged_ratio', progress, (ratio) => ratio === 0);
    await whenMetric('killswitch_revocations_in_flight', {}, (n) => n === 1);

    const ack = await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: kill.body.revision } });
    expect(ack.status).toBe(200);
    const after = await apiMetrics();
    expect(sampleValue(after, 'killswitch_device_acks_total')).toBe(acksBefore + 1);
    expect(sampleValue(after, 'killswitch_revocation_deliveries_acknowledged_total')).toBeGreaterThanOrEqual(1);
    // Complete at 100 %: no longer in flight, and its series is gone.
    await whenMetric('killswitch_revocations_in_flight', {}, (n) => n === 0);
    expect(sampleValue(await apiMetrics(), 'killswitch_revocation_acknowledged_ratio', progress)).toBeUndefined();
  });

  it('shows the outbox lag, every queue, the audit chain and the signing key', async () => {
    const samples = await apiMetrics();
    expect(sampleValue(samples, 'killswitch_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    for (const queue of QUEUE_NAMES) {
      expect(sampleValue(samples, 'killswitch_queue_depth', { queue })).toBeGreaterThanOrEqual(0);
      expect(sampleValue(samples, 'killswitch_queue_failed_jobs', { queue })).toBeGreaterThanOrEqual(0);
    }
    expect(sampleValue(samples, 'killswitch_audit_head_seq')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'killswitch_audit_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'killswitch_signing_key_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts the device streams held open', async () => {
    const open = async () => sampleValue(await apiMetrics(), 'killswitch_device_streams_open');
    expect(await open()).toBe(0);
    const stream = await openDeviceStream(apiUrl, device.credential);
    expect(stream.status).toBe(200);
    await eventually(async () => (await open()) === 1);
    stream.close();
    await eventually(async () => (await open()) === 0);
  });

  it('counts a refused sign-in by reason', async () => {
    const labels = { method: 'password', reason: 'wrong-password' };
    const before = sampleValue(await apiMetrics(), 'killswitch_sign_in_failures_total', labels) ?? 0;
    const refused = await api.request('POST', '/v1/auth/login', { body: { email: TEST_ADMIN.email, password: 'not-the-password-1' } });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('unauthenticated');
    expect(sampleValue(await apiMetrics(), 'killswitch_sign_in_failures_total', labels)).toBe(before + 1);
  });

  it('reports the last chain verification as held', async () => {
    const verified = await api.request('GET', '/v1/audit/verify', { token: await api.adminToken() });
    expect(verified.body.ok).toBe(true);
    const samples = await apiMetrics();
    expect(sampleValue(samples, 'killswitch_audit_chain_verify_failed')).toBe(0);
    expect(sampleValue(samples, 'killswitch_audit_chain_last_verify_timestamp_seconds')).toBeGreaterThan(0);
  });

  it("serves the worker's metrics on its own port, and nothing else there", async () => {
    const metrics = await fetch(`${workerUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const samples = parseMetrics(await metrics.text());
    for (const queue of QUEUE_NAMES) expect(sampleValue(samples, 'killswitch_queue_depth', { queue })).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${workerUrl}/health/live`)).status).toBe(200);
    const unknown = await fetch(`${workerUrl}/v1/kill-switches`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('this port serves /metrics and /health/live');
    expect((await fetch(`${workerUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('reads the state from PostgreSQL and Redis once an interval however many scrapes, and a failed read waits for the next interval', async () => {
    const read = jest.spyOn(StateReader.prototype, 'read');
    // A clock that moves only when the test says: past the interval of the last read, then held.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + STATE_CACHE_MS + 1);
    const at = Date.now();
    try {
      await Promise.all(Array.from({ length: 50 }, () => apiMetrics()));
      for (let i = 0; i < 20; i += 1) await apiMetrics();
      expect(read).toHaveBeenCalledTimes(1);

      clock.mockReturnValue(at + STATE_CACHE_MS);
      for (let i = 0; i < 10; i += 1) await apiMetrics();
      expect(read).toHaveBeenCalledTimes(2);

      // PostgreSQL stops answering: one attempt an interval, the gauges keep their last values, the failure is counted.
      const errors = sampleValue(await apiMetrics(), 'killswitch_metrics_collect_errors_total') ?? 0;
      read.mockRejectedValue(new Error('the database does not answer'));
      clock.mockReturnValue(at + 2 * STATE_CACHE_MS);
      let samples = await apiMetrics();
      for (let i = 0; i < 10; i += 1) samples = await apiMetrics();
      expect(read).toHaveBeenCalledTimes(3);
      expect(sampleValue(samples, 'killswitch_metrics_collect_errors_total')).toBe(errors + 1);
      expect(sampleValue(samples, 'killswitch_kill_switches_in_force')).toBeGreaterThanOrEqual(0);
      for (const queue of QUEUE_NAMES) expect(sampleValue(samples, 'killswitch_queue_paused', { queue })).toBe(0);
    } finally {
      clock.mockRestore();
      read.mockRestore();
    }
  });

  it('with METRICS_TOKEN set, the API answers /metrics only to Authorization: Bearer <METRICS_TOKEN>', async () => {
    const token = randomBytes(32).toString('hex');
    const guarded = await startTestApi({
      DATABASE_URL: scratch.url,
      KILLSWITCH_QUEUE_PREFIX: `${process.env.KILLSWITCH_QUEUE_PREFIX}-metrics`,
      METRICS_TOKEN: token,
    });
    try {
      for (const headers of [{}, { authorization: `Bearer ${'0'.repeat(64)}` }, { authorization: token }] as Record<string, string>[]) {
        const refused = await guarded.request('GET', '/metrics', { headers });
        expect(refused.status).toBe(401);
        expect(refused.body).toMatchObject({ statusCode: 401, code: 'unauthenticated', message: METRICS_TOKEN_REFUSED, requestId: expect.any(String) });
      }
      // An admin's credential is not the metrics token either.
      expect((await guarded.request('GET', '/metrics', { token: await guarded.adminToken() })).status).toBe(401);
      const scraped = await guarded.request('GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(sampleValue(parseMetrics(scraped.text), 'process_cpu_seconds_total')).toBeGreaterThan(0);
      // Probes stay open: a load balancer sends no token.
      expect((await guarded.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("with METRICS_TOKEN set, the worker's /metrics wants it too; WORKER_METRICS_HOST chooses the address it binds", async () => {
    // Unset, the worker binds HOST (0.0.0.0 by default: the compose file publishes the port from its container).
    expect(worker.get(MetricsServer).host).toBe(loadConfig({ ...process.env }).HOST);
    const token = randomBytes(32).toString('hex');
    const server = new MetricsServer(
      loadConfig({ ...process.env, WORKER_METRICS_PORT: '0', HOST: '0.0.0.0', WORKER_METRICS_HOST: '127.0.0.1', METRICS_TOKEN: token }),
    );
    await server.onApplicationBootstrap();
    try {
      expect(server.host).toBe('127.0.0.1');
      const url = `http://127.0.0.1:${server.port}`;
      const refused = await fetch(`${url}/metrics`);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toBe(`${METRICS_TOKEN_REFUSED}\n`);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${'1'.repeat(64)}` } })).status).toBe(401);
      const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(sampleValue(parseMetrics(await scraped.text()), 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    } finally {
      await server.onModuleDestroy();
    }
  });
});
