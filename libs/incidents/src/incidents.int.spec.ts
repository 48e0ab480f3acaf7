import type { INestApplicationContext } from '@nestjs/common';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { eventually } from '../../../test/support/eventually';

type User = Awaited<ReturnType<TestApi['userWith']>>;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('incidents (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  let responder: User;
  let approver: User;
  let auditor: User;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    [responder, auditor] = await Promise.all([api.userWith('responder'), api.userWith('auditor')]);
    // The approver is appointed by another admin: the test admin requests lifts, and may not approve through an account they made (four eyes).
    approver = await api.userWith('approver', { createdBy: (await api.userWith('admin')).token });
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const open = async (body: Record<string, unknown> = {}, token = responder.token) => {
    const response = await api.request('POST', '/v1/incidents', { token, body: { title: 'Strangers’ camera feeds', severity: 'SEV1', ...body } });
    if (response.status !== 201) throw new Error(`open incident: ${response.status} ${response.text}`);
    return response.body as { id: string; status: string; severity: string; reportedAt: string; createdAt: string };
  };
  const patch = (id: string, body: unknown, token = responder.token) => api.request('PATCH', `/v1/incidents/${id}`, { token, body });

  /** Everything a refused request must leave alone. */
  const footprint = async (id: string) => {
    const [incident, timeline, audit] = await Promise.all([
      prisma.incident.findUniqueOrThrow({ where: { id } }),
      prisma.timelineEntry.count({ where: { incidentId: id } }),
      prisma.auditEntry.count({ where: { targetType: 'incident', targetId: id } }),
    ]);
    return { incident, timeline, audit };
  };

  /** Writes by one user, for refusals of a create (other suites write incidents into the same database). */
  const writesBy = async (user: User) => ({
    incidents: await prisma.incident.count({ where: { createdById: user.id } }),
    audit: await prisma.auditEntry.count({ where: { actorId: user.id, action: { startsWith: 'incident.' } } }),
  });

  /** An incident walked through the lifecycle, by the API, to `status`. */
  const PATH = ['investigating', 'mitigated', 'resolved', 'closed'];
  const incidentIn = async (status: string) => {
    const incident = await open();
    for (const step of PATH.slice(0, PATH.indexOf(status) + 1)) {
      const moved = await patch(incident.id, { status: step });
      if (moved.status !== 200) throw new Error(`move to ${step}: ${moved.status} ${moved.text}`);
    }
    return incident.id;
  };

  describe('create, list, get and update', () => {
    it('opens an incident in triage, reported now by default, with an audit entry carrying the request id', async () => {
      const before = Date.now();
      const response = await api.request('POST', '/v1/incidents', {
        token: responder.token,
        headers: { 'x-request-id': 'incident-create-test-1' },
        body: { title: 'Mijia cameras show strangers’ feeds', severity: 'SEV1', summary: 'Public post with stills from other homes' },
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        title: 'Mijia cameras show strangers’ feeds',
        severity: 'SEV1',
        status: 'triage',
        nextStatuses: ['investigating'],
        summary: 'Public post with stills from other homes',
        createdById: responder.id,
        mitigatedAt: null,
        resolvedAt: null,
        closedAt: null,
      });
      const reportedAt = Date.parse(response.body.reportedAt);
      expect(reportedAt).toBeGreaterThanOrEqual(before - 1);
      expect(reportedAt).toBeLessThanOrEqual(Date.now());
      const audit = await prisma.auditEntry.findMany({ where: { targetType: 'incident', targetId: response.body.id } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'incident.create',
        outcome: 'ok',
        actorId: responder.id,
        actor: responder.email,
        requestId: 'incident-create-test-1',
      });
      expect(audit[0].after).toMatchObject({ title: 'Mijia cameras show strangers’ feeds', status: 'triage' });
      expect(await prisma.timelineEntry.count({ where: { incidentId: response.body.id } })).toBe(0);
    });

    it('keeps a reportedAt in the past, and reads one a few seconds ahead (clock skew) as now', async () => {
      const past = '2020-01-02T09:58:00.000Z';
      expect((await open({ reportedAt: past })).reportedAt).toBe(past);
      expect((await open({ reportedAt: '2020-01-02T10:58:00+01:00' })).reportedAt).toBe(past);
      const ahead = await open({ reportedAt: new Date(Date.now() + 20_000).toISOString() });
      expect(Date.parse(ahead.reportedAt)).toBeLessThanOrEqual(Date.parse(ahead.createdAt) + 5);
    });

    const refusedCreates: [string, Record<string, unknown>, RegExp][] = [
      ['no title', { severity: 'SEV1' }, /title must be 3 to 200 characters on one line/],
      ['a title of the wrong type', { title: 42, severity: 'SEV1' }, /title must be 3 to 200 characters/],
      ['a title on two lines', { title: 'one\ntwo', severity: 'SEV1' }, /title must be 3 to 200 characters on one line/],
      ['no severity', { title: 'feeds' }, /severity must be one of SEV1, SEV2, SEV3, SEV4/],
      ['an unknown severity', { title: 'feeds', severity: 'SEV5' }, /severity must be one of SEV1, SEV2, SEV3, SEV4/],
      ['an unknown field', { title: 'feeds', severity: 'SEV1', status: 'closed' }, /property status should not exist/],
      ['a summary too long', { title: 'feeds', severity: 'SEV1', summary: 'x'.repeat(10_001) }, /summary must be a string of at most 10000 characters/],
      ['a reportedAt that is not a date', { title: 'feeds', severity: 'SEV1', reportedAt: 'yesterday' }, /reportedAt must be an ISO 8601 timestamp/],
      ['a reportedAt without a time zone', { title: 'feeds', severity: 'SEV1', reportedAt: '2020-01-02T10:00:00' }, /reportedAt must be an ISO 8601 timestamp/],
      [
        'a reportedAt that does not exist',
        { title: 'feeds', severity: 'SEV1', reportedAt: '2021-02-30T10:00:00Z' },
        /reportedAt must be an ISO 8601 timestamp/,
      ],
      ['a reportedAt of the wrong type', { title: 'feeds', severity: 'SEV1', reportedAt: 1_700_000_000 }, /reportedAt must be an ISO 8601 timestamp/],
      [
        'a reportedAt in the future',
        { title: 'feeds', severity: 'SEV1', reportedAt: new Date(Date.now() + 3_600_000).toISOString() },
        /reportedAt must not be in the future/,
      ],
    ];

    it.each(refusedCreates)('refuses %s with 400, writing nothing', async (_name, body, message) => {
      const before = await writesBy(responder);
      const response = await api.request('POST', '/v1/incidents', { token: responder.token, body });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(response.body.requestId).toEqual(expect.any(String));
      expect(await writesBy(responder)).toEqual(before);
    });

    it('lists newest first, filtered by status and severity, a page at a time', async () => {
      const tag = `list-${Date.now()}`;
      const a = await open({ title: `${tag} a`, severity: 'SEV3' });
      const b = await open({ title: `${tag} b`, severity: 'SEV3' });
      const c = await open({ title: `${tag} c`, severity: 'SEV3' });
      expect((await patch(b.id, { status: 'investigating' })).status).toBe(200);

      const triage = await api.request('GET', '/v1/incidents?severity=SEV3&status=triage&limit=500', { token: auditor.token });
      expect(triage.status).toBe(200);
      const ids = triage.body.items.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, c.id]));
      expect(ids).not.toContain(b.id);
      expect(ids.indexOf(c.id)).toBeLessThan(ids.indexOf(a.id));
      expect(triage.body.items.every((i: { status: string; severity: string }) => i.status === 'triage' && i.severity === 'SEV3')).toBe(true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api.request(
          'GET',
          `/v1/incidents?severity=SEV3&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: auditor.token },
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining([a.id, b.id, c.id]));

      for (const query of ['status=open', 'severity=sev1', 'limit=0', 'limit=x', 'cursor=%21%21', 'colour=red']) {
        expect((await api.request('GET', `/v1/incidents?${query}`, { token: auditor.token })).status).toBe(400);
      }
    });

    it('answers 404 for an unknown incident and 400 for an id that is not a UUID', async () => {
      const unknown = await api.request('GET', '/v1/incidents/00000000-0000-4000-8000-000000000000', { token: auditor.token });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('incident 00000000-0000-4000-8000-000000000000 does not exist');
      const bad = await api.request('GET', '/v1/incidents/not-a-uuid', { token: auditor.token });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
      expect((await patch('00000000-0000-4000-8000-000000000000', { title: 'nobody' })).status).toBe(404);
    });

    it('changes title, summary and severity; a severity change goes on the timeline, every change in the audit log', async () => {
      const incident = await open({ severity: 'SEV2', summary: 'first words' });
      const renamed = await patch(incident.id, { title: 'Strangers’ feeds on Nest Hubs', summary: null });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ title: 'Strangers’ feeds on Nest Hubs', summary: null, severity: 'SEV2' });
      expect(await prisma.timelineEntry.count({ where: { incidentId: incident.id } })).toBe(0);

      const raised = await patch(incident.id, { severity: 'SEV1' });
      expect(raised.status).toBe(200);
      expect(raised.body.severity).toBe('SEV1');
      const entries = await prisma.timelineEntry.findMany({ where: { incidentId: incident.id } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ type: 'severity_change', actor: responder.email, actorId: responder.id, body: 'Severity SEV2 → SEV1' });
      expect(entries[0].refs).toEqual({ from: 'SEV2', to: 'SEV1' });

      const audit = await prisma.auditEntry.findMany({ where: { targetType: 'incident', targetId: incident.id }, orderBy: { seq: 'asc' } });
      expect(audit.map((a) => a.action)).toEqual(['incident.create', 'incident.update', 'incident.update']);
      expect(audit[2].before).toMatchObject({ severity: 'SEV2' });
      expect(audit[2].after).toMatchObject({ severity: 'SEV1' });

      // The same values again change nothing, and write nothing.
      const before = await footprint(incident.id);
      const same = await patch(incident.id, { severity: 'SEV1', status: 'triage' });
      expect(same.status).toBe(200);
      expect(await footprint(incident.id)).toEqual(before);
    });

    const refusedPatches: [string, unknown, RegExp][] = [
      ['an empty body', {}, /send at least one of title, severity, summary, status/],
      ['a null title', { title: null }, /title must be 3 to 200 characters/],
      ['a null status', { status: null }, /status must be one of triage, investigating, mitigated, resolved, closed/],
      ['an unknown status', { status: 'done' }, /status must be one of triage, investigating, mitigated, resolved, closed/],
      ['an unknown severity', { severity: 1 }, /severity must be one of SEV1, SEV2, SEV3, SEV4/],
      ['an unknown field', { title: 'ok title', reportedAt: '2020-01-02T10:00:00Z' }, /property reportedAt should not exist/],
      ['a body that is not an object', [{ title: 'x' }], /the request body must be a JSON object/],
    ];

    it.each(refusedPatches)('refuses a patch with %s with 400, writing nothing', async (_name, body, message) => {
      const incident = await open();
      const before = await footprint(incident.id);
      const response = await patch(incident.id, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(await footprint(incident.id)).toEqual(before);
    });
  });

  describe('status transitions', () => {
    it('walks the lifecycle one step at a time, reopening from mitigated and resolved, stamping and recording each move', async () => {
      const incident = await open();
      const moves: [string, string][] = [
        ['triage', 'investigating'],
        ['investigating', 'mitigated'],
        ['mitigated', 'investigating'],
        ['investigating', 'mitigated'],
        ['mitigated', 'resolved'],
        ['resolved', 'investigating'],
        ['investigating', 'mitigated'],
        ['mitigated', 'resolved'],
        ['resolved', 'closed'],
      ];
      for (const [from, to] of moves) {
        const response = await patch(incident.id, { status: to }, admin);
        expect(response.status).toBe(200);
        expect(response.body.status).toBe(to);
        const row = await prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
        const [latest] = await prisma.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'desc' }, take: 1 });
        expect(latest).toMatchObject({ type: 'status_change', body: `Status ${from} → ${to}`, actor: 'admin@killswitch.test' });
        expect(latest.refs).toEqual({ from, to });
        if (to === 'mitigated') expect(row.mitigatedAt).toEqual(latest.at);
        if (to === 'resolved') expect(row.resolvedAt).toEqual(latest.at);
        if (to === 'closed') expect(row.closedAt).toEqual(latest.at);
        if (to === 'investigating') expect([row.mitigatedAt, row.resolvedAt]).toEqual([null, null]);
      }
      const final = await api.request('GET', `/v1/incidents/${incident.id}`, { token: auditor.token });
      expect(final.body).toMatchObject({ status: 'closed', nextStatuses: [], mitigatedAt: expect.any(String), resolvedAt: expect.any(String) });
      expect(await prisma.timelineEntry.count({ where: { incidentId: incident.id, type: 'status_change' } })).toBe(moves.length);
      expect(await prisma.auditEntry.count({ where: { targetType: 'incident', targetId: incident.id, action: 'incident.update' } })).toBe(moves.length);
    });

    const refusedMoves: [string, string, string][] = [
      ['triage', 'mitigated', 'investigating'],
      ['triage', 'resolved', 'investigating'],
      ['triage', 'closed', 'investigating'],
      ['investigating', 'triage', 'mitigated'],
      ['investigating', 'resolved', 'mitigated'],
      ['investigating', 'closed', 'mitigated'],
      ['mitigated', 'triage', 'resolved, investigating'],
      ['mitigated', 'closed', 'resolved, investigating'],
      ['resolved', 'mitigated', 'closed, investigating'],
      ['resolved', 'triage', 'closed, investigating'],
    ];

    it.each(refusedMoves)('refuses %s → %s with 409 naming the allowed next statuses, writing nothing', async (from, to, allowed) => {
      const id = await incidentIn(from);
      const before = await footprint(id);
      expect(before.incident.status).toBe(from);
      const response = await patch(id, { status: to, severity: 'SEV4' });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe(`cannot move the incident from ${from} to ${to}: the allowed next statuses are ${allowed}`);
      expect(await footprint(id)).toEqual(before);
    });

    it('treats closed as final: no status move and no other change, and nothing written', async () => {
      const id = await incidentIn('closed');
      const before = await footprint(id);
      const reopen = await patch(id, { status: 'investigating' });
      expect(reopen.status).toBe(409);
      expect(reopen.body.message).toBe('the incident is closed, which is final: its status cannot change');
      const rename = await patch(id, { title: 'renamed after the fact' });
      expect(rename.status).toBe(409);
      expect(rename.body.message).toBe('the incident is closed, which is final: it can no longer be changed');
      expect(await footprint(id)).toEqual(before);
    });

    it('serialises concurrent moves: of two identical moves, one applies and the other is a no-op', async () => {
      const incident = await open();
      const [a, b] = await Promise.all([patch(incident.id, { status: 'investigating' }), patch(incident.id, { status: 'investigating' })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(await prisma.timelineEntry.count({ where: { incidentId: incident.id, type: 'status_change' } })).toBe(1);
    });
  });

  describe('timeline and notes', () => {
    it('adds notes signed by the caller, audited, and pages the timeline by at then id', async () => {
      const incident = await open();
      const early = await api.request('POST', `/v1/incidents/${incident.id}/timeline`, {
        token: approver.token,
        body: { body: 'Report seen on a public forum', at: '2020-01-02T09:00:00Z' },
      });
      expect(early.status).toBe(201);
      expect(early.body).toMatchObject({
        id: expect.any(String),
        incidentId: incident.id,
        type: 'note',
        actor: approver.email,
        actorId: approver.id,
        body: 'Report seen on a public forum',
        at: '2020-01-02T09:00:00.000Z',
        refs: {},
      });
      const audit = await prisma.auditEntry.findFirst({ where: { targetType: 'incident', targetId: incident.id, action: 'incident.note' } });
      expect(audit).toMatchObject({ actorId: approver.id, outcome: 'ok' });
      expect(audit?.after).toMatchObject({ id: early.body.id, body: 'Report seen on a public forum' });

      expect((await patch(incident.id, { status: 'investigating' })).status).toBe(200);
      const same = '2020-01-02T09:30:00.000Z';
      const n1 = await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: responder.token, body: { body: 'first at 9:30', at: same } });
      const n2 = await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: admin, body: { body: 'second at 9:30', at: same } });
      const now = await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: responder.token, body: { body: 'now' } });
      expect([n1.status, n2.status, now.status]).toEqual([201, 201, 201]);

      const all: { id: string; body: string; type: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: string; body: string; type: string }[]; nextCursor: string | null } } = await api.request(
          'GET',
          `/v1/incidents/${incident.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: auditor.token },
        );
        expect(page.status).toBe(200);
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all.map((e) => e.body)).toEqual(['Report seen on a public forum', 'first at 9:30', 'second at 9:30', 'Status triage → investigating', 'now']);
      expect(all.map((e) => e.type)).toEqual(['note', 'note', 'note', 'status_change', 'note']);
    });

    const refusedNotes: [string, unknown, RegExp][] = [
      ['no body', {}, /body must be 1 to 4000 characters, not only spaces/],
      ['a blank body', { body: '   \n ' }, /body must be 1 to 4000 characters, not only spaces/],
      ['a body too long', { body: 'x'.repeat(4001) }, /body must be 1 to 4000 characters/],
      ['a body of the wrong type', { body: ['x'] }, /body must be 1 to 4000 characters/],
      ['a bad at', { body: 'ok', at: '2020-13-01T00:00:00Z' }, /at must be an ISO 8601 timestamp with a time zone/],
      ['an at in the future', { body: 'ok', at: new Date(Date.now() + 3_600_000).toISOString() }, /at must not be in the future/],
      ['an unknown field', { body: 'ok', type: 'kill' }, /property type should not exist/],
    ];

    it.each(refusedNotes)('refuses a note with %s with 400, writing nothing', async (_name, body, message) => {
      const incident = await open();
      const before = await footprint(incident.id);
      const response = await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: responder.token, body });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect(await footprint(incident.id)).toEqual(before);
    });

    it('answers 404 for the timeline of an unknown incident and 400 for a forged cursor', async () => {
      const unknown = '/v1/incidents/00000000-0000-4000-8000-000000000000/timeline';
      expect((await api.request('GET', unknown, { token: auditor.token })).status).toBe(404);
      expect((await api.request('POST', unknown, { token: responder.token, body: { body: 'hello' } })).status).toBe(404);
      const incident = await open();
      const forged = Buffer.from('not-a-key').toString('base64url');
      const response = await api.request('GET', `/v1/incidents/${incident.id}/timeline?cursor=${forged}`, { token: auditor.token });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('cursor is not valid; use nextCursor from the previous page');
    });
  });

  describe('kill switches, key timings and the postmortem', () => {
    let worker: INestApplicationContext;
    let v: SeededVendor;
    let incidentId: string;
    let reportedAt: string;
    let kill: { id: string; revision: number; revocationId: string; createdAt: string };
    let devices: { id: string; credential: string }[];

    beforeAll(async () => {
      worker = await startTestWorker();
      v = await seedVendor(api);
      devices = await Promise.all(
        Array.from({ length: 3 }, () =>
          enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] }),
        ),
      );
      reportedAt = minutesAgo(5);
      incidentId = (await open({ title: 'Strangers’ feeds | <script>alert(1)</script>', reportedAt })).id;
    });
    afterAll(async () => {
      await worker.close();
    });

    it('lists the linked kill switch with its scope and the report → first kill timing; the rest is not reached yet', async () => {
      const created = await api.request('POST', '/v1/kill-switches', {
        token: responder.token,
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds', incidentId },
      });
      expect(created.status).toBe(201);
      const view = await api.request('GET', `/v1/kill-switches/${created.body.id}`, { token: auditor.token });
      kill = { ...created.body, createdAt: view.body.createdAt };

      const got = await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token });
      expect(got.status).toBe(200);
      expect(got.body.killSwitches).toEqual([
        {
          id: kill.id,
          state: 'active',
          scope: { vendor: v.vendor, integration: v.camera },
          scopeText: v.camera,
          reason: 'strangers feeds',
          affectedDevices: 3,
          revocationId: kill.revocationId,
          createdById: responder.id,
          createdBy: responder.email,
          createdAt: kill.createdAt,
          liftedAt: null,
        },
      ]);
      expect(got.body.timings).toEqual({
        firstKillSwitchId: kill.id,
        reportToFirstKill: { ms: Date.parse(kill.createdAt) - Date.parse(reportedAt), from: reportedAt, to: kill.createdAt },
        killToAck99: null,
        killToLift: null,
      });
      expect(got.body.timings.reportToFirstKill.ms).toBeGreaterThanOrEqual(5 * 60_000);
      const killEntry = await prisma.timelineEntry.findFirst({ where: { incidentId, type: 'kill' } });
      expect(killEntry).toMatchObject({ actorId: responder.id });
      expect(killEntry?.refs).toMatchObject({ killSwitchId: kill.id, revocationId: kill.revocationId });
    });

    it('measures kill → 99 % acknowledged from the revocation milestones the devices’ acks produce', async () => {
      await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } })).fannedOutAt);
      for (const device of devices.slice(0, 2)) {
        expect((await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: kill.revision } })).status).toBe(200);
      }
      // Two of three: 50 % reached, not 99 %.
      expect((await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token })).body.timings.killToAck99).toBeNull();
      expect((await api.request('POST', '/v1/device/acks', { token: devices[2].credential, body: { rev: kill.revision } })).status).toBe(200);

      const milestones = await prisma.timelineEntry.findMany({ where: { incidentId, type: 'revocation_milestone' }, orderBy: { id: 'asc' } });
      expect(milestones.map((m) => (m.refs as { milestone: number }).milestone)).toEqual([50, 90, 99, 100]);
      // Each milestone says which kill it belongs to, in words and by reference.
      expect(milestones.map((m) => m.body)).toEqual([
        `50 % of devices acknowledged the kill of ${v.camera} (2 of 3)`,
        `90 % of devices acknowledged the kill of ${v.camera} (3 of 3)`,
        `99 % of devices acknowledged the kill of ${v.camera} (3 of 3)`,
        `100 % of devices acknowledged the kill of ${v.camera} (3 of 3)`,
      ]);
      for (const m of milestones) expect(m.refs).toMatchObject({ killSwitchId: kill.id, revocationId: kill.revocationId });
      const ack99 = milestones[2].at.toISOString();
      const got = await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token });
      expect(got.body.timings.killToAck99).toEqual({ ms: Date.parse(ack99) - Date.parse(kill.createdAt), from: kill.createdAt, to: ack99 });
    });

    it('measures kill → lift from the first kill only, whatever later kills do', async () => {
      const later = await api.request('POST', '/v1/kill-switches', {
        token: admin,
        body: { scope: { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } }, reason: 'narrow kill', incidentId },
      });
      expect(later.status).toBe(201);
      const liftThroughApi = async (killSwitchId: string) => {
        // A responder asks: every local account descends from the bootstrap admin, so none may decide on its requests.
        const requested = await api.request('POST', `/v1/kill-switches/${killSwitchId}/lift-requests`, {
          token: responder.token,
          body: { reason: 'fixed firmware shipped' },
        });
        expect(requested.status).toBe(201);
        const approved = await api.request('POST', `/v1/lift-requests/${requested.body.id}/approve`, { token: approver.token, body: {} });
        expect(approved.body.state).toBe('completed');
        return (await api.request('GET', `/v1/kill-switches/${killSwitchId}`, { token: admin })).body.liftedAt as string;
      };
      await liftThroughApi(later.body.id);
      expect((await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token })).body.timings.killToLift).toBeNull();

      const liftedAt = await liftThroughApi(kill.id);
      const got = await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token });
      expect(got.body.timings.firstKillSwitchId).toBe(kill.id);
      expect(got.body.timings.killToLift).toEqual({ ms: Date.parse(liftedAt) - Date.parse(kill.createdAt), from: kill.createdAt, to: liftedAt });
      expect(got.body.killSwitches.map((k: { id: string; state: string }) => [k.id, k.state])).toEqual([
        [kill.id, 'lifted'],
        [later.body.id, 'lifted'],
      ]);
    });

    it('exports the postmortem as JSON: fields, timings, kill switches, the whole timeline and who did what', async () => {
      expect((await patch(incidentId, { status: 'investigating' })).status).toBe(200);
      const note = await api.request('POST', `/v1/incidents/${incidentId}/timeline`, {
        token: approver.token,
        body: { body: 'Vendor confirms | fix in <b>3.5.1_00.68</b>' },
      });
      expect(note.status).toBe(201);
      // A type this suite does not write (lift requests write it): the export must show it like any other.
      await prisma.timelineEntry.create({
        data: { incidentId, type: 'lift_stage', actor: 'system:lifts', body: 'Lift stage 10 % reached', refs: { stage: 10 } },
      });

      const response = await api.request('GET', `/v1/incidents/${incidentId}/export`, { token: auditor.token });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="incident-${incidentId}-postmortem.json"`);
      const pm = response.body;
      const detail = (await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token })).body;
      expect(pm).toMatchObject({
        kind: 'killswitch.postmortem/v1',
        incident: {
          id: incidentId,
          title: 'Strangers’ feeds | <script>alert(1)</script>',
          severity: 'SEV1',
          status: 'investigating',
          reportedAt,
          createdBy: responder.email,
        },
        timings: detail.timings,
        killSwitches: detail.killSwitches,
      });
      expect(pm.timings.killToAck99).not.toBeNull();
      expect(pm.killSwitches[1].scopeText).toBe(`${v.camera}, vendor firmware lt 3.5.1_00.68`);
      const types = pm.timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['kill', 'revocation_milestone', 'status_change', 'note', 'lift_request', 'approval', 'lift', 'lift_stage']),
      );
      expect(types.filter((t: string) => t === 'kill')).toHaveLength(2);
      const ats = pm.timeline.map((e: { at: string }) => Date.parse(e.at));
      expect(ats).toEqual([...ats].sort((a, b) => a - b));

      const actors = Object.fromEntries(pm.actors.map((a: { actor: string; actions: { action: string; count: number }[] }) => [a.actor, a.actions]));
      expect(actors[responder.email]).toEqual([
        expect.objectContaining({ action: 'open', count: 1 }),
        expect.objectContaining({ action: 'kill', count: 1 }),
        expect.objectContaining({ action: 'lift_request', count: 2 }),
        expect.objectContaining({ action: 'status_change', count: 1 }),
      ]);
      expect(actors['admin@killswitch.test']).toEqual([expect.objectContaining({ action: 'kill', count: 1 })]);
      expect(actors[approver.email]).toEqual([
        expect.objectContaining({ action: 'approval', count: 2 }),
        expect.objectContaining({ action: 'lift', count: 2 }),
        expect.objectContaining({ action: 'note', count: 1 }),
      ]);
      expect(actors['system:revocations']).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'revocation_milestone' })]));
      expect(actors['system:lifts']).toEqual([expect.objectContaining({ action: 'lift_stage', count: 1 })]);
      expect(pm.actors[0].actor).toBe(responder.email); // opened it first
    });

    it('exports the postmortem as Markdown, with people’s text made inert', async () => {
      const response = await api.request('GET', `/v1/incidents/${incidentId}/export?format=md`, { token: auditor.token });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="incident-${incidentId}-postmortem.md"`);
      const md = response.text;
      expect(md).toMatch(/^# Postmortem: Strangers’ feeds \\\| &lt;script&gt;alert\(1\)&lt;\/script&gt;\n/);
      expect(md).not.toContain('<script>');
      expect(md).toContain(`| Incident | ${incidentId} |`);
      expect(md).toContain('| Severity | SEV1 |');
      expect(md).toContain(`| Reported | ${reportedAt} |`);
      expect(md).toContain(`by ${responder.email} |`);
      const detail = (await api.request('GET', `/v1/incidents/${incidentId}`, { token: auditor.token })).body;
      const t = detail.timings;
      expect(md).toContain(`| Report → first kill | `);
      expect(md).toContain(`(${t.reportToFirstKill.ms} ms) | ${t.reportToFirstKill.from} | ${t.reportToFirstKill.to} |`);
      expect(md).toContain(`(${t.killToAck99.ms} ms) | ${t.killToAck99.from} | ${t.killToAck99.to} |`);
      expect(md).toContain(`(${t.killToLift.ms} ms) | ${t.killToLift.from} | ${t.killToLift.to} |`);
      expect(md).toContain(`- Scope: ${v.camera}, vendor firmware lt 3.5.1_00.68`);
      expect(md).toContain(`- Kill switch: ${kill.id} (lifted)`);
      expect(md).toContain('- Affected devices: 3');
      expect(md).toContain(`| note | ${approver.email} | Vendor confirms \\| fix in &lt;b&gt;3.5.1_00.68&lt;/b&gt; |`);
      expect(md).toContain('| lift_stage | system:lifts | Lift stage 10 % reached |');
      expect(md).toMatch(/\| revocation_milestone \| system:revocations \| 99 % of devices acknowledged/);
      expect(md).toMatch(new RegExp(`\\| ${responder.email.replace(/[.]/g, '\\.')} \\| open \\(.+\\), kill \\(.+\\), status_change \\(.+\\) \\|`));
      const sections = ['## Summary', '## Key timings', '## Kill switches', '## Timeline', '## Who did what'];
      expect(sections.map((s) => md.indexOf(s))).toEqual([...sections.map((s) => md.indexOf(s))].sort((a, b) => a - b));
      expect(sections.every((s) => md.includes(s))).toBe(true);
    });

    it('exports an incident with nothing on it yet, and refuses an unknown incident (404) or format (400)', async () => {
      const bare = await open({ title: 'Quiet one' });
      const md = await api.request('GET', `/v1/incidents/${bare.id}/export?format=md`, { token: auditor.token });
      expect(md.status).toBe(200);
      expect(md.text).toContain('| Report → first kill | not reached yet | — | — |');
      expect(md.text).toContain('_No kill switch is linked to this incident._');
      expect(md.text).toContain('_The timeline is empty._');
      const json = await api.request('GET', `/v1/incidents/${bare.id}/export?format=json`, { token: auditor.token });
      expect(json.body).toMatchObject({ killSwitches: [], timeline: [], timings: { firstKillSwitchId: null, reportToFirstKill: null } });
      expect(json.body.actors).toEqual([{ actor: responder.email, actorId: responder.id, actions: [expect.objectContaining({ action: 'open' })] }]);

      for (const format of ['md', 'json']) {
        const unknown = await api.request('GET', `/v1/incidents/00000000-0000-4000-8000-000000000000/export?format=${format}`, { token: auditor.token });
        expect(unknown.status).toBe(404);
        expect(unknown.headers['content-type']).toMatch(/^application\/json/);
      }
      const bad = await api.request('GET', `/v1/incidents/${bare.id}/export?format=pdf`, { token: auditor.token });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('format must be md or json');
      expect((await api.request('GET', `/v1/incidents/${bare.id}/export?format=md&extra=1`, { token: auditor.token })).status).toBe(400);
      expect((await api.request('GET', '/v1/incidents/nope/export', { token: auditor.token })).status).toBe(400);
    });
  });

  describe('roles', () => {
    it('lets auditors read everything and change nothing, writing nothing when refused', async () => {
      const incident = await open();
      const before = await footprint(incident.id);
      const auditorWrites = await writesBy(auditor);
      const refused = [
        await api.request('POST', '/v1/incidents', { token: auditor.token, body: { title: 'auditor incident', severity: 'SEV4' } }),
        await patch(incident.id, { status: 'investigating' }, auditor.token),
        await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: auditor.token, body: { body: 'auditor note' } }),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
      expect(await footprint(incident.id)).toEqual(before);
      expect(await writesBy(auditor)).toEqual(auditorWrites);
      for (const url of [
        '/v1/incidents',
        `/v1/incidents/${incident.id}`,
        `/v1/incidents/${incident.id}/timeline`,
        `/v1/incidents/${incident.id}/export?format=md`,
      ]) {
        expect((await api.request('GET', url, { token: auditor.token })).status).toBe(200);
      }
    });

    it('lets approvers add notes but neither open nor change incidents; admins and responders do both', async () => {
      const incident = await open({}, admin);
      expect((await api.request('POST', '/v1/incidents', { token: approver.token, body: { title: 'approver incident', severity: 'SEV4' } })).status).toBe(403);
      expect((await patch(incident.id, { severity: 'SEV2' }, approver.token)).status).toBe(403);
      expect((await api.request('POST', `/v1/incidents/${incident.id}/timeline`, { token: approver.token, body: { body: 'looks right' } })).status).toBe(201);
      expect((await patch(incident.id, { severity: 'SEV2' }, responder.token)).status).toBe(200);
      expect((await patch(incident.id, { severity: 'SEV3' }, admin)).status).toBe(200);
    });

    it('refuses requests without a credential', async () => {
      expect((await api.request('GET', '/v1/incidents')).status).toBe(401);
      expect((await api.request('POST', '/v1/incidents', { body: { title: 'anonymous', severity: 'SEV1' } })).status).toBe(401);
    });
  });
});
