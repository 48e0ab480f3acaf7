import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AlertmanagerAlert, alertmanagerAlert, alertmanagerNotification } from './support/alertmanager';
import { TEST_ADMIN } from './support/api-harness';
import { eventually } from './support/eventually';
import { enroll, seedVendor, SeededVendor } from './support/fleet';
import { HttpApi, httpApi } from './support/http-api';
import { OwnPostgres, startOwnPostgres } from './support/own-servers';
import { appEnv, built, freePort, run, RunningProcess, waitForHttp } from './support/processes';

/** The API's signal queue lets this many requests of a token wait behind the one being written. */
const QUEUE_MAX = 3;
/** The longest an alert may wait for its answer while PostgreSQL is away: the pool's connect timeout (5 s) and slack. */
const ANSWER_BOUND_MS = 12_000;
/** The advisory lock namespace of an alert group (signal-intake.service.ts): holding a group's lock holds its transaction. */
const GROUP_LOCK = 727_102;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Answer = Awaited<ReturnType<HttpApi['request']>> & { ms: number };

/** What an alert sender must be told while the database is away: 503, Retry-After, a JSON body saying so and to retry. */
function expectRetryLater(answer: Answer, code = 'unavailable'): void {
  expect({ status: answer.status, code: answer.body?.code, retryAfter: answer.headers['retry-after'] }).toEqual({
    status: 503,
    code,
    retryAfter: expect.stringMatching(/^[1-9]\d*$/),
  });
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), requestId: expect.any(String), code });
  expect(answer.body.message).toMatch(/nothing was (changed|written)/);
  expect(answer.body.message).toMatch(/try again/);
  expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
}

/**
 * The alert intake (Alertmanager's webhook and the generic signal route) while PostgreSQL refuses connections or goes
 * down under a signal transaction, with the real API process on a PostgreSQL of the test's own: every alert is answered
 * 503 with Retry-After (Alertmanager retries a 5xx) within a bounded time, nothing is half written, the signal queue
 * frees itself, and once PostgreSQL is back the same alert is accepted and auto-killed exactly once.
 */
