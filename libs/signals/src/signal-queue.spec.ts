import { AppError } from '@killswitch/http';
import { signalRequestsRefused, signalRequestsWaiting } from './signal-metrics';
import { SignalQueue } from './signal-queue';

/** A piece of work the test finishes by hand, recording when it started. */
function gated(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const metric = async (m: typeof signalRequestsWaiting | typeof signalRequestsRefused) => (await m.get()).values[0]?.value ?? 0;

describe(SignalQueue.name, () => {
  it('runs one request at a time, in arrival order for one token', async () => {
    const queue = new SignalQueue(10);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gated(log, name));
    const results = [queue.run('t', a.work), queue.run('t', b.work), queue.run('t', c.work)];
    await settle();
    expect(log).toEqual(['a']);
    a.finish();
    await settle();
    expect(log).toEqual(['a', 'b']);
    b.finish();
    c.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
  });

  it('lets tokens take turns, so a flooding token delays another by one request', async () => {
    const queue = new SignalQueue(10);
    const log: string[] = [];
    const flood = ['f1', 'f2', 'f3', 'f4'].map((name) => gated(log, name));
    const other = gated(log, 'o1');
    const runs = flood.map((g) => queue.run('flood', g.work));
    runs.push(queue.run('other', other.work));
    for (const g of [...flood, other]) g.finish();
    await Promise.all(runs);
    expect(log).toEqual(['f1', 'f2', 'o1', 'f3', 'f4']);
  });

  it('refuses a token past its waiting requests with signals_busy (503) and keeps serving the others', async () => {
    const queue = new SignalQueue(2);
    const log: string[] = [];
    const running = gated(log, 'running');
    const first = queue.run('t', running.work);
    const waiting = [queue.run('t', async () => 'w1'), queue.run('t', async () => 'w2')];
    const refusedBefore = await metric(signalRequestsRefused);
    const refused = queue.run('t', async () => 'w3');
    await expect(refused).rejects.toMatchObject({ code: 'unavailable', publicCode: 'signals_busy' });
    // An operator sees the backlog and the refusal on /metrics.
    expect(await metric(signalRequestsWaiting)).toBe(2);
    expect(await metric(signalRequestsRefused)).toBe(refusedBefore + 1);
    expect(() => queue.refuseWhenFull('t')).toThrow(AppError);
    expect(() => queue.refuseWhenFull('another')).not.toThrow();
    running.finish();
    expect(await Promise.all([first, ...waiting])).toEqual(['running', 'w1', 'w2']);
    expect(() => queue.refuseWhenFull('t')).not.toThrow();
    expect(await metric(signalRequestsWaiting)).toBe(0);
  });

  it('hands the turn on when a request fails', async () => {
    const queue = new SignalQueue(10);
    const failing = queue.run('t', async () => {
      throw new Error('deadlock');
    });
    const next = queue.run('t', async () => 'next');
    await expect(failing).rejects.toThrow('deadlock');
    expect(await next).toBe('next');
  });
});
