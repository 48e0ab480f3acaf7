import { decodeJwt } from 'jose';
import { DEFAULT_DEVICE_MESSAGE } from '@killswitch/evaluation';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { OpenedStream, openDeviceStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';

/**
 * What devices are told about a kill: its public deviceMessage, or a neutral
 * default, never the responder's internal reason, in every answer a device
 * (and so any device owner) can read.
 */
describe('device message of a kill (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  const streams: OpenedStream[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await api.close();
  });

  /** Everything a device can read about its flags after a kill: poll body, snapshot payload, SSE data, OFREP single and bulk. */
  async function deviceFacingAnswers(kill: Record<string, unknown>) {
    const v = await seedVendor(api);
    const device: EnrolledDevice = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    const stream = await openDeviceStream(baseUrl, device.credential);
    streams.push(stream);
    await eventually(() => stream.events.length > 0);
    const created = await api.request('POST', '/v1/kill-switches', { token: await api.adminToken(), body: { scope: { vendor: v.vendor }, ...kill } });
    expect(created.status).toBe(201);
    const pushed = await eventually(() => stream.events.find((event) => Number(event.id) >= created.body.revision));
    const poll = await api.request('GET', '/v1/device/flags', { token: device.credential });
    const context = { context: { targetingKey: device.id } };
    const single = await api.request('POST', `/ofrep/v1/evaluate/flags/${v.camera}`, { token: device.credential, body: context });
    const bulk = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: device.credential, body: context });
    return {
      killId: created.body.id as string,
      camera: v.camera,
      texts: [
        poll.text,
        JSON.stringify(decodeJwt(poll.body.snapshot)),
        pushed.data!,
        JSON.stringify(decodeJwt(JSON.parse(pushed.data!).snapshot)),
        single.text,
        bulk.text,
      ],
      poll: poll.body,
      snapshot: decodeJwt(poll.body.snapshot) as { integrations: Record<string, { reason?: string }> },
      pushed: JSON.parse(pushed.data!),
      single: single.body,
      bulk: bulk.body,
    };
  }

  it('tells devices the deviceMessage and never the internal reason (poll, snapshot, stream, OFREP single and bulk)', async () => {
    const reason = 'Xiaomi cams leak strangers’ images, see SEC-123';
    const deviceMessage = 'Camera streaming is paused while Xiaomi fixes a problem.';
    const seen = await deviceFacingAnswers({ reason, deviceMessage });

    for (const text of seen.texts) {
      expect(text).not.toContain('SEC-123');
      expect(text).not.toContain('strangers');
    }
    expect(seen.poll.integrations[seen.camera]).toMatchObject({ enabled: false, reason: deviceMessage });
    expect(seen.snapshot.integrations[seen.camera].reason).toBe(deviceMessage);
    expect(seen.pushed.integrations[seen.camera].reason).toBe(deviceMessage);
    expect(seen.single.metadata.killReason).toBe(deviceMessage);
    expect(seen.bulk.flags[0].metadata.killReason).toBe(deviceMessage);

    // The responders still see both.
    const view = await api.request('GET', `/v1/kill-switches/${seen.killId}`, { token: await api.adminToken() });
    expect(view.body).toMatchObject({ reason, deviceMessage });
    const list = await api.request('GET', '/v1/kill-switches?limit=100', { token: await api.adminToken() });
    expect(list.body.items.find((item: { id: string }) => item.id === seen.killId)).toMatchObject({ reason, deviceMessage });
  });

  it('tells devices a neutral default when the kill has no deviceMessage', async () => {
    const seen = await deviceFacingAnswers({ reason: 'internal only: SEC-124 vendor still investigating' });
    for (const text of seen.texts) expect(text).not.toContain('SEC-124');
    expect(seen.poll.integrations[seen.camera].reason).toBe(DEFAULT_DEVICE_MESSAGE);
    expect(seen.pushed.integrations[seen.camera].reason).toBe(DEFAULT_DEVICE_MESSAGE);
    expect(seen.single.metadata.killReason).toBe(DEFAULT_DEVICE_MESSAGE);
    const view = await api.request('GET', `/v1/kill-switches/${seen.killId}`, { token: await api.adminToken() });
    expect(view.body.deviceMessage).toBeNull();
  });

  it.each([
    ['longer than 280 characters', 'x'.repeat(281)],
    ['with a control character', 'line one\nline two'],
    ['blank', '   '],
    ['not a string', 42],
  ])('refuses a deviceMessage %s with a 400 that says what to fix, and creates nothing', async (_what, deviceMessage) => {
    const v = await seedVendor(api);
    const token = await api.adminToken();
    const response = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'bad message', deviceMessage } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/deviceMessage/);
    const list = await api.request('GET', `/v1/kill-switches?vendor=${v.vendor}`, { token });
    expect(list.body.items).toHaveLength(0);
  });
});
