import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvConfig } from '@killswitch/config';
import { metricsRegistry } from '@killswitch/metrics';

/**
 * The worker's own /metrics (and /health/live), on WORKER_METRICS_PORT: the
 * worker has no HTTP server of its own, and Nest's HTTP stack would be much
 * for two plain answers. Port 0 takes any free port (tests; `port` says which).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(private readonly config: EnvConfig) {}

  /** The port listened on, once started. */
  get port(): number | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') return answer(response, 405, 'GET only\n');
      if (path === '/health/live') return answer(response, 200, '{"status":"ok"}', 'application/json');
      if (path !== '/metrics') return answer(response, 404, 'not found: this port serves /metrics and /health/live\n');
      metricsRegistry.metrics().then(
        (text) => answer(response, 200, text, metricsRegistry.contentType),
        (error: unknown) => answer(response, 500, `metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.WORKER_METRICS_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.HOST}:${this.port}/metrics`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function answer(response: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
