import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@killswitch/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The worker in-process, on the run's database and queue prefix; its /metrics on any free port (MetricsServer's `port`). */
export async function startTestWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', WORKER_METRICS_PORT: '0', ...env });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false, abortOnError: false });
  await app.init();
  return app;
}
