import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { DeviceStreams, MAX_BUFFERED_BYTES } from './device-streams';

/** A response whose reader never drains: everything written stays buffered. */
class StuckResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  ended = false;
  write(chunk: string): boolean {
    this.writableLength += Buffer.byteLength(chunk);
    return false;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe(DeviceStreams.name, () => {
  let rev = 1n;
  const answer = { rev: 0n, body: 'x'.repeat(10_000), etag: '"e"', integrations: {} };
  const flags = { answer: async () => ({ ...answer, rev: rev++ }), cachedAnswer: () => undefined };
  const rules = { rev: 1_000_000n, catchUp: async () => undefined };
  const config = { KILLSWITCH_QUEUE_PREFIX: 't', REDIS_URL: 'redis://127.0.0.1:1' } as never;
  // onModuleInit is not called here: no Redis subscription, no change listener.
  const streams = new DeviceStreams(config, flags as never, rules as never, {} as never, {} as never);
  const push = (deviceIds: string[]) => (streams as unknown as { onPush(m: string): Promise<void> }).onPush(JSON.stringify({ rev: '1', deviceIds }));

  it('cuts off a reader that never drains instead of buffering without bound', async () => {
    const stuck = new StuckResponse();
    await streams.attach('device-1', 'credential-1', stuck as unknown as ServerResponse, -1n);
    for (let i = 0; i < 100 && !stuck.destroyed; i++) await push(['device-1']);
    expect(stuck.destroyed).toBe(true);
    expect(stuck.writableLength).toBeLessThan(MAX_BUFFERED_BYTES + 20_000);
    expect(streams.size).toBe(0);
  });

  it('a second stream for a device replaces the first', async () => {
    const first = new StuckResponse();
    const second = new StuckResponse();
    await streams.attach('device-2', 'credential-2', first as unknown as ServerResponse, -1n);
    await streams.attach('device-2', 'credential-2', second as unknown as ServerResponse, -1n);
    expect(first.ended).toBe(true);
    expect(second.ended).toBe(false);
    expect(streams.size).toBe(1);
  });

  it('a push whose rules reload fails is logged, never rejected, and later pushes still reach the stream', async () => {
    const failing = {
      rev: 0n,
      catchUp(rev: bigint) {
        return this.rev >= rev ? Promise.resolve() : Promise.reject(new Error('too many clients already'));
      },
    };
    const own = new DeviceStreams(config, flags as never, failing as never, {} as never, {} as never);
    const stream = new StuckResponse();
    await own.attach('device-3', 'credential-3', stream as unknown as ServerResponse, -1n);
    const written = stream.writableLength;
    await expect(own.handlePush(JSON.stringify({ rev: '5000000', deviceIds: ['device-3'] }))).resolves.toBeUndefined();
    expect(stream.writableLength).toBe(written);
    failing.rev = 5_000_000n;
    await own.handlePush(JSON.stringify({ rev: '5000000', deviceIds: ['device-3'] }));
    expect(stream.writableLength).toBeGreaterThan(written);
    expect(own.size).toBe(1);
  });

  it('a delivery push passes over a stream already at the current revision without computing its answer', async () => {
    let computed = 0;
    const counting = {
      answer: async () => {
        computed++;
        return { ...answer, rev: 7n };
      },
      cachedAnswer: () => undefined,
    };
    const own = new DeviceStreams(config, counting as never, { rev: 7n, catchUp: async () => undefined } as never, {} as never, {} as never);
    const stream = new StuckResponse();
    await own.attach('device-6', 'credential-6', stream as unknown as ServerResponse, -1n);
    const written = stream.writableLength;
    await own.handlePush(JSON.stringify({ rev: '7', deviceIds: ['device-6'] }));
    expect(computed).toBe(1); // the attach's answer only
    expect(stream.writableLength).toBe(written);
  });

  it('ends a device’s stream when a notice says its credential is no longer the live one, and only then', async () => {
    const notify = (notice: object) => (streams as unknown as { onChange(n: object): void }).onChange(notice);
    const stream = new StuckResponse();
    await streams.attach('device-4', 'old-credential', stream as unknown as ServerResponse, -1n);
    notify({ kind: 'device', deviceId: 'device-4' }); // an inventory report: no credential change
    notify({ kind: 'device', deviceId: 'device-4', liveCredentialId: 'old-credential' });
    notify({ kind: 'device', deviceId: 'device-5', liveCredentialId: null });
    expect(stream.ended).toBe(false);
    notify({ kind: 'device', deviceId: 'device-4', liveCredentialId: 'new-credential' });
    expect(stream.ended).toBe(true);

    const decommissioned = new StuckResponse();
    await streams.attach('device-4', 'new-credential', decommissioned as unknown as ServerResponse, -1n);
    notify({ kind: 'device', deviceId: 'device-4', liveCredentialId: null });
    expect(decommissioned.ended).toBe(true);
  });
});