describe('signal intake during a PostgreSQL outage (real processes)', () => {
  const processes: RunningProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  // A failed try leaves its API and its PostgreSQL running: the retry must not find them.
  afterEach(async () => {
    for (const p of processes.splice(0)) p.child.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  /** A PostgreSQL of the test's own, migrated, and the API on it; a vendor, two devices, a signals token and an active policy. */
  async function startStack() {
    const postgres: OwnPostgres = await startOwnPostgres();
    cleanups.push(() => postgres.destroy());
    const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/killswitch');
    const migrate = run(['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], appEnv({ DATABASE_URL: databaseUrl }));
    expect((await migrate.exited).code).toBe(0);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const url = new URL(databaseUrl);
    url.searchParams.set('application_name', 'outage-api');
    const apiProcess = run(
      [built('dist/apps/api/src/main.js')],
      appEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url.toString(),
        REDIS_URL: process.env.REDIS_URL,
        KILLSWITCH_QUEUE_PREFIX: `${process.env.KILLSWITCH_QUEUE_PREFIX}-signal-outage`,
        KILLSWITCH_ADMIN_EMAIL: TEST_ADMIN.email,
        KILLSWITCH_ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
        SIGNALS_RATE_LIMIT: '10000',
        SIGNALS_QUEUE_MAX: String(QUEUE_MAX),
      }),
    );
    processes.push(apiProcess);
    await waitForHttp(`${baseUrl}/health/ready`);

    const api = httpApi(baseUrl);
    const admin = await api.adminToken();
    const v = await seedVendor(api);
    for (let i = 0; i < 2; i++) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
    }
    const signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'alertmanager', roles: ['signals'] } })).body.token as string;
    // Four eyes: one admin writes the policy, another approves it; neither appointed the other.
    const anAdmin = async () => {
      const user = { email: `admin-${randomBytes(4).toString('hex')}@killswitch.test`, password: `pw-${randomBytes(8).toString('hex')}` };
      expect((await api.request('POST', '/v1/users', { token: admin, body: { ...user, roles: ['admin'] } })).status).toBe(201);
      return (await api.request('POST', '/v1/auth/login', { body: user })).body.accessToken as string;
    };
    const [author, approver] = [await anAdmin(), await anAdmin()];
    const policy = await api.request('POST', '/v1/auto-kill-policies', {
      token: author,
      body: { name: 'camera leaks', match: { alertname: 'CameraFeedLeak', vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 10 },
    });
    expect(policy.status).toBe(201);
    expect((await api.request('POST', `/v1/auto-kill-policies/${policy.body.id}/approve`, { token: approver })).status).toBe(200);

    /** A request, and how long its answer took. */
    const timed = async (path: string, body: unknown): Promise<Answer> => {
      const started = Date.now();
      const answer = await api.request('POST', path, { token: signals, body });
      return { ...answer, ms: Date.now() - started };
    };
    const fire = (alerts: AlertmanagerAlert[], groupKey?: string) => timed('/v1/signals/alertmanager', alertmanagerNotification(alerts, groupKey));
    const signal = (fingerprint: string) =>
      timed('/v1/signals', { source: 'grafana', fingerprint, summary: 'cameras leak', scope: { vendor: v.vendor, integration: v.camera } });
    /** Waits until `n` signal requests wait in the API's signal queue (its gauge on /metrics): they passed authentication. */
    const queuedOnApi = (n: number) =>
      eventually(async () => {
        const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
        return Number(/^killswitch_signal_requests_waiting (\d+)$/m.exec(metrics)?.[1]) === n;
      }, 10_000);
    return { postgres, databaseUrl, baseUrl, apiProcess, api, admin, v, fire, signal, queuedOnApi };
  }

  const cameraAlert = (v: SeededVendor) =>
    alertmanagerAlert({ killswitch_vendor: v.vendor, killswitch_integration: v.camera, killswitch_vendor_firmware: 'lt:3.5.1_00.68' });

  /** One connection of the test's own to `databaseUrl`; PostgreSQL's shutdown ends it without failing the test. */
  async function connect(databaseUrl: string): Promise<Client> {
    const client = new Client({ connectionString: databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** What the intake wrote, read straight from the database, for the invariants no outage may break. */
  async function written(databaseUrl: string, fingerprints: string[] = []) {
    const db = await connect(databaseUrl);
    const rows = async <R>(text: string, values: unknown[] = []) => (await db.query(text, values)).rows as R[];
    try {
      return {
        proposals: await rows<{ fingerprint: string; state: string; count: number }>(
          `SELECT fingerprint, state::text AS state, count FROM proposals ORDER BY fingerprint`,
        ),
        kills: (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM kill_switches`))[0].n,
        /** Kills by the fingerprint of the alert that made them. */
        killsByFingerprint: Object.fromEntries(
          (
            await rows<{ fingerprint: string; n: number }>(
              `SELECT p.fingerprint, count(*)::int AS n FROM kill_switches k JOIN proposals p ON p."killSwitchId" = k.id GROUP BY 1`,
            )
          ).map((r) => [r.fingerprint, r.n]),
        ),
        /** Audit entries naming each of `fingerprints` (a receipt's entry says which alert it received). */
        audited: Object.fromEntries(
          (
            await rows<{ fingerprint: string; n: number }>(
              `SELECT f AS fingerprint, (SELECT count(*)::int FROM audit_log WHERE after->>'fingerprint' = f) AS n FROM unnest($1::text[]) AS f`,
              [fingerprints],
            )
          ).map((r) => [r.fingerprint, r.n]),
        ),
        /** Whatever was written without the rows that must come with it: each list must stay empty. */
        partial: {
          proposalsWithoutAudit: await rows(
            `SELECT p.id FROM proposals p WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'proposal.create' AND a."targetId" = p.id::text)`,
          ),
          receiptsNotAudited: await rows(
            `SELECT p.id FROM proposals p WHERE p.count <> (SELECT count(*) FROM audit_log a WHERE a.action = 'signal.receive' AND a."targetId" = p.id::text)`,
          ),
          autoKillsWithoutKill: await rows(
            `SELECT p.id FROM proposals p LEFT JOIN kill_switches k ON k.id = p."killSwitchId" WHERE p.state = 'auto-killed' AND k.id IS NULL`,
          ),
          autoKillsNotAudited: await rows(
            `SELECT p.id FROM proposals p WHERE p.state = 'auto-killed' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'proposal.auto-kill' AND a."targetId" = p.id::text)`,
          ),
          killsWithoutProposal: await rows(`SELECT k.id FROM kill_switches k WHERE NOT EXISTS (SELECT 1 FROM proposals p WHERE p."killSwitchId" = k.id)`),
          killsNotAudited: await rows(
            `SELECT k.id FROM kill_switches k WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'kill-switch.create' AND a."targetId" = k.id::text)`,
          ),
          killsWithoutRevocation: await rows(`SELECT k.id FROM kill_switches k WHERE NOT EXISTS (SELECT 1 FROM revocations r WHERE r."killSwitchId" = k.id)`),
        },
      };
    } finally {
      await db.end();
    }
  }

  const noPartialWrites = {
    proposalsWithoutAudit: [],
    receiptsNotAudited: [],
    autoKillsWithoutKill: [],
    autoKillsNotAudited: [],
    killsWithoutProposal: [],
    killsNotAudited: [],
    killsWithoutRevocation: [],
  };

  it('while PostgreSQL refuses connections, alerts on both routes are answered 503 with Retry-After at once; once it is back the refused alert is auto-killed once and a resend of an accepted alert is a duplicate, not a second kill', async () => {
    const stack = await startStack();
    const accepted = cameraAlert(stack.v);
    const before = await stack.fire([accepted]);
    expect([before.status, before.body.alerts[0]]).toEqual([201, expect.objectContaining({ outcome: 'proposed', state: 'auto-killed' })]);

    // PostgreSQL refuses: the database closed to connections, every connection the API holds ended.
    const admin = await connect(stack.postgres.adminUrl);
    cleanups.push(() => admin.end());
    await admin.query(`ALTER DATABASE killswitch ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'killswitch'`);
    const refused = cameraAlert(stack.v);
    const during = {
      resend: await stack.fire([accepted]),
      fresh: await stack.fire([refused]),
      both: await stack.fire([refused, accepted]),
      generic: await stack.signal('grafana-camera-leak'),
    };
    // The outage goes on: a second round is answered as the first (nothing stays stuck in the signal queue).
    await sleep(2_000);
    const again = await stack.fire([refused]);
    await admin.query(`ALTER DATABASE killswitch ALLOW_CONNECTIONS true`);
    await waitForHttp(`${stack.baseUrl}/health/ready`, 30_000);

    for (const answer of [...Object.values(during), again]) expectRetryLater(answer);
    expect(during.fresh.body.message).toBe('the database is busy or unreachable: nothing was changed, try again shortly');

    // Alertmanager sends the group again: the refused alert is new, the accepted one a repeat of its proposal.
    const after = await stack.fire([refused, accepted]);
    expect(after.status).toBe(201);
    expect(after.body.alerts).toEqual([
      expect.objectContaining({ fingerprint: refused.fingerprint, outcome: 'proposed', state: 'auto-killed' }),
      expect.objectContaining({ fingerprint: accepted.fingerprint, outcome: 'duplicate', state: 'auto-killed', proposalId: before.body.alerts[0].proposalId }),
    ]);
    const resent = await stack.fire([refused, accepted]);
    expect(resent.status).toBe(200);
    expect(resent.body.alerts.map((a: { outcome: string }) => a.outcome)).toEqual(['duplicate', 'duplicate']);
    const generic = await stack.signal('grafana-camera-leak');
    expect([generic.status, generic.body.alerts[0].outcome]).toEqual([201, 'proposed']);

    const state = await written(stack.databaseUrl);
    expect(state.partial).toEqual(noPartialWrites);
    // One kill an alert: the policy's two alerts killed once each; the generic signal has no alertname, so the policy leaves it open.
    expect(state.killsByFingerprint).toEqual({ [accepted.fingerprint]: 1, [refused.fingerprint]: 1 });
    expect(state.kills).toBe(2);
    expect(state.proposals.map((p) => [p.fingerprint, p.state, p.count]).sort()).toEqual(
      [
        [accepted.fingerprint, 'auto-killed', 3],
        [refused.fingerprint, 'auto-killed', 2],
        ['grafana-camera-leak', 'open', 1],
      ].sort(),
    );
    const verified = await stack.api.request('GET', '/v1/audit/verify', { token: stack.admin });
    expect([verified.status, verified.body.ok]).toEqual([200, true]);
    expect(stack.apiProcess.child.exitCode).toBeNull();
  }, 180_000);

  it('PostgreSQL going down under a signal transaction with requests queued behind it: each is answered 503 in bounded time, nothing is half written, the queue frees, and the alert sent again once it is back is auto-killed once', async () => {
    const stack = await startStack();
    // The test's own session holds a group's lock; PostgreSQL's shutdown ends it, so it is opened again after.
    let lock = await connect(stack.databaseUrl);
    cleanups.push(() => lock.end());
    const holdGroup = (groupKey: string) => lock.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [GROUP_LOCK, groupKey]);
    /** The API's signal transaction waits for the group's lock (held by the test), in PostgreSQL. */
    const waitingOnLock = () =>
      eventually(async () => {
        const { rows } = await lock.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'outage-api:%' AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        );
        return rows[0].n === 1;
      }, 10_000);

    // One alert whose transaction is under way (waiting for its group's lock), three of the same token queued behind it.
    const inFlight = cameraAlert(stack.v);
    const groupKey = `{}:{g="${randomBytes(4).toString('hex')}"}`;
    await holdGroup(groupKey);
    const first = stack.fire([inFlight], groupKey);
    await waitingOnLock();
    const queuedAlerts = [0, 1, 2].map(() => cameraAlert(stack.v));
    const queued = queuedAlerts.map((alert) => stack.fire([alert]));
    await stack.queuedOnApi(QUEUE_MAX);
    // The queue is full: one more is refused at once, and says why.
    const full = await stack.fire([cameraAlert(stack.v)]);
    expectRetryLater(full, 'signals_busy');
    expect(full.body.message).toBe(
      `this API instance already has ${QUEUE_MAX} signal requests of this token waiting to be written (SIGNALS_QUEUE_MAX): nothing was written; try again shortly`,
    );

    // PostgreSQL goes down (a fast shutdown ends every session, the transaction under way with it).
    const stopped = Date.now();
    await stack.postgres.stop();
    const answers = await Promise.all([first, ...queued]);
    const answeredAfterStop = Date.now() - stopped;
    const whileDown = await stack.fire([inFlight]);
    await stack.postgres.start();
    await waitForHttp(`${stack.baseUrl}/health/ready`, 30_000);
    lock = await connect(stack.databaseUrl);

    for (const answer of [...answers, whileDown]) expectRetryLater(answer);
    expect(answeredAfterStop).toBeLessThan(ANSWER_BOUND_MS);
    const refusedFingerprints = [inFlight, ...queuedAlerts].map((alert) => alert.fingerprint);
    const nothingYet = await written(stack.databaseUrl, refusedFingerprints);
    expect(nothingYet.proposals).toEqual([]);
    expect(nothingYet.kills).toBe(0);
    expect(nothingYet.audited).toEqual(Object.fromEntries(refusedFingerprints.map((f) => [f, 0])));

    // The queue is free again: one request written and QUEUE_MAX waiting are let in, the next refused, and all answered.
    await holdGroup(groupKey);
    const resentFirst = stack.fire([inFlight], groupKey);
    await waitingOnLock();
    const others = [0, 1, 2].map(() => stack.fire([cameraAlert(stack.v)]));
    await stack.queuedOnApi(QUEUE_MAX);
    expectRetryLater(await stack.fire([cameraAlert(stack.v)]), 'signals_busy');
    await lock.query(`SELECT pg_advisory_unlock_all()`);
    const resent = await resentFirst;
    for (const answer of await Promise.all(others)) expect([answer.status, answer.body.alerts?.[0]?.state]).toEqual([201, 'auto-killed']);
    expect([resent.status, resent.body.alerts[0]]).toEqual([
      201,
      expect.objectContaining({ fingerprint: inFlight.fingerprint, outcome: 'proposed', state: 'auto-killed' }),
    ]);

    // Alertmanager's resend of the accepted alert joins its proposal: no second kill.
    const duplicate = await stack.fire([inFlight], groupKey);
    expect([duplicate.status, duplicate.body.alerts[0].outcome, duplicate.body.alerts[0].proposalId]).toEqual([
      200,
      'duplicate',
      resent.body.alerts[0].proposalId,
    ]);

    const state = await written(
      stack.databaseUrl,
      queuedAlerts.map((alert) => alert.fingerprint),
    );
    expect(state.partial).toEqual(noPartialWrites);
    expect(state.killsByFingerprint[inFlight.fingerprint]).toBe(1);
    expect(state.kills).toBe(4);
    expect(Object.values(state.killsByFingerprint)).toEqual([1, 1, 1, 1]);
    // The alerts refused while queued were never sent again: nothing of them was written.
    expect(state.proposals.filter((p) => queuedAlerts.some((alert) => alert.fingerprint === p.fingerprint))).toEqual([]);
    expect(state.audited).toEqual(Object.fromEntries(queuedAlerts.map((alert) => [alert.fingerprint, 0])));
    const verified = await stack.api.request('GET', '/v1/audit/verify', { token: await stack.api.adminToken() });
    expect([verified.status, verified.body.ok]).toEqual([200, true]);
    expect(stack.apiProcess.child.exitCode).toBeNull();
  }, 180_000);
});
