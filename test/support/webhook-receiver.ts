import { IncomingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers a request: a status (and headers), or never. */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

/**
 * A real webhook receiver on 127.0.0.1 that keeps every request. `answer` decides the reply; it can change
 * between requests, and a promise of an answer holds the request until it settles (a slow receiver).
 * `stop()` closes it (connections refused); `start()` listens again on the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (request: ReceivedWebhook, index: number) => Answer | Promise<Answer> = () => ({ status: 204 });
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const answer = this.answer(request, this.received.length);
        this.received.push(request);
        if (answer instanceof Promise) void answer.then((later) => this.reply(res, later));
        else this.reply(res, answer);
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  private reply(res: ServerResponse, answer: Answer): void {
    if (answer === 'hang') {
      this.hanging.add(res);
      return;
    }
    // A request held past stop() has lost its connection: nothing to answer.
    if (!res.destroyed) res.writeHead(answer.status, answer.headers).end();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** The requests whose JSON body satisfies `match`. */
  matching(match: (body: Record<string, unknown>) => boolean): ReceivedWebhook[] {
    return this.received.filter((r) => {
      try {
        return match(JSON.parse(r.body) as Record<string, unknown>);
      } catch {
        return false;
      }
    });
  }
}
