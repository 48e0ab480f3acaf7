// An alert storm as Alertmanager sends it, through the real route with the production limits: Alertmanager does not
// retry a 429 (nor any 4xx), so a refused notification waits for the group's next flush, and an alert that resolves
// meanwhile never makes a proposal (docs/domain.md, "Connecting Alertmanager").
import { randomBytes } from 'node:crypto';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { AlertmanagerAlert, alertmanagerNotification as notification } from '../../../test/support/alertmanager';

/** An HA pair: both replicas send each group's notification when their gossip lags, with the same token. */
const REPLICAS = 2;
const GROUPS = 75;
/** 50 notifications a second: 150 in 3 s, past the old budget of 120 a minute. */
const SPACING_MS = 20;
const BIG_GROUP = 100;
const SMALL_GROUP = 4;

/** An alert as kube-prometheus labels it: a dozen labels, a runbook, a generator URL carrying the rule's expression. */
function prometheusAlert(vendor: string, region: string, pod: number): AlertmanagerAlert {
  return {
    status: 'firing',
    labels: {
      alertname: 'CameraFeedLeak',
      severity: 'critical',
      killswitch_vendor: vendor,
      killswitch_integration: 'camera-stream',
      killswitch_region: region,
      container: 'camera-gateway',
      endpoint: 'metrics',
      instance: `10.42.${pod % 250}.${(pod * 7) % 250}:9100`,
      job: 'camera-gateway',
      namespace: 'camera-fleet',
      pod: `camera-gateway-7d9f8c6b5-${randomBytes(3).toString('hex')}`,
      prometheus: 'monitoring/k8s',
      service: 'camera-gateway',
    },
    annotations: {
      summary: `Camera gateway ${pod} in ${region} serves frames of other households`,
      description: `camera_stream_foreign_frames_total rose on pod ${pod} in ${region} over the last 5 minutes: viewers see strangers' feeds.`,
      runbook_url: 'https://runbooks.example.com/camera-gateway/camera-feed-leak',
    },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL:
      'http://prometheus-k8s-0.prometheus-operated.monitoring.svc:9090/graph?g0.expr=sum+by+%28region%2C+pod%29+%28rate%28camera_stream_foreign_frames_total%7Bjob%3D%22camera-gateway%22%7D%5B5m%5D%29%29+%3E+0&g0.tab=1',
    fingerprint: randomBytes(8).toString('hex'),
  };
}

describe('an Alertmanager alert storm (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let signals: string;
  let v: SeededVendor;

  beforeAll(async () => {
    // The production limits: the test harness otherwise raises SIGNALS_RATE_LIMIT out of the way ('' is unset).
    api = await startTestApi({ SIGNALS_RATE_LIMIT: '', SIGNALS_QUEUE_MAX: '', BODY_LIMIT_BYTES: '' });
    prisma = testPrisma();
    const admin = await api.adminToken();
    const minted = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'alertmanager', roles: ['signals'] } });
    expect(minted.status).toBe(201);
    signals = minted.body.token;
    v = await seedVendor(api);
    await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      region: 'r0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  it('answers every notification 2xx, never 429, and makes each alert one proposal, its repeat counted on it', async () => {
    const groups = Array.from({ length: GROUPS }, (_, g) => {
      const region = `r${g}`;
      const alerts = Array.from({ length: g === 0 ? BIG_GROUP : SMALL_GROUP }, (_, i) => prometheusAlert(v.vendor, region, i));
      return { region, body: notification(alerts, `{}/{severity="critical"}:{alertname="CameraFeedLeak", region="${region}"}`) };
    });
    // The big group is over the API's 64 KiB body limit: the route takes 256 KiB.
    expect(JSON.stringify(groups[0].body).length).toBeGreaterThan(64 * 1024);
    expect(api.config.SIGNALS_RATE_LIMIT).toBeLessThan(100_000);

    const sent: Promise<{ region: string; status: number; body: { alerts: { fingerprint: string; outcome: string }[] } }>[] = [];
    for (const group of groups) {
      for (let replica = 0; replica < REPLICAS; replica++) {
        sent.push(
          api
            .request('POST', '/v1/signals/alertmanager', { token: signals, body: group.body })
            .then((response) => ({ region: group.region, status: response.status, body: response.body })),
        );
        await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
      }
    }
    const answers = await Promise.all(sent);

    expect(answers.filter((a) => a.status >= 300).map((a) => ({ region: a.region, status: a.status, body: a.body }))).toEqual([]);
    const fingerprints = groups.flatMap((g) => g.body.alerts.map((a) => (a as AlertmanagerAlert).fingerprint));
    // Each alert: proposed by one replica's notification, a duplicate in the other's.
    const outcomes = new Map<string, string[]>();
    for (const answer of answers) {
      for (const alert of answer.body.alerts) outcomes.set(alert.fingerprint, [...(outcomes.get(alert.fingerprint) ?? []), alert.outcome].sort());
    }
    expect(new Set([...outcomes.values()].map((o) => o.join(',')))).toEqual(new Set(['duplicate,proposed']));
    expect(outcomes.size).toBe(fingerprints.length);

    const proposals = await prisma.proposal.findMany({ where: { source: 'alertmanager', fingerprint: { in: fingerprints } } });
    expect(proposals).toHaveLength(fingerprints.length);
    expect(new Set(proposals.map((p) => p.fingerprint)).size).toBe(fingerprints.length);
    expect(proposals.filter((p) => p.count !== REPLICAS || p.state !== 'open')).toEqual([]);
    // One incident a group.
    expect(new Set(proposals.map((p) => p.incidentId)).size).toBe(GROUPS);
  }, 300_000);
});
