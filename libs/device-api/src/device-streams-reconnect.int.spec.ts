import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { devicePushChannel } from '@killswitch/queue';
import { eventually } from '../../../test/support/eventually';
import { OwnRedis, startOwnRedis } from '../../../test/support/own-servers';
import { DeviceStreams } from './device-streams';

/** A stream's response that keeps the event ids written to it. */
class RecordingResponse extends EventEmitter {
  writableLength = 0;
  readonly ids: string[] = [];
  write(chunk: string): boolean {
    const id = /^id: (\S+)$/m.exec(chunk)?.[1];
    if (id) this.ids.push(id);
    return true;
  }
  end(): void {}
  destroy(): void {}
}

/** The device push subscriber across a restart of a Redis of the test's own. */
describe(DeviceStreams.name, () => {
  let redis: OwnRedis;
  let streams: DeviceStreams | undefined;
  let publisher: Redis | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    await streams?.onModuleDestroy();
    publisher?.disconnect();
    await redis.destroy();
  });

  it('after Redis comes back, a connected stream behind the rules revision is sent what it missed', async () => {
    // Rules held in memory (kept current through PostgreSQL); their change listener is not what this test is about.
    const rules = { rev: 1n, reload: async () => undefined, catchUp: async () => undefined, onChange: () => undefined };
    const flags = { answer: async () => ({ rev: rules.rev, etag: `"${rules.rev}"`, body: '{}', integrations: {} }) };
    const config = { KILLSWITCH_QUEUE_PREFIX: 'reconnect-test', REDIS_URL: redis.url, DATABASE_URL: 'postgresql://test@127.0.0.1/test' };
    // No PostgreSQL notices in this test: the change listener is inert.
    const changes = { start: async () => undefined, subscribe: () => undefined, onResync: () => undefined };
    streams = new DeviceStreams(config as never, flags as never, rules as never, changes as never, {} as never);
    await streams.onModuleInit();
    const response = new RecordingResponse();
    await streams.attach('device-1', 'credential-1', response as unknown as ServerResponse, -1n);
    expect(response.ids).toEqual(['1']);
    publisher = new Redis(redis.url, { maxRetriesPerRequest: null });
    const channel = devicePushChannel(config.KILLSWITCH_QUEUE_PREFIX);
    await eventually(async () => (await publisher!.publish(channel, JSON.stringify({ rev: '1', deviceIds: [] }))) === 1);

    await redis.stop();
    // A kill while this instance was not subscribed: the worker's push for revision 2 went nowhere.
    rules.rev = 2n;
    await redis.start();

    await eventually(() => response.ids.includes('2'), 20_000);
    expect(response.ids).toEqual(['1', '2']);
  }, 60_000);
});
