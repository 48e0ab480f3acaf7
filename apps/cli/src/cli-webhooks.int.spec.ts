import type { INestApplicationContext } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import { startTestWorker } from '../../../test/support/worker-harness';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

function alertmanager(vendor: string, integration: string, fingerprint?: string) {
  return alertmanagerNotification([alertmanagerAlert({ killswitch_vendor: vendor, killswitch_integration: integration }, { fingerprint })]);
}

describe('killswitch webhooks, proposals and policies (CLI against a real API and worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let cli: CliSandbox;
  let admin: Record<string, string>;
  let receiver: WebhookReceiver;
  let signals: string;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    const url = await api.listen();
    worker = await startTestWorker();
    cli = new CliSandbox();
    receiver = await new WebhookReceiver().start();
    admin = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: await api.adminToken() };
    v = await seedVendor(api);
    await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' }] });
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin.KILLSWITCH_TOKEN, body: { name: 'am', roles: ['signals'] } })).body.token;
  });
  afterAll(async () => {
    await receiver.stop();
    await worker.close();
    await api.close();
    cli.remove();
  });

  it('subscribes a receiver (secret shown once), sends a test it can verify, lists and retries deliveries, updates and deletes', async () => {
    const created = await cli.json(
      ['webhooks', 'create', receiver.url, '--events', 'kill.created,proposal.created', '--description', 'the #incidents channel'],
      {
        env: admin,
      },
    );
    expect(created).toMatchObject({
      url: receiver.url,
      events: ['kill.created', 'proposal.created'],
      format: 'cloudevents',
      secret: expect.stringMatching(/^whsec_/),
    });
    const human = await cli.run(['webhooks', 'show', created.id], { env: admin });
    expect(human.stdout).toContain('the #incidents channel');
    expect(human.stdout).not.toContain('whsec_');

    const test = await cli.json(['webhooks', 'test', created.id], { env: admin });
    const got = await eventually(() => receiver.received.find((r) => r.headers['webhook-id'] === test.webhookId));
    expect(() => new Webhook(created.secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();

    const deliveries = await eventually(async () => {
      const page = await cli.json(['webhooks', 'deliveries', created.id], { env: admin });
      return page.items.find((d: { id: string; state: string }) => d.id === test.id && d.state === 'succeeded') && page;
    });
    expect(deliveries.items[0]).toMatchObject({ id: test.id, attemptCount: 1 });
    const retried = await cli.json(['webhooks', 'retry', created.id, test.id], { env: admin });
    expect(retried.id).toBe(test.id);
    await eventually(() => receiver.received.filter((r) => r.headers['webhook-id'] === test.webhookId).length === 2);

    expect(await cli.json(['webhooks', 'update', created.id, '--format', 'slack', '--disable'], { env: admin })).toMatchObject({
      format: 'slack',
      enabled: false,
    });
    expect((await cli.json(['webhooks', 'list', '--all'], { env: admin })).items.map((w: { id: string }) => w.id)).toContain(created.id);
    expect(await cli.json(['webhooks', 'delete', created.id], { env: admin })).toEqual({ id: created.id, deleted: true });
    expect((await cli.run(['webhooks', 'show', created.id], { env: admin })).code).toBe(4);
  });

  it('rotates a secret: the new one shown once, both signing during the grace period', async () => {
    const token = admin.KILLSWITCH_TOKEN;
    const created = await api.request('POST', '/v1/webhooks', { token, body: { url: receiver.url, events: ['kill.created'] } });
    expect(created.status).toBe(201);
    try {
      const rotated = await cli.json(['webhooks', 'rotate-secret', created.body.id, '--grace', '600'], { env: admin });
      expect(rotated).toMatchObject({ id: created.body.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
      expect(rotated.secret).not.toBe(created.body.secret);
      const test = await api.request('POST', `/v1/webhooks/${created.body.id}/test`, { token });
      const got = await eventually(() => receiver.received.find((r) => r.headers['webhook-id'] === test.body.webhookId));
      for (const secret of [created.body.secret, rotated.secret]) {
        expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
      }

      const human = await cli.run(['webhooks', 'rotate-secret', created.body.id, '--grace', '0'], { env: admin });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/secret\s+whsec_/);
      expect(human.stderr).toContain('shown only this once');
      expect((await cli.run(['webhooks', 'show', created.body.id], { env: admin })).stdout).not.toContain('whsec_');
      const usage = await cli.run(['webhooks', 'rotate-secret', created.body.id, '--grace', '-5', '--json'], { env: admin });
      expect(usage.code).toBe(2);
      expect(JSON.parse(usage.stderr).error.message).toContain('0 to 604800');
    } finally {
      await api.request('DELETE', `/v1/webhooks/${created.body.id}`, { token });
    }
  });

  it('prints errors as JSON on stderr with --json: an unknown event type, a bad URL, a usage error', async () => {
    const event = await cli.run(['webhooks', 'create', receiver.url, '--events', 'kill.exploded', '--json'], { env: admin });
    expect(event.code).toBe(2);
    expect(event.stdout).toBe('');
    const body = JSON.parse(event.stderr);
    expect(body.error).toMatchObject({ exitCode: 2, status: 400, code: 'invalid_input', message: expect.stringContaining('events') });
    const url = await cli.run(['webhooks', 'create', 'ftp://example.com/x', '--events', 'kill.created', '--json'], { env: admin });
    expect(JSON.parse(url.stderr).error).toMatchObject({ status: 400, message: expect.stringContaining('http') });
    const usage = await cli.run(['webhooks', 'create', receiver.url, '--json'], { env: admin });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr).error).toMatchObject({ exitCode: 2, code: 'usage', message: expect.stringContaining('--events') });
    const human = await cli.run(['webhooks', 'create', receiver.url, '--events', 'kill.exploded'], { env: admin });
    expect(human.stderr).toMatch(/^killswitch: /);
  });

  it('confirms a proposal an alert made (the kill cites the alert) and dismisses another; a decided one cannot be decided again', async () => {
    const responder = { ...admin, KILLSWITCH_TOKEN: (await api.userWith('responder')).token };
    expect((await api.request('POST', '/v1/signals/alertmanager', { token: signals, body: alertmanager(v.vendor, v.camera) })).status).toBeLessThan(300);
    expect((await api.request('POST', '/v1/signals/alertmanager', { token: signals, body: alertmanager(v.vendor, v.plug) })).status).toBeLessThan(300);
    const open = await cli.json(['proposals', 'list', '--state', 'open', '--all'], { env: responder });
    const camera = open.items.find((p: { scope: { integration?: string } | null }) => p.scope?.integration === v.camera);
    const plug = open.items.find((p: { scope: { integration?: string } | null }) => p.scope?.integration === v.plug);
    expect(camera).toMatchObject({ state: 'open', alertname: 'CameraFeedLeak', affectedDevices: 1 });

    const shown = await cli.run(['proposals', 'show', camera.id], { env: responder });
    expect(shown.stdout).toContain('CameraFeedLeak (SEV1)');
    const confirmed = await cli.json(['proposals', 'confirm', camera.id, '--reason', 'verified by on-call'], { env: responder });
    expect(confirmed).toMatchObject({ state: 'confirmed', killSwitchId: expect.any(String) });
    const kill = await api.request('GET', `/v1/kill-switches/${confirmed.killSwitchId}`, { token: admin.KILLSWITCH_TOKEN });
    expect(kill.body.reason).toContain('CameraFeedLeak');
    expect(kill.body.reason).toContain('verified by on-call');

    expect(await cli.json(['proposals', 'dismiss', plug.id, '--reason', 'probe misconfigured'], { env: responder })).toMatchObject({ state: 'dismissed' });
    const again = await cli.run(['proposals', 'confirm', plug.id, '--json'], { env: responder });
    expect(again.code).toBe(5);
    expect(JSON.parse(again.stderr).error).toMatchObject({ status: 409, code: 'proposal_not_open' });
  });

  it('makes a policy one admin writes and a second approves; the author cannot approve it', async () => {
    const author = await api.userWith('admin');
    const second = await api.userWith('admin');
    const env = (token: string) => ({ ...admin, KILLSWITCH_TOKEN: token });
    const policy = await cli.json(
      [
        'policies',
        'create',
        `leak kills ${v.vendor} cameras`,
        '--vendor',
        v.vendor,
        '--alertname',
        'CameraFeedLeak',
        '--integration',
        v.camera,
        '--max-devices',
        '10',
      ],
      { env: env(author.token) },
    );
    expect(policy).toMatchObject({ state: 'pending', maxAffectedDevices: 10, match: { vendor: v.vendor, alertname: 'CameraFeedLeak' } });
    const self = await cli.run(['policies', 'approve', policy.id, '--json'], { env: env(author.token) });
    expect(self.code).toBe(3);
    expect(JSON.parse(self.stderr).error.code).toBe('self_approval');
    expect(await cli.json(['policies', 'approve', policy.id], { env: env(second.token) })).toMatchObject({ state: 'active' });
    const listed = await cli.run(['policies', 'list', '--all'], { env: env(second.token) });
    expect(listed.stdout).toMatch(new RegExp(`${policy.id}\\s+active`));
    expect(await cli.json(['policies', 'disable', policy.id], { env: env(author.token) })).toMatchObject({ state: 'disabled' });
    const badMax = await cli.run(['policies', 'create', 'x y z', '--vendor', v.vendor, '--integration', v.camera, '--max-devices', '0'], {
      env: env(author.token),
    });
    expect(badMax.code).toBe(2);
  });
});
