import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { ApiClient } from './api-client';
import { ApiError } from './cli-error';
import { isComplete, watchRevocation } from './revocation-watch';
import type { RevocationView } from './views';

function view(acknowledged: number, target = 4, fannedOut = true): RevocationView {
  return {
    id: 'r1',
    killSwitchId: 'k1',
    kind: 'kill',
    target,
    counts: { queued: target - acknowledged, sent: 0, acknowledged, failed: 0, expired: 0, canceled: 0 },
    progress: target === 0 ? 1 : acknowledged / target,
    fannedOutAt: fannedOut ? '2026-01-01T00:00:00.000Z' : null,
  };
}

/** A stand-in for the API's two revocation routes, to drive the watcher through its fallbacks. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ client: ApiClient; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { client: new ApiClient(`http://127.0.0.1:${port}`, 'token'), server };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe(watchRevocation.name, () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('follows the event stream to 100 %', async () => {
    const served = await serve((req, res) => {
      if (req.url === '/v1/revocations/r1') return json(res, 200, view(0));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => {
        n++;
        res.write(`event: progress\ndata: ${JSON.stringify(view(n))}\n\n`);
        if (n === 4) clearInterval(timer);
      }, 20);
      req.on('close', () => clearInterval(timer));
    });
    server = served.server;
    const seen: number[] = [];
    const notices: string[] = [];
    const result = await watchRevocation(served.client, 'r1', {
      signal: new AbortController().signal,
      onUpdate: (v) => seen.push(v.counts.acknowledged),
      onNotice: (m) => notices.push(m),
    });
    expect(result.complete).toBe(true);
    expect(result.view.counts.acknowledged).toBe(4);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(notices).toEqual([]);
  });

  it('falls back to polling when the event stream cannot be opened', async () => {
    let polls = 0;
    const served = await serve((req, res) => {
      if (req.url === '/v1/revocations/r1/events') return json(res, 503, { statusCode: 503, error: 'Service Unavailable', message: 'down', requestId: 'x' });
      json(res, 200, view(Math.min(4, polls++ * 2)));
    });
    server = served.server;
    const notices: string[] = [];
    const result = await watchRevocation(served.client, 'r1', {
      signal: new AbortController().signal,
      onUpdate: () => undefined,
      onNotice: (m) => notices.push(m),
      pollIntervalMs: 20,
    });
    expect(result.complete).toBe(true);
    expect(notices[0]).toMatch(/event stream failed \(down\): polling instead/);
    expect(polls).toBe(3);
  });

  it('falls back to polling when the stream ends before 100 %', async () => {
    let polls = 0;
    const served = await serve((req, res) => {
      if (req.url === '/v1/revocations/r1/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`event: progress\ndata: ${JSON.stringify(view(1))}\n\n`);
        return;
      }
      json(res, 200, view(polls++ === 0 ? 0 : 4));
    });
    server = served.server;
    const notices: string[] = [];
    const result = await watchRevocation(served.client, 'r1', {
      signal: new AbortController().signal,
      onUpdate: () => undefined,
      onNotice: (m) => notices.push(m),
      pollIntervalMs: 20,
    });
    expect(result.complete).toBe(true);
    expect(notices).toEqual(['the event stream ended before 100 %: polling instead']);
  });

  it('does not call 100 % acknowledged complete before the fan-out has written every delivery', () => {
    expect(isComplete(view(4, 4, false))).toBe(false);
    expect(isComplete(view(4, 4, true))).toBe(true);
    expect(isComplete(view(0, 0, false))).toBe(true);
  });

  it('stops when its signal aborts, returning the last view, not complete', async () => {
    const served = await serve((req, res) => {
      if (req.url === '/v1/revocations/r1') return json(res, 200, view(1));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    server = served.server;
    const result = await watchRevocation(served.client, 'r1', { signal: AbortSignal.timeout(200), onUpdate: () => undefined });
    expect(result).toMatchObject({ complete: false, view: { counts: { acknowledged: 1 } } });
  });

  it('gives up at once on an unknown revocation', async () => {
    const served = await serve((_req, res) =>
      json(res, 404, { statusCode: 404, error: 'Not Found', message: 'revocation r1 does not exist', requestId: 'req-1' }),
    );
    server = served.server;
    const watching = watchRevocation(served.client, 'r1', { signal: new AbortController().signal, onUpdate: () => undefined });
    await expect(watching).rejects.toBeInstanceOf(ApiError);
    await expect(watching).rejects.toMatchObject({ status: 404, exitCode: 4, requestId: 'req-1', message: 'revocation r1 does not exist' });
  });
});
