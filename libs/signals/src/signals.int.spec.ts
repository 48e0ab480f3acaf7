import { randomBytes } from 'node:crypto';
import { AUDIT_LOCK_KEY } from '@killswitch/audit';
import { PrismaClient } from '@killswitch/db';
import { KillSwitchesService } from '@killswitch/kill-switches';
import { ALERTMANAGER_BODY_LIMIT } from './dto/alertmanager.dto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { alertmanagerAlert as alert, alertmanagerNotification as notification } from '../../../test/support/alertmanager';

describe('signals and proposals (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let signals: string;
  let responder: Awaited<ReturnType<TestApi['userWith']>>;
  let v: SeededVendor;

  const post = (body: unknown, token = signals) => api.request('POST', '/v1/signals/alertmanager', { token, body });
  const counts = async () => ({
    proposals: await prisma.proposal.count(),
    incidents: await prisma.incident.count(),
    outbox: await prisma.outboxMessage.count(),
    kills: await prisma.killSwitch.count(),
  });

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    const minted = await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'alertmanager', roles: ['signals'] } });
    expect(minted.status).toBe(201);
    signals = minted.body.token;
    responder = await api.userWith('responder');
    v = await seedVendor(api);
    for (const firmware of ['3.5.1_00.66', '3.5.1_00.66', '3.5.1_00.68']) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: firmware }] });
    }
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const scopeLabels = () => ({ killswitch_vendor: v.vendor, killswitch_integration: 'camera-stream', killswitch_vendor_firmware: 'lt:3.5.1_00.68' });

  it('turns a firing Alertmanager alert into an open proposal with its impact preview, on a new incident of the alert’s severity', async () => {
    const sent = alert(scopeLabels());
    const response = await post(notification([sent]));
    expect(response.status).toBe(201);
    expect(response.body.alerts).toEqual([
      { fingerprint: sent.fingerprint, status: 'firing', outcome: 'proposed', proposalId: expect.any(String), state: 'open', incidentId: expect.any(String) },
    ]);
    const { proposalId, incidentId } = response.body.alerts[0];

    const detail = await api.request('GET', `/v1/proposals/${proposalId}`, { token: responder.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      state: 'open',
      source: 'alertmanager',
      alertname: 'CameraFeedLeak',
      severity: 'SEV1',
      scope: { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } },
      problems: [],
      affectedDevices: 2,
      count: 1,
      incidentId,
      preview: { affectedDevices: 2, byVendorFirmware: [{ vendorFirmware: '3.5.1_00.66', devices: 2, links: 2 }] },
    });
    const incident = await api.request('GET', `/v1/incidents/${incidentId}`, { token: responder.token });
    expect(incident.body).toMatchObject({ severity: 'SEV1', status: 'triage' });
    expect(incident.body.title).toContain('CameraFeedLeak');

    const open = await api.request('GET', '/v1/proposals?state=open', { token: responder.token });
    expect(open.body.items.map((p: { id: string }) => p.id)).toContain(proposalId);
    const outbox = await prisma.outboxMessage.findMany({ where: { topic: { in: ['signal.received', 'proposal.created'] } } });
    const mine = outbox.filter((row) => (row.payload as { proposalId?: string }).proposalId === proposalId);
    expect(mine.map((row) => row.topic).sort()).toEqual(['proposal.created', 'signal.received']);
    expect(mine.find((row) => row.topic === 'proposal.created')!.payload).toMatchObject({
      state: 'open',
      incidentId,
      affectedDevices: 2,
      fingerprint: sent.fingerprint,
    });
    const audit = await prisma.auditEntry.findMany({ where: { targetId: proposalId }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['signal.receive', 'proposal.create']);
    const timeline = await prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'asc' } });
    expect(timeline.map((t) => t.type)).toEqual(['proposal']);
    expect(timeline[0].body).toContain(`fingerprint ${sent.fingerprint}`);
  });

  it('adds a repeat of the same alert to its proposal (count 2) instead of making another', async () => {
    const sent = alert(scopeLabels());
    const group = `{}:{g="${randomBytes(4).toString('hex')}"}`;
    const first = await post(notification([sent], group));
    const before = await counts();
    const again = await post(notification([{ ...sent, startsAt: sent.startsAt }], group));
    expect(again.status).toBe(200); // no new proposal: a receipt, not a resource created
    expect(again.body.alerts[0]).toMatchObject({ outcome: 'duplicate', proposalId: first.body.alerts[0].proposalId, state: 'open' });
    const detail = await api.request('GET', `/v1/proposals/${first.body.alerts[0].proposalId}`, { token: admin });
    expect(detail.body.count).toBe(2);
    const after = await counts();
    expect({ proposals: after.proposals, incidents: after.incidents }).toEqual({ proposals: before.proposals, incidents: before.incidents });
  });

  it('links a second alert of the same group to the group’s incident', async () => {
    const group = `{}:{g="${randomBytes(4).toString('hex')}"}`;
    const first = await post(notification([alert(scopeLabels())], group));
    const second = await post(notification([alert({ ...scopeLabels(), killswitch_region: 'eu' })], group));
    expect(second.body.alerts[0].proposalId).not.toBe(first.body.alerts[0].proposalId);
    expect(second.body.alerts[0].incidentId).toBe(first.body.alerts[0].incidentId);
  });

  it('writes a resolved alert on its incident’s timeline', async () => {
    const sent = alert(scopeLabels());
    const group = `{}:{g="${randomBytes(4).toString('hex')}"}`;
    const fired = (await post(notification([sent], group))).body.alerts[0];
    const resolved = await post(notification([{ ...sent, status: 'resolved', endsAt: new Date().toISOString() }], group));
    expect(resolved.body.alerts[0]).toMatchObject({ outcome: 'resolved', proposalId: fired.proposalId });
    const notes = await prisma.timelineEntry.findMany({ where: { incidentId: fired.incidentId, type: 'signal' } });
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toMatch(new RegExp(`^Resolved: alert CameraFeedLeak \\(alertmanager, fingerprint ${sent.fingerprint}\\)`));
    expect((await api.request('GET', `/v1/proposals/${fired.proposalId}`, { token: admin })).body.resolvedAt).not.toBeNull();
  });

  it('confirms a proposal into a kill through the normal kill path: on the incident, its reason citing the alert, the devices affected', async () => {
    const sent = alert(scopeLabels());
    const { proposalId, incidentId } = (await post(notification([sent]))).body.alerts[0];
    const confirmed = await api.request('POST', `/v1/proposals/${proposalId}/confirm`, { token: responder.token, body: { reason: 'report verified' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      state: 'confirmed',
      killSwitchId: expect.any(String),
      decidedById: responder.id,
      decisionReason: 'report verified',
    });
    const kill = await api.request('GET', `/v1/kill-switches/${confirmed.body.killSwitchId}`, { token: responder.token });
    expect(kill.body).toMatchObject({ state: 'active', affectedDevices: 2, incidentId, createdById: responder.id });
    expect(kill.body.reason).toBe(
      `alert CameraFeedLeak (alertmanager, fingerprint ${sent.fingerprint}): Mijia cameras show strangers\u2019 feeds; confirmed by ${responder.email}: report verified`,
    );
    expect(await prisma.revocation.count({ where: { killSwitchId: kill.body.id, target: 2 } })).toBe(1);
    const timeline = await prisma.timelineEntry.findMany({ where: { incidentId }, orderBy: { id: 'asc' } });
    expect(timeline.map((t) => t.type)).toEqual(['proposal', 'kill', 'proposal']);

    const twice = await api.request('POST', `/v1/proposals/${proposalId}/confirm`, { token: responder.token, body: {} });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('proposal_not_open');
    expect(await prisma.killSwitch.count({ where: { incidentId } })).toBe(1);
  });

  it('dismisses a proposal with a reason, killing nothing', async () => {
    const { proposalId, incidentId } = (await post(notification([alert(scopeLabels())]))).body.alerts[0];
    expect((await api.request('POST', `/v1/proposals/${proposalId}/dismiss`, { token: responder.token, body: {} })).status).toBe(400);
    const dismissed = await api.request('POST', `/v1/proposals/${proposalId}/dismiss`, { token: responder.token, body: { reason: 'false alarm' } });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ state: 'dismissed', killSwitchId: null, decisionReason: 'false alarm' });
    expect(await prisma.killSwitch.count({ where: { incidentId } })).toBe(0);
    const auditor = await api.userWith('auditor');
    expect((await api.request('POST', `/v1/proposals/${proposalId}/confirm`, { token: auditor.token, body: {} })).status).toBe(403);
  });

  it.each([
    ['an unknown vendor', { killswitch_vendor: 'no-such-vendor' }, /scope.vendor: vendor no-such-vendor does not exist/],
    ['a malformed matcher', { killswitch_vendor: 'V', killswitch_vendor_firmware: 'lt:3.5 beta' }, /label killswitch_vendor_firmware.lt must be a version/],
    ['an integration of another vendor', { killswitch_vendor: 'V', killswitch_integration: 'ring.chime' }, /integration must be a key of vendor/],
    ['no vendor', { killswitch_integration: 'x.camera-stream' }, /label killswitch_vendor is required/],
  ])('makes an invalid proposal that says what is wrong for %s: never a 500, never a kill', async (_name, labels, problem) => {
    const withVendor = Object.fromEntries(Object.entries(labels).map(([k, val]) => [k, val === 'V' ? v.vendor : val]));
    const before = await prisma.killSwitch.count();
    const response = await post(notification([alert(withVendor)]));
    expect(response.status).toBe(201);
    expect(response.body.alerts[0]).toMatchObject({ outcome: 'proposed', state: 'invalid' });
    const detail = await api.request('GET', `/v1/proposals/${response.body.alerts[0].proposalId}`, { token: admin });
    expect(detail.body).toMatchObject({ state: 'invalid', scope: null, preview: null });
    expect(detail.body.problems.join('; ')).toMatch(problem);
    const confirm = await api.request('POST', `/v1/proposals/${detail.body.id}/confirm`, { token: admin, body: {} });
    expect(confirm.status).toBe(409);
    expect(confirm.body.message).toMatch(problem);
    expect(await prisma.killSwitch.count()).toBe(before);
  });

  it('ignores an alert that names no scope, and a generic signal makes a proposal too', async () => {
    const ignored = await post(notification([{ ...alert({}), labels: { alertname: 'DiskFull' } }]));
    expect(ignored.body.alerts[0]).toMatchObject({ outcome: 'ignored', proposalId: null });
    const generic = await api.request('POST', '/v1/signals', {
      token: signals,
      body: {
        source: 'grafana',
        fingerprint: `leak-${randomBytes(3).toString('hex')}`,
        summary: 'camera leak',
        scope: { vendor: v.vendor, integration: v.camera, vendorFirmware: 'lt:3.5.1_00.68' },
      },
    });
    expect(generic.status).toBe(201);
    expect(generic.body.alerts[0]).toMatchObject({ outcome: 'proposed', state: 'open' });
    const detail = await api.request('GET', `/v1/proposals/${generic.body.alerts[0].proposalId}`, { token: admin });
    expect(detail.body).toMatchObject({ source: 'grafana', severity: 'SEV2', affectedDevices: 2 });
  });

  describe('emoji summaries: bounded by characters, never cut inside one', () => {
    // U+1F4A9 is one character (code point) of two UTF-16 units: a cut by units at the bound left half of it, which
    // PostgreSQL's json refused (a 500).
    const EMOJI = '\u{1F4A9}';
    const characters = (text: string) => [...text].length;
    const expectBounded = (text: string, max: number) =>
      expect({ wellFormed: text.isWellFormed(), tooLong: characters(text) > max }).toEqual({ wellFormed: true, tooLong: false });

    async function stored(proposalId: string, incidentId: string) {
      const proposal = await prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
      const incident = await prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
      const timeline = await prisma.timelineEntry.findMany({ where: { incidentId } });
      expectBounded(incident.title, 200);
      for (const entry of timeline) expectBounded(entry.body, 10_000);
      return proposal;
    }

    it.each([600, 1000])('takes a generic signal whose summary is %i emoji (1000 is the limit) and keeps it whole', async (count) => {
      const summary = EMOJI.repeat(count);
      const response = await api.request('POST', '/v1/signals', {
        token: signals,
        body: {
          source: 'grafana',
          fingerprint: `emoji-${count}-${randomBytes(3).toString('hex')}`,
          summary,
          scope: { vendor: v.vendor, integration: v.camera },
        },
      });
      expect(response.status).toBe(201);
      const { proposalId, incidentId } = response.body.alerts[0];
      expect((await stored(proposalId, incidentId)).summary).toBe(summary);
    });

    it('takes an Alertmanager summary of 600 emoji whole, and cuts one of 2048 to 1000 characters ending in an ellipsis', async () => {
      const whole = await post(notification([alert(scopeLabels(), { summary: EMOJI.repeat(600) })]));
      expect(whole.status).toBe(201);
      expect((await stored(whole.body.alerts[0].proposalId, whole.body.alerts[0].incidentId)).summary).toBe(EMOJI.repeat(600));

      const long = await post(notification([alert(scopeLabels(), { summary: EMOJI.repeat(2048) })]));
      expect(long.status).toBe(201);
      const { proposalId, incidentId } = long.body.alerts[0];
      expect((await stored(proposalId, incidentId)).summary).toBe(`${EMOJI.repeat(999)}…`);

      // Its kill's reason cites the summary (cut to 500 characters) within the reason's 2000.
      const confirmed = await api.request('POST', `/v1/proposals/${proposalId}/confirm`, { token: responder.token, body: { reason: EMOJI.repeat(1500) } });
      expect(confirmed.status).toBe(200);
      const kill = await prisma.killSwitch.findUniqueOrThrow({ where: { id: confirmed.body.killSwitchId } });
      expectBounded(kill.reason, 2000);
      expect(characters(kill.reason)).toBe(2000);
    });
  });

  it('gives each alert of a notification its own scope’s device count, a scope shared by several counted once', async () => {
    const wholeIntegration = { killswitch_vendor: v.vendor, killswitch_integration: 'camera-stream' };
    const alerts = [alert(scopeLabels()), alert(wholeIntegration), alert(scopeLabels()), alert({ ...wholeIntegration, killswitch_vendor_model: 'nope' })];
    const counts = jest.spyOn(api.app.get(KillSwitchesService), 'affectedDevices');
    const response = await post(notification(alerts));
    expect(counts).toHaveBeenCalledTimes(3);
    counts.mockRestore();
    expect(response.status).toBe(201);
    const proposals = await Promise.all(
      response.body.alerts.map((a: { proposalId: string }) => prisma.proposal.findUniqueOrThrow({ where: { id: a.proposalId } })),
    );
    expect(proposals.map((p) => [p.state, p.affectedDevices])).toEqual([
      ['open', 2],
      ['open', 3],
      ['open', 2],
      ['invalid', null],
    ]);
    expect(proposals[3].problems).toEqual([`scope.vendorModel: vendor ${v.vendor} has no model nope`]);
  });

  describe('what Alertmanager can send is taken: it does not retry a refused notification, and every alert in it would be lost', () => {
    it('takes UTF-8 label names (Prometheus 3), any number of labels, values of any length (stored cut to 4096 characters) and a long generator URL', async () => {
      const dotted = alert({ ...scopeLabels(), 'service.name': 'camera-gateway', 'k8s.namespace.name': 'prod', 'zone é': 'eu' });
      const many: Record<string, string> = { ...scopeLabels(), dump: 'd'.repeat(5000) };
      for (let i = 0; i < 100; i++) many[`pod_label_${i}`] = `value-${i}`;
      const crowded = { ...alert(many), annotations: { summary: 'many labels', description: '\u{1F4A9}'.repeat(5000) } };
      const longLink = `http://prometheus.local/graph?g0.expr=${'camera_leak%7Bx%3D%22y%22%7D+or+'.repeat(200)}`;
      const linked = { ...alert(scopeLabels()), generatorURL: longLink };
      // A firmware list past 4096 characters: judged whole, not as the stored cut.
      const versions = Array.from({ length: 100 }, (_, i) => `3.5.1-${'b'.repeat(40)}${i}`);
      const listed = alert({ ...scopeLabels(), killswitch_vendor_firmware: `in:${versions.join(',')}` });
      const response = await post(notification([dotted, crowded, linked, listed]));
      expect(response.status).toBe(201);
      expect(response.body.alerts.map((a: { outcome: string; state: string }) => [a.outcome, a.state])).toEqual([
        ['proposed', 'open'],
        ['proposed', 'open'],
        ['proposed', 'open'],
        ['proposed', 'open'],
      ]);
      const fourth = await prisma.proposal.findUniqueOrThrow({ where: { id: response.body.alerts[3].proposalId } });
      expect(fourth.scope).toMatchObject({ vendorFirmware: { in: versions } });
      const [first, second, third] = await Promise.all(
        response.body.alerts.slice(0, 3).map((a: { proposalId: string }) => api.request('GET', `/v1/proposals/${a.proposalId}`, { token: responder.token })),
      );
      expect(first.body.labels).toMatchObject({ 'service.name': 'camera-gateway', 'k8s.namespace.name': 'prod', 'zone é': 'eu' });
      expect(Object.keys(second.body.labels)).toHaveLength(Object.keys(many).length + 2); // alertname and severity too
      expect(second.body.labels.dump).toBe(`${'d'.repeat(4095)}…`);
      expect(second.body.annotations.description).toBe(`${'\u{1F4A9}'.repeat(4095)}…`);
      expect(second.body.scope).toEqual({ vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } });
      expect(third.body.generatorUrl).toBe(longLink);
    });

    it('keeps a generator URL only when it is an http(s) link', async () => {
      const links = ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'not a url', '', 'https://prometheus.example/graph'];
      const response = await post(notification(links.map((generatorURL) => ({ ...alert(scopeLabels()), generatorURL }))));
      expect(response.status).toBe(201);
      const ids: string[] = response.body.alerts.map((a: { proposalId: string }) => a.proposalId);
      const stored = await prisma.proposal.findMany({ where: { id: { in: ids } } });
      const linkOf = (id: string) => stored.find((p) => p.id === id)!.generatorUrl;
      expect(ids.map(linkOf)).toEqual([null, null, null, null, 'https://prometheus.example/graph']);
      // One stored before the intake checked the scheme is not served as a link either.
      await prisma.proposal.update({ where: { id: ids[4] }, data: { generatorUrl: 'javascript:alert(1)' } });
      expect((await api.request('GET', `/v1/proposals/${ids[4]}`, { token: responder.token })).body.generatorUrl).toBeNull();
    });

    it('takes a group key past a btree entry’s 2,704 bytes, and groups by it', async () => {
      // Random hex does not compress: as a btree entry it failed the insert (a 500, retried by Alertmanager for ever).
      const groupKey = `{}/{}:{${randomBytes(2000).toString('hex')}}`;
      const opened = await post(notification([alert(scopeLabels())], groupKey));
      expect(opened.status).toBe(201);
      const joined = await post(notification([alert(scopeLabels())], groupKey));
      expect(joined.status).toBe(201);
      expect(joined.body.alerts[0].incidentId).toBe(opened.body.alerts[0].incidentId);
      expect(await prisma.proposal.count({ where: { groupKey } })).toBe(2);
      // The audit chain, written at every repeat, keeps the key's start.
      const receipt = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'signal.receive', targetId: opened.body.alerts[0].proposalId } });
      expect((receipt.after as { groupKey: string }).groupKey).toBe(`${groupKey.slice(0, 255)}…`);
    });
  });

  describe('bad payloads: a clear 4xx and nothing written', () => {
    const valid = () => notification([alert(scopeLabels())]);
    const cases: [string, () => unknown, number, RegExp][] = [
      ['another payload version', () => ({ ...valid(), version: '3' }), 400, /version must be "4"/],
      ['an unknown field', () => ({ ...valid(), extra: 1 }), 400, /property extra should not exist/],
      ['an unknown alert field', () => ({ ...valid(), alerts: [{ ...alert(scopeLabels()), value: 3 }] }), 400, /property value should not exist/],
      [
        'a label that is not a string',
        () => ({ ...valid(), alerts: [{ ...alert(scopeLabels()), labels: { killswitch_vendor: 3 } }] }),
        400,
        /^alerts\.0\.labels\.killswitch_vendor must be a string$/,
      ],
      ['a bad status', () => ({ ...valid(), alerts: [{ ...alert(scopeLabels()), status: 'burning' }] }), 400, /status must be firing or resolved/],
      ['a bad time', () => ({ ...valid(), alerts: [{ ...alert(scopeLabels()), startsAt: 'yesterday' }] }), 400, /startsAt must be an RFC 3339 time/],
      ['no alerts', () => ({ ...valid(), alerts: [] }), 400, /alerts must hold at least one alert/],
      ['a list where an alert is due', () => ({ ...valid(), alerts: [[]] }), 400, /^alerts must be a list of alerts: \{ status, labels, /],
      ['a list after a valid alert', () => ({ ...valid(), alerts: [alert(scopeLabels()), [alert(scopeLabels())]] }), 400, /^alerts must be a list of alerts/],
      [
        'too many alerts',
        () => notification(Array.from({ length: 101 }, () => ({ ...alert({}), annotations: {}, generatorURL: '' }))),
        400,
        /at most 100 alerts: set max_alerts/,
      ],
      // The route takes 256 KiB (a hundred alerts as Prometheus labels them), over the API's 64 KiB.
      ['a body over the route’s limit', () => ({ ...valid(), receiver: 'x'.repeat(ALERTMANAGER_BODY_LIMIT) }), 413, /too large/],
      ['a body over the API’s limit but within the route’s', () => ({ ...valid(), receiver: ['x'.repeat(70_000)] }), 400, /receiver must be a string/],
      ['an empty label name', () => ({ ...valid(), alerts: [{ ...alert(scopeLabels()), labels: { '': 'x' } }] }), 400, /^alerts\.0\.labels has an empty name/],
    ];
    it.each(cases)('refuses %s', async (_name, body, status, message) => {
      const before = await counts();
      const response = await post(body());
      expect({ status: response.status, message: response.body?.message }).toEqual({ status, message: expect.stringMatching(message) });
      expect(await counts()).toEqual(before);
    });

    it('keeps the API’s body limit on the generic route', async () => {
      const response = await api.request('POST', '/v1/signals', {
        token: signals,
        body: { source: 'grafana', fingerprint: 'too-big', summary: 'x'.repeat(70_000), scope: { vendor: v.vendor } },
      });
      expect(response.status).toBe(413);
    });

    it('refuses text that is not JSON', async () => {
      const before = await counts();
      expect((await api.request('POST', '/v1/signals/alertmanager', { token: signals, rawBody: '{"version": "4",' })).status).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });

  describe('rate limit', () => {
    it('answers a signals token past SIGNALS_RATE_LIMIT requests a minute, both routes counted together, 429 with Retry-After, writing nothing; another token goes on', async () => {
      const limited = await startTestApi({ SIGNALS_RATE_LIMIT: '3' });
      try {
        const mint = async (name: string) =>
          (await limited.request('POST', '/v1/api-tokens', { token: await limited.adminToken(), body: { name, roles: ['signals'] } })).body.token as string;
        const flood = await mint('flooding monitor');
        const other = await mint('other monitor');
        const generic = (token: string) =>
          limited.request('POST', '/v1/signals', {
            token,
            body: {
              source: 'monitor',
              fingerprint: randomBytes(6).toString('hex'),
              summary: 'cameras leak',
              scope: { vendor: v.vendor, integration: v.camera },
            },
          });
        const alertmanager = (token: string) => limited.request('POST', '/v1/signals/alertmanager', { token, body: notification([alert(scopeLabels())]) });

        expect([(await generic(flood)).status, (await alertmanager(flood)).status, (await generic(flood)).status]).toEqual([201, 201, 201]);
        const before = await counts();
        for (const refused of [await alertmanager(flood), await generic(flood)]) {
          expect(refused.status).toBe(429);
          expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
          expect(refused.body).toEqual({
            statusCode: 429,
            error: 'Too Many Requests',
            message: expect.stringMatching(/^too many signals from this token: at most 3 a minute; retry in \d+ s$/),
            requestId: expect.any(String),
            code: 'rate_limited',
          });
        }
        expect(await counts()).toEqual(before);
        expect((await alertmanager(other)).status).toBe(201);
      } finally {
        await limited.close();
      }
    });

    it('answers a token whose SIGNALS_QUEUE_MAX requests already wait 503 signals_busy with Retry-After, writing nothing and not counting it against the rate limit', async () => {
      const queued = await startTestApi({ SIGNALS_QUEUE_MAX: '1', SIGNALS_RATE_LIMIT: '3' });
      try {
        const token = (await queued.request('POST', '/v1/api-tokens', { token: await queued.adminToken(), body: { name: 'storming', roles: ['signals'] } }))
          .body.token as string;
        const send = () => queued.request('POST', '/v1/signals/alertmanager', { token, body: notification([alert(scopeLabels())]) });
        // The first request is held at the audit chain's lock, which the test takes, so the second must wait its turn.
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => (locked = resolve));
        const holder = prisma.$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
            locked();
            await held;
          },
          { timeout: 30_000 },
        );
        await lockTaken;
        const before = await counts();
        const writing = send();
        const waitsForLock = async () =>
          (
            await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND objid = ${AUDIT_LOCK_KEY} AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
          )[0].n > 0;
        for (let i = 0; i < 100 && !(await waitsForLock()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        const waiting = send();
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const refused of [await send(), await send()]) {
          expect({ status: refused.status, code: refused.body.code, retryAfter: Number(refused.headers['retry-after']) }).toEqual({
            status: 503,
            code: 'signals_busy',
            retryAfter: expect.any(Number),
          });
        }
        release();
        await holder;
        expect([(await writing).status, (await waiting).status]).toEqual([201, 201]);
        expect((await counts()).proposals).toBe(before.proposals + 2);
        // The two refusals were not counted: this is the third request of a budget of 3.
        expect((await send()).status).toBe(201);
        expect((await send()).status).toBe(429);
      } finally {
        await queued.close();
      }
    });
  });
});
