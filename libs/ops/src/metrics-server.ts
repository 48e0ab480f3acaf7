import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvConfig } from '@killswitch/config';
import { metricsRegistry } from '@killswitch/metrics';
import { METRICS_TOKEN_REFUSED, metricsScrapeAllowed } from './metrics-token';

/**
 * The worker's own /metrics (and /health/live), on WORKER_METRICS_PORT at
 * WORKER_METRICS_HOST (else HOST): the worker has no HTTP server of its own,
 * and Nest's HTTP stack would be much for two plain answers. Port 0 takes any
 * free port (tests; `port` says which). /metrics takes METRICS_TOKEN when set.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(private readonly config: EnvConfig) {}

  /** The port listened on, once started. */
  get port(): number | undefined {
    return this.listening()?.port;
  }

  /** The address listened on, once started. */
  get host(): string | undefined {
    return this.listening()?.address;
  }

  private listening(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null | undefined) ?? undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') return answer(response, 405, 'GET only\n');
      if (path === '/health/live') return answer(response, 200, '{"status":"ok"}', 'application/json');
      if (path !== '/metrics') return answer(response, 404, 'not found: this port serves /metrics and /health/live\n');
      if (!metricsScrapeAllowed(this.config, request.headers.authorization)) return answer(response, 401, `${METRICS_TOKEN_REFUSED}\n`);
      metricsRegistry.metrics().then(
        (text) => answer(response, 200, text, metricsRegistry.contentType),
        (error: unknown) => answer(response, 500, `metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    });
    const host = this.config.WORKER_METRICS_HOST ?? this.config.HOST;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.WORKER_METRICS_PORT, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on http://${host.includes(':') ? `[${host}]` : host}:${this.port}/metrics`);
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
